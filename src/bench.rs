//! `qlake bench`: qlake's cost above DuckDB's own work, measured side by side in one run on the sample lake and on
//! generated lakes (made once with `lake generate`, cached). Prints a Markdown table for `docs/performance.md`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::core::engine::Engine;
use crate::core::error::{Error, Result};
use crate::core::export::{self, Destination, Format, QueryText};
use crate::core::gate;
use crate::core::lake::{Lake, LakeOrigin};
use crate::core::queries::Library;
use crate::tui::app::App;
use crate::tui::keymap::{Keymap, parse_script};
use crate::tui::view::Theme;
use crate::tui::{run_until_idle, screen_text};

pub struct Options {
    /// Sample lake and a 100k lake, one run each: the smoke check CI runs.
    pub quick: bool,
    pub runs: usize,
    pub work_dir: PathBuf,
    pub sample: PathBuf,
    /// `--scale 100m`: the cold start and the drill steps on the 100M lake only.
    pub national: bool,
}

struct Row {
    measure: String,
    lake: String,
    qlake_ms: f64,
    /// The best DuckDB baseline: the fastest of the declarations an expert would try.
    duckdb_ms: Option<f64>,
    /// Which declaration that was.
    baseline: String,
    /// DuckDB with qlake's own view declarations: what qlake adds on top of its own choices.
    same_views_ms: Option<f64>,
    target: String,
    met: Option<bool>,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

fn time<T>(f: impl FnOnce() -> Result<T>) -> Result<(f64, T)> {
    let t = Instant::now();
    let out = f()?;
    Ok((t.elapsed().as_secs_f64() * 1000.0, out))
}

/// The ways a DuckDB user declares a folder of Parquet tables, written here from DuckDB's documentation and never
/// from qlake's engine: a glob or an explicit file list, with and without `union_by_name`. The benchmark's baseline is
/// the fastest of them for each measure.
const DECLARATIONS: [(&str, bool, bool); 4] = [
    ("glob", true, false),
    ("glob, union_by_name", true, true),
    ("file list", false, false),
    ("file list, union_by_name", false, true),
];

/// A plain DuckDB over the lake's folders, declared one of the [`DECLARATIONS`] ways.
fn duckdb_declared(lake: &Path, glob: bool, by_name: bool) -> Result<duckdb::Connection> {
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
fn baselines(
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
fn duckdb_over(lake: &Path) -> Result<duckdb::Connection> {
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

fn duckdb_run(
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

fn generated(work: &Path, enterprises: u64) -> Result<PathBuf> {
    let dir = work.join(format!("lake-{enterprises}"));
    if !dir.join("enterprises").is_dir() {
        eprintln!(
            "qlake bench: generating a lake of {enterprises} enterprises in {} (once)",
            dir.display()
        );
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        }
        crate::core::generate::generate(&dir, enterprises, 42)?;
    }
    Ok(dir)
}

/// The 100M lake: ten hard links of every file of the 10M lake, made once.
fn national(work: &Path) -> Result<PathBuf> {
    let source = generated(work, 10_000_000)?;
    let dir = work.join("lake-100m-links");
    if dir.join("enterprises").is_dir() {
        return Ok(dir);
    }
    eprintln!(
        "qlake bench: linking a 100M lake in {} (once)",
        dir.display()
    );
    let staging = work.join("lake-100m-links.part");
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
    }
    fn link_tree(from: &Path, to: &Path) -> Result<()> {
        std::fs::create_dir_all(to).map_err(|e| Error::io(to, e))?;
        for entry in std::fs::read_dir(from)
            .map_err(|e| Error::io(from, e))?
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                link_tree(&path, &to.join(entry.file_name()))?;
            } else if let Some(stem) = path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_suffix(".parquet"))
            {
                for copy in 0..10 {
                    let link = to.join(format!("{stem}-l{copy}.parquet"));
                    std::fs::hard_link(&path, &link).map_err(|e| Error::io(&link, e))?;
                }
            }
        }
        Ok(())
    }
    link_tree(&source, &staging)?;
    std::fs::rename(&staging, &dir).map_err(|e| Error::io(&dir, e))?;
    Ok(dir)
}

