//! Mapping a file's columns onto a contract table's: names, units, the final SELECT, a sample of rows for messages.

use super::*;

/// Which of the file's columns feeds which contract column; the file's other columns and missing required ones are
/// errors, all named at once.
pub(super) fn map_columns(
    table: &'static Table,
    columns: &[String],
    options: &Options,
    file: &str,
) -> Result<Vec<Mapped>> {
    // The language of the problems said (`errors.ftl`).
    let lang = crate::i18n::process_lang();
    let mut errors = Vec::new();
    let mut used = vec![false; columns.len()];
    let mut mapped = Vec::new();
    for column in table.columns {
        let wanted: Vec<&str> = options
            .map
            .iter()
            .filter(|(_, to)| to == column.name)
            .map(|(from, _)| from.as_str())
            .collect();
        let found = columns.iter().position(|c| {
            if wanted.is_empty() {
                c.trim().eq_ignore_ascii_case(column.name)
            } else {
                wanted.iter().any(|w| c.trim() == w.trim())
            }
        });
        let from = match found {
            Some(i) => {
                used[i] = true;
                Source::Column(input::column_name(i))
            }
            None if column.name == "is_synthetic" => {
                Source::Constant(if options.synthetic { "true" } else { "false" })
            }
            None if !column.nullable => {
                errors.push(crate::tr!(
                    lang,
                    "err-import-missing-column",
                    file = file,
                    column = column.name,
                    table = table.name
                ));
                Source::Absent
            }
            None => Source::Absent,
        };
        let factor = match options.units.iter().find(|(c, _)| c == column.name) {
            Some((_, unit)) if column.kind != Kind::Money => {
                errors.push(crate::tr!(
                    lang,
                    "err-import-unit-not-money",
                    column = column.name,
                    unit = unit
                ));
                1
            }
            Some((_, unit)) => match unit_factor(unit) {
                Some(f) => f,
                None => {
                    errors.push(crate::tr!(
                        lang,
                        "err-import-unit-unknown",
                        column = column.name,
                        unit = unit
                    ));
                    1
                }
            },
            None => 1,
        };
        mapped.push(Mapped {
            column,
            from,
            factor,
        });
    }
    for (from, to) in &options.map {
        if table.column(to).is_none() {
            errors.push(crate::tr!(
                lang,
                "err-import-map-no-such-column",
                from = from,
                to = to,
                table = table.name
            ));
        }
        if !columns.iter().any(|c| c.trim() == from.trim()) {
            errors.push(crate::tr!(
                lang,
                "err-import-map-not-in-file",
                from = from,
                to = to,
                file = file
            ));
        }
    }
    for (c, _) in &options.units {
        if table.column(c).is_none() {
            errors.push(crate::tr!(
                lang,
                "err-import-unit-no-such-column",
                column = c,
                table = table.name
            ));
        }
    }
    for (i, c) in columns.iter().enumerate() {
        if !used[i] {
            errors.push(crate::tr!(
                lang,
                "err-import-column-not-in-table",
                file = file,
                column = c,
                table = table.name,
                columns = table
                    .columns
                    .iter()
                    .map(|c| c.name)
                    .collect::<Vec<_>>()
                    .join(crate::tr!(lang, "err-list-separator").as_str())
            ));
        }
    }
    if errors.is_empty() {
        Ok(mapped)
    } else {
        errors.push(crate::tr!(lang, "err-import-nothing-imported", file = file));
        Err(Error::Usage(errors.join("\n")))
    }
}

pub(super) fn unit_factor(unit: &str) -> Option<u64> {
    match unit.trim().to_lowercase().as_str() {
        "元" | "yuan" => Some(1),
        "万元" | "万" | "wan" => Some(10_000),
        "亿元" | "亿" | "yi" => Some(100_000_000),
        _ => None,
    }
}

/// The rows of `from` as the lake stores them: the contract's columns, order and types, in the file's order (DuckDB
/// keeps insertion order; sorting a million rows, by key or by row, cost as much as writing them).
pub(super) fn final_select(mapped: &[Mapped], from: &str) -> String {
    let columns: Vec<String> = mapped
        .iter()
        .map(|m| {
            format!(
                "CAST({} AS {}) AS {}",
                m.typed(),
                m.column.kind.canonical(),
                sql_ident(m.column.name)
            )
        })
        .collect();
    format!("SELECT {} FROM {from}", columns.join(", "))
}

pub(super) fn sample_rows(conn: &Connection, select: &str) -> Result<Vec<Vec<String>>> {
    let failed = |e: duckdb::Error| Error::query("previewing the import", e);
    let mut stmt = conn
        .prepare(&format!("SELECT * FROM ({select}) LIMIT 5"))
        .map_err(failed)?;
    let batches: Vec<duckdb::arrow::record_batch::RecordBatch> =
        stmt.query_arrow([]).map_err(failed)?.collect();
    let mut rows = Vec::new();
    for b in &batches {
        rows.extend(crate::core::cells::batch_rows(b)?);
    }
    Ok(rows)
}
