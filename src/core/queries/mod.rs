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

mod parse;
mod refusals;

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
    text: String,
    checked: std::sync::OnceLock<std::result::Result<CheckedSql, String>>,
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
            text,
            checked: std::sync::OnceLock::from(Ok(checked)),
        })
    }

    fn checked_when_used(text: String) -> Statement {
        Statement {
            text,
            checked: std::sync::OnceLock::new(),
        }
    }

    /// The statement as written in the file.
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl PartialEq for Statement {
    fn eq(&self, other: &Statement) -> bool {
        self.text == other.text
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
        self.statement
            .checked
            .get_or_init(|| gate::check(&self.statement.text).map_err(|e| e.to_string()))
            .clone()
            .map_err(|e| Error::Invalid(format!("{}: {e}", self.path.display())))
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

/// A saved query is a page of SQL: its file holds a statement of at most the gate's limit and a header; a larger file
/// (or a FIFO, or a device) is refused rather than read.
const MAX_QUERY_FILE_BYTES: u64 = crate::core::gate::MAX_STATEMENT_BYTES as u64 + 64 * 1024;

/// All saved queries: shipped ones, then the user's (overriding by name). Files that fail to parse are returned
/// separately so one broken file does not hide the rest.
#[derive(Debug, Default)]
pub struct Library {
    pub queries: BTreeMap<String, SavedQuery>,
    pub broken: Vec<Error>,
    /// The dialect of the engine its queries are sent to (`None`: embedded DuckDB's).
    engine: Option<&'static str>,
}

impl Library {
    /// The same queries, for an engine reading `dialect`: [`Library::runnable`] refuses those not written for it.
    pub fn for_engine(mut self, dialect: &'static str) -> Library {
        self.engine = Some(dialect);
        self
    }

    /// The dialect of the engine the queries go to.
    pub fn engine(&self) -> &'static str {
        self.engine.unwrap_or(DUCKDB)
    }

    /// A query to send to this library's engine: one whose `-- engines:` line does not name the engine's dialect is
    /// refused before anything is sent, since it would mean something else there, or fail.
    pub fn runnable(&self, name: &str) -> Result<&SavedQuery> {
        let query = self.get(name)?;
        let engine = self.engine();
        if !query.runs_on(engine) {
            let lang = crate::i18n::process_lang();
            return Err(Error::Usage(crate::tr!(
                lang,
                "err-query-not-for-engine",
                query = name,
                engines = query
                    .engines
                    .join(crate::tr!(lang, "err-list-separator").as_str()),
                engine = engine
            )));
        }
        Ok(query)
    }

    /// One shipped query as the program ships it, never a user's override of it: for what qlake itself runs.
    pub fn shipped(name: &str) -> Result<SavedQuery> {
        let file = format!("{name}.sql");
        let path = Path::new("queries").join(&file);
        let text = SHIPPED
            .get_file(&file)
            .and_then(|f| f.contents_utf8())
            .ok_or_else(|| Error::Invalid(format!("{}: not shipped", path.display())))?;
        parse(text, &path, Origin::Shipped)
    }

    pub fn load(user_dir: Option<&Path>) -> Library {
        let mut library = Library::default();
        let mut shipped: Vec<_> = SHIPPED
            .files()
            .filter(|f| f.path().extension().is_some_and(|e| e == "sql"))
            .collect();
        shipped.sort_by_key(|f| f.path());
        for file in shipped {
            let path = Path::new("queries").join(file.path());
            match file
                .contents_utf8()
                .ok_or_else(|| Error::Invalid(format!("{}: not UTF-8", path.display())))
            {
                Ok(text) => library.add(parse(text, &path, Origin::Shipped)),
                Err(e) => library.broken.push(e),
            }
        }
        if let Some(dir) = user_dir
            && let Ok(entries) = std::fs::read_dir(dir)
        {
            let mut paths: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            for path in paths
                .into_iter()
                .filter(|p| p.extension().is_some_and(|e| e == "sql"))
            {
                match crate::core::config::read_small_file(&path, MAX_QUERY_FILE_BYTES) {
                    Ok(text) => library.add(parse(&text, &path, Origin::User)),
                    Err(e) => library.broken.push(Error::io(&path, e)),
                }
            }
        }
        library.check_tiles();
        library
    }

    /// The query each tile of the overview shows, in the tiles' order: a user's query claiming a tile takes it from
    /// the shipped one.
    pub fn tiles(&self) -> Vec<(TileKind, &SavedQuery)> {
        TileKind::ALL
            .into_iter()
            .filter_map(|kind| {
                let claim = |origin: Origin| {
                    self.queries
                        .values()
                        .find(|q| q.tile == Some(kind) && q.origin == origin)
                };
                claim(Origin::User)
                    .or_else(|| claim(Origin::Shipped))
                    .map(|q| (kind, q))
            })
            .collect()
    }

    /// Two queries of one origin claiming one tile: the second is an error naming both files, and keeps no claim.
    fn check_tiles(&mut self) {
        for kind in TileKind::ALL {
            for origin in [Origin::Shipped, Origin::User] {
                let claims: Vec<(String, PathBuf)> = self
                    .queries
                    .values()
                    .filter(|q| q.tile == Some(kind) && q.origin == origin)
                    .map(|q| (q.name.clone(), q.path.clone()))
                    .collect();
                let Some((_, first)) = claims.first().cloned() else {
                    continue;
                };
                for (name, path) in claims.into_iter().skip(1) {
                    self.broken.push(Error::Invalid(format!(
                        "{}: tile `{}` is already claimed by {}",
                        path.display(),
                        kind.name(),
                        first.display()
                    )));
                    if let Some(query) = self.queries.get_mut(&name) {
                        query.tile = None;
                    }
                }
            }
        }
    }

    fn add(&mut self, parsed: Result<SavedQuery>) {
        match parsed {
            Ok(mut query) => {
                if let Some(previous) = self.queries.get(&query.name) {
                    if previous.origin == query.origin {
                        self.broken.push(Error::Invalid(format!(
                            "{}: query `{}` is already defined in {}",
                            query.path.display(),
                            query.name,
                            previous.path.display()
                        )));
                        return;
                    }
                    query.overrides_shipped = query.origin == Origin::User;
                }
                self.queries.insert(query.name.clone(), query);
            }
            Err(e) => self.broken.push(e),
        }
    }

    /// The query, or a usage error naming the closest names.
    pub fn get(&self, name: &str) -> Result<&SavedQuery> {
        if let Some(q) = self.queries.get(name) {
            return Ok(q);
        }
        let mut scored: Vec<(usize, &str)> = self
            .queries
            .keys()
            .map(|k| (edit_distance(name, k), k.as_str()))
            .filter(|(d, k)| *d <= 3 || k.contains(name))
            .collect();
        scored.sort();
        let lang = crate::i18n::process_lang();
        Err(Error::Usage(if scored.is_empty() {
            crate::tr!(lang, "err-query-unknown", name = name)
        } else {
            let closest = scored
                .iter()
                .take(3)
                .map(|(_, k)| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(crate::tr!(lang, "err-list-separator").as_str());
            crate::tr!(
                lang,
                "err-query-unknown-did-you-mean",
                name = name,
                closest = closest
            )
        }))
    }
}

/// The user's query folder.
pub fn user_dir() -> Option<PathBuf> {
    crate::core::config::dirs()
        .config
        .map(|d| d.join("queries"))
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            previous = current;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const Q: &str = "-- name: demo\n-- title: Demo\n-- description: line one\n-- description: line two\n\
        -- param year: integer = 2021 | The year\n-- param p: choice(a, b) optional\n-- param t: text required\n\
        -- drill: other id=project_id\nSELECT $year, $p, $t;\n";

    #[test]
    fn a_library_for_an_engine_refuses_a_query_not_written_for_it_and_lists_it_still() {
        let embedded = Library::load(None);
        assert!(embedded.runnable("lake-columns").is_ok());
        let spark = Library::load(None).for_engine(SPARK);
        let refused = spark.runnable("lake-columns").map(|q| q.name.clone());
        assert!(
            matches!(&refused, Err(Error::Usage(m)) if m.contains("duckdb only") && m.contains("spark")),
            "{refused:?}"
        );
        assert!(spark.runnable("cities-of-province").is_ok());
        assert!(spark.get("lake-columns").is_ok());
    }

    /// What the MySQL-family writer makes of the shipped queries: every one written for Spark goes out without a
    /// refusal (no `::`, no name read apart) but `where-from`, whose `||` is OR there. None names `mysql` yet: their
    /// functions have not been run on Doris or StarRocks (docs/remote.md).
    #[test]
    fn the_shipped_spark_queries_render_for_the_mysql_family_but_where_from() {
        use crate::core::sql::literals::{Dialect, engine_text};
        let library = Library::load(None);
        let mut refused = Vec::new();
        for query in library.queries.values().filter(|q| q.runs_on(SPARK)) {
            let mut params: Vec<(String, crate::core::sql::Value)> = query
                .params
                .iter()
                .map(|p| (p.name.clone(), crate::core::sql::Value::Null))
                .collect();
            for p in query.params.iter().filter(|p| p.kind == ParamKind::Search) {
                params.push((pinyin_param(&p.name), crate::core::sql::Value::Null));
            }
            let sql = query
                .sql()
                .and_then(|sql| {
                    crate::core::sql::literals::render(&sql, &params, Dialect::Standard)
                })
                .and_then(|sql| engine_text(&sql, Dialect::MySql, None));
            if let Err(e) = sql {
                refused.push(format!("{}: {e}", query.name));
            }
        }
        assert_eq!(refused.len(), 1, "{refused:#?}");
        assert!(
            refused[0].starts_with("where-from: `||` is OR"),
            "{refused:#?}"
        );
        assert!(!library.queries.values().any(|q| q.runs_on(MYSQL)));
    }

    /// `choice of TABLE.COLUMN` names the contract's table and column, or the file is refused naming the line: the
    /// names that reach SQL are the contract's own, never the file's text.
    #[test]
    fn a_choice_of_names_only_the_contract_s_columns() {
        let header = |kind: &str| {
            format!("-- name: demo\n-- title: Demo\n-- param p: {kind} optional\nSELECT $p AS p;\n")
        };
        let ok = parse(
            &header("choice of projects.province_code"),
            Path::new("demo.sql"),
            Origin::User,
        )
        .expect("parses");
        assert_eq!(
            ok.params[0].kind,
            ParamKind::ChoiceOf {
                table: "projects",
                column: "province_code"
            }
        );
        for hostile in [
            "choice of secrets.x",
            "choice of projects.x",
            "choice of projects",
            "choice of \"projects\".province_code",
            "choice of projects.province_code);DROP",
            "choice of pg_catalog.pg_settings",
        ] {
            let refused = parse(&header(hostile), Path::new("demo.sql"), Origin::User);
            assert!(
                matches!(&refused, Err(Error::Invalid(m)) if m.contains("demo.sql:3")),
                "{hostile}: {refused:?}"
            );
        }
    }

    #[test]
    fn parses_a_header() {
        let q = parse(Q, Path::new("demo.sql"), Origin::Shipped).expect("parses");
        assert_eq!(q.name, "demo");
        assert_eq!(q.description, "line one line two");
        assert_eq!(q.params.len(), 3);
        assert_eq!(q.params[0].default.as_deref(), Some("2021"));
        assert!(!q.params[0].required);
        assert!(!q.params[1].required);
        assert_eq!(
            q.params[1].kind,
            ParamKind::Choice(vec!["a".into(), "b".into()])
        );
        assert!(q.params[2].required);
        assert_eq!(
            q.drills,
            vec![Drill {
                query: "other".into(),
                bind: vec![("id".into(), "project_id".into())],
                when: None,
            }]
        );
        assert_eq!(q.sql().unwrap().as_str(), "SELECT $year, $p, $t");
    }

    #[test]
    fn bad_headers_name_file_and_line() {
        let e = parse(
            "-- name: x\n-- param y: float\nSELECT $y",
            Path::new("q.sql"),
            Origin::User,
        )
        .unwrap_err();
        assert!(
            e.to_string().starts_with("q.sql:2: unknown parameter type"),
            "{e}"
        );
        let e = parse("-- title: x\nSELECT 1", Path::new("q.sql"), Origin::User).unwrap_err();
        assert!(e.to_string().contains("no `-- name:`"), "{e}");
        let e = parse(
            "-- name: x\n-- param y: integer = abc\nSELECT $y",
            Path::new("q.sql"),
            Origin::User,
        )
        .unwrap_err();
        assert!(e.to_string().contains("not an integer"), "{e}");
        let e = parse(
            "-- name: x\n-- param y: integer\nSELECT 1",
            Path::new("q.sql"),
            Origin::User,
        )
        .unwrap_err();
        assert!(e.to_string().contains("never uses $y"), "{e}");
    }

    #[test]
    fn binds_and_checks_values() {
        let q = parse(Q, Path::new("demo.sql"), Origin::Shipped).expect("parses");
        let bound = q
            .bind(&[("t".into(), "x'; DROP TABLE y; --".into())])
            .expect("binds");
        assert_eq!(bound[0].1, Value::Integer(2021));
        assert_eq!(bound[1].1, Value::Null);
        assert_eq!(bound[2].1, Value::Text("x'; DROP TABLE y; --".into()));
        assert!(
            q.bind(&[])
                .unwrap_err()
                .to_string()
                .contains("needs --param t=")
        );
        assert!(
            q.bind(&[("t".into(), "x".into()), ("year".into(), "20x".into())])
                .unwrap_err()
                .to_string()
                .contains("not an integer")
        );
        assert!(
            q.bind(&[("t".into(), "x".into()), ("p".into(), "c".into())])
                .unwrap_err()
                .to_string()
                .contains("not one of a, b")
        );
        assert!(
            q.bind(&[("t".into(), "x".into()), ("nope".into(), "1".into())])
                .unwrap_err()
                .to_string()
                .contains("no parameter `nope`")
        );
        assert!(
            q.bind(&[("t".into(), "a\0b".into())])
                .unwrap_err()
                .to_string()
                .contains("NUL")
        );
    }

    #[test]
    fn values_parse_by_kind() {
        assert_eq!(
            parse_value(&ParamKind::Date, "2024-02-29"),
            Ok(Value::Date("2024-02-29".into()))
        );
        assert!(parse_value(&ParamKind::Date, "2023-02-29").is_err());
        assert_eq!(
            parse_value(&ParamKind::Decimal, "-12.50"),
            Ok(Value::Decimal("-12.50".into()))
        );
        assert!(parse_value(&ParamKind::Decimal, "1e5").is_err());
        assert_eq!(
            parse_value(&ParamKind::Boolean, "Yes"),
            Ok(Value::Boolean(true))
        );
    }

    #[test]
    fn suggests_close_names() {
        let library = Library::load(None);
        let e = library.get("ratings-by-yaer").unwrap_err();
        assert!(e.to_string().contains("`ratings-by-year`"), "{e}");
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn every_shipped_query_parses() {
        let library = Library::load(None);
        assert!(library.broken.is_empty(), "{:?}", library.broken);
        assert!(library.queries.len() >= 15);
        for q in library.queries.values() {
            for drill in &q.drills {
                let target = library.get(&drill.query).expect("drill target exists");
                for (param, _) in &drill.bind {
                    assert!(
                        target.param(param).is_some(),
                        "{}: drill binds unknown {param}",
                        q.name
                    );
                }
            }
        }
    }

    #[test]
    fn every_shipped_query_passes_the_gate() {
        let library = Library::load(None);
        assert!(library.broken.is_empty(), "{:?}", library.broken);
        assert!(library.queries.len() >= 19);
        // Shipped queries are checked when first used: every one of them must pass.
        for query in library.queries.values() {
            if let Err(e) = query.sql() {
                panic!("{}: {e}", query.name);
            }
        }
    }

    #[test]
    fn a_user_file_that_writes_is_refused_when_loaded_naming_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("dashboard-kpis.sql"),
            "-- name: dashboard-kpis\n-- title: evil\n\nselect 1 as x --\r; COPY (SELECT 'owned') TO 'x.parquet'; select 2\n",
        )
        .unwrap();
        let library = Library::load(Some(dir.path()));
        let shipped = library.get("dashboard-kpis").unwrap();
        assert_eq!(
            shipped.origin,
            Origin::Shipped,
            "the hostile override must not load"
        );
        let message = library
            .broken
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            message.contains("dashboard-kpis.sql:4: refused"),
            "{message}"
        );
    }
}
