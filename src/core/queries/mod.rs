//! Saved queries: one `.sql` file each, with a header of `--` lines that declares its name, title, description,
//! typed parameters and what a row drills into. Shipped queries are compiled in from `queries/`; a user's own
//! live in `<config dir>/queries/` and override shipped ones of the same name. See `docs/queries.md`.
//!
//! Parameters are bound by DuckDB as prepared-statement parameters (`$name` in the SQL), never spliced into text.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::core::error::{Error, Result};
use crate::core::gate::{self, CheckedSql};
use crate::core::sql::Value;

mod library;
mod own;
mod parse;
mod refusals;

pub use library::{Library, user_dir};
pub use own::OwnQuery;

pub use parse::{
    DUCKDB, MYSQL, SPARK, check_param_spec, check_query_name, choose, parse, parse_kind,
    parse_param_name, parse_value, query_file_text,
};

static SHIPPED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/queries");

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamKind {
    Text,
    /// Text to find in names: read in either script and in full-width forms (folded to simplified, half-width), and
    /// as pinyin — the statement gets `$NAME_pinyin` too, a pattern of the characters the text spells in pinyin
    /// (NULL when it is not pinyin), for `regexp_extract(name, $NAME_pinyin, 0) <> ''`.
    Search,
    Integer,
    Decimal,
    Boolean,
    Date,
    Choice(Vec<String>),
    /// One of the values a column of the lake being read holds (`choice of provinces.province_code`): the same query
    /// serves any lake. The names are the contract's own, never text from the query file.
    ChoiceOf {
        table: &'static str,
        column: &'static str,
    },
}

/// The companion parameter a `search` parameter gives its statement: the pinyin pattern of its text.
pub fn pinyin_param(name: &str) -> String {
    format!("{name}_pinyin")
}

/// Whether a bound parameter is a `search` parameter's companion (made by qlake, not given by anyone: never shown
/// as what was asked).
pub fn is_companion(name: &str) -> bool {
    name.ends_with("_pinyin")
}

impl ParamKind {
    /// The kind as a reader of `lang` is told it (the form, `query show`); `describe` is the query file's own word.
    pub fn describe_in(&self, lang: crate::i18n::Lang) -> String {
        let list = crate::tr!(lang, "err-list-separator");
        match self {
            ParamKind::Text => crate::tr!(lang, "kind-text"),
            ParamKind::Search => crate::tr!(lang, "kind-search"),
            ParamKind::Integer => crate::tr!(lang, "kind-integer"),
            ParamKind::Decimal => crate::tr!(lang, "kind-decimal"),
            ParamKind::Boolean => crate::tr!(lang, "kind-boolean"),
            ParamKind::Date => crate::tr!(lang, "kind-date"),
            ParamKind::Choice(values) => {
                crate::tr!(lang, "kind-choice", values = values.join(&list))
            }
            ParamKind::ChoiceOf { table, column } => {
                crate::tr!(lang, "kind-choice-of", column = format!("{table}.{column}"))
            }
        }
    }

