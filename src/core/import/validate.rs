//! Every row of `incoming` against the contract and the lake as it is: types, required values, allowed values,
//! keys (within the file and against the lake), references to other tables, and for real rows a registered source
//! whose text holds the quote verbatim. One SQL pass per rule; every problem comes back, not the first.

use duckdb::Connection;

use crate::core::contract::{Column, Kind, Table};
use crate::core::error::{Error, Result};
use crate::core::lake::{sql_ident, sql_literal};

/// Where a contract column's values come from.
#[derive(Debug, Clone)]
pub struct Mapped {
    pub column: &'static Column,
    /// The file's column, or what the column is when the file has none (`NULL`, or the `--synthetic` flag).
    pub from: Source,
    /// Multiply money by this (1 for 元, 10 000 for 万元, 100 000 000 for 亿元).
    pub factor: u64,
}

#[derive(Debug, Clone)]
pub enum Source {
    Column(String),
    Absent,
    Constant(&'static str),
}

impl Mapped {
    /// The value as text, as the file gives it.
    pub fn raw(&self) -> String {
        match &self.from {
            Source::Column(c) => format!("incoming.{}", sql_ident(c)),
            Source::Absent => "CAST(NULL AS VARCHAR)".into(),
            Source::Constant(v) => sql_literal(v),
        }
    }

    /// The value in the contract's type; NULL where the text is not one.
    pub fn typed(&self) -> String {
        let raw = self.raw();
        let kind = self.column.kind;
        match kind {
            Kind::Money if self.factor != 1 => format!(
                "TRY_CAST(TRY_CAST(replace({raw}, ',', '') AS DECIMAL(38,6)) * {} AS {})",
                self.factor,
                kind.canonical()
            ),
            Kind::Money | Kind::Exact | Kind::Integer => {
                format!("TRY_CAST(replace({raw}, ',', '') AS {})", kind.canonical())
            }
            Kind::Text => raw,
            _ => format!("TRY_CAST({raw} AS {})", kind.canonical()),
        }
    }
}

/// One row's problem, before it is given its place in the file.
#[derive(Debug, Clone)]
pub struct RowProblem {
    pub row: i64,
    pub column: String,
    pub value: Option<String>,
    pub message: String,
    /// Another row the problem involves (the first row with the same key).
    pub other_row: Option<i64>,
}

/// Which rows a rule looks at to judge one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The row alone: types, required and allowed values, money's range, a real row's source columns. Judged while
    /// the file is read, from the file's own text. (Judging references and quotes there too made that pass slower by
    /// more than it saved after it, and its memory 60 % larger: joins in the write's pipeline.)
    Row,
    /// Other rows of the file or of the lake: keys, references, registered sources and their texts. Judged on the
    /// rows as written, typed and columnar.
    Set,
}

/// One rule: the rows it finds (`_row`, `col`, `val`, `msg`, `other`) and, for a row rule, its condition alone.
struct Rule {
    scope: Scope,
    select: String,
    condition: String,
}

/// Every problem of every row that rules of scope `only` (all rules: `None`) find, ordered by row. `lake_tables` are
/// the tables the lake has (as views on `conn`).
pub fn problems(
    conn: &Connection,
    table: &Table,
    mapped: &[Mapped],
    lake_tables: &[String],
    only: Option<Scope>,
) -> Result<Vec<RowProblem>> {
    let selects: Vec<String> = rules(table, mapped, lake_tables)
        .into_iter()
        .filter(|r| only.is_none_or(|scope| r.scope == scope))
        .map(|r| r.select)
        .collect();
    run(conn, table, &selects)
}

/// Every contract column of `table` taken from the file's column of the same name, as it is stored: what the rules
/// read from a written file.
pub fn as_stored(table: &'static Table) -> Vec<Mapped> {
    table
        .columns
        .iter()
        .map(|column| Mapped {
            column,
            from: Source::Column(column.name.to_string()),
            factor: 1,
        })
        .collect()
}

/// True for a row (of a relation named `incoming`) that a rule of scope `Row` finds a problem in. Row rules never
/// look at the lake, so no lake tables are given.
pub fn row_has_problem(table: &Table, mapped: &[Mapped]) -> String {
    let conditions: Vec<String> = rules(table, mapped, &[])
        .into_iter()
        .filter(|r| r.scope == Scope::Row)
        .map(|r| format!("({})", r.condition))
        .collect();
    if conditions.is_empty() {
        "false".into()
    } else {
        // A NULL condition (a comparison with NULL) is no problem, as in the WHERE of the rule itself.
        format!("coalesce({}, false)", conditions.join(" OR "))
    }
}

