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
}

struct Row {
    measure: String,
    lake: String,
    qlake_ms: f64,
    duckdb_ms: Option<f64>,
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

/// A plain DuckDB connection over the same files, for the baseline: same views, no lockdown, no qlake.
fn duckdb_over(lake: &Path) -> Result<duckdb::Connection> {
    let conn = duckdb::Connection::open_in_memory().map_err(|e| Error::query("duckdb", e))?;
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

pub fn run(opts: &Options) -> Result<String> {
    std::fs::create_dir_all(&opts.work_dir).map_err(|e| Error::io(&opts.work_dir, e))?;
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
    let mut theirs = Vec::new();
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
        let (ms, _) = time(|| {
            let conn = duckdb_over(dir)?;
            for tile in crate::tui::app::TILES {
                let q = library.get(tile)?;
                duckdb_run(&conn, q.sql.as_str(), &q.bind(&[])?)?;
            }
            Ok(())
        })?;
        theirs.push(ms);
    }
    let q = median(ours);
    Ok(Row {
        measure: "cold start → first complete dashboard frame".into(),
        lake: label.into(),
        qlake_ms: q,
        duckdb_ms: Some(median(theirs)),
        target: format!("< {target_ms:.0} ms"),
        met: Some(q < target_ms),
    })
}

/// Key to rendered pane for each drill step, vs DuckDB running the step's saved query to completion.
fn drill_steps(label: &str, dir: &Path, library: &Library, runs: usize) -> Result<Vec<Row>> {
    let lake = Lake::open(dir, LakeOrigin::Flag)?;
    let engine = Engine::open(&lake)?;
    let conn = duckdb_over(dir)?;
    let steps = [
        "cities-of-province",
        "chains-of-city",
        "projects-of-chain",
        "enterprises-of-project",
    ];
    let mut ours: Vec<Vec<f64>> = vec![Vec::new(); steps.len()];
    let mut theirs: Vec<Vec<f64>> = vec![Vec::new(); steps.len()];
    let enter = parse_script("<enter>").map_err(Error::Invalid)?;
    let theme = Theme { color: false };
    for _ in 0..runs {
        let mut app = App::new(
            Library::load(None),
            Keymap::default(),
            label.into(),
            (100, 30),
        );
        let jobs = app.on_key(parse_script("2").map_err(Error::Invalid)?[0]);
        run_until_idle(&engine, &mut app, jobs);
        for (i, _) in steps.iter().enumerate() {
            let (ms, _) = time(|| {
                let jobs = app.on_key(enter[0]);
                run_until_idle(&engine, &mut app, jobs);
                screen_text(&app, &theme)
            })?;
            ours[i].push(ms);
            let level = app
                .explore
                .last()
                .ok_or_else(|| Error::Invalid("no level".into()))?;
            let q = library.get(&level.query)?;
            let (ms, _) = time(|| duckdb_run(&conn, q.sql.as_str(), &level.grid.query.params))?;
            theirs[i].push(ms);
        }
    }
    Ok(steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let (q, d) = (median(ours[i].clone()), median(theirs[i].clone()));
            Row {
                measure: format!("drill-down step → {step}"),
                lake: label.into(),
                qlake_ms: q,
                duckdb_ms: Some(d),
                target: "≤ 1.25 × DuckDB".into(),
                met: Some(q <= 1.25 * d),
            }
        })
        .collect())
}

/// A page of `SELECT * FROM enterprises`: first, middle, last; qlake's grid vs the bare page query. Peak memory of a
/// separate headless process that opens the result and jumps to its last row.
fn paging(label: &str, dir: &Path, runs: usize) -> Result<Vec<Row>> {
    use crate::tui::grid::{Grid, GridQuery, PAGE_ROWS};
    let lake = Lake::open(dir, LakeOrigin::Flag)?;
    let engine = Engine::open(&lake)?;
    let conn = duckdb_over(dir)?;
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
        let mut theirs = Vec::new();
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
            theirs.push(time(|| duckdb_run(&conn, sql.as_str(), &params))?.0);
        }
        let q = median(ours);
        out.push(Row {
            measure: format!("page of a {total}-row result: {name}"),
            lake: label.into(),
            qlake_ms: q,
            duckdb_ms: Some(median(theirs)),
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
        target: "< 300 MB".into(),
        met: Some(kb / 1024.0 < 300.0),
    });
    Ok(out)
}

