//! `lake check`: every file of the lake against the contract. One problem per line, naming the file (or table
//! folder) and the column.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::core::contract::{self, Table};
use crate::core::engine::Engine;
use crate::core::error::Result;
use crate::core::gate;
use crate::core::lake::{Lake, Skipped, TableFiles};
use crate::core::sql::{sql_ident, sql_literal, sql_literals};
use crate::i18n::Lang;

mod files;
mod rules;
use files::*;

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
    /// In English, whatever the language: what code looks for in it (see `DANGLING`).
    pub message: String,
    /// In the process's language: what the line shows.
    pub shown: String,
}

impl Problem {
    /// The problem's line in `lang`, its message as `message` (English) or `shown` says it.
    fn line(&self, lang: Lang, message: &str) -> String {
        let tag = match self.severity {
            Severity::Error => crate::tr!(lang, "core-check-error"),
            Severity::Note => crate::tr!(lang, "core-check-note"),
        };
        let location = self.location.display().to_string();
        match &self.column {
            Some(c) => crate::tr!(
                lang,
                "core-check-line-column",
                tag = tag,
                location = location,
                column = c,
                message = message
            ),
            None => crate::tr!(
                lang,
                "core-check-line",
                tag = tag,
                location = location,
                message = message
            ),
        }
    }

    /// The line in English whatever the process's language: for what is kept as data (the import log).
    pub fn english(&self) -> String {
        self.line(Lang::English, &self.message)
    }
}

/// The line in the process's language, as `lake check` prints it.
impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.line(crate::i18n::process_lang(), &self.shown))
    }
}

pub(crate) struct Findings(Vec<Problem>);

/// A problem's message, said in a language.
type Said<'a> = dyn Fn(Lang) -> String + 'a;

