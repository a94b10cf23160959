//! Each measure: qlake's side (a new process, or the app through a headless session, or the core) and the DuckDB
//! baselines for the same work.

use std::path::Path;
use std::process::Command;

use qlake::core::engine::Engine;
use qlake::core::error::{Error, Result};
use qlake::core::export::{self, Destination, Format, QueryText};
use qlake::core::gate;
use qlake::core::lake::{Lake, LakeOrigin};
use qlake::core::queries::Library;
use qlake::core::sql::sql_literal;
use qlake::tui::app::App;
use qlake::tui::view::Theme;
use qlake::tui::{Effects, Session};

use super::baseline::{DECLARATIONS, Sides, Times, baselines, duckdb_run};
use super::whole_process::Step;
use super::{Row, Targets, median, time, timed_qlake};

/// A new process, headless, until every tile is loaded and the frame drawn; DuckDB: views plus the tiles' SQL. Two
/// rows: a start with nothing remembered for this state of the lake (the tiles' queries run), and a start after one
/// (the tiles come from `core::result_cache`, as on every start until a file of the lake changes). The processes use a
/// cache folder of the benchmark's own, its other contents warmed by one unmeasured start.
pub(super) fn first_frame(
    label: &str,
    dir: &Path,
    work: &Path,
    library: &Library,
    runs: usize,
    target_ms: f64,
) -> Result<Vec<Row>> {
    let cache = work.join("first-frame-cache");
    let results = qlake::core::result_cache::dir(&cache);
    let parts = qlake::core::engine::partials::dir(&cache);
    let start = || headless_start(dir, &cache, "the headless start");
    start()?;
    let mut first_of_state = Vec::new();
    let mut remembered = Vec::new();
    for _ in 0..runs {
        // Nothing of this state remembered: neither the tiles nor their parts.
        let _ = std::fs::remove_dir_all(&results);
        let _ = std::fs::remove_dir_all(&parts);
        first_of_state.push(start()?);
        remembered.push(start()?);
    }
    let (best, how, same) = tiles_baseline(dir, runs, library)?;
    let row = |measure: &str, times: Vec<f64>| {
        let q = median(times);
        Row {
            measure: measure.into(),
            lake: label.into(),
            qlake_ms: q,
            duckdb_ms: Some(best),
            baseline: how.clone(),
            same_views_ms: Some(same),
            target: format!("< {target_ms:.0} ms"),
            met: Some(q < target_ms),
        }
    };
    Ok(vec![
        row(
            "cold start → first complete dashboard frame (first start on this state of the lake: the tiles' queries run)",
            first_of_state,
        ),
        row(
            "cold start → first complete dashboard frame (the tiles remembered from a start on the same files)",
            remembered,
        ),
    ])
}

/// The app as a user starts it, at 100x30.
fn bench_app(label: &str) -> App {
    qlake::tui::panes::new_app(
        Library::load(None),
        qlake::tui::panes::default_keymap(),
        label.into(),
        (100, 30),
    )
}

/// Milliseconds from pressing `keys` to the drawn screen, every query the keys lead to included. The session draws on
/// the terminal it drew the step before on, writing the cells that changed, as the terminal runner does.
fn key_to_screen(session: &mut Session<'_>, keys: &str, theme: &Theme) -> Result<f64> {
    Ok(time(|| {
        session.press(keys)?;
        session.draw(theme)
    })?
    .0)
}

