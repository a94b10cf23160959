//! The real binary in a real terminal (tmux): start, navigate, export, quit; the terminal is restored, also after a
//! panic. tmux is installed by scripts/ensure-tools.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::sample_lake_dir;

struct Session {
    name: String,
}

impl Session {
    fn start(name: &str, command: &str) -> Session {
        // `=name` matches the session exactly (a bare name also matches by prefix, i.e. other tests' sessions).
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &format!("={name}")])
            .status();
        let status = Command::new("tmux")
            .args([
                "new-session",
                "-d",
                "-s",
                name,
                "-x",
                "100",
                "-y",
                "30",
                "sh",
                "-c",
                command,
            ])
            .status()
            .expect("tmux is installed (scripts/ensure-tools)");
        assert!(status.success());
        Session {
            name: name.to_string(),
        }
    }

    fn keys(&self, keys: &[&str]) {
        for key in keys {
            let status = Command::new("tmux")
                .args(["send-keys", "-t", &self.target(), key])
                .status()
                .expect("send-keys");
            assert!(status.success());
        }
    }

    /// Bytes typed into the pane as they are (a mouse report, say).
    fn literal(&self, bytes: &str) {
        let status = Command::new("tmux")
            .args(["send-keys", "-t", &self.target(), "-l", bytes])
            .status()
            .expect("send-keys");
        assert!(status.success());
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.target()])
            .output()
            .expect("capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn target(&self) -> String {
        format!("={}:", self.name)
    }

    /// Poll the screen until it shows `text` (the binary draws asynchronously; there is no other signal).
    fn wait_for(&self, text: &str) -> String {
        let started = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "timed out waiting for {text:?}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &format!("={}", self.name)])
            .status();
    }
}

