//! The first start after a change to a generated lake: one enterprises file's rows added (a copy of the largest file,
//! about 1M rows at 100M, as an import adds a file), then qlake started on the lake as it now is, with the tiles of the
//! lake before the change remembered. Only the tiles whose queries read enterprises run again
//! (`core::result_cache`), and of their units over enterprises only the new file's part is computed
//! (`core::engine::partials`); DuckDB: its views plus every tile's SQL over the changed lake, the whole recomputation.

use std::path::{Path, PathBuf};

use qlake::core::error::{Error, Result};
use qlake::core::lake::{Lake, LakeOrigin};
use qlake::core::queries::Library;

use super::measures::{headless_start, tiles_baseline};
use super::{Row, median};

/// Files this measure adds are named so; one left by a run that was stopped is removed before the next.
const ADDED: &str = "qlake-bench-added-";

/// An added file, removed however the measure ends.
struct Added(PathBuf);

impl Drop for Added {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

pub(super) fn first_frame_after_import(
    label: &str,
    dir: &Path,
    work: &Path,
    library: &Library,
    runs: usize,
    target_ms: f64,
) -> Result<Row> {
    remove_added(dir)?;
    let files = enterprise_files(dir)?;
    let largest = files
        .iter()
        .max_by_key(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0))
        .ok_or_else(|| Error::Invalid(format!("bench: {} has no enterprises file", dir.display())))?
        .clone();
    let rows = rows_of(&largest)?;
    let cache = work.join("after-import-cache");
    let start = || headless_start(dir, &cache, "the headless start after an import");
    // The lake before the change, remembered.
    start()?;
    let add = |run: usize| -> Result<Added> {
        let folder = largest.parent().unwrap_or(dir);
        let added = Added(folder.join(format!("{ADDED}{run}.parquet")));
        // A copy, not a link: a file of its own, as an import writes.
        std::fs::copy(&largest, &added.0).map_err(|e| Error::io(&added.0, e))?;
        Ok(added)
    };
    let mut times = Vec::new();
    for run in 0..runs {
        let _added = add(run)?;
        times.push(start()?);
    }
    let _added = add(runs)?;
    let (best, how, same) = tiles_baseline(dir, runs, library)?;
    let q = median(times);
    Ok(Row {
        measure: format!(
            "cold start → first complete dashboard frame after {rows} enterprises were added in a file of their own \
             (the tiles that read enterprises run, each unit over enterprises from its parts remembered from the lake before \
             and the new file's; the other tiles remembered)"
        ),
        lake: label.into(),
        qlake_ms: q,
        duckdb_ms: Some(best),
        baseline: how,
        same_views_ms: Some(same),
        target: format!("< {target_ms:.0} ms"),
        met: Some(q < target_ms),
    })
}

/// Remove what a run of this measure that was stopped left in a generated lake (every lake the benchmark generates
/// passes here before it is measured).
pub(super) fn remove_added(lake: &Path) -> Result<()> {
    for leftover in enterprise_files(lake)?.iter().filter(|f| is_added(f)) {
        std::fs::remove_file(leftover).map_err(|e| Error::io(leftover, e))?;
    }
    Ok(())
}

fn is_added(file: &Path) -> bool {
    file.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with(ADDED))
}

/// The enterprises table's files, as the lake lists them.
fn enterprise_files(lake: &Path) -> Result<Vec<PathBuf>> {
    let tables = Lake::open(lake, LakeOrigin::Flag)?.tables()?;
    Ok(tables
        .into_iter()
        .find(|t| t.name == "enterprises")
        .map(|t| t.files)
        .unwrap_or_default())
}

/// A Parquet file's row count, from its footer.
fn rows_of(file: &Path) -> Result<u64> {
    let conn = duckdb::Connection::open_in_memory().map_err(|e| Error::query("bench", e))?;
    let sql = format!(
        "SELECT sum(num_rows) FROM parquet_file_metadata({})",
        qlake::core::sql::sql_literal(&file.display().to_string())
    );
    conn.query_row(&sql, [], |r| r.get::<_, i64>(0))
        .map(|n| n as u64)
        .map_err(|e| Error::query("bench", e))
}