/// Key to rendered pane for each drill step (the session runs every query the app asks for, as the app asks for it),
/// vs DuckDB running the step's saved query to completion. The steps are taken in one running app, down the path
/// and back up with Esc, run after run, as a user drills (the first time a query is used its text passes the gate,
/// about a millisecond, once); the DuckDB sides run the step right after qlake's run of it, and instead right before
/// it every second run, starting with another side each run.
pub(super) fn drill_steps(
    label: &str,
    dir: &Path,
    library: &Library,
    runs: usize,
) -> Result<(Vec<Row>, Vec<Step>)> {
    const STEPS: [&str; 4] = [
        "cities-of-province",
        "chains-of-city",
        "projects-of-chain",
        "enterprises-of-project",
    ];
    let runs = super::enough_runs(runs);
    let lake = Lake::open(dir, LakeOrigin::Flag)?;
    let engine = Engine::open(&lake)?;
    let sides = Sides::open(dir, false)?;
    let mut ours: Vec<Vec<f64>> = vec![Vec::new(); STEPS.len()];
    let mut theirs: Vec<Times> = STEPS.iter().map(|_| Times::default()).collect();
    let mut ran: Vec<Step> = Vec::new();
    let theme = Theme {
        color: false,
        ascii: false,
    };
    let mut app = bench_app(label);
    let mut session = Session::new(&engine, &mut app, Effects::Record);
    session.press("2")?;
    // The row each step is taken from (untimed, before its Enter): the first; on the sample lake the overview's path,
    // Hubei (fourth in code order) and Wuhan's third chain, the first with projects (the first two open their
    // enterprises instead).
    let rows_before: [&str; 4] = if label == "sample" {
        ["g j j j", "g", "g j j", "g"]
    } else {
        ["g"; 4]
    };
    for run in 0..runs {
        for (i, (((step, times), duckdb), row)) in STEPS
            .iter()
            .zip(ours.iter_mut())
            .zip(theirs.iter_mut())
            .zip(rows_before)
            .enumerate()
        {
            let sql = library.get(step)?.sql()?;
            // Whoever runs a step finds the files and the CPU's caches warm from whoever ran it just before: qlake and
            // the DuckDB sides take turns to go first (from the second run, once the step's parameters are known),
            // and the sides start with another one each run.
            let duckdb_first = run % 2 == 1 && ran.len() == STEPS.len();
            let time_sides = |params: &[(String, qlake::core::sql::Value)]| {
                sides.time_each_from(run, &|conn| {
                    duckdb_run(conn, sql.as_str(), params).map(|_| ())
                })
            };
            if duckdb_first {
                duckdb.push(time_sides(&ran[i].params)?);
            }
            session.press(row)?;
            times.push(key_to_screen(&mut session, "<enter>", &theme)?);
            // The query and parameters the step ran, for DuckDB to run the same.
            let (query, params) = session
                .current_query()
                .ok_or_else(|| Error::Invalid("no level".into()))?;
            if query != *step {
                return Err(Error::Invalid(format!(
                    "drill step {step} opened `{query}` instead"
                )));
            }
            if ran.len() < STEPS.len() {
                ran.push(Step {
                    query: step,
                    params: params.clone(),
                });
            }
            if duckdb_first {
                if params != ran[i].params {
                    return Err(Error::Invalid(format!(
                        "drill step {step} ran with other parameters than the DuckDB sides were given"
                    )));
                }
            } else {
                duckdb.push(time_sides(&params)?);
            }
        }
        session.press(&vec!["<esc>"; STEPS.len()].join(" "))?;
    }
    let rows = STEPS
        .iter()
        .zip(ours)
        .zip(theirs)
        .map(|((step, times), duckdb)| {
            // At national scale a step must also stay interactive in absolute terms.
            let national = label == "100M";
            let ratio = Targets::of(label).drill_ratio;
            duckdb.row(
                format!("drill-down step → {step}"),
                label,
                times,
                "",
                if national {
                    format!("< 150 ms and ≤ {ratio:.2} × best DuckDB")
                } else {
                    format!("≤ {ratio:.2} × best DuckDB")
                },
                |ours, best| ours <= ratio * best && (!national || ours < 150.0),
            )
        })
        .collect();
    Ok((rows, ran))
}

/// A new headless qlake on `dir` with `cache` as its cache folder, from process start until every tile is loaded and
/// the frame drawn (ms); `what` names it in an error.
pub(super) fn headless_start(dir: &Path, cache: &Path, what: &str) -> Result<f64> {
    let args = [
        "--lake".as_ref(),
        dir.as_os_str(),
        "tui".as_ref(),
        "--headless".as_ref(),
        "--size".as_ref(),
        "100x30".as_ref(),
    ];
    let env = [("QLAKE_CACHE_DIR", cache.as_os_str())];
    Ok(timed_qlake(&args, &env, what)?.0)
}

/// DuckDB's side of a first frame: its views, then every tile's query over `dir`.
pub(super) fn tiles_baseline(
    dir: &Path,
    runs: usize,
    library: &Library,
) -> Result<(f64, String, f64)> {
    baselines(dir, runs, true, &|conn| {
        for (_, q) in library.tiles() {
            duckdb_run(conn, q.sql()?.as_str(), &q.bind(&[])?)?;
        }
        Ok(())
    })
}