pub fn run(opts: &Options) -> Result<String> {
    std::fs::create_dir_all(&opts.work_dir).map_err(|e| Error::io(&opts.work_dir, e))?;
    if opts.national {
        let dir = national(&opts.work_dir)?;
        let library = Library::load(None);
        let runs = opts.runs.max(1);
        let mut rows = vec![first_frame("100M", &dir, &library, runs, 300.0)?];
        rows.extend(drill_steps("100M", &dir, &library, runs)?);
        return Ok(table(&rows, runs));
    }
    let mut lakes: Vec<(String, PathBuf)> = vec![("sample".into(), opts.sample.clone())];
    if opts.quick {
        lakes.push(("100k".into(), generated(&opts.work_dir, 100_000)?));
    } else {
        lakes.push(("1M".into(), generated(&opts.work_dir, 1_000_000)?));
        lakes.push(("10M".into(), generated(&opts.work_dir, 10_000_000)?));
    }
    let runs = opts.runs.max(1);
    let library = Library::load(None);
    let mut rows = Vec::new();
    for (label, dir) in &lakes {
        let big = label != "sample";
        rows.push(first_frame(
            label,
            dir,
            &library,
            runs,
            if label == "sample" { 100.0 } else { 500.0 },
        )?);
        if big {
            rows.push(open_lake(label, dir, runs)?);
            rows.extend(drill_steps(label, dir, &library, runs)?);
            rows.extend(paging(label, dir, runs)?);
            rows.extend(exports(
                label,
                dir,
                &opts.work_dir,
                if label == "10M" { runs.min(2) } else { runs },
            )?);
        }
    }
    rows.extend(open_by_files(
        &opts.work_dir,
        runs,
        if opts.quick { 10_000 } else { 1_000_000 },
    )?);
    Ok(table(&rows, runs))
}

/// A new process, headless, until every tile is loaded and the frame drawn; DuckDB: views plus the tiles' SQL.
fn first_frame(
    label: &str,
    dir: &Path,
    library: &Library,
    runs: usize,
    target_ms: f64,
) -> Result<Row> {
    let exe = std::env::current_exe().map_err(|e| Error::io(Path::new("qlake"), e))?;
    let mut ours = Vec::new();
    for _ in 0..runs {
        let (ms, status) = time(|| {
            Command::new(&exe)
                .args(["--lake"])
                .arg(dir)
                .args(["tui", "--headless", "--size", "100x30"])
                .output()
                .map_err(|e| Error::io(&exe, e))
        })?;
        if !status.status.success() {
            return Err(Error::Invalid(format!(
                "headless run failed: {}",
                String::from_utf8_lossy(&status.stderr)
            )));
        }
        ours.push(ms);
    }
    let (best, how, same) = baselines(dir, runs, true, &|conn| {
        for tile in crate::tui::app::TILES {
            let q = library.get(tile)?;
            duckdb_run(conn, q.sql()?.as_str(), &q.bind(&[])?)?;
        }
        Ok(())
    })?;
    let q = median(ours);
    Ok(Row {
        measure: "cold start → first complete dashboard frame".into(),
        lake: label.into(),
        qlake_ms: q,
        duckdb_ms: Some(best),
        baseline: how,
        same_views_ms: Some(same),
        target: format!("< {target_ms:.0} ms"),
        met: Some(q < target_ms),
    })
}