fn exports(label: &str, dir: &Path, work: &Path, runs: usize) -> Result<Vec<Row>> {
    let lake = Lake::open(dir, LakeOrigin::Flag)?;
    let engine = Engine::open(&lake)?;
    let conn = duckdb_over(dir)?;
    let mut out = Vec::new();
    for format in [Format::Csv, Format::Parquet] {
        let ours_path = work.join(format!("bench-qlake.{}", format.extension()));
        let theirs_path = work.join(format!("bench-duckdb.{}", format.extension()));
        let mut ours = Vec::new();
        let mut theirs = Vec::new();
        for _ in 0..runs {
            let _ = std::fs::remove_file(&ours_path);
            let _ = std::fs::remove_file(&theirs_path);
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
            let copy = format!(
                "COPY (SELECT * FROM enterprises) TO '{}' (FORMAT {})",
                theirs_path.display(),
                if format == Format::Csv {
                    "csv"
                } else {
                    "parquet"
                }
            );
            theirs.push(
                time(|| {
                    conn.execute_batch(&copy)
                        .map_err(|e| Error::query("duckdb", e))
                })?
                .0,
            );
        }
        let _ = std::fs::remove_file(&ours_path);
        let _ = std::fs::remove_file(&theirs_path);
        let (q, d) = (median(ours), median(theirs));
        out.push(Row {
            measure: format!(
                "export of all enterprises to {} vs COPY … TO",
                format.name()
            ),
            lake: label.into(),
            qlake_ms: q,
            duckdb_ms: Some(d),
            target: "≤ 1.15 × DuckDB".into(),
            met: Some(q <= 1.15 * d),
        });
    }
    Ok(out)
}

/// Opening a whole lake (a view per table) and counting its largest table, as the rows grow.
fn open_lake(label: &str, dir: &Path, runs: usize) -> Result<Row> {
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    for _ in 0..runs {
        ours.push(
            time(|| {
                let engine = Engine::open(&Lake::open(dir, LakeOrigin::Flag)?)?;
                engine.query_rows(&gate::check("SELECT count(*) FROM enterprises")?, "bench")
            })?
            .0,
        );
        theirs.push(
            time(|| duckdb_run(&duckdb_over(dir)?, "SELECT count(*) FROM enterprises", &[]))?.0,
        );
    }
    Ok(Row {
        measure: "open the lake (13 views) and count enterprises".into(),
        lake: label.into(),
        qlake_ms: median(ours),
        duckdb_ms: Some(median(theirs)),
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
        let mut theirs = Vec::new();
        for _ in 0..runs {
            ours.push(
                time(|| {
                    let engine = Engine::open(&Lake::open(&dir, LakeOrigin::Flag)?)?;
                    engine.query_rows(&gate::check("SELECT count(*) FROM t")?, "bench")
                })?
                .0,
            );
            theirs.push(
                time(|| {
                    let conn = duckdb::Connection::open_in_memory().map_err(|e| Error::query("duckdb", e))?;
                    conn.execute_batch(&format!(
                        "CREATE VIEW t AS SELECT * FROM read_parquet('{}/t/**/*.parquet', hive_partitioning = true)",
                        dir.display()
                    ))
                    .map_err(|e| Error::query("duckdb", e))?;
                    duckdb_run(&conn, "SELECT count(*) FROM t", &[])
                })?
                .0,
            );
        }
        out.push(Row {
            measure: format!("open a lake of {files} files ({rows} rows) and count"),
            lake: format!("{files} files"),
            qlake_ms: median(ours),
            duckdb_ms: Some(median(theirs)),
            target: "—".into(),
            met: None,
        });
    }
    Ok(out)
}

fn table(rows: &[Row], runs: usize) -> String {
    let mut out = format!(
        "Medians of {runs} run(s). qlake and DuckDB run the same SQL on the same files in the same process (the cold start runs qlake as a new process).\n\n\
         | measure | lake | qlake | DuckDB | ratio | target | met |\n|---|---|---:|---:|---:|---|---|\n"
    );
    for r in rows {
        let unit = if r.measure.starts_with("peak resident") {
            "MB"
        } else {
            "ms"
        };
        let (duck, ratio) = match r.duckdb_ms {
            Some(d) => (format!("{d:.1} ms"), format!("{:.2}", r.qlake_ms / d)),
            None => ("—".into(), "—".into()),
        };
        let met = match r.met {
            Some(true) => "met",
            Some(false) => "NOT met",
            None => "—",
        };
        out.push_str(&format!(
            "| {} | {} | {:.1} {unit} | {duck} | {ratio} | {} | {met} |\n",
            r.measure, r.lake, r.qlake_ms, r.target
        ));
    }
    out
}
