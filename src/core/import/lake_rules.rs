//! Whether the lake, with the import's rows, still passes the rules: the written rows' own, then lake check's across tables, reported as what the import newly breaks.

use super::*;

/// Whether the rules of scope `Written` (all but the types) hold for the rows written to `staged`: they run, as
/// written for the text, on `incoming` as a view of the written file with every column as text.
pub(super) fn written_rules_hold(
    conn: &Connection,
    table: &'static Table,
    lake: &validate::LakeSide,
    staged: &Path,
) -> Result<bool> {
    let columns: Vec<String> = table
        .columns
        .iter()
        .map(|c| format!("CAST({q} AS VARCHAR) AS {q}", q = sql_ident(c.name)))
        .collect();
    conn.execute_batch(&format!(
        "SET memory_limit = {}; CREATE OR REPLACE TEMP VIEW incoming AS SELECT file_row_number + 1 AS _row, {} \
         FROM read_parquet({}, file_row_number = true);",
        sql_literal(CHECK_MEMORY),
        columns.join(", "),
        sql_literal(&staged.display().to_string())
    ))
    .map_err(|e| Error::query("reading the import back", e))?;
    let stored = validate::as_stored(table);
    let found: i64 = scalar(conn, &validate::written_problem_count(table, &stored, lake))?;
    Ok(found == 0)
}

/// `lake check`'s rules across tables on the lake with the staged file among its table's files: a rule that held
/// before and fails with it refuses the import, unless `--allow-unreconciled` says why (then recorded).
pub(super) fn lake_rules_hold(
    lake: &Lake,
    tables: Vec<TableFiles>,
    table: &Table,
    staged: &Path,
    options: &Options,
) -> Result<Option<String>> {
    let mut with = tables.clone();
    let staged = std::fs::canonicalize(staged).map_err(|e| Error::io(staged, e))?;
    match with.iter_mut().find(|t| t.name == table.name) {
        Some(t) => t.files.push(staged.clone()),
        None => {
            with.push(TableFiles {
                name: table.name.into(),
                location: lake.root.join(table.name),
                files: vec![staged.clone()],
                skipped: Vec::new(),
                hive_partitioned: false,
            });
            with.sort_by(|a, b| a.name.cmp(&b.name));
        }
    }
    let staged_name = file_name(&staged);
    let broken: Vec<Broken> = newly_broken(
        lake,
        tables,
        with,
        &|lake, tables| {
            check::check_rules_reading(
                lake,
                tables,
                table.name,
                options.allow_unreconciled.is_none(),
            )
        },
        &|_| true,
    )?
    .into_iter()
    // The staged file's own name in a problem is the name it will have.
    .map(|p| Broken {
        shown: p.shown.replace(&staged_name, "(this import)"),
        english: p.english.replace(&staged_name, "(this import)"),
    })
    .collect();
    if broken.is_empty() {
        return Ok(None);
    }
    match &options.allow_unreconciled {
        Some(why) => {
            let rules: Vec<&str> = broken.iter().map(|b| b.english.as_str()).collect();
            Ok(Some(format!("{why} (rules: {})", rules.join("; "))))
        }
        None => {
            let lang = crate::i18n::process_lang();
            Err(Error::Invalid(format!(
                "{}\n{}",
                crate::tr!(
                    lang,
                    "err-import-lake-rules-fail",
                    file = options.file.display().to_string()
                ),
                broken
                    .iter()
                    .map(|b| b.shown.as_str())
                    .collect::<Vec<_>>()
                    .join("\n")
            )))
        }
    }
}

/// A check of the lake as if its tables were the ones given.
pub(super) type LakeCheck<'a> = dyn Fn(&Lake, Vec<TableFiles>) -> Result<Vec<check::Problem>> + 'a;

/// The errors `check` finds in the lake with `after` as its tables that it does not find with `before`, among those
/// `keep` keeps: what an import or an undo would break.
pub(super) fn newly_broken(
    lake: &Lake,
    before: Vec<TableFiles>,
    after: Vec<TableFiles>,
    check: &LakeCheck<'_>,
    keep: &dyn Fn(&check::Problem) -> bool,
) -> Result<Vec<Broken>> {
    // Each problem as the reader's language says it and in English: the English is compared (the same problem in
    // both states of the lake) and kept in the import log (data, the same in every language).
    let errors = |problems: Vec<check::Problem>| -> Vec<Broken> {
        problems
            .into_iter()
            .filter(|p| p.severity == Severity::Error && keep(p))
            .map(|p| Broken {
                shown: p.to_string(),
                english: p.english(),
            })
            .collect()
    };
    // The lake as it would be first: when nothing fails there, nothing newly fails, and the lake as it is need not
    // be checked at all.
    let will = errors(check(lake, after)?);
    if will.is_empty() {
        return Ok(will);
    }
    let was = errors(check(lake, before)?);
    Ok(will
        .into_iter()
        .filter(|p| !was.iter().any(|w| w.english == p.english))
        .collect())
}

/// A rule a change would break: as shown to the reader, and in English for the import log.
pub(super) struct Broken {
    pub(super) shown: String,
    pub(super) english: String,
}
