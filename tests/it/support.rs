//! Shared helpers: the sample lake, temporary copies of it, and the qlake binary.

use std::path::{Path, PathBuf};

use qlake::core::engine::Engine;
use qlake::core::lake::{Lake, LakeOrigin};

pub fn project_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn sample_lake_dir() -> PathBuf {
    project_dir().join("sample-data")
}

pub fn seeds_dir() -> PathBuf {
    project_dir().join("lake-src").join("seeds")
}

pub fn open(dir: &Path) -> Engine {
    let lake = Lake::open(dir, LakeOrigin::Flag).expect("lake opens");
    Engine::open(&lake).expect("engine opens")
}

pub fn sample_engine() -> Engine {
    open(&sample_lake_dir())
}

/// All cells of a query as text.
pub fn rows(engine: &Engine, sql: &str) -> Vec<Vec<String>> {
    let checked = qlake::core::gate::check(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    engine
        .query_rows(&checked, "test")
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

pub fn scalar(engine: &Engine, sql: &str) -> String {
    rows(engine, sql).remove(0).remove(0)
}

/// A writable copy of the sample lake in a temporary folder.
pub fn copy_of_sample() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&sample_lake_dir(), dir.path());
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy");
        }
    }
}

/// The qlake binary, with a private cache and config so tests never touch the user's.
pub fn qlake(home: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::from_std(qlake_process(home));
    cmd.timeout(CHILD_LIMIT);
    cmd
}

/// [`qlake`] as a plain process, for a test that sets its output itself.
pub fn qlake_process(home: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("qlake"));
    cmd.env("QLAKE_CACHE_DIR", home.join("cache"))
        .env("QLAKE_CONFIG_DIR", home.join("config"))
        .env("QLAKE_DATA_DIR", home.join("data"))
        .env("QLAKE_STATE_DIR", home.join("state"))
        .env_remove("QLAKE_LAKE")
        .env_remove("QLAKE_CONFIG")
        // The tests read English unless they choose Chinese (the machine's own locale does not decide).
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1");
    cmd
}

/// Runs `cmd`, which must succeed (its standard error says why not): its output.
pub fn succeeded(cmd: &mut assert_cmd::Command) -> std::process::Output {
    let out = cmd.output().expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `qlake --lake LAKE [--engine URL] ARGS`, which must succeed: its standard output.
pub fn stdout_of(home: &Path, lake: &Path, engine: Option<&str>, args: &[&str]) -> String {
    let mut cmd = qlake(home);
    cmd.arg("--lake").arg(lake);
    if let Some(url) = engine {
        cmd.arg("--engine").arg(url);
    }
    let out = cmd.args(args).output().expect("run");
    assert!(
        out.status.success(),
        "{args:?} on {}: {}",
        engine.unwrap_or("the local lake"),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// The virtual environment scripts/ensure-tools makes for other readers of a lake (pyarrow, DuckDB's own CLI).
pub fn peers_venv() -> PathBuf {
    std::env::var_os("QLAKE_PEERS_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cache/qlake/peers-venv")
        })
}

/// How long any test waits for a process it started: a hang fails that test, by name, instead of stalling the run.
pub const CHILD_LIMIT: std::time::Duration = std::time::Duration::from_secs(300);

/// Wait for `child`, killing it and failing the test if it outlives [`CHILD_LIMIT`].
pub fn wait_bounded(child: &mut std::process::Child, what: &str) -> std::process::ExitStatus {
    let started = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            return status;
        }
        if started.elapsed() > CHILD_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} still running after {CHILD_LIMIT:?}; killed");
        }
        std::thread::sleep(std::time::Duration::from_millis(10)); // polling interval, not a timing assumption
    }
}

/// Run `cmd` to the end with its output captured, within [`CHILD_LIMIT`].
pub fn output_bounded(cmd: &mut std::process::Command, what: &str) -> std::process::Output {
    use std::io::Read;
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let status = wait_bounded(&mut child, what);
    std::process::Output {
        status,
        stdout: stdout.join().expect("stdout"),
        stderr: stderr.join().expect("stderr"),
    }
}

/// Rewrite one table's file with DuckDB SQL over its current contents (`{file}`), as another producer might.
pub fn rewrite_table(lake: &Path, table: &str, select: &str) {
    let file = lake.join(table).join(format!("{table}.parquet"));
    let tmp = lake.join(format!(".{table}.tmp.parquet"));
    let conn = duckdb::Connection::open_in_memory().expect("duckdb");
    let select = select.replace("{file}", &format!("read_parquet('{}')", file.display()));
    conn.execute_batch(&format!(
        "COPY ({select}) TO '{}' (FORMAT parquet)",
        tmp.display()
    ))
    .expect("rewrite");
    std::fs::rename(&tmp, &file).expect("rename");
}

