//! `lake check`: every file of the lake against the contract. One problem per line, naming the file (or table
//! folder) and the column.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::core::contract::{self, Table};
use crate::core::engine::Engine;
use crate::core::error::Result;
use crate::core::gate;
use crate::core::lake::{Lake, TableFiles, sql_ident, sql_literal, sql_literals};

mod rules;

pub(crate) use rules::RULES;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Breaks the contract: `lake check` exits non-zero.
    Error,
    /// Allowed by the contract but worth knowing (extra columns, extra tables).
    Note,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    pub location: PathBuf,
    pub column: Option<String>,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tag = match self.severity {
            Severity::Error => "error",
            Severity::Note => "note",
        };
        write!(f, "{tag}: {}", self.location.display())?;
        if let Some(c) = &self.column {
            write!(f, ": column `{c}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

pub(crate) struct Findings(Vec<Problem>);

impl Findings {
    pub(crate) fn error(
        &mut self,
        location: &Path,
        column: Option<&str>,
        message: impl Into<String>,
    ) {
        self.push(Severity::Error, location, column, message.into());
    }
    pub(crate) fn note(
        &mut self,
        location: &Path,
        column: Option<&str>,
        message: impl Into<String>,
    ) {
        self.push(Severity::Note, location, column, message.into());
    }
    fn push(&mut self, severity: Severity, location: &Path, column: Option<&str>, message: String) {
        self.0.push(Problem {
            severity,
            location: location.to_path_buf(),
            column: column.map(str::to_string),
            message,
        });
    }
}

/// How a reference the lake cannot resolve is worded; `lake undo` looks for the ones it would cause.
pub(crate) const DANGLING: &str = "the lake does not have";

/// Check the whole lake. Problems come sorted: errors first, then by location.
pub fn check_lake(lake: &Lake) -> Result<Vec<Problem>> {
    check_tables(lake, lake.tables()?)
}

/// Only the rules across tables (funding kinds and wholes, tier sizes, the published totals of `reconciliations`)
/// that read table `reading`, on `lake` as if its tables were `tables`: an import checks them with its staged file
/// among them (its own rows it has checked row by row; a rule that does not read them cannot newly fail). With
/// `by_row`, the rules a row breaks alone are left out: the import has judged its rows by them.
pub(crate) fn check_rules_reading(
    lake: &Lake,
    tables: Vec<TableFiles>,
    reading: &str,
    by_row: bool,
) -> Result<Vec<Problem>> {
    let kept: Vec<&rules::LakeRule> = rules::RULES
        .iter()
        .filter(|r| r.reads.contains(&reading) && !(by_row && r.alone.is_some()))
        .collect();
    let read = |name: &str| kept.iter().any(|r| r.reads.contains(&name));
    let tables: Vec<TableFiles> = tables.into_iter().filter(|t| read(&t.name)).collect();
    let engine = Engine::open_tables(lake, tables)?;
    let present: BTreeMap<&str, &TableFiles> = engine
        .tables()
        .iter()
        .map(|t| (t.name.as_str(), t))
        .collect();
    let mut found = Findings(Vec::new());
    rules::check(&engine, lake, &present, &kept, &mut found)?;
    Ok(found.0)
}

/// The whole check of `lake` as if its tables were `tables` (an undo checks the lake without its import's files).
pub(crate) fn check_tables(lake: &Lake, tables: Vec<TableFiles>) -> Result<Vec<Problem>> {
    let engine = Engine::open_tables(lake, tables)?;
    let mut found = Findings(Vec::new());
    let present: BTreeMap<&str, &TableFiles> = engine
        .tables()
        .iter()
        .map(|t| (t.name.as_str(), t))
        .collect();

    for folder in lake.empty_folders()? {
        found.error(&folder, None, "folder holds no Parquet file");
    }
    for table in contract::TABLES {
        if !present.contains_key(table.name) && !lake.root.join(table.name).is_dir() {
            found.error(
                &lake.root.join(table.name),
                None,
                format!("missing table `{}`: no such folder", table.name),
            );
        }
    }
    // Tables whose files all read as one table: the rules across tables only run over these.
    let mut usable: Vec<&str> = Vec::new();
    for files in engine.tables() {
        for (path, why) in &files.skipped {
            found.error(path, None, why.describe());
        }
        let table = contract::table(&files.name);
        if table.is_none() {
            found.note(
                &files.location,
                None,
                "table is not in the contract (kept and readable)",
            );
        }
        let readable = check_files(&engine, files, table, &mut found)?;
        if readable {
            usable.push(files.name.as_str());
        }
        if let (Some(table), true) = (table, readable) {
            check_rows(&engine, files, table, &mut found)?;
            if table.name == "enterprises" {
                check_layout(&engine, files, "project_id", &mut found)?;
            }
        }
    }
    let usable: BTreeMap<&str, &TableFiles> = present
        .iter()
        .filter(|(name, _)| usable.contains(name))
        .map(|(name, files)| (*name, *files))
        .collect();
    let every: Vec<&rules::LakeRule> = rules::RULES.iter().collect();
    rules::check(&engine, lake, &usable, &every, &mut found)?;
    let mut problems = found.0;
    problems.sort_by(|a, b| {
        (a.severity, &a.location, &a.column).cmp(&(b.severity, &b.location, &b.column))
    });
    Ok(problems)
}

/// A layout that will make drill steps slow at scale (a note, never an error): a file whose row groups overlap in
/// `column`, so looking rows up by it reads every row group (docs/schema.md, "Layout for a large lake").
fn check_layout(
    engine: &Engine,
    files: &TableFiles,
    column: &str,
    found: &mut Findings,
) -> Result<()> {
    for file in &files.files {
        let rows = engine.query_rows(
            &gate::check(&format!(
                "SELECT stats_min_value, stats_max_value FROM parquet_metadata({}) \
                 WHERE path_in_schema = {} ORDER BY row_group_id",
                sql_literal(&file.display().to_string()),
                sql_literal(column)
            ))?,
            "layout",
        )?;
        let overlapping = rows
            .windows(2)
            .filter(|pair| matches!(pair, [a, b] if a.get(1) > b.first()))
            .count();
        if overlapping > 0 {
            found.note(
                file,
                Some(column),
                format!(
                    "{} row groups whose {column} ranges overlap: drill steps by {column} will read the whole file \
                     at scale; write it sorted by {column} (docs/schema.md)",
                    rows.len()
                ),
            );
        }
    }
    Ok(())
}

/// Per-file checks: readable, columns and types. Returns whether every file could be read with a schema that
/// satisfies the contract, so the row checks can run.
fn check_files(
    engine: &Engine,
    files: &TableFiles,
    table: Option<&Table>,
    found: &mut Findings,
) -> Result<bool> {
    let mut all_good = true;
    let mut first_schema: Option<(PathBuf, Vec<(String, String)>)> = None;
    let hive_columns: Vec<String> =
        hive_keys(&files.location, files.files.first().map(PathBuf::as_path));
    for file in &files.files {
        let literal = sql_literal(&file.display().to_string());
        let schema = match engine.query_rows(
            &gate::check(&format!("DESCRIBE SELECT * FROM read_parquet({literal})"))?,
            "reading",
        ) {
            Ok(rows) => rows
                .into_iter()
                .map(|r| (r[0].clone(), r[1].clone()))
                .collect::<Vec<_>>(),
            Err(e) => {
                found.error(
                    file,
                    None,
                    format!("unreadable Parquet file: {}", first_line(&e.to_string())),
                );
                all_good = false;
                continue;
            }
        };
        if let Some(table) = table {
            for column in table.columns {
                if hive_columns.iter().any(|h| h == column.name) {
                    continue;
                }
                match schema.iter().find(|(name, _)| name == column.name) {
                    None => {
                        found.error(
                            file,
                            Some(column.name),
                            format!("missing column (expected {})", column.kind.describe()),
                        );
                        all_good = false;
                    }
                    Some((_, ty)) if !column.kind.accepts(ty) => {
                        found.error(
                            file,
                            Some(column.name),
                            format!("has type {ty}, expected {}", column.kind.describe()),
                        );
                        all_good = false;
                    }
                    Some(_) => {}
                }
            }
            for (name, _) in &schema {
                if table.column(name).is_none() {
                    found.note(
                        file,
                        Some(name),
                        "extra column, not in the contract (kept, ignored by qlake)",
                    );
                }
            }
        }
        match &first_schema {
            None => first_schema = Some((file.clone(), schema)),
            Some((first, expected)) if *expected != schema => {
                found.error(
                    file,
                    None,
                    format!(
                        "schema differs from {} in the same table: {}",
                        first.display(),
                        schema_diff(expected, &schema)
                    ),
                );
                all_good = false;
            }
            Some(_) => {}
        }
    }
    Ok(all_good)
}

/// Row checks through the table's view: empty table, real rows without a source, nulls, duplicate keys,
/// values outside the allowed lists, sources that do not exist.
fn check_rows(
    engine: &Engine,
    files: &TableFiles,
    table: &Table,
    found: &mut Findings,
) -> Result<()> {
    let view = sql_ident(table.name);
    let at = &files.location;
    let count = |sql: &str| -> Result<i64> {
        let rows = engine.query_rows(&gate::check(sql)?, table.name)?;
        Ok(rows
            .first()
            .and_then(|r| r.first())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0))
    };
    let total = match count(&format!("SELECT count(*) FROM {view}")) {
        Ok(n) => n,
        Err(e) => {
            found.error(
                at,
                None,
                format!(
                    "cannot be read as one table: {}",
                    first_line(&e.to_string())
                ),
            );
            return Ok(());
        }
    };
    if total == 0 {
        if table.may_be_empty {
            found.note(at, None, "table is empty (the contract allows it)");
        } else {
            found.error(at, None, "table is empty");
        }
        return Ok(());
    }
    let unsourced = count(&format!(
        "SELECT count(*) FROM {view} WHERE is_synthetic IS NOT TRUE AND \
         (nullif(trim(source_id), '') IS NULL OR nullif(trim(source_quote), '') IS NULL)"
    ))?;
    if unsourced > 0 {
        found.error(
            at,
            Some("source_quote"),
            format!(
                "{unsourced} real rows (is_synthetic not true) have no source_id or source_quote"
            ),
        );
    }
    for column in table.columns.iter().filter(|c| !c.nullable) {
        let nulls = count(&format!(
            "SELECT count(*) FROM {view} WHERE {} IS NULL",
            sql_ident(column.name)
        ))?;
        if nulls > 0 {
            found.error(
                at,
                Some(column.name),
                format!("{nulls} rows have no value; the column is required"),
            );
        }
    }
    for column in table.columns.iter().filter(|c| !c.allowed.is_empty()) {
        let rows = engine.query_rows(
            &gate::check(&format!(
                "SELECT count(*), any_value({c}) FROM {view} WHERE {c} IS NOT NULL AND {c} NOT IN ({list})",
                c = sql_ident(column.name),
                list = sql_literals(column.allowed.iter().copied())
            ))?,
            table.name,
        )?;
        if let Some(row) = rows.first().filter(|r| r[0] != "0") {
            found.error(
                at,
                Some(column.name),
                format!(
                    "{} rows have values outside {} (e.g. {:?})",
                    row[0],
                    column.allowed.join(" / "),
                    row[1]
                ),
            );
        }
    }
    let key: Vec<String> = table.key.iter().map(|k| sql_ident(k)).collect();
    let duplicates = engine.query_rows(
        &gate::check(&format!(
            "SELECT count(*), any_value(k) FROM \
             (SELECT CAST(ROW({cols}) AS VARCHAR) AS k FROM {view} GROUP BY {cols} HAVING count(*) > 1)",
            cols = key.join(", ")
        ))?,
        table.name,
    )?;
    if let Some(row) = duplicates.first().filter(|r| r[0] != "0") {
        found.error(
            at,
            Some(&table.key.join(", ")),
            format!("{} keys appear more than once (e.g. {})", row[0], row[1]),
        );
    }
    // Every reference the contract declares (`table.column` in a column's doc), where the lake has that table: the
    // same list an import checks its rows against.
    for column in table.columns {
        let Some((ref_table, ref_column)) = column.references() else {
            continue;
        };
        if !engine.tables().iter().any(|t| t.name == ref_table) {
            continue;
        }
        let c = sql_ident(column.name);
        let dangling = engine.query_rows(
            &gate::check(&format!(
                "SELECT count(*), any_value({c}) FROM {view} WHERE {c} IS NOT NULL \
                 AND {c} NOT IN (SELECT {r} FROM {t} WHERE {r} IS NOT NULL)",
                r = sql_ident(ref_column),
                t = sql_ident(ref_table)
            ))?,
            table.name,
        );
        if let Ok(rows) = dangling
            && let Some(row) = rows.first().filter(|r| r[0] != "0")
        {
            found.error(
                at,
                Some(column.name),
                format!(
                    "{} rows name a `{ref_table}.{ref_column}` {DANGLING} (e.g. {:?})",
                    row[0], row[1]
                ),
            );
        }
    }
    Ok(())
}

/// Names of Hive partition keys in a file's path below the table folder (`province_code=CN-HB` → province_code).
fn hive_keys(table_dir: &Path, file: Option<&Path>) -> Vec<String> {
    let Some(file) = file else { return Vec::new() };
    let Ok(relative) = file.strip_prefix(table_dir) else {
        return Vec::new();
    };
    relative
        .components()
        .filter_map(|c| c.as_os_str().to_str())
        .filter_map(|c| c.split_once('=').map(|(k, _)| k.to_string()))
        .collect()
}

fn schema_diff(expected: &[(String, String)], actual: &[(String, String)]) -> String {
    let mut parts = Vec::new();
    for (name, ty) in expected {
        match actual.iter().find(|(n, _)| n == name) {
            None => parts.push(format!("no column `{name}`")),
            Some((_, t)) if t != ty => parts.push(format!("`{name}` is {t}, not {ty}")),
            Some(_) => {}
        }
    }
    for (name, _) in actual {
        if !expected.iter().any(|(n, _)| n == name) {
            parts.push(format!("extra column `{name}`"));
        }
    }
    if parts.is_empty() {
        "columns in a different order".to_string()
    } else {
        parts.join(", ")
    }
}

fn first_line(s: &str) -> &str {
    s.lines().find(|l| !l.trim().is_empty()).unwrap_or(s)
}
