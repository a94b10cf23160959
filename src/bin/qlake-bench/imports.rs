//! `lake import` of the lake's own enterprises as a CSV file, into a copy of the lake without them (every other table
//! hard-linked, so references resolve), against DuckDB's own `COPY (FROM read_csv(…)) TO … (FORMAT parquet)` of the
//! same file: the import does that, plus every check.

use std::path::{Path, PathBuf};

use qlake::core::error::{Error, Result};
use qlake::core::sql::sql_literal;

use super::{Row, median, peak_kb, time, timed_qlake};

/// Flat memory, as a line the same at every size: an import's DuckDB holds the rows within its limit (320 MiB) and
/// spills the rest, so the peak is that limit and the process around it, whatever the file's length (1M rows:
/// 241-264 MB, ending before the pass fills its limit; 10M: 280-362 MB; 30M: 369 MB; docs/performance.md).
const PEAK_BOUND_MB: f64 = 400.0;

pub(super) fn imports(label: &str, dir: &Path, work: &Path, runs: usize) -> Result<Vec<Row>> {
    let csv = work.join(format!("bench-enterprises-{label}.csv"));
    let conn = duckdb::Connection::open_in_memory().map_err(|e| Error::query("bench", e))?;
    // The file is the lake's own enterprises: one written from a lake the generator has since made again would name
    // projects and cities the new lake lacks.
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let lake_made = modified(&dir.with_extension("version"));
    if modified(&csv).is_none_or(|written| lake_made.is_some_and(|made| written < made)) {
        conn.execute_batch(&format!(
            "COPY (SELECT * EXCLUDE (province_code), province_code FROM read_parquet({}, hive_partitioning = true)) \
             TO {} (HEADER)",
            sql_literal(&format!("{}/enterprises/**/*.parquet", dir.display())),
            sql_literal(&csv.display().to_string())
        ))
        .map_err(|e| Error::query("bench: writing the CSV to import", e))?;
    }
    let rows: u64 = conn
        .query_row(
            &format!(
                "SELECT count(*) FROM read_csv({})",
                sql_literal(&csv.display().to_string())
            ),
            [],
            |r| r.get(0),
        )
        .map_err(|e| Error::query("bench", e))?;
    let parquet = work.join("bench-duckdb-import.parquet");
    // qlake's import and DuckDB's COPY take turns: this machine's speed drifts by 10-20 % over a minute, and runs
    // of one after all runs of the other measured the drift as much as the tools.
    let (mut ours, mut theirs, mut peak) = (Vec::new(), Vec::new(), 0.0f64);
    for _ in 0..runs {
        let target = lake_without_enterprises(dir, work)?;
        let (ms, child) = timed_qlake(
            &[
                "lake".as_ref(),
                "import".as_ref(),
                target.as_os_str(),
                "enterprises".as_ref(),
                csv.as_os_str(),
            ],
            &[("QLAKE_REPORT_PEAK_MEMORY", "1".as_ref())],
            "the import",
        )?;
        ours.push(ms);
        peak = peak.max(peak_kb(&child.stderr).unwrap_or(f64::NAN));
        let _ = std::fs::remove_dir_all(&target);
        let _ = std::fs::remove_file(&parquet);
        theirs.push(
            time(|| {
                let c =
                    duckdb::Connection::open_in_memory().map_err(|e| Error::query("duckdb", e))?;
                c.execute_batch(&format!(
                    "COPY (FROM read_csv({})) TO {} (FORMAT parquet)",
                    sql_literal(&csv.display().to_string()),
                    sql_literal(&parquet.display().to_string())
                ))
                .map_err(|e| Error::query("duckdb", e))
            })?
            .0,
        );
    }
    let _ = std::fs::remove_file(&parquet);
    let (q, d) = (median(ours), median(theirs));
    Ok(vec![
        Row {
            measure: format!("lake import of {rows} enterprises from CSV vs COPY … TO parquet"),
            lake: label.into(),
            qlake_ms: q,
            duckdb_ms: Some(d),
            baseline: "read_csv, auto-detected".into(),
            same_views_ms: None,
            target: "≤ 1.5 × DuckDB".into(),
            met: Some(q <= 1.5 * d),
        },
        Row {
            measure: format!("peak resident memory: lake import of {rows} enterprises"),
            lake: label.into(),
            qlake_ms: peak / 1024.0,
            duckdb_ms: None,
            baseline: "—".into(),
            same_views_ms: None,
            target: format!("< {PEAK_BOUND_MB:.0} MB at every size"),
            met: Some(peak / 1024.0 < PEAK_BOUND_MB),
        },
    ])
}

/// A new lake folder whose tables are hard links of `dir`'s, but for enterprises.
fn lake_without_enterprises(dir: &Path, work: &Path) -> Result<PathBuf> {
    let target = work.join("bench-import-lake");
    let _ = std::fs::remove_dir_all(&target);
    let enter = |p: &Path| p.file_name().is_none_or(|n| n != "enterprises");
    super::link_tree(dir, &target, &enter, &|name| vec![name.to_string()])?;
    Ok(target)
}
