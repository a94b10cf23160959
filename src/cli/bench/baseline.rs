//! The DuckDB side of the benchmark: the lake declared as a DuckDB user would (the best of several ways), and with
//! qlake's own views for the overhead ratio. Written from DuckDB's documentation, never from qlake's engine (but for
//! `duckdb_over`, which is qlake's views on purpose).

use std::path::{Path, PathBuf};

use crate::core::error::{Error, Result};
use crate::core::lake::{Lake, LakeOrigin};

use super::{median, time};

/// The ways a DuckDB user declares a folder of Parquet tables, written here from DuckDB's documentation and never
/// from qlake's engine: a glob or an explicit file list, with and without `union_by_name`. The benchmark's baseline is
/// the fastest of them for each measure.
pub(super) const DECLARATIONS: [(&str, bool, bool); 4] = [
    ("glob", true, false),
    ("glob, union_by_name", true, true),
    ("file list", false, false),
    ("file list, union_by_name", false, true),
];

/// A plain DuckDB over the lake's folders, declared one of the [`DECLARATIONS`] ways.
pub(super) fn duckdb_declared(
    lake: &Path,
    glob: bool,
    by_name: bool,
) -> Result<duckdb::Connection> {
    fn parquet_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                parquet_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "parquet") {
                out.push(path);
            }
        }
    }
    let conn = duckdb::Connection::open_in_memory().map_err(|e| Error::query("duckdb", e))?;
    // What an expert sets for repeated queries over the same files.
    conn.execute_batch("SET parquet_metadata_cache = true")
        .map_err(|e| Error::query("duckdb", e))?;
    let entries = std::fs::read_dir(lake).map_err(|e| Error::io(lake, e))?;
    for entry in entries.flatten() {
        let folder = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if !folder.is_dir() || name.starts_with(['.', '_']) {
            continue;
        }
        let mut files = Vec::new();
        parquet_files(&folder, &mut files);
        files.sort();
        if files.is_empty() {
            continue;
        }
        let hive = files.iter().any(|f| f.to_string_lossy().contains('='));
        let quote = |p: &Path| format!("'{}'", p.display().to_string().replace('\'', "''"));
        let source = if glob {
            quote(&folder.join("**").join("*.parquet"))
        } else {
            format!(
                "[{}]",
                files
                    .iter()
                    .map(|f| quote(f))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        conn.execute_batch(&format!(
            "CREATE VIEW \"{name}\" AS SELECT * FROM read_parquet({source}, hive_partitioning = {hive}, union_by_name = {by_name})"
        ))
        .map_err(|e| Error::query("duckdb", e))?;
    }
    Ok(conn)
}

/// Medians of `work` on DuckDB declared each expert way (the best one and its name) and with qlake's own views.
/// With `cold`, opening and declaring count too (a new process's cost); otherwise each connection is made first.
pub(super) fn baselines(
    dir: &Path,
    runs: usize,
    cold: bool,
    work: &dyn Fn(&duckdb::Connection) -> Result<()>,
) -> Result<(f64, String, f64)> {
    let measure = |open: &dyn Fn() -> Result<duckdb::Connection>| -> Result<f64> {
        let mut times = Vec::new();
        let warm = if cold { None } else { Some(open()?) };
        for _ in 0..runs {
            let ms = match &warm {
                Some(conn) => time(|| work(conn))?.0,
                None => time(|| work(&open()?))?.0,
            };
            times.push(ms);
        }
        Ok(median(times))
    };
    let mut best = (f64::INFINITY, String::new());
    for (name, glob, by_name) in DECLARATIONS {
        let ms = measure(&|| duckdb_declared(dir, glob, by_name))?;
        if ms < best.0 {
            best = (ms, name.to_string());
        }
    }
    let same = measure(&|| duckdb_over(dir))?;
    Ok((best.0, best.1, same))
}

/// A plain DuckDB connection over the same files with qlake's own view declarations, no lockdown, no qlake: the
/// "same views" ratio, qlake's overhead on top of its own choices.
pub(super) fn duckdb_over(lake: &Path) -> Result<duckdb::Connection> {
    let conn = duckdb::Connection::open_in_memory().map_err(|e| Error::query("duckdb", e))?;
    conn.execute_batch("SET parquet_metadata_cache = true")
        .map_err(|e| Error::query("duckdb", e))?;
    let lake = Lake::open(lake, LakeOrigin::Flag)?;
    for t in lake.tables()? {
        conn.execute_batch(&crate::core::engine::view_sql(&t))
            .map_err(|e| Error::query("duckdb", e))?;
    }
    Ok(conn)
}

pub(super) fn duckdb_run(
    conn: &duckdb::Connection,
    sql: &str,
    params: &[(String, crate::core::engine::Value)],
) -> Result<usize> {
    let mut stmt = conn.prepare(sql).map_err(|e| Error::query("duckdb", e))?;
    let mut values: Vec<Box<dyn duckdb::ToSql>> = Vec::new();
    for i in 1..=stmt.parameter_count() {
        let name = stmt
            .parameter_name(i)
            .map_err(|e| Error::query("duckdb", e))?;
        let value = params
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(crate::core::engine::Value::Null, |(_, v)| v.clone());
        values.push(value.to_sql());
    }
    let refs: Vec<&dyn duckdb::ToSql> = values.iter().map(|b| b.as_ref()).collect();
    let mut rows = 0;
    for batch in stmt
        .stream_arrow(refs.as_slice())
        .map_err(|e| Error::query("duckdb", e))?
    {
        rows += batch.map_err(|e| Error::query("duckdb", e))?.num_rows();
    }
    Ok(rows)
}