/// Key to rendered pane for each drill step, vs DuckDB running the step's saved query to completion.
fn drill_steps(label: &str, dir: &Path, library: &Library, runs: usize) -> Result<Vec<Row>> {
    let lake = Lake::open(dir, LakeOrigin::Flag)?;
    let engine = Engine::open(&lake)?;
    let steps = [
        "cities-of-province",
        "chains-of-city",
        "projects-of-chain",
        "enterprises-of-project",
    ];
    let mut ours: Vec<Vec<f64>> = vec![Vec::new(); steps.len()];
    // The query and parameters each step ran, for the baselines to run the same.
    let mut ran = Vec::new();
    let enter = parse_script("<enter>").map_err(Error::Invalid)?;
    let theme = Theme { color: false };
    for run in 0..runs {
        let mut app = App::new(
            Library::load(None),
            Keymap::default(),
            label.into(),
            (100, 30),
        );
        let first = parse_script("2").map_err(Error::Invalid)?;
        let jobs = app.on_key(
            *first
                .first()
                .ok_or_else(|| Error::Invalid("no key".into()))?,
        );
        run_until_idle(&engine, &mut app, jobs);
        for (i, _) in steps.iter().enumerate() {
            let key = *enter
                .first()
                .ok_or_else(|| Error::Invalid("no key".into()))?;
            let (ms, _) = time(|| {
                let jobs = app.on_key(key);
                run_until_idle(&engine, &mut app, jobs);
                screen_text(&app, &theme)
            })?;
            ours[i].push(ms);
            if run == 0 {
                let level = app
                    .explore
                    .last()
                    .ok_or_else(|| Error::Invalid("no level".into()))?;
                ran.push((level.query.clone(), level.grid.query.params.clone()));
            }
        }
    }
    let mut out = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        let (query, params) = ran
            .get(i)
            .ok_or_else(|| Error::Invalid(format!("drill step {step} did not run")))?;
        let q = library.get(query)?;
        let (best, how, same) = baselines(dir, runs, false, &|conn| {
            duckdb_run(conn, q.sql()?.as_str(), params).map(|_| ())
        })?;
        let ours = median(ours[i].clone());
        out.push(Row {
            measure: format!("drill-down step → {step}"),
            lake: label.into(),
            qlake_ms: ours,
            duckdb_ms: Some(best),
            baseline: how,
            same_views_ms: Some(same),
            // At national scale a step must also stay interactive in absolute terms.
            target: if label == "100M" {
                "< 150 ms and ≤ 1.25 × best DuckDB".into()
            } else {
                "≤ 1.25 × best DuckDB".into()
            },
            met: Some(ours <= 1.25 * best && (label != "100M" || ours < 150.0)),
        });
    }
    Ok(out)
}

/// A page of `SELECT * FROM enterprises`: first, middle, last; qlake's grid vs the bare page query. Peak memory of a
/// separate headless process that opens the result and jumps to its last row.
fn paging(label: &str, dir: &Path, runs: usize) -> Result<Vec<Row>> {
    use crate::tui::grid::{Grid, GridQuery, PAGE_ROWS};
    let lake = Lake::open(dir, LakeOrigin::Flag)?;
    let engine = Engine::open(&lake)?;
    let total: u64 = engine
        .query_rows(&gate::check("SELECT count(*) FROM enterprises")?, "bench")?
        .first()
        .and_then(|r| r.first())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut out = Vec::new();
    for (name, page) in [
        ("first", 0),
        ("middle", total / 2 / PAGE_ROWS),
        ("last", total.saturating_sub(1) / PAGE_ROWS),
    ] {
        let grid = Grid::new(GridQuery {
            sql: gate::check("SELECT * FROM enterprises")?,
            params: Vec::new(),
            label: "bench".into(),
        });
        let (sql, params) = grid.page_sql(page).map_err(Error::Invalid)?;
        let mut ours = Vec::new();
        for _ in 0..runs {
            let job = crate::tui::jobs::Job {
                id: 1,
                target: crate::tui::jobs::Target::Page(crate::tui::jobs::Slot::Console, page),
                work: crate::tui::jobs::Work::Rows {
                    sql: sql.clone(),
                    params: params.clone(),
                },
            };
            ours.push(time(|| Ok(crate::tui::jobs::execute(&engine, &job)))?.0);
        }
        // The page as a DuckDB user writes it; and qlake's own paging SQL on qlake's views.
        let plain = format!(
            "SELECT * FROM enterprises LIMIT {PAGE_ROWS} OFFSET {}",
            page * PAGE_ROWS
        );
        let (best, how, _) = baselines(dir, runs, false, &|conn| {
            duckdb_run(conn, &plain, &[]).map(|_| ())
        })?;
        let same_conn = duckdb_over(dir)?;
        let same = median(
            (0..runs)
                .map(|_| time(|| duckdb_run(&same_conn, sql.as_str(), &params)).map(|t| t.0))
                .collect::<Result<Vec<_>>>()?,
        );
        let q = median(ours);
        out.push(Row {
            measure: format!("page of a {total}-row result: {name}"),
            lake: label.into(),
            qlake_ms: q,
            duckdb_ms: Some(best),
            baseline: how,
            same_views_ms: Some(same),
            target: "< 50 ms".into(),
            met: Some(q < 50.0),
        });
    }
    let exe = std::env::current_exe().map_err(|e| Error::io(Path::new("qlake"), e))?;
    let child = Command::new(&exe)
        .arg("--lake")
        .arg(dir)
        .args([
            "tui",
            "--headless",
            "--keys",
            "5 select <space> * <space> from <space> enterprises <f5> <esc> G",
        ])
        .env("QLAKE_REPORT_PEAK_MEMORY", "1")
        .output()
        .map_err(|e| Error::io(&exe, e))?;
    // "qlake: peak resident memory 75056 kB", from the child's own /proc/self/status (a parent's rusage would
    // also count the moment between fork and exec, when the child is a copy of this process).
    let kb = String::from_utf8_lossy(&child.stderr)
        .lines()
        .find_map(|l| {
            l.strip_prefix("qlake: peak resident memory ")
                .map(str::to_string)
        })
        .and_then(|v| {
            v.split_whitespace()
                .next()
                .and_then(|n| n.parse::<f64>().ok())
        });
    // A measurement that could not be made is an error, never a row that quietly goes missing.
    let kb = match (child.status.success(), kb) {
        (true, Some(kb)) => kb,
        _ => {
            return Err(Error::Invalid(format!(
                "bench: the memory child failed ({}): {}",
                child.status,
                crate::core::cells::escape_lines(&String::from_utf8_lossy(&child.stderr))
            )));
        }
    };
    out.push(Row {
        measure: "peak resident memory: open the whole result, go to its last row".into(),
        lake: label.into(),
        qlake_ms: kb / 1024.0,
        duckdb_ms: None,
        baseline: "—".into(),
        same_views_ms: None,
        target: "< 300 MB".into(),
        met: Some(kb / 1024.0 < 300.0),
    });
    Ok(out)
}

