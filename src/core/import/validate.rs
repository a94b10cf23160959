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

/// Every problem of every row, ordered by row. `lake_tables` are the tables the lake has (as views on `conn`).
pub fn problems(
    conn: &Connection,
    table: &Table,
    mapped: &[Mapped],
    lake_tables: &[String],
) -> Result<Vec<RowProblem>> {
    let by_name = |name: &str| mapped.iter().find(|m| m.column.name == name);
    let mut rules: Vec<String> = Vec::new();
    let rule = |column: &str, value: &str, message: &str, other: &str, filter: &str| {
        format!(
            "SELECT _row, {c} AS col, CAST({value} AS VARCHAR) AS val, {m} AS msg, CAST({other} AS BIGINT) AS other \
             FROM incoming WHERE {filter}",
            c = sql_literal(column),
            m = sql_literal(message),
        )
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
                name,
                &raw,
                &format!("is not {}{unit}", m.column.kind.describe()),
                "NULL",
                &format!("{raw} IS NOT NULL AND {typed} IS NULL"),
            ));
        }
        if m.column.kind == Kind::Money {
            rules.push(rule(
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
            "source_quote",
            "NULL",
            "a real row needs source_id and source_quote (rows made up to fill a total are imported with --synthetic \
             or an is_synthetic column)",
            "NULL",
            &format!("{real} AND (nullif(trim({source}), '') IS NULL OR nullif(trim({quote}), '') IS NULL)"),
        ));
        rules.push(rule(
            "source_id",
            &source,
            "has no text in the lake's _sources folder; register the document with `qlake lake add-source`",
            "NULL",
            &format!(
                "{real} AND nullif(trim({source}), '') IS NOT NULL AND {source} NOT IN (SELECT source_id FROM source_texts)"
            ),
        ));
        rules.push(rule(
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
        rules.push(format!(
            "SELECT _row, {k} AS col, val, 'repeats the key of' AS msg, first AS other FROM \
             (SELECT _row, {shown} AS val, min(_row) OVER (PARTITION BY {cols}) AS first FROM incoming \
             WHERE {complete}) WHERE _row <> first",
            complete = typed.iter().map(|t| format!("{t} IS NOT NULL")).collect::<Vec<_>>().join(" AND "),
            k = sql_literal(&key_name),
            cols = typed.join(", ")
        ));
        if lake_tables.iter().any(|t| t == table.name) {
            let same: Vec<String> = table
                .key
                .iter()
                .zip(&typed)
                .map(|(k, t)| format!("l.{} = {t}", sql_ident(k)))
                .collect();
            rules.push(rule(
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
    let sql = format!(
        "SELECT _row, col, val, msg, other FROM ({}) ORDER BY _row, col",
        rules.join(" UNION ALL ")
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