/// Every file below `dir` (special files and symlinks included, as entries) with a hash of its bytes: enough to see
/// any change to a lake.
pub fn hashes(dir: &Path) -> std::collections::BTreeMap<PathBuf, u64> {
    fn walk(dir: &Path, out: &mut std::collections::BTreeMap<PathBuf, u64>) {
        for entry in std::fs::read_dir(dir).expect("dir").filter_map(|e| e.ok()) {
            let path = entry.path();
            let meta = std::fs::symlink_metadata(&path).expect("meta");
            if meta.is_dir() {
                walk(&path, out);
            } else {
                // FNV-1a.
                let mut h: u64 = 0xcbf2_9ce4_8422_2325;
                if meta.is_file() {
                    for b in std::fs::read(&path).expect("read") {
                        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
                    }
                }
                out.insert(path, h);
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    walk(dir, &mut out);
    out
}

/// Press `keys` (headless script syntax) in `app` and return the screen.
pub fn press_keys(engine: &Engine, app: &mut qlake::tui::app::App, keys: &str) -> String {
    let keys = qlake::tui::keymap::parse_script(keys).expect("keys");
    qlake::tui::run_headless(engine, app, &keys, &crate::support::PLAIN).expect("headless run")
}

/// A fresh app on the SQL console with `sql` in the editor (as pasted, control characters and all), run with F5.
pub fn run_in_console(engine: &Engine, sql: &str) -> qlake::tui::app::App {
    let mut app = qlake::tui::panes::new_app(
        qlake::core::queries::Library::load(None),
        qlake::tui::panes::default_keymap(),
        "lake".into(),
        (100, 30),
    );
    press_keys(engine, &mut app, "5");
    app.console_mut().set_text(sql);
    press_keys(engine, &mut app, "<f5>");
    app
}

/// A FIFO at `path`.
pub fn mkfifo(path: &Path) {
    let c_path = std::ffi::CString::new(path.display().to_string()).expect("path");
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o644) }, 0);
}

/// The jobs among the effects an update returned.
pub fn jobs(effects: Vec<qlake::tui::effect::Effect>) -> Vec<qlake::tui::jobs::Job> {
    effects
        .into_iter()
        .filter_map(|e| match e {
            qlake::tui::effect::Effect::Run(job) => Some(job),
            _ => None,
        })
        .collect()
}

/// `│ 19 ms │` → `│ N ms │`: query timings vary from run to run.
pub fn redact_timings(screen: &str) -> String {
    let mut out = String::with_capacity(screen.len());
    for line in screen.lines() {
        let mut line = line.to_string();
        if let Some(end) = line.find(" ms") {
            let start = line[..end]
                .rfind(|c: char| !c.is_ascii_digit())
                .map_or(0, |i| i + 1);
            if start < end {
                line.replace_range(start..end, "N");
            }
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Screens as text: no colour, Unicode lines.
pub const PLAIN: qlake::tui::view::Theme = qlake::tui::view::Theme {
    color: false,
    ascii: false,
};

/// The app's screen drawn in colour, as a terminal would get it.
pub fn drawn_in_colour(app: &qlake::tui::app::App) -> ratatui::buffer::Buffer {
    let (w, h) = app.size();
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).expect("terminal");
    terminal
        .draw(|f| {
            qlake::tui::view::render(
                app,
                &qlake::tui::view::Theme {
                    color: true,
                    ascii: false,
                },
                f,
            )
        })
        .expect("draw");
    terminal.backend().buffer().clone()
}

const LANDLOCK_PROBE: &str = "QLAKE_TEST_LANDLOCK_PROBE";

/// Whether this kernel enforces Landlock, as the landlock crate itself finds by restricting a child process (a
/// restriction cannot be undone, so never this one). qlake's own detection must agree, so a detection that wrongly
/// said "no Landlock" fails here instead of letting every kernel-layer test skip. Where Landlock is unsupported the
/// caller's test says so and skips.
pub fn landlock_enforced(test: &str) -> bool {
    static ENFORCED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    let enforced = *ENFORCED.get_or_init(|| {
        let mut child = std::process::Command::new(std::env::current_exe().expect("test binary"));
        child
            .args([
                "support::landlock_probe_child",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(LANDLOCK_PROBE, "1");
        let out = output_bounded(&mut child, "the Landlock probe");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let enforced = stdout.contains("landlock: enforced");
        assert!(
            enforced || stdout.contains("landlock: not enforced"),
            "the Landlock probe did not report: {stdout}"
        );
        assert_eq!(
            qlake::core::sandbox::kernel_abi().is_some(),
            enforced,
            "qlake's Landlock detection disagrees with the landlock crate ({stdout})"
        );
        enforced
    });
    if !enforced {
        eprintln!(
            "SKIPPED {test}: this kernel does not enforce Landlock (the landlock crate reports it unsupported)"
        );
    }
    enforced
}

/// The child of [`landlock_enforced`]; a no-op unless it is that child.
#[test]
fn landlock_probe_child() {
    use landlock::{ABI, Access, AccessFs, Ruleset, RulesetAttr, RulesetStatus};
    if std::env::var_os(LANDLOCK_PROBE).is_none() {
        return;
    }
    let status = Ruleset::default()
        .handle_access(AccessFs::from_all(ABI::V1))
        .and_then(|r| r.create())
        .and_then(|r| r.restrict_self());
    match status {
        Ok(s) if s.ruleset != RulesetStatus::NotEnforced => {
            println!("landlock: enforced ({:?})", s.ruleset)
        }
        Ok(s) => println!("landlock: not enforced ({:?})", s.ruleset),
        Err(e) => println!("landlock: not enforced ({e})"),
    }
}

/// The headless dashboard over `lake` with the user's `dashboard-kpis.sql` (the tiles' query) replaced by `sql`.
pub fn dashboard_with_tile(home: &Path, lake: &str, sql: &str) -> std::process::Output {
    let queries = home.join("config/queries");
    std::fs::create_dir_all(&queries).expect("mkdir");
    std::fs::write(
        queries.join("dashboard-kpis.sql"),
        format!("-- name: dashboard-kpis\n-- title: tile\n{sql}\n"),
    )
    .expect("write");
    succeeded(qlake(home).args(["--lake", lake, "tui", "--headless", "--size", "100x30"]))
}