fn wait_for_file(path: &Path) -> String {
    let started = Instant::now();
    loop {
        if let Ok(text) = std::fs::read_to_string(path)
            && !text.is_empty()
        {
            return text;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "timed out waiting for {}",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn qlake_command(home: &Path, after: &str) -> String {
    let bin = assert_cmd::cargo::cargo_bin("qlake");
    format!(
        "cd {home} && LANG=C.UTF-8 QLAKE_CACHE_DIR={home}/cache QLAKE_CONFIG_DIR={home}/config QLAKE_DATA_DIR={home}/data QLAKE_STATE_DIR={home}/state QLAKE_ALLOW_PANIC=1 RUST_BACKTRACE=0 \
         {bin} --lake {lake}; stty -a > {home}/stty.txt; {after}; sleep 600",
        home = home.display(),
        bin = bin.display(),
        lake = sample_lake_dir().display(),
    )
}

/// Raw mode off, echo on, and back on the main screen.
fn assert_restored(home: &Path, session: &Session) {
    let stty = wait_for_file(&home.join("stty.txt"));
    assert!(
        stty.contains(" icanon") && !stty.contains("-icanon"),
        "terminal left in raw mode:\n{stty}"
    );
    assert!(
        stty.contains(" echo ") && !stty.contains("-echo "),
        "echo left off:\n{stty}"
    );
    let alternate = Command::new("tmux")
        .args([
            "display-message",
            "-p",
            "-t",
            &session.target(),
            "#{alternate_on}",
        ])
        .output()
        .expect("tmux");
    assert_eq!(
        String::from_utf8_lossy(&alternate.stdout).trim(),
        "0",
        "still on the alternate screen"
    );
}

/// The qlake process under a session's shell.
fn qlake_pid(session: &Session) -> String {
    let shell = Command::new("tmux")
        .args([
            "display-message",
            "-p",
            "-t",
            &session.target(),
            "#{pane_pid}",
        ])
        .output()
        .expect("tmux");
    let shell = String::from_utf8_lossy(&shell.stdout).trim().to_string();
    let child = Command::new("pgrep")
        .args(["-P", &shell])
        .output()
        .expect("pgrep");
    let child = String::from_utf8_lossy(&child.stdout).trim().to_string();
    assert!(
        !child.is_empty(),
        "no qlake process under the pane's shell {shell}"
    );
    child
}

#[test]
fn start_navigate_export_quit_in_tmux() {
    let home = tempfile::tempdir().expect("tempdir");
    let export = home.path().join("excellent.csv");
    let session = Session::start(
        "qlake-e2e-main",
        &qlake_command(home.path(), "echo finished"),
    );
    // 26.9% is on the key-figures tile that Enter drills from (Hubei alone may be the funding tile).
    session.wait_for("26.9%");
    session.keys(&["Enter"]);
    session.wait_for("Provinces › Hubei");
    session.keys(&["3"]);
    session.wait_for("row 1/45");
    session.keys(&[":", "rating excellent", "Enter"]);
    session.wait_for("row 1/12");
    session.keys(&[":", &format!("export {}", export.display()), "Enter"]);
    session.wait_for("exported 12 rows");
    session.keys(&["q"]);
    session.wait_for("finished");
    let csv = std::fs::read_to_string(&export).expect("export written");
    // Records start with the year; quoted source rows span several lines.
    assert_eq!(
        csv.lines()
            .filter(|l| l.starts_with("2019,") || l.starts_with("2021,"))
            .count(),
        12
    );
    assert_restored(home.path(), &session);
}

#[test]
fn a_panic_restores_the_terminal() {
    let home = tempfile::tempdir().expect("tempdir");
    let session = Session::start(
        "qlake-e2e-panic",
        &qlake_command(home.path(), "echo finished"),
    );
    session.wait_for("Hubei");
    session.keys(&[":", "panic", "Enter"]);
    session.wait_for("finished");
    assert_restored(home.path(), &session);
    // The report is printed after the terminal is restored, so it stays whole and readable on the normal screen.
    let screen = session.wait_for("Message:  panic requested with :panic");
    assert!(
        screen.contains("The application panicked (crashed).")
            && screen.contains("qlake's terminal was restored"),
        "{screen}"
    );
}

#[test]
fn an_abort_restores_the_terminal() {
    // An abort (a stack overflow, a failed allocation, abort() in C++) runs no destructor; SIGABRT from outside
    // takes the same path.
    let home = tempfile::tempdir().expect("tempdir");
    let session = Session::start(
        "qlake-e2e-abort",
        &qlake_command(home.path(), "echo finished"),
    );
    session.wait_for("Hubei");
    let status = Command::new("kill")
        .args(["-ABRT", &qlake_pid(&session)])
        .status()
        .expect("kill");
    assert!(status.success());
    session.wait_for("finished");
    assert_restored(home.path(), &session);
}

#[test]
fn a_deep_query_runs_on_the_real_workers() {
    // 990 chained CTEs overflowed a 2 MiB worker stack: the process aborted with the terminal raw.
    let home = tempfile::tempdir().expect("tempdir");
    let mut sql = String::from("WITH c0 AS (SELECT 1 AS x)");
    for i in 1..990 {
        sql.push_str(&format!(", c{i} AS (SELECT x + 1 AS x FROM c{})", i - 1));
    }
    sql.push_str(" SELECT x AS deep_result FROM c989");
    // The query comes from the console's history (Ctrl+P), not 40 KB of typing through tmux.
    let data = home.path().join("data");
    std::fs::create_dir_all(&data).expect("mkdir");
    std::fs::write(
        data.join("history.jsonl"),
        format!("{}\n", serde_json::to_string(&sql).expect("json")),
    )
    .expect("history");
    let session = Session::start(
        "qlake-e2e-deep",
        &qlake_command(home.path(), "echo finished"),
    );
    session.wait_for("Hubei");
    session.keys(&["5", "C-p"]);
    // The editor shows the end of the line, where the cursor is.
    session.wait_for("deep_result FROM c989");
    session.keys(&["C-r"]);
    session.wait_for("990");
    // Escape and q in one write read as Alt+q (a CI run left the console editing): the console is left first.
    session.keys(&["Escape"]);
    session.wait_for("┌SQL · Enter edits");
    session.keys(&["q"]);
    session.wait_for("finished");
    assert_restored(home.path(), &session);
}

#[test]
fn sigterm_sighup_and_sigint_restore_the_terminal() {
    for signal in ["TERM", "HUP", "INT"] {
        let home = tempfile::tempdir().expect("tempdir");
        let session = Session::start(
            &format!("qlake-e2e-sig{signal}"),
            &qlake_command(home.path(), "echo finished"),
        );
        session.wait_for("Hubei");
        // The pane runs `sh -c ...`; qlake is that shell's child.
        let status = Command::new("kill")
            .args([&format!("-{signal}"), &qlake_pid(&session)])
            .status()
            .expect("kill");
        assert!(status.success());
        session.wait_for("finished");
        assert_restored(home.path(), &session);
    }
}

#[test]
fn a_closed_terminal_ends_qlake() {
    // The pty itself goes away (tmux kills the pane): qlake must notice and exit, not spin on a dead terminal.
    let home = tempfile::tempdir().expect("tempdir");
    let session = Session::start(
        "qlake-e2e-hangup",
        &qlake_command(home.path(), "echo finished"),
    );
    session.wait_for("Hubei");
    let pid = qlake_pid(&session);
    let status = Command::new("tmux")
        .args(["kill-pane", "-t", &session.target()])
        .status()
        .expect("tmux");
    assert!(status.success());
    let started = Instant::now();
    while std::path::Path::new(&format!("/proc/{pid}")).exists() {
        let state = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        // A zombie has exited; only its parent has not reaped it yet.
        if state.split_whitespace().nth(2) == Some("Z") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "qlake still runs after its terminal closed"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn the_mouse_wheel_scrolls_the_grid_in_a_real_terminal() {
    let home = tempfile::tempdir().expect("tempdir");
    let session = Session::start(
        "qlake-e2e-mouse",
        &qlake_command(home.path(), "echo finished"),
    );
    session.wait_for("Hubei");
    session.keys(&["3"]);
    session.wait_for("row 1/45");
    // Two notches of the wheel as the terminal reports them (SGR mouse mode): three rows each.
    session.literal("\u{1b}[<65;20;10M");
    session.literal("\u{1b}[<65;20;10M");
    session.wait_for("row 7/45");
    let flag = |name: &str| {
        let out = Command::new("tmux")
            .args(["display-message", "-p", "-t", &session.target(), name])
            .output()
            .expect("tmux");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    assert_eq!(
        flag("#{mouse_any_flag}"),
        "1",
        "the app asked for the mouse"
    );
    session.keys(&["q"]);
    session.wait_for("finished");
    assert_restored(home.path(), &session);
    assert_eq!(flag("#{mouse_any_flag}"), "0", "mouse reporting left on");
}

#[test]
fn the_next_run_opens_where_the_last_one_ended() {
    let home = tempfile::tempdir().expect("tempdir");
    {
        let session = Session::start(
            "qlake-e2e-state-1",
            &qlake_command(home.path(), "echo finished"),
        );
        session.wait_for("Hubei");
        // The interface and the names switch to Chinese together.
        session.keys(&["3", "L"]);
        session.wait_for("项目验收评价");
        session.keys(&["q"]);
        session.wait_for("finished");
    }
    // The locale reads English, but the language chosen with `L` is kept.
    let session = Session::start(
        "qlake-e2e-state-2",
        &qlake_command(home.path(), "echo finished"),
    );
    let screen = session.wait_for("项目验收评价");
    assert!(
        screen.contains("中文"),
        "the language came back too\n{screen}"
    );
    session.keys(&["q"]);
    session.wait_for("finished");
}

#[test]
fn a_terminal_without_utf8_gets_ascii_lines() {
    let home = tempfile::tempdir().expect("tempdir");
    let command = qlake_command(home.path(), "echo finished").replacen(
        "QLAKE_CACHE_DIR",
        "LANG=C LC_ALL=C QLAKE_CACHE_DIR",
        1,
    );
    let session = Session::start("qlake-e2e-ascii", &command);
    // Loaded: the figures, then the bars (their queries may finish after the figures'), and the status line.
    session.wait_for("26.9%");
    let screen = session.wait_for("##");
    assert!(
        screen.contains("+key figures per province---") && screen.contains("##"),
        "ASCII box lines\n{screen}"
    );
    for unicode in ["┌", "│", "█", "▰", "›"] {
        assert!(
            !screen.contains(unicode),
            "{unicode} on a C-locale terminal\n{screen}"
        );
    }
    session.keys(&["q"]);
    session.wait_for("finished");
    assert_restored(home.path(), &session);
}
