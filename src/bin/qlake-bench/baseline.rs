//! The DuckDB side of the benchmark: the lake declared as a DuckDB user would (the best of several ways), and with
//! qlake's own views for the overhead ratio. Written from DuckDB's documentation, never from qlake's engine (but for
//! `duckdb_over`, which is qlake's views on purpose).

use std::path::{Path, PathBuf};

use qlake::core::error::{Error, Result};
use qlake::core::lake::{Lake, LakeOrigin};

use super::{Row, median, time};

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
    let sides = Sides::open(dir, cold)?;
    let mut times = Times::default();
    for _ in 0..runs {
        times.push(sides.time_each(work)?);
    }
    Ok(times.verdict())
}

/// The DuckDB sides of a measure: each of the [`DECLARATIONS`], then qlake's own views. The sides take turns run by
/// run (this machine's speed drifts by 10-20 % within a minute: all runs of one side, then all of the next, measured
/// the drift as a difference between them); the drill steps also change which side goes first from run to run
/// ([`Sides::time_each_from`]), since each side finds the files and caches warm from the one before.
pub(super) struct Sides<'a> {
    dir: &'a Path,
    /// Each side's connection, made once; none when opening and declaring are timed with the work.
    warm: Option<Vec<duckdb::Connection>>,
}

impl<'a> Sides<'a> {
    pub(super) fn open(dir: &'a Path, cold: bool) -> Result<Sides<'a>> {
        let warm = if cold {
            None
        } else {
            Some(
                (0..=DECLARATIONS.len())
                    .map(|side| Self::connect(dir, side))
                    .collect::<Result<_>>()?,
            )
        };
        Ok(Sides { dir, warm })
    }

    pub(super) fn connect(dir: &Path, side: usize) -> Result<duckdb::Connection> {
        match DECLARATIONS.get(side) {
            Some((_, glob, by_name)) => duckdb_declared(dir, *glob, *by_name),
            None => duckdb_over(dir),
        }
    }

    /// One timed run of `work` on each side, in the order of [`DECLARATIONS`] and qlake's views last.
    pub(super) fn time_each(
        &self,
        work: &dyn Fn(&duckdb::Connection) -> Result<()>,
    ) -> Result<Vec<f64>> {
        self.time_each_from(0, work)
    }

    /// [`Sides::time_each`] starting with the side `first` (modulo their number) and going round; the times are
    /// still given in the sides' order.
    pub(super) fn time_each_from(
        &self,
        first: usize,
        work: &dyn Fn(&duckdb::Connection) -> Result<()>,
    ) -> Result<Vec<f64>> {
        let count = DECLARATIONS.len() + 1;
        let mut times = vec![0.0; count];
        for turn in 0..count {
            let side = (first + turn) % count;
            times[side] = self.time_side(side, work)?;
        }
        Ok(times)
    }

    /// One timed run of `work` on one side: a [`DECLARATIONS`] index, or their count for qlake's views.
    pub(super) fn time_side(
        &self,
        side: usize,
        work: &dyn Fn(&duckdb::Connection) -> Result<()>,
    ) -> Result<f64> {
        match self.warm.as_ref().and_then(|conns| conns.get(side)) {
            Some(conn) => Ok(time(|| work(conn))?.0),
            None => Ok(time(|| work(&Self::connect(self.dir, side)?))?.0),
        }
    }
}

/// The side of the declaration named `name` (as a row's baseline names it), for a measure that takes that one only.
pub(super) fn side_named(name: &str) -> Option<usize> {
    DECLARATIONS
        .iter()
        .position(|(declared, _, _)| *declared == name)
}

/// Each side's times over the runs of a measure.
#[derive(Default)]
pub(super) struct Times(Vec<Vec<f64>>);

impl Times {
    /// One run's times, as [`Sides::time_each`] gives them.
    pub(super) fn push(&mut self, run: Vec<f64>) {
        if self.0.len() < run.len() {
            self.0.resize(run.len(), Vec::new());
        }
        for (side, ms) in self.0.iter_mut().zip(run) {
            side.push(ms);
        }
    }