fn rules(table: &Table, mapped: &[Mapped], lake_tables: &[String]) -> Vec<Rule> {
    let by_name = |name: &str| mapped.iter().find(|m| m.column.name == name);
    let mut rules: Vec<Rule> = Vec::new();
    let rule = |scope: Scope,
                column: &str,
                value: &str,
                message: &str,
                other: &str,
                filter: &str| Rule {
        scope,
        select: format!(
            "SELECT _row, {c} AS col, CAST({value} AS VARCHAR) AS val, {m} AS msg, CAST({other} AS BIGINT) AS other \
             FROM incoming WHERE {filter}",
            c = sql_literal(column),
            m = sql_literal(message),
        ),
        condition: filter.to_string(),
    };
    for m in mapped {
        let (raw, typed, name) = (m.raw(), m.typed(), m.column.name);
        if m.column.kind != Kind::Text {
            let unit = if m.factor != 1 {
                " (after the unit conversion)"
            } else {
                ""
            };
            rules.push(rule(
                Scope::Row,
                name,
                &raw,
                &format!("is not {}{unit}", m.column.kind.describe()),
                "NULL",
                &format!("{raw} IS NOT NULL AND {typed} IS NULL"),
            ));
        }
        if m.column.kind == Kind::Money {
            rules.push(rule(
                Scope::Row,
                name,
                &raw,
                &format!(
                    "is under 1万元 ({} yuan): a figure in 万元 or 亿元? convert it with --unit {name}=万元 (or 亿元)",
                    crate::core::contract::MONEY_AT_LEAST_YUAN
                ),
                "NULL",
                &format!(
                    "{typed} > 0 AND {typed} < {}",
                    crate::core::contract::MONEY_AT_LEAST_YUAN
                ),
            ));
        }
        if !m.column.nullable {
            rules.push(rule(
                Scope::Row,
                name,
                "NULL",
                "has no value; the column is required",
                "NULL",
                &format!("{raw} IS NULL OR trim({raw}) = ''"),
            ));
        }
        if !m.column.allowed.is_empty() {
            let list: Vec<String> = m.column.allowed.iter().map(|v| sql_literal(v)).collect();
            rules.push(rule(
                Scope::Row,
                name,
                &raw,
                &format!("is not one of {}", m.column.allowed.join(" / ")),
                "NULL",
                &format!("{raw} IS NOT NULL AND {raw} NOT IN ({})", list.join(", ")),
            ));
        }
        if let Some((ref_table, ref_column)) = m.column.references() {
            let mut known = vec![if lake_tables.iter().any(|t| t == ref_table) {
                format!(
                    "SELECT CAST({} AS VARCHAR) FROM {}",
                    sql_ident(ref_column),
                    sql_ident(ref_table)
                )
            } else {
                "SELECT CAST(NULL AS VARCHAR) WHERE false".into()
            }];
            if ref_table == table.name
                && let Some(own) = by_name(ref_column)
            {
                known.push(format!("SELECT {} FROM incoming", own.raw()));
            }
            rules.push(rule(
                Scope::Set,
                name,
                &raw,
                &format!("is not a `{ref_table}.{ref_column}` in the lake"),
                "NULL",
                &format!(
                    "{raw} IS NOT NULL AND {raw} NOT IN (SELECT v FROM ({}) AS known(v) WHERE v IS NOT NULL)",
                    known.join(" UNION ALL ")
                ),
            ));
        }
    }
    if let (Some(synthetic), Some(source), Some(quote)) = (
        by_name("is_synthetic"),
        by_name("source_id"),
        by_name("source_quote"),
    ) {
        let real = format!("{} IS NOT TRUE", synthetic.typed());
        let (source, quote) = (source.raw(), quote.raw());
        rules.push(rule(
            Scope::Row,
            "source_quote",
            "NULL",
            "a real row needs source_id and source_quote (rows made up to fill a total are imported with --synthetic \
             or an is_synthetic column)",
            "NULL",
            &format!("{real} AND (nullif(trim({source}), '') IS NULL OR nullif(trim({quote}), '') IS NULL)"),
        ));
        rules.push(rule(
            Scope::Set,
            "source_id",
            &source,
            "has no text in the lake's _sources folder; register the document with `qlake lake add-source`",
            "NULL",
            &format!(
                "{real} AND nullif(trim({source}), '') IS NOT NULL AND {source} NOT IN (SELECT source_id FROM source_texts)"
            ),
        ));
        rules.push(rule(
            Scope::Set,
            "source_quote",
            &quote,
            "is not found verbatim in its source's text",
            "NULL",
            &format!(
                "{real} AND nullif(trim({quote}), '') IS NOT NULL AND EXISTS (SELECT 1 FROM source_texts t \
                 WHERE t.source_id = {source} AND strpos(t.text, {quote}) = 0)"
            ),
        ));
    }
    let key: Vec<&Mapped> = table.key.iter().filter_map(|k| by_name(k)).collect();
    if key.len() == table.key.len() {
        let typed: Vec<String> = key.iter().map(|m| m.typed()).collect();
        let shown = format!(
            "concat_ws(' / ', {})",
            key.iter().map(|m| m.raw()).collect::<Vec<_>>().join(", ")
        );
        let key_name = table.key.join(", ");
        // The keys that repeat, found by grouping (a window over every row sorted them all: slower by far), then
        // the rows that have them.
        let complete: Vec<String> = typed.iter().map(|t| format!("{t} IS NOT NULL")).collect();
        let grouped: Vec<String> = typed
            .iter()
            .enumerate()
            .map(|(i, t)| format!("{t} AS k{i}"))
            .collect();
        let joined: Vec<String> = typed
            .iter()
            .enumerate()
            .map(|(i, t)| format!("{t} = repeated.k{i}"))
            .collect();
        rules.push(Rule {
            scope: Scope::Set,
            condition: String::new(),
            select: format!(
                "SELECT incoming._row, {k} AS col, {shown} AS val, 'repeats the key of' AS msg, repeated.first AS other \
                 FROM incoming JOIN (SELECT {grouped}, min(_row) AS first FROM incoming WHERE {complete} \
                 GROUP BY ALL HAVING count(*) > 1) AS repeated ON {joined} WHERE incoming._row <> repeated.first",
                k = sql_literal(&key_name),
                grouped = grouped.join(", "),
                complete = complete.join(" AND "),
                joined = joined.join(" AND "),
            ),
        });
        if lake_tables.iter().any(|t| t == table.name) {
            let same: Vec<String> = table
                .key
                .iter()
                .zip(&typed)
                .map(|(k, t)| format!("l.{} = {t}", sql_ident(k)))
                .collect();
            rules.push(rule(
                Scope::Set,
                &key_name,
                &shown,
                "is a key the lake already has",
                "NULL",
                &format!(
                    "EXISTS (SELECT 1 FROM {} l WHERE {})",
                    sql_ident(table.name),
                    same.join(" AND ")
                ),
            ));
        }
    }
    rules
}