/// `SELECT * FROM enterprises` in the SQL console, then its middle and last rows with `:row N`: key to rendered
/// screen, everything the grid asks for included (the first screen also counts the rows). DuckDB: the same pages
/// written the plain way. Then the peak memory of a separate headless process that opens the result and jumps to its
/// last row.
pub(super) fn paging(
    label: &str,
    dir: &Path,
    work: &Path,
    runs: usize,
    targets: &Targets,
) -> Result<Vec<Row>> {
    use qlake::tui::grid::PAGE_ROWS;
    let lake = Lake::open(dir, LakeOrigin::Flag)?;
    let engine = Engine::open(&lake)?;
    let theme = Theme {
        color: false,
        ascii: false,
    };
    let mut total = 0;
    let (mut first, mut middle, mut last) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let mut app = bench_app(label);
        let mut session = Session::new(&engine, &mut app, Effects::Record);
        session.press("5 select <space> * <space> from <space> enterprises")?;
        first.push(key_to_screen(&mut session, "<f5>", &theme)?);
        total = session
            .row_count()
            .ok_or_else(|| Error::Invalid("the console's result was not counted".into()))?;
        session.press("<esc>")?;
        for (times, row) in [(&mut middle, total / 2), (&mut last, total)] {
            let keys = format!(": row <space> {row} <enter>");
            times.push(key_to_screen(&mut session, &keys, &theme)?);
        }
    }
    let mut out = Vec::new();
    // The pages `:row N` lands on (row N is index N − 1): the baseline reads exactly those. DuckDB's own time for a
    // page depends on where it starts — at 10M rows OFFSET 5,000,000 took 27 ms and OFFSET 4,999,800 (the page of
    // row 5,000,000) 290 ms — so comparing a neighbouring page made qlake look 10× slower than it is.
    let page_of = |row: u64| row.saturating_sub(1) / PAGE_ROWS;
    let pages = [
        ("first, with its count", 0),
        ("middle", page_of(total / 2)),
        ("last", page_of(total)),
    ];
    for ((name, page), times) in pages.into_iter().zip([first, middle, last]) {
        // The page as a DuckDB user writes it (and the count, for the first screen).
        let plain = format!(
            "SELECT * FROM enterprises LIMIT {PAGE_ROWS} OFFSET {}",
            page * PAGE_ROWS
        );
        let (best, how, same) = baselines(dir, runs, false, &|conn| {
            duckdb_run(conn, &plain, &[])?;
            if page == 0 {
                duckdb_run(conn, "SELECT count(*) FROM enterprises", &[])?;
            }
            Ok(())
        })?;
        let q = median(times);
        out.push(Row {
            measure: format!("page of a {total}-row result: {name}"),
            lake: label.into(),
            qlake_ms: q,
            duckdb_ms: Some(best),
            baseline: how,
            same_views_ms: Some(same),
            target: format!("< {:.0} ms", targets.page_ms),
            met: Some(q < targets.page_ms),
        });
    }
    // The dashboard's tiles run at a first start whatever pane the keys go to, and at 100M their queries (DuckDB's
    // joins) hold more than the scroll does: the scroll is measured with them remembered (a start before it, in a
    // cache folder of its own), and the first start beside it.
    let cache = work.join("scroll-memory-cache");
    let _ = std::fs::remove_dir_all(&cache);
    let first_start = peak_kb_of(dir, &cache)?;
    let scrolled = peak_kb_of(dir, &cache)?;
    for (measure, kb, target) in [
        (
            "peak resident memory: open the whole result, go to its last row (the tiles remembered)",
            scrolled,
            Some(targets.scroll_memory_mb),
        ),
        (
            "peak resident memory: the same on a first start of this state of the lake (the tiles' queries run too)",
            first_start,
            None,
        ),
    ] {
        out.push(Row {
            measure: measure.into(),
            lake: label.into(),
            qlake_ms: kb / 1024.0,
            duckdb_ms: None,
            baseline: "—".into(),
            same_views_ms: None,
            target: target.map_or_else(|| "—".into(), |mb| format!("< {mb:.0} MB")),
            met: target.map(|mb| kb / 1024.0 < mb),
        });
    }
    Ok(out)
}

/// The peak resident memory (kB) of a headless qlake that opens `SELECT * FROM enterprises` in the console and goes to
/// its last row, with `cache` as its cache folder.
fn peak_kb_of(dir: &Path, cache: &Path) -> Result<f64> {
    let exe = crate::qlake_exe()?;
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
        .env("QLAKE_CACHE_DIR", cache)
        .output()
        .map_err(|e| Error::io(&exe, e))?;
    // "qlake: peak resident memory 75056 kB", from the child's own /proc/self/status (a parent's rusage would
    // also count the moment between fork and exec, when the child is a copy of this process).
    let kb = super::peak_kb(&child.stderr);
    // A measurement that could not be made is an error, never a row that quietly goes missing.
    match (child.status.success(), kb) {
        (true, Some(kb)) => Ok(kb),
        _ => Err(Error::Invalid(format!(
            "bench: the memory child failed ({}): {}",
            child.status,
            qlake::core::cells::escape_lines(&String::from_utf8_lossy(&child.stderr))
        ))),
    }
}

