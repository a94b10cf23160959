//! Which CTEs of a checked statement DuckDB's parse finds computable from per-file partial aggregates of one table
//! (`parts.cpp` says exactly when; the gate's parse of the statement reports them), and the statements that compute
//! them: each written by DuckDB from the trees it
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

impl Parts {
    /// One line of the gate's report (`unit`, `column`, `reads` or `not`, as `parts.cpp` writes them); `false` for
    /// any other.
    pub(super) fn read(&mut self, fields: &[String]) -> bool {
        let field = |i: usize| fields.get(i).cloned().unwrap_or_default();
        match fields.first().map(String::as_str) {
            Some("unit") => self.units.push(Unit {
                cte: field(1),
                table: field(2),
                columns: Vec::new(),
                reads: Vec::new(),
            }),
            Some("column") => {
                let unit = self.units.iter_mut().find(|u| u.cte == field(1));
                match (unit, Kind::named(&field(3))) {
                    (Some(unit), Some(kind)) => unit.columns.push((field(2), kind)),
                    // A line this side does not know: the unit is not used.
                    _ => self.units.retain(|u| u.cte != field(1)),
                }
            }
            Some("reads") => {
                if let Some(unit) = self.units.iter_mut().find(|u| u.cte == field(1)) {
                    unit.reads.push(field(2));
                }
            }
            Some("not") => self.refused.push((field(1), field(2))),
            _ => return false,
        }
        true
    }
}

/// The units of `sql`, in the order its CTEs are defined, from the parse that checked it.
pub fn parts(sql: &CheckedSql) -> &Parts {
    &sql.parts
}

/// The statements that compute a unit's parts.
pub(crate) struct PartStatements {
    /// The unit over the files a scan reads, grouped also by file, the file's name first.
    pub partial: String,
    /// The same columns, no rows.
    pub shape: String,
}

/// What computes a statement from its units' parts: for each unit (in the order given), its partial statement and
/// shape; and the statement with each unit's query replaced by the combination of its parts, checked again whole.
pub(crate) struct Plan {
    pub statements: Vec<PartStatements>,
    pub combined: CheckedSql,
}

/// A unit as [`plan`] is asked to write it.
pub(crate) struct Planned<'a> {
    pub unit: &'a Unit,
    /// The files whose parts are wanted: `SELECT * FROM read_parquet(…)`, each row's file named in the file column.
    pub scan: &'a str,
    /// The table its parts are put in.
    pub table: &'a str,
    /// Whether the other tables it joins to are read only where they can match the scanned rows (`parts.cpp`, worth it
    /// when the scan holds a few files of a large table).
    pub narrow: bool,
}

/// The plan for `units` of `sql`; one parse of `sql`.
pub(crate) fn plan<'a>(
    sql: &CheckedSql,
    file_column: &str,
    units: impl Iterator<Item = Planned<'a>>,
) -> Result<Plan> {
    let mut fields = vec![sql.as_str(), file_column];
    let mut ctes = Vec::new();
    for planned in units {
        fields.extend([
            planned.unit.cte.as_str(),
            planned.scan,
            planned.table,
            if planned.narrow { "narrow" } else { "whole" },
        ]);
        ctes.push(planned.unit.cte.as_str());
    }
    let report = answer(&fields, || ffi::part_plan(&fields))?;
    let tagged = |tag: &str, cte: &str| -> Option<String> {
        report.lines().find_map(|line| {
            let mut fields = line.splitn(3, '\t');
            (fields.next() == Some(tag) && fields.next().map(unescape).as_deref() == Some(cte))
                .then(|| fields.next().map(unescape))
                .flatten()
        })
    };
    let mut statements = Vec::new();
    for cte in ctes {
        match (tagged("partial", cte), tagged("shape", cte)) {
            (Some(partial), Some(shape)) => statements.push(PartStatements {
                partial: one_select(partial)?,
                shape: one_select(shape)?,
            }),
            _ => return Err(refusal(&report)),
        }
    }
    match line_of(&report, "combined") {
        Some(text) => Ok(Plan {
            statements,
            combined: super::check(&text)?,
        }),
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