fn run(conn: &Connection, table: &Table, selects: &[String]) -> Result<Vec<RowProblem>> {
    if selects.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT _row, col, val, msg, other FROM ({}) ORDER BY _row, col",
        selects.join(" UNION ALL ")
    );
    let failed = |e: duckdb::Error| Error::Query {
        context: format!("checking the rows for `{}`", table.name),
        message: e.to_string(),
    };
    let mut stmt = conn.prepare(&sql).map_err(failed)?;
    let rows = stmt
        .query_map([], |r| {
            Ok(RowProblem {
                row: r.get(0)?,
                column: r.get(1)?,
                value: r.get(2)?,
                message: r.get(3)?,
                other_row: r.get(4)?,
            })
        })
        .map_err(failed)?;
    rows.collect::<std::result::Result<_, _>>().map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::contract::TABLES;

    /// The rules across rows read the written rows cast back to text: a reference or a source compares what the file
    /// gave only when the column is text. Every reference is, and so is every source column.
    #[test]
    fn the_columns_set_rules_compare_as_text_are_text() {
        for table in TABLES {
            for column in table.columns {
                if column.references().is_some()
                    || matches!(column.name, "source_id" | "source_quote")
                {
                    assert_eq!(column.kind, Kind::Text, "{}.{}", table.name, column.name);
                }
            }
        }
    }

    /// Every rule is judged by one of the two passes: a row rule has the condition the one-pass write checks, a set
    /// rule reads `incoming` as a whole; every table has rules of both.
    #[test]
    fn every_rule_belongs_to_one_pass() {
        let lake: Vec<String> = TABLES.iter().map(|t| t.name.to_string()).collect();
        for table in TABLES {
            let rules = rules(table, &as_stored(table), &lake);
            for rule in &rules {
                assert!(rule.select.contains("FROM incoming"), "{}", rule.select);
                if rule.scope == Scope::Row {
                    assert!(!rule.condition.is_empty());
                    assert!(rule.select.ends_with(&format!("WHERE {}", rule.condition)));
                }
            }
            assert!(
                rules.iter().any(|r| r.scope == Scope::Row),
                "{}",
                table.name
            );
            assert!(
                rules.iter().any(|r| r.scope == Scope::Set),
                "{}",
                table.name
            );
            let condition = row_has_problem(table, &as_stored(table));
            for rule in rules.iter().filter(|r| r.scope == Scope::Row) {
                assert!(condition.contains(&rule.condition), "{}", table.name);
            }
        }
    }
}
