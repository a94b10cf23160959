//! Which CTEs of a checked statement DuckDB's parse finds computable from per-file partial aggregates of one table
//! (`parts.cpp` says exactly when), and the statements that compute them: each written by DuckDB from the trees it
//! parsed, so no text is pasted into SQL here. `crate::core::engine::partials` runs them.

use super::{CheckedSql, ffi, unescape};
use crate::core::error::{Error, Result};

/// How one output of a unit combines over its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Key,
    Count,
    Sum,
    Min,
    Max,
    BoolAnd,
    BoolOr,
}

impl Kind {
    fn named(name: &str) -> Option<Kind> {
        Some(match name {
            "key" => Kind::Key,
            "count" => Kind::Count,
            "sum" => Kind::Sum,
            "min" => Kind::Min,
            "max" => Kind::Max,
            "bool_and" => Kind::BoolAnd,
            "bool_or" => Kind::BoolOr,
            _ => return None,
        })
    }
}

/// A CTE computed from parts of one table's files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub cte: String,
    /// The table split by file.
    pub table: String,
    /// DuckDB's text of the CTE's query: what its parts are remembered for.
    pub text: String,
    pub columns: Vec<(String, Kind)>,
    /// Every table the unit names, the split one included.
    pub reads: Vec<String>,
}

/// What DuckDB's parse says of a statement's CTEs: the units, and why each other CTE is not one.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Parts {
    pub units: Vec<Unit>,
    pub refused: Vec<(String, String)>,
}

/// The units of `sql`, in the order its CTEs are defined.
pub fn parts(sql: &CheckedSql) -> Parts {
    let mut parts = Parts::default();
    if sql.as_str().contains('\0') {
        return parts;
    }
    for line in ffi::parts(sql.as_str()).lines() {
        let fields: Vec<String> = line.split('\t').map(unescape).collect();
        let field = |i: usize| fields.get(i).cloned().unwrap_or_default();
        match fields.first().map(String::as_str) {
            Some("unit") => parts.units.push(Unit {
                cte: field(1),
                table: field(2),
                text: field(3),
                columns: Vec::new(),
                reads: Vec::new(),
            }),
            Some("column") => {
                let unit = parts.units.iter_mut().find(|u| u.cte == field(1));
                match (unit, Kind::named(&field(3))) {
                    (Some(unit), Some(kind)) => unit.columns.push((field(2), kind)),
                    // A line this side does not know: the unit is not used.
                    _ => parts.units.retain(|u| u.cte != field(1)),
                }
            }
            Some("reads") => {
                if let Some(unit) = parts.units.iter_mut().find(|u| u.cte == field(1)) {
                    unit.reads.push(field(2));
                }
            }
            Some("not") => parts.refused.push((field(1), field(2))),
            _ => {}
        }
    }
    parts
}

/// The statement computing `unit`'s parts of the files `scan` reads (`SELECT * FROM read_parquet(…)`, the name of
/// each row's file in `file_column`), that column first; and its shape, the same columns with no rows.
pub(crate) fn part_statements(
    sql: &CheckedSql,
    unit: &Unit,
    scan: &str,
    file_column: &str,
) -> Result<(String, String)> {
    let fields = [sql.as_str(), unit.cte.as_str(), scan, file_column];
    let report = answer(&fields, || ffi::part_statement(&fields))?;
    let partial = line_of(&report, "partial");
    let shape = line_of(&report, "shape");
    match (partial, shape) {
        (Some(partial), Some(shape)) => Ok((one_select(partial)?, one_select(shape)?)),
        _ => Err(refusal(&report)),
    }
}

/// `sql` (a checked statement, or one this made of it) with `unit`'s query replaced by the combination of its parts
/// kept in `table`; checked again whole.
pub(crate) fn combined_statement(sql: &CheckedSql, unit: &Unit, table: &str) -> Result<CheckedSql> {
    let fields = [sql.as_str(), unit.cte.as_str(), table];
    let report = answer(&fields, || ffi::combined_statement(&fields))?;
    match line_of(&report, "combined") {
        Some(text) => super::check(&text),
        None => Err(refusal(&report)),
    }
}

fn answer(fields: &[&str], call: impl FnOnce() -> String) -> Result<String> {
    if fields.iter().any(|f| f.contains('\0')) {
        return Err(Error::Invalid(
            "internal: a NUL in a unit's statement".into(),
        ));
    }
    Ok(call())
}

fn line_of(report: &str, tag: &str) -> Option<String> {
    report.lines().find_map(|line| {
        let (first, rest) = line.split_once('\t')?;
        (first == tag).then(|| unescape(rest))
    })
}

fn refusal(report: &str) -> Error {
    let why = line_of(report, "no").unwrap_or_else(|| report.trim().to_string());
    Error::Invalid(format!(
        "internal: a unit's statement could not be written: {why}"
    ))
}

/// `text` when DuckDB's parse of it is one SELECT that writes nothing and calls only what the gate's allow-list
/// allows, but for `read_parquet` in FROM: the unit's table read by the files qlake names (which the allow-list keeps
/// from users, so it is run by the engine itself, never as a [`CheckedSql`]).
fn one_select(text: String) -> Result<String> {
    use super::catalogue::{self, Position, Verdict};
    let description = super::describe(&text);
    let allowed = |(position, name): &(Position, String)| {
        (*position == Position::Table && name == "read_parquet")
            || matches!(catalogue::verdict(*position, name), Some(Verdict::Allow))
    };
    if description.error.is_none()
        && description.statements == [super::READ_STATEMENT]
        && description.writing_nodes.is_empty()
        && description.uninspectable.is_none()
        && description.functions.iter().all(allowed)
    {
        Ok(text)
    } else {
        Err(Error::Invalid(format!(
            "internal: a unit's statement parsed as {:?}, not one SELECT",
            description.statements
        )))
    }
}