/// Where an export row writes, how many rounds it takes, and against which sides.
pub(super) struct ExportPlan<'a> {
    /// The files' folder: the work folder, or a RAM-backed one (`--exports-dir /dev/shm`) so that the writers are
    /// compared rather than a shared disk's swing from one 12 GB write to the next.
    pub to: &'a Path,
    pub rounds: usize,
    /// The one declaration to take (by its name), with qlake's views: at 100M a run writes about 12 GB and takes a
    /// minute, and the fastest of four single runs of the same full read would be the luckiest run, not the best way.
    pub versus: Option<&'a str>,
}

/// Exports of all enterprises against DuckDB's `COPY … TO`, taking turns: each round runs qlake, then each side,
/// and every file is removed before the next run, outside the time.
pub(super) fn exports(
    label: &str,
    dir: &Path,
    plan: &ExportPlan,
    targets: &Targets,
) -> Result<Vec<Row>> {
    let lake = Lake::open(dir, LakeOrigin::Flag)?;
    let engine = Engine::open(&lake)?;
    let sides = Sides::open(dir, false)?;
    let (taken, versus): (Vec<usize>, String) = match plan.versus {
        Some(name) => {
            let side = super::baseline::side_named(name).ok_or_else(|| {
                Error::Invalid(format!("bench: no DuckDB declaration is named {name:?}"))
            })?;
            (
                vec![side, DECLARATIONS.len()],
                ", the fastest to open this lake, taking turns".into(),
            )
        }
        None => ((0..=DECLARATIONS.len()).collect(), ", taking turns".into()),
    };
    std::fs::create_dir_all(plan.to).map_err(|e| Error::io(plan.to, e))?;
    let mut out = Vec::new();
    for format in [Format::Csv, Format::Parquet] {
        let ours_path = plan.to.join(format!("bench-qlake.{}", format.extension()));
        let theirs_path = plan.to.join(format!("bench-duckdb.{}", format.extension()));
        let copy = format!(
            "COPY (SELECT * FROM enterprises) TO {} (FORMAT {})",
            sql_literal(&theirs_path.display().to_string()),
            if format == Format::Csv {
                "csv"
            } else {
                "parquet"
            }
        );
        let query = QueryText {
            sql: gate::check("SELECT * FROM enterprises")?,
            params: Vec::new(),
            context: "bench".into(),
        };
        let destination = Destination::File {
            path: ours_path.clone(),
            overwrite: true,
        };
        let mut ours = Vec::new();
        let mut theirs = Times::default();
        for _ in 0..plan.rounds.max(1) {
            ours.push(
                time(|| export::export(&engine, &query, format, &destination, &mut |_| Ok(())))?.0,
            );
            let _ = std::fs::remove_file(&ours_path);
            for side in &taken {
                let ms = sides.time_side(*side, &|conn| {
                    conn.execute_batch(&copy)
                        .map_err(|e| Error::query("duckdb", e))
                })?;
                let _ = std::fs::remove_file(&theirs_path);
                theirs.push_side(*side, ms);
            }
        }
        out.push(theirs.row(
            format!(
                "export of all enterprises to {} vs COPY … TO",
                format.name()
            ),
            label,
            ours,
            "",
            format!("≤ {:.2} × best DuckDB", targets.export_ratio),
            |q, d| q <= targets.export_ratio * d,
        ));
        if let Some(row) = out.last_mut() {
            row.baseline.push_str(&versus);
        }
    }
    Ok(out)
}

/// Opening a whole lake (a view per table) and counting its largest table, as the rows grow.
pub(super) fn open_lake(label: &str, dir: &Path, runs: usize) -> Result<Row> {
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
    // A view per table the lake has (the row said 13 after the lake had grown to 14).
    let views = Lake::open(dir, LakeOrigin::Flag)?.tables()?.len();
    Ok(Row {
        measure: format!("open the lake ({views} views) and count enterprises"),
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
pub(super) fn open_by_files(work: &Path, runs: usize, rows: u64) -> Result<Vec<Row>> {
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