fn exports(label: &str, dir: &Path, work: &Path, runs: usize) -> Result<Vec<Row>> {
    let lake = Lake::open(dir, LakeOrigin::Flag)?;
    let engine = Engine::open(&lake)?;
    let mut out = Vec::new();
    for format in [Format::Csv, Format::Parquet] {
        let ours_path = work.join(format!("bench-qlake.{}", format.extension()));
        let theirs_path = work.join(format!("bench-duckdb.{}", format.extension()));
        let mut ours = Vec::new();
        for _ in 0..runs {
            let _ = std::fs::remove_file(&ours_path);
            let query = QueryText {
                sql: gate::check("SELECT * FROM enterprises")?,
                params: Vec::new(),
                context: "bench".into(),
            };
            let destination = Destination::File {
                path: ours_path.clone(),
                overwrite: true,
            };
            ours.push(
                time(|| export::export(&engine, &query, format, &destination, &mut |_| Ok(())))?.0,
            );
        }
        let copy = format!(
            "COPY (SELECT * FROM enterprises) TO '{}' (FORMAT {})",
            theirs_path.display(),
            if format == Format::Csv {
                "csv"
            } else {
                "parquet"
            }
        );
        let (d, how, same) = baselines(dir, runs, false, &|conn| {
            let _ = std::fs::remove_file(&theirs_path);
            conn.execute_batch(&copy)
                .map_err(|e| Error::query("duckdb", e))
        })?;
        let _ = std::fs::remove_file(&ours_path);
        let _ = std::fs::remove_file(&theirs_path);
        let q = median(ours);
        out.push(Row {
            measure: format!(
                "export of all enterprises to {} vs COPY … TO",
                format.name()
            ),
            lake: label.into(),
            qlake_ms: q,
            duckdb_ms: Some(d),
            baseline: how,
            same_views_ms: Some(same),
            target: "≤ 1.15 × best DuckDB".into(),
            met: Some(q <= 1.15 * d),
        });
    }
    Ok(out)
}