impl Findings {
    pub(crate) fn error(
        &mut self,
        location: &Path,
        column: Option<&str>,
        message: impl Fn(Lang) -> String,
    ) {
        self.push(Severity::Error, location, column, &message);
    }
    pub(crate) fn note(
        &mut self,
        location: &Path,
        column: Option<&str>,
        message: impl Fn(Lang) -> String,
    ) {
        self.push(Severity::Note, location, column, &message);
    }
    fn push(
        &mut self,
        severity: Severity,
        location: &Path,
        column: Option<&str>,
        message: &Said<'_>,
    ) {
        let lang = crate::i18n::process_lang();
        self.0.push(Problem {
            severity,
            location: location.to_path_buf(),
            column: column.map(str::to_string),
            message: message(Lang::English),
            shown: message(lang),
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
        .filter(|r| r.reads.contains(&reading) && r.after_import && !(by_row && r.alone.is_some()))
        .collect();
    let read = |name: &str| kept.iter().any(|r| r.reads.contains(&name));
    let tables: Vec<TableFiles> = tables.into_iter().filter(|t| read(&t.name)).collect();
    let engine = Engine::open_for_checks(lake, tables)?;
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
    let unused = crate::core::unused_tables::read(&lake.root)?;
    let engine = Engine::open_for_checks(lake, tables)?;
    let mut found = Findings(Vec::new());
    let present: BTreeMap<&str, &TableFiles> = engine
        .tables()
        .iter()
        .map(|t| (t.name.as_str(), t))
        .collect();

    for folder in lake.empty_folders()? {
        found.error(&folder, None, |lang| {
            crate::tr!(lang, "core-check-empty-folder")
        });
    }
    for table in contract::TABLES {
        if !present.contains_key(table.name) && !lake.root.join(table.name).is_dir() {
            found.error(&lake.root.join(table.name), None, |lang| {
                crate::tr!(lang, "core-check-missing-table", table = table.name)
            });
        }
    }
    // Tables whose files all read as one table: the rules across tables only run over these.
    let mut usable: Vec<&str> = Vec::new();
    for files in engine.tables() {
        for (path, why) in &files.skipped {
            found.error(path, None, |lang| skipped(lang, *why));
        }
        let table = contract::table(&files.name);
        if table.is_none() {
            found.note(&files.location, None, |lang| {
                crate::tr!(lang, "core-check-table-not-in-contract")
            });
        }
        let readable = check_files(&engine, files, table, &mut found)?;
        if readable {
            usable.push(files.name.as_str());
        }
        if let (Some(table), true) = (table, readable) {
            check_rows(
                &engine,
                files,
                table,
                unused.contains(&table.name),
                &mut found,
            )?;
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

/// Row checks through the table's view: empty table, real rows without a source, nulls, duplicate keys,
/// values outside the allowed lists, sources that do not exist.
fn check_rows(
    engine: &Engine,
    files: &TableFiles,
    table: &Table,
    unused: bool,
    found: &mut Findings,
) -> Result<()> {
    let view = sql_ident(table.name);
    let at = &files.location;
    // The null counts the files' footers give are read from them (at 100M enterprises, 37 ms instead of a 3 s scan);
    // every other per-row count is made in one pass over the table (a scan is 0.5-2.5 s there, and there were a
    // dozen).
    let footer_nulls = footer_null_counts(engine, files)?;
    let required: Vec<&contract::Column> = table.columns.iter().filter(|c| !c.nullable).collect();
    let bounded: Vec<&contract::Column> = table
        .columns
        .iter()
        .filter(|c| !c.allowed.is_empty())
        .collect();
    let mut measures = vec!["count(*)".to_string()];
    for column in required
        .iter()
        .filter(|c| !footer_nulls.contains_key(c.name))
    {
        measures.push(format!(
            "count(*) FILTER (WHERE {} IS NULL)",
            sql_ident(column.name)
        ));
    }
    for column in &bounded {
        let outside = format!(
            "{c} IS NOT NULL AND {c} NOT IN ({list})",
            c = sql_ident(column.name),
            list = sql_literals(column.allowed.iter().copied())
        );
        measures.push(format!("count(*) FILTER (WHERE {outside})"));
        measures.push(format!(
            "CAST(any_value({}) FILTER (WHERE {outside}) AS VARCHAR)",
            sql_ident(column.name)
        ));
    }
    let counted = gate::check(&format!("SELECT {} FROM {view}", measures.join(", ")))
        .and_then(|sql| engine.query_rows(&sql, table.name));
    let row = match counted {
        Ok(rows) => rows.into_iter().next().unwrap_or_default(),
        Err(e) => {
            let error = e.to_string();
            found.error(at, None, |lang| {
                crate::tr!(lang, "core-check-not-one-table", error = first_line(&error))
            });
            return Ok(());
        }
    };
    let mut cells = row.into_iter();
    let mut next = || cells.next().unwrap_or_default();
    let number = |cell: String| -> i64 { cell.parse().unwrap_or(0) };
    let total = number(next());
    if total == 0 {
        if unused {
            found.note(at, None, |lang| {
                crate::tr!(
                    lang,
                    "core-check-empty-unused",
                    file = crate::core::unused_tables::FILE
                )
            });
        } else if table.may_be_empty {
            found.note(at, None, |lang| {
                crate::tr!(lang, "core-check-empty-allowed")
            });
        } else {
            found.error(at, None, |lang| crate::tr!(lang, "core-check-empty"));
        }
        return Ok(());
    }
    for column in &required {
        let nulls = match footer_nulls.get(column.name) {
            Some(n) => *n,
            None => number(next()),
        };
        if nulls > 0 {
            found.error(at, Some(column.name), |lang| {
                crate::tr!(lang, "core-check-nulls", count = nulls.to_string())
            });
        }
    }
    for column in &bounded {
        let (outside, example) = (number(next()), next());
        if outside > 0 {
            found.error(at, Some(column.name), |lang| {
                crate::tr!(
                    lang,
                    "core-check-outside-allowed",
                    count = outside.to_string(),
                    allowed = column.allowed.join(" / "),
                    example = format!("{example:?}")
                )
            });
        }
    }
    // Apart from the pass above: alone, its WHERE skips every row group whose statistics say all rows are synthetic.
    let unsourced = scalar_count(
        engine,
        &format!(
            "SELECT count(*) FROM {view} WHERE is_synthetic IS NOT TRUE AND \
             (nullif(trim(source_id), '') IS NULL OR nullif(trim(source_quote), '') IS NULL)"
        ),
        table.name,
    )?;
    if unsourced > 0 {
        found.error(at, Some("source_quote"), |lang| {
            crate::tr!(lang, "core-check-unsourced", count = unsourced.to_string())
        });
    }
    let key: Vec<String> = table.key.iter().map(|k| sql_ident(k)).collect();
    let duplicates = engine.query_rows(
        &gate::check(&format!(
            // Grouped by the key's 64-bit hash first, then by the key itself only where two hashes meet: grouping
            // 100M string keys in bounded memory ran out of it, as often as not, where grouping their hashes does
            // not (12 s on the national lake).
            "SELECT count(*), any_value(CAST(ROW({cols}) AS VARCHAR)) FROM \
             (SELECT {cols} FROM {view} WHERE hash({cols}) IN \
               (SELECT h FROM (SELECT hash({cols}) AS h FROM {view} GROUP BY h HAVING count(*) > 1)) \
             GROUP BY {cols} HAVING count(*) > 1)",
            cols = key.join(", ")
        ))?,
        table.name,
    )?;
    if let Some(row) = duplicates.first().filter(|r| r[0] != "0") {
        found.error(at, Some(&table.key.join(", ")), |lang| {
            crate::tr!(
                lang,
                "core-check-duplicate-keys",
                count = &row[0],
                example = &row[1]
            )
        });
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
            // The English says DANGLING (`core-check-dangling`), which `lake undo` looks for.
            found.error(at, Some(column.name), |lang| {
                crate::tr!(
                    lang,
                    "core-check-dangling",
                    count = &row[0],
                    table = ref_table,
                    column = ref_column,
                    example = format!("{:?}", row[1])
                )
            });
        }
    }
    Ok(())
}

/// The one number a `SELECT count(*) …` gives (0 for none).
fn scalar_count(engine: &Engine, sql: &str, context: &str) -> Result<i64> {
    Ok(engine
        .query_rows(&gate::check(sql)?, context)?
        .first()
        .and_then(|r| r.first())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0))
}

fn first_line(s: &str) -> &str {
    s.lines().find(|l| !l.trim().is_empty()).unwrap_or(s)
}
