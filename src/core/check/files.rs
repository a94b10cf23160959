//! The files of a table against the contract: where they lie (Hive keys), what their footers say (columns, types, null counts), and what a difference reads as.

use super::*;

/// A layout that will make drill steps slow at scale (a note, never an error): a file whose row groups overlap in
/// `column`, so looking rows up by it reads every row group (docs/schema.md, "Layout for a large lake").
pub(super) fn check_layout(
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
            found.note(file, Some(column), |lang| {
                crate::tr!(
                    lang,
                    "core-check-overlapping-row-groups",
                    count = rows.len().to_string(),
                    column = column
                )
            });
        }
    }
    Ok(())
}

/// Per-file checks: readable, columns and types. Returns whether every file could be read with a schema that
/// satisfies the contract, so the row checks can run.
pub(super) fn check_files(
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
                let error = e.to_string();
                found.error(file, None, |lang| {
                    crate::tr!(
                        lang,
                        "core-check-unreadable-parquet",
                        error = first_line(&error)
                    )
                });
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
                        found.error(file, Some(column.name), |lang| {
                            crate::tr!(
                                lang,
                                "core-check-missing-column",
                                kind = kind_words(lang, column.kind)
                            )
                        });
                        all_good = false;
                    }
                    Some((_, ty)) if !column.kind.accepts(ty) => {
                        found.error(file, Some(column.name), |lang| {
                            crate::tr!(
                                lang,
                                "core-check-wrong-type",
                                actual = ty,
                                kind = kind_words(lang, column.kind)
                            )
                        });
                        all_good = false;
                    }
                    Some(_) => {}
                }
            }
            for (name, _) in &schema {
                if table.column(name).is_none() {
                    found.note(file, Some(name), |lang| {
                        crate::tr!(lang, "core-check-extra-column")
                    });
                }
            }
        }
        match &first_schema {
            None => first_schema = Some((file.clone(), schema)),
            Some((first, expected)) if *expected != schema => {
                found.error(file, None, |lang| {
                    crate::tr!(
                        lang,
                        "core-check-schema-differs",
                        first = first.display().to_string(),
                        diff = schema_diff(lang, expected, &schema)
                    )
                });
                all_good = false;
            }
            Some(_) => {}
        }
    }
    Ok(all_good)
}

/// Null counts of top-level columns whose every column chunk, in every file of the table, states one in its
/// footer; a column some chunk leaves silent (or a Hive partition column, which no file holds) is not in the map.
pub(super) fn footer_null_counts(
    engine: &Engine,
    files: &TableFiles,
) -> Result<BTreeMap<String, i64>> {
    if files.files.is_empty() {
        return Ok(BTreeMap::new());
    }
    let list: Vec<String> = files
        .files
        .iter()
        .map(|f| sql_literal(&f.display().to_string()))
        .collect();
    let rows = engine.query_rows(
        &gate::check(&format!(
            "SELECT path_in_schema, sum(stats_null_count), count(*) FILTER (WHERE stats_null_count IS NULL), \
             count(DISTINCT file_name) FROM parquet_metadata([{}]) GROUP BY path_in_schema",
            list.join(", ")
        ))?,
        &files.name,
    )?;
    Ok(rows
        .into_iter()
        .filter(|r| {
            r.get(2).map(String::as_str) == Some("0")
                && r.get(3).and_then(|n| n.parse::<usize>().ok()) == Some(files.files.len())
        })
        .filter_map(|r| Some((r.first()?.clone(), r.get(1)?.parse().ok()?)))
        .collect())
}

/// Names of Hive partition keys in a file's path below the table folder (`province_code=CN-HB` → province_code).
pub(super) fn hive_keys(table_dir: &Path, file: Option<&Path>) -> Vec<String> {
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

pub(super) fn schema_diff(
    lang: Lang,
    expected: &[(String, String)],
    actual: &[(String, String)],
) -> String {
    let mut parts = Vec::new();
    for (name, ty) in expected {
        match actual.iter().find(|(n, _)| n == name) {
            None => parts.push(crate::tr!(lang, "core-check-diff-no-column", name = name)),
            Some((_, t)) if t != ty => parts.push(crate::tr!(
                lang,
                "core-check-diff-other-type",
                name = name,
                actual = t,
                expected = ty
            )),
            Some(_) => {}
        }
    }
    for (name, _) in actual {
        if !expected.iter().any(|(n, _)| n == name) {
            parts.push(crate::tr!(
                lang,
                "core-check-diff-extra-column",
                name = name
            ));
        }
    }
    if parts.is_empty() {
        crate::tr!(lang, "core-check-diff-order")
    } else {
        parts.join(crate::tr!(lang, "err-list-separator").as_str())
    }
}

/// A column's kind in `lang`, as the contract describes it (`Kind::describe` in English).
pub(super) fn kind_words(lang: Lang, kind: contract::Kind) -> String {
    match kind {
        contract::Kind::Text => crate::tr!(lang, "err-import-kind-text"),
        contract::Kind::Integer => crate::tr!(lang, "err-import-kind-integer"),
        contract::Kind::Money => crate::tr!(lang, "err-import-kind-money"),
        contract::Kind::Exact => crate::tr!(lang, "err-import-kind-exact"),
        contract::Kind::Boolean => crate::tr!(lang, "err-import-kind-boolean"),
        contract::Kind::Date => crate::tr!(lang, "err-import-kind-date"),
    }
}

/// Why a path of a table's folder is not read, in `lang` (`Skipped::describe` in English).
pub(super) fn skipped(lang: Lang, why: Skipped) -> String {
    match why {
        Skipped::LeadsOutside => crate::tr!(lang, "core-check-skipped-leads-outside"),
        Skipped::NotALakeFile => crate::tr!(lang, "core-check-skipped-not-a-lake-file"),
        Skipped::LinkedFolder => crate::tr!(lang, "core-check-skipped-linked-folder"),
        Skipped::SpecialFile => crate::tr!(lang, "core-check-skipped-special-file"),
    }
}