    /// One time of one side (a measure that runs some sides only; the others stay out of its verdict).
    pub(super) fn push_side(&mut self, side: usize, ms: f64) {
        if self.0.len() <= DECLARATIONS.len() {
            self.0.resize(DECLARATIONS.len() + 1, Vec::new());
        }
        if let Some(times) = self.0.get_mut(side) {
            times.push(ms);
        }
    }

    /// A measure's row: qlake's median against the best side's (its declaration named after `baseline`, when given)
    /// and the same views'; `met` judges qlake's median against the best.
    pub(super) fn row(
        self,
        measure: String,
        lake: &str,
        ours: Vec<f64>,
        baseline: &str,
        target: String,
        met: impl FnOnce(f64, f64) -> bool,
    ) -> Row {
        let (best, how, same) = self.verdict();
        let ours = median(ours);
        Row {
            measure,
            lake: lake.into(),
            qlake_ms: ours,
            duckdb_ms: Some(best),
            baseline: if baseline.is_empty() {
                how
            } else {
                format!("{baseline}, {how}")
            },
            same_views_ms: Some(same),
            target,
            met: Some(met(ours, best)),
        }
    }

    /// The best declaration's median and its name, and the median with qlake's views.
    pub(super) fn verdict(self) -> (f64, String, f64) {
        let mut medians: Vec<Option<f64>> = self
            .0
            .into_iter()
            .map(|times| (!times.is_empty()).then(|| median(times)))
            .collect();
        let same = medians.pop().flatten().unwrap_or(f64::NAN);
        let (best, how) = medians
            .iter()
            .zip(DECLARATIONS)
            .filter_map(|(ms, declared)| ms.as_ref().map(|ms| (ms, declared)))
            .min_by(|a, b| a.0.total_cmp(b.0))
            .map_or((f64::NAN, String::new()), |(ms, (name, _, _))| {
                (*ms, name.to_string())
            });
        (best, how, same)
    }
}

/// A plain DuckDB connection over the same files with qlake's own view declarations, no lockdown, no qlake: the
/// "same views" ratio, qlake's overhead on top of its own choices.
pub(super) fn duckdb_over(lake: &Path) -> Result<duckdb::Connection> {
    let conn = duckdb::Connection::open_in_memory().map_err(|e| Error::query("duckdb", e))?;
    conn.execute_batch("SET parquet_metadata_cache = true")
        .map_err(|e| Error::query("duckdb", e))?;
    let lake = Lake::open(lake, LakeOrigin::Flag)?;
    match qlake::core::engine::declare_views(&conn, &lake.tables()?).first() {
        Some((table, e)) => Err(Error::query("duckdb", format!("{table}: {e}"))),
        None => Ok(conn),
    }
}

pub(super) fn duckdb_run(
    conn: &duckdb::Connection,
    sql: &str,
    params: &[(String, qlake::core::sql::Value)],
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
            .map_or(qlake::core::sql::Value::Null, |(_, v)| v.clone());
        values.push(qlake::core::engine::bound(&value));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_measure_of_some_sides_is_judged_on_those_only() {
        let mut times = Times::default();
        // Two rounds of the file list (side 2) and qlake's views; the other declarations never ran.
        for (side, ms) in [
            (2, 10.0),
            (DECLARATIONS.len(), 12.0),
            (2, 14.0),
            (DECLARATIONS.len(), 11.0),
        ] {
            times.push_side(side, ms);
        }
        let (best, how, same) = times.verdict();
        assert_eq!((best, how.as_str(), same), (12.0, "file list", 11.5));
        assert_eq!(side_named("file list"), Some(2));
        assert_eq!(side_named("no such way"), None);
    }

    #[test]
    fn a_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(median(vec![3.0, 1.0]), 2.0);
        assert_eq!(median(vec![5.0, 1.0, 3.0]), 3.0);
        assert!(median(Vec::new()).is_nan());
    }
}