    pub fn describe(&self) -> String {
        match self {
            ParamKind::Text => "text".into(),
            ParamKind::Search => "search".into(),
            ParamKind::Integer => "integer".into(),
            ParamKind::Decimal => "decimal".into(),
            ParamKind::Boolean => "boolean".into(),
            ParamKind::Date => "date".into(),
            ParamKind::Choice(values) => format!("choice({})", values.join(", ")),
            ParamKind::ChoiceOf { table, column } => format!("choice of {table}.{column}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    pub kind: ParamKind,
    /// The value used when none is given (text form, already checked against the kind).
    pub default: Option<String>,
    /// A required parameter without a default must be given; an optional one is NULL when not given.
    pub required: bool,
    pub description: String,
    /// `-- param_zh NAME:`, where the file gives one.
    pub description_zh: Option<String>,
}

impl Param {
    /// The description for a reader of Chinese (where the file gives one) or of English.
    pub fn description_in(&self, chinese: bool) -> &str {
        match (&self.description_zh, chinese) {
            (Some(zh), true) => zh,
            _ => &self.description,
        }
    }
}

/// What a result row opens: another saved query, with parameters taken from the row's columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drill {
    pub query: String,
    /// (parameter of the target query, column of this query's result)
    pub bind: Vec<(String, String)>,
    /// Only for rows whose `column` shows this text (`when projects=0`): a chain without projects opens its
    /// enterprises instead.
    pub when: Option<(String, String)>,
}

impl Drill {
    /// The target's parameters, each read from the row's column through `cell`. A column with no value (NULL) leaves
    /// its parameter unbound: the target's optional parameter is then NULL, never an empty string.
    pub fn params(&self, cell: impl Fn(&str) -> Option<String>) -> Vec<(String, String)> {
        self.bind
            .iter()
            .filter_map(|(param, column)| cell(column).map(|value| (param.clone(), value)))
            .collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Shipped,
    User,
}

/// A saved query's statement, only ever handed out as [`CheckedSql`]: user files pass the read-only gate when they
/// are loaded (so a broken one is named at once); shipped ones, compiled into the binary, pass it when first used —
/// a unit test shows every one of them does — so start-up does not parse twenty queries it may never run.
#[derive(Debug, Clone)]
pub struct Statement {
    /// Checked once for every copy of the query (a tile's job, a pane's grid): what is checked for one is for all.
    sql: gate::Pending,
}

impl Statement {
    fn checked_now(text: String) -> Result<Statement> {
        let long = text.len() > refusals::REMEMBER_ABOVE;
        if long && let Some(reason) = refusals::recall(&text) {
            return Err(Error::Refused { reason });
        }
        let checked = match gate::check(&text) {
            Err(Error::Refused { reason }) if long => {
                refusals::remember(&text, &reason);
                return Err(Error::Refused { reason });
            }
            other => other?,
        };
        Ok(Statement {
            sql: checked.into(),
        })
    }

    fn checked_when_used(text: String) -> Statement {
        Statement {
            sql: gate::Pending::new(text),
        }
    }

    /// The statement as written in the file.
    pub fn text(&self) -> &str {
        self.sql.text()
    }
}

impl PartialEq for Statement {
    fn eq(&self, other: &Statement) -> bool {
        self.text() == other.text()
    }
}

impl Eq for Statement {}

/// A tile of the overview, as a saved query's `-- tile:` header claims it. Each is drawn its own way from the columns
/// the shipped query gives; which query fills it is data: a user's query claiming a tile takes it from the shipped
/// one, and a query that claims none is no tile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TileKind {
    /// One line per province: the lake's counts beside the headline figures.
    KeyFigures,
    /// Amounts of money, one scale per scope.
    Money,
    /// A count per value, as bars (the ratings).
    Bars,
    /// Reached against a target, as gauges (the coverage).
    Gauges,
    /// Not drawn on its own: the published figures the key figures set beside the lake's counts.
    Headlines,
}

impl TileKind {
    pub const ALL: [TileKind; 5] = [
        TileKind::KeyFigures,
        TileKind::Money,
        TileKind::Bars,
        TileKind::Gauges,
        TileKind::Headlines,
    ];

    pub fn name(self) -> &'static str {
        match self {
            TileKind::KeyFigures => "key-figures",
            TileKind::Money => "money",
            TileKind::Bars => "bars",
            TileKind::Gauges => "gauges",
            TileKind::Headlines => "headlines",
        }
    }

    pub fn from_name(name: &str) -> Option<TileKind> {
        TileKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedQuery {
    pub name: String,
    pub title: String,
    /// `-- title_zh:`, where the file gives one.
    pub title_zh: Option<String>,
    pub description: String,
    /// `-- description_zh:` lines, joined ("" where the file gives none).
    pub description_zh: String,
    pub params: Vec<Param>,
    /// What a row opens: the first drill whose `when` holds for the row (one without `when` always does).
    pub drills: Vec<Drill>,
    /// The overview's tile it fills (`-- tile: KIND`), if any.
    pub tile: Option<TileKind>,
    /// The SQL dialects it is written for (`-- engines:`; DuckDB's alone when not said).
    pub engines: Vec<String>,
    /// The statement; [`SavedQuery::sql`] hands it out checked.
    pub statement: Statement,
    /// Where it was read from (`queries/x.sql` inside the binary for shipped ones).
    pub path: PathBuf,
    pub origin: Origin,
    /// A user query that replaces a shipped one of the same name.
    pub overrides_shipped: bool,
}

impl SavedQuery {
    /// The title in Chinese where the query has one (else its title), or in English.
    pub fn title_in(&self, chinese: bool) -> &str {
        match (&self.title_zh, chinese) {
            (Some(zh), true) => zh,
            _ => &self.title,
        }
    }

    /// The description in Chinese where the query has one (else its description), or in English.
    pub fn description_in(&self, chinese: bool) -> &str {
        if chinese && !self.description_zh.is_empty() {
            &self.description_zh
        } else {
            &self.description
        }
    }

    /// Whether it is written for `dialect` ([`DUCKDB`], [`SPARK`], [`MYSQL`]).
    pub fn runs_on(&self, dialect: &str) -> bool {
        self.engines.iter().any(|e| e == dialect)
    }

    /// The statement, as the read-only gate passed it (checking it now if it has not been yet).
    pub fn sql(&self) -> Result<CheckedSql> {
        self.pending().checked().cloned().map_err(Error::Invalid)
    }

    /// The statement, to be checked when first needed (by any copy); a refusal names this query's file.
    pub fn pending(&self) -> gate::Pending {
        self.statement
            .sql
            .from_origin(&self.path.display().to_string())
    }

    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.name == name)
    }

    /// The drill a row takes, given the row's text in a column.
    pub fn drill_for(&self, cell: impl Fn(&str) -> String) -> Option<&Drill> {
        self.drills.iter().find(|d| match &d.when {
            Some((column, value)) => cell(column) == *value,
            None => true,
        })
    }

    /// The drill of rows no `when` picks out (what `query show` and `query list` name).
    pub fn main_drill(&self) -> Option<&Drill> {
        self.drills
            .iter()
            .find(|d| d.when.is_none())
            .or(self.drills.first())
    }

    /// Check the given `name=value` pairs and turn them into bound values for every declared parameter.
    pub fn bind(&self, given: &[(String, String)]) -> Result<Vec<(String, Value)>> {
        // The language of the usage errors (`errors.ftl`).
        let lang = crate::i18n::process_lang();
        for (i, (name, _)) in given.iter().enumerate() {
            // A script that says `-p year=2021 -p year=2022` means one of them; qlake will not guess which.
            if given[..i].iter().any(|(n, _)| n == name) {
                return Err(Error::Usage(crate::tr!(
                    lang,
                    "err-query-param-twice",
                    param = name,
                    query = &self.name
                )));
            }
            if self.param(name).is_none() {
                let known: Vec<&str> = self.params.iter().map(|p| p.name.as_str()).collect();
                return Err(Error::Usage(if known.is_empty() {
                    crate::tr!(
                        lang,
                        "err-query-no-such-param-none",
                        query = &self.name,
                        param = name
                    )
                } else {
                    crate::tr!(
                        lang,
                        "err-query-no-such-param",
                        query = &self.name,
                        param = name,
                        params = known.join(crate::tr!(lang, "err-list-separator").as_str())
                    )
                }));
            }
        }
        let mut bound = Vec::new();
        for param in &self.params {
            let raw = given
                .iter()
                .rev()
                .find(|(n, _)| *n == param.name)
                .map(|(_, v)| v.as_str());
            let value = match (raw, &param.default) {
                (Some(v), _) => parse_value(&param.kind, v).map_err(|why| {
                    Error::Usage(crate::tr!(
                        lang,
                        "err-query-param-value",
                        param = &param.name,
                        query = &self.name,
                        why = why
                    ))
                })?,
                (None, Some(d)) => parse_value(&param.kind, d).map_err(|why| {
                    Error::Invalid(crate::tr!(
                        lang,
                        "err-query-param-default",
                        path = self.path.display().to_string(),
                        param = &param.name,
                        why = why
                    ))
                })?,
                (None, None) if param.required => {
                    return Err(Error::Usage(crate::tr!(
                        lang,
                        "err-query-param-needed",
                        query = &self.name,
                        param = &param.name,
                        kind = param.kind.describe_in(lang),
                        description = param.description_in(lang == crate::i18n::Lang::Chinese)
                    )));
                }
                (None, None) => Value::Null,
            };
            if param.kind == ParamKind::Search {
                let pinyin = match &value {
                    Value::Text(text) => {
                        crate::core::pinyin::pattern(text).map_or(Value::Null, Value::Text)
                    }
                    _ => Value::Null,
                };
                bound.push((param.name.clone(), value));
                bound.push((pinyin_param(&param.name), pinyin));
            } else {
                bound.push((param.name.clone(), value));
            }
        }
        Ok(bound)
    }
}

/// The first `limit` values a column of the lake holds, in order, each once (what a `choice of table.column`
/// parameter may take on this lake). The statement is made from the contract's names, never from a query file's
/// text.
pub fn lake_values(
    backend: &dyn crate::core::backend::Backend,
    table: &'static str,
    column: &'static str,
    limit: usize,
) -> Result<Vec<String>> {
    use crate::core::sql::sql_ident;
    let sql = crate::core::gate::check(&format!(
        "SELECT DISTINCT CAST({c} AS STRING) AS v FROM {t} WHERE {c} IS NOT NULL ORDER BY 1 LIMIT {limit}",
        c = sql_ident(column),
        t = sql_ident(table)
    ))?;
    let (_, batches) = backend.collect(&sql, &[], &format!("the values of {table}.{column}"))?;
    let mut values = Vec::new();
    for batch in &batches {
        for row in crate::core::cells::batch_rows(batch)? {
            values.extend(row.into_iter().next());
        }
    }
    Ok(values)
}

impl SavedQuery {
    /// Each `choice of table.column` value in `bound` is one the lake holds; otherwise a usage error naming the
    /// parameter, the value and what the lake has.
    pub fn check_lake_values(
        &self,
        bound: &[(String, Value)],
        backend: &dyn crate::core::backend::Backend,
    ) -> Result<()> {
        for param in &self.params {
            let ParamKind::ChoiceOf { table, column } = param.kind else {
                continue;
            };
            let Some((_, Value::Text(value))) = bound.iter().find(|(n, _)| *n == param.name) else {
                continue;
            };
            // Looked up, not listed: a column of a 100M-row table has millions of values.
            let sql = crate::core::gate::check(&format!(
                "SELECT count(*) AS n FROM (SELECT 1 FROM {t} WHERE CAST({c} AS STRING) = $value LIMIT 1) AS found",
                c = crate::core::sql::sql_ident(column),
                t = crate::core::sql::sql_ident(table)
            ))?;
            let (_, batches) = backend.collect(
                &sql,
                &[("value".into(), Value::Text(value.clone()))],
                &format!("the values of {table}.{column}"),
            )?;
            let found = batches
                .iter()
                .flat_map(|b| crate::core::cells::batch_rows(b).unwrap_or_default())
                .any(|row| row.first().is_some_and(|n| n != "0"));
            if !found {
                let held = lake_values(backend, table, column, 21)?;
                let shown: Vec<&str> = held.iter().take(20).map(String::as_str).collect();
                let lang = crate::i18n::process_lang();
                let values = shown.join(crate::tr!(lang, "err-list-separator").as_str());
                // The message says which: none held, all of them listed, or the first 20 of more.
                let held = if shown.is_empty() {
                    "none"
                } else if held.len() > shown.len() {
                    "more"
                } else {
                    "all"
                };
                return Err(Error::Usage(crate::tr!(
                    lang,
                    "err-query-value-not-in-lake",
                    param = &param.name,
                    query = &self.name,
                    value = value,
                    table = table,
                    column = column,
                    values = values,
                    held = held
                )));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