/// Opening a whole lake (a view per table) and counting its largest table, as the rows grow.
fn open_lake(label: &str, dir: &Path, runs: usize) -> Result<Row> {
    let mut ours = Vec::new();
    for _ in 0..runs {
        ours.push(
            time(|| {
                let engine = Engine::open(&Lake::open(dir, LakeOrigin::Flag)?)?;
                engine.query_rows(&gate::check("SELECT count(*) FROM enterprises")?, "bench")
            })?
            .0,
        );
    }
    let (best, how, same) = baselines(dir, runs, true, &|conn| {
        duckdb_run(conn, "SELECT count(*) FROM enterprises", &[]).map(|_| ())
    })?;
    Ok(Row {
        measure: "open the lake (13 views) and count enterprises".into(),
        lake: label.into(),
        qlake_ms: median(ours),
        duckdb_ms: Some(best),
        baseline: how,
        same_views_ms: Some(same),
        target: "—".into(),
        met: None,
    })
}

/// Opening a lake (views registered) and counting a table, as the number of files grows.
fn open_by_files(work: &Path, runs: usize, rows: u64) -> Result<Vec<Row>> {
    let mut out = Vec::new();
    for files in [1_u64, 100, 1000] {
        let dir = work.join(format!("files-{files}-{rows}"));
        if !dir.join("t").is_dir() {
            let conn =
                duckdb::Connection::open_in_memory().map_err(|e| Error::query("duckdb", e))?;
            std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
            conn.execute_batch(&format!(
                "COPY (SELECT i % {files} AS bucket, i AS value FROM range({rows}) t(i)) TO '{}' (FORMAT parquet, PARTITION_BY (bucket))",
                dir.join("t").display()
            ))
            .map_err(|e| Error::query("duckdb", e))?;
        }
        let mut ours = Vec::new();
        for _ in 0..runs {
            ours.push(
                time(|| {
                    let engine = Engine::open(&Lake::open(&dir, LakeOrigin::Flag)?)?;
                    engine.query_rows(&gate::check("SELECT count(*) FROM t")?, "bench")
                })?
                .0,
            );
        }
        let (best, how, same) = baselines(&dir, runs, true, &|conn| {
            duckdb_run(conn, "SELECT count(*) FROM t", &[]).map(|_| ())
        })?;
        out.push(Row {
            measure: format!("open a lake of {files} files ({rows} rows) and count"),
            lake: format!("{files} files"),
            qlake_ms: median(ours),
            duckdb_ms: Some(best),
            baseline: how,
            same_views_ms: Some(same),
            target: "—".into(),
            met: None,
        });
    }
    Ok(out)
}

fn table(rows: &[Row], runs: usize) -> String {
    let mut out = format!(
        "Medians of {runs} run(s). qlake against the best DuckDB baseline — the fastest of the ways a DuckDB user declares \
         the lake (glob or file list, with or without union_by_name), written independently of qlake — and against DuckDB \
         with qlake's own views (qlake's overhead on its own choices). Both run in this process, the same SQL on the same \
         files; the cold start runs qlake as a new process.\n\n\
         | measure | lake | qlake | best DuckDB | declared | ratio | same views | ratio | target | met |\n\
         |---|---|---:|---:|---|---:|---:|---:|---|---|\n"
    );
    let ms = |v: Option<f64>| v.map_or("—".to_string(), |d| format!("{d:.1} ms"));
    for r in rows {
        let unit = if r.measure.starts_with("peak resident") {
            "MB"
        } else {
            "ms"
        };
        let ratio =
            |v: Option<f64>| v.map_or("—".to_string(), |d| format!("{:.2}", r.qlake_ms / d));
        let met = match r.met {
            Some(true) => "met",
            Some(false) => "NOT met",
            None => "—",
        };
        out.push_str(&format!(
            "| {} | {} | {:.1} {unit} | {} | {} | {} | {} | {} | {} | {met} |\n",
            r.measure,
            r.lake,
            r.qlake_ms,
            ms(r.duckdb_ms),
            r.baseline,
            ratio(r.duckdb_ms),
            ms(r.same_views_ms),
            ratio(r.same_views_ms),
            r.target
        ));
    }
    out
}
