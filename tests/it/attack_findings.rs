//! The rest of what the attack session found, one regression test each (docs/reliability.md lists them).

use std::path::Path;
use std::time::Duration;

use qlake::core::queries::Library;

use crate::support::{
    copy_of_sample, hashes, mkfifo, press_keys, qlake, run_in_console, sample_engine,
    sample_lake_dir,
};

/// Hangs are failures, not stuck CI runs: every command here gets a generous bound.
const HANG: Duration = Duration::from_secs(120);

fn sample() -> String {
    sample_lake_dir().display().to_string()
}

fn chained_ctes(n: usize) -> String {
    let mut sql = String::from("WITH c0 AS (SELECT 1 AS x)");
    for i in 1..n {
        sql.push_str(&format!(", c{i} AS (SELECT x + 1 AS x FROM c{})", i - 1));
    }
    sql.push_str(&format!(" SELECT x FROM c{}", n - 1));
    sql
}

#[test]
fn a_deep_but_valid_query_runs_on_every_path() {
    let home = tempfile::tempdir().expect("tempdir");
    let sql = chained_ctes(990);
    qlake(home.path())
        .args(["--lake", &sample(), "sql", &sql, "-f", "csv"])
        .timeout(HANG)
        .assert()
        .success()
        .stdout("x\n990\n");
    // The console runs it on the headless workers' threads.
    let app = run_in_console(&sample_engine(), &sql);
    let grid = app.console().grid.as_ref().expect("ran");
    assert_eq!(
        grid.row(0).and_then(|r| r[0].clone()).as_deref(),
        Some("990"),
        "{:?}",
        grid.error
    );
}

fn assert_no_raw_escape(bytes: &[u8], what: &str) {
    assert!(
        !bytes.contains(&0x1b) && !bytes.contains(&0x07),
        "{what} reached the terminal raw: {}",
        String::from_utf8_lossy(bytes)
    );
}

#[test]
fn lake_text_never_reaches_stderr_raw() {
    let home = tempfile::tempdir().expect("tempdir");
    let lake = copy_of_sample();
    let l = lake.path().display().to_string();
    // A broken file whose name sets the terminal title and clears the screen.
    std::fs::write(
        lake.path().join("ratings/\x1b]0;pwned\x07\x1b[2J.parquet"),
        b"not parquet",
    )
    .expect("write");
    let out = qlake(home.path())
        .args(["--lake", &l, "sql", "select count(*) from ratings"])
        .timeout(HANG)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert_no_raw_escape(&out.stderr, "a file name in an error");
    assert!(String::from_utf8_lossy(&out.stderr).contains("\\e]0;pwned"));

    let statements = [
        // A cell value inside DuckDB's conversion error.
        "select cast(chr(27) || '[2J' || chr(7) as integer)",
        // A column name among the binder's candidate bindings.
        "select nope from (select 1 as \"a\x1b[2J\x07\")",
    ];
    for sql in statements {
        let out = qlake(home.path())
            .args(["--lake", &sample(), "sql", sql])
            .timeout(HANG)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(1), "{sql}");
        assert_no_raw_escape(&out.stderr, sql);
    }

    // Saved-query titles and descriptions in `query show` and the warning for a broken file.
    let queries = home.path().join("config/queries");
    std::fs::create_dir_all(&queries).expect("mkdir");
    std::fs::write(
        queries.join("shady.sql"),
        "-- name: shady\n-- title: \x1b]0;title\x07\n-- description: \x1b[2J\nselect 1\n",
    )
    .expect("write");
    std::fs::write(
        queries.join("broken\x1b[2J.sql"),
        "-- name: \x1b[2J\nselect 1\n",
    )
    .expect("write");
    for args in [vec!["query", "show", "shady"], vec!["query", "list"]] {
        let out = qlake(home.path())
            .args(&args)
            .timeout(HANG)
            .output()
            .expect("run");
        assert!(out.status.success(), "{args:?}");
        assert_no_raw_escape(&out.stdout, "a query title");
        assert_no_raw_escape(&out.stderr, "a broken query's name");
    }
}

#[test]
fn special_files_in_the_lake_are_named_and_skipped() {
    let home = tempfile::tempdir().expect("tempdir");
    let lake = copy_of_sample();
    let l = lake.path().display().to_string();
    mkfifo(&lake.path().join("ratings/fifo.parquet"));
    for args in [
        vec!["sql", "select count(*) as n from ratings", "-f", "csv"],
        vec!["lake", "info", "-f", "csv"],
    ] {
        let mut full = vec!["--lake", l.as_str()];
        full.extend(args.iter().copied());
        qlake(home.path())
            .args(&full)
            .timeout(HANG)
            .assert()
            .success();
    }
    qlake(home.path())
        .args([
            "--lake",
            &l,
            "sql",
            "select count(*) as n from ratings",
            "-f",
            "csv",
        ])
        .timeout(HANG)
        .assert()
        .stdout("n\n45\n");
    let out = qlake(home.path())
        .args(["--lake", &l, "lake", "check"])
        .timeout(HANG)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("fifo.parquet") && report.contains("not a regular file"),
        "{report}"
    );
}

#[test]
fn a_parquet_symlink_to_a_non_lake_file_inside_the_lake_is_not_readable() {
    let home = tempfile::tempdir().expect("tempdir");
    let lake = copy_of_sample();
    let l = lake.path().display().to_string();
    std::fs::write(lake.path().join("notes.txt"), b"private notes").expect("write");
    std::os::unix::fs::symlink("../notes.txt", lake.path().join("ratings/leak.parquet"))
        .expect("symlink");
    qlake(home.path())
        .args([
            "--lake",
            &l,
            "sql",
            "select count(*) as n from ratings",
            "-f",
            "csv",
        ])
        .timeout(HANG)
        .assert()
        .success()
        .stdout("n\n45\n");
    let leak = lake
        .path()
        .join("ratings/leak.parquet")
        .display()
        .to_string();
    for sql in [
        format!("select * from read_text('{leak}')"),
        format!("select * from read_text('{l}/notes.txt')"),
    ] {
        let out = qlake(home.path())
            .args(["--lake", &l, "sql", &sql])
            .timeout(HANG)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(1), "{sql}");
        assert!(!String::from_utf8_lossy(&out.stdout).contains("private notes"));
    }
    let out = qlake(home.path())
        .args(["--lake", &l, "lake", "check"])
        .timeout(HANG)
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&out.stdout).contains("not one of its Parquet files"));
}

#[test]
fn force_never_replaces_a_special_file_or_a_symlink() {
    let home = tempfile::tempdir().expect("tempdir");
    let out_dir = tempfile::tempdir().expect("tempdir");
    let fifo = out_dir.path().join("pipe.csv");
    mkfifo(&fifo);
    let real = out_dir.path().join("real.csv");
    std::fs::write(&real, b"keep me").expect("write");
    let link = out_dir.path().join("link.csv");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    for (target, what) in [
        (fifo.clone(), "not a regular file"),
        (link.clone(), "a symlink"),
        (Path::new("/dev/null").to_path_buf(), "not a regular file"),
    ] {
        let out = qlake(home.path())
            .args([
                "--lake",
                &sample(),
                "sql",
                "select 1 as x",
                "-f",
                "csv",
                "--force",
                "-o",
            ])
            .arg(&target)
            .timeout(HANG)
            .output()
            .expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(what), "{stderr}");
    }
    let meta = std::fs::symlink_metadata(&fifo).expect("fifo");
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(&meta.file_type()));
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read(&real).expect("real"), b"keep me");
}

#[test]
fn a_cell_of_65532_lines_opens_in_the_popup() {
    let engine = sample_engine();
    let mut app = run_in_console(&engine, "select repeat('a' || chr(10), 65532) as big");
    let screen = press_keys(&engine, &mut app, "<esc> v");
    // The popup is open on the whole cell: every one of its lines is there to scroll through, and it draws.
    match app.layers().last() {
        Some(qlake::tui::app::Layer::Detail { lines, .. }) => {
            let a_lines = lines.iter().filter(|l| l.trim() == "a").count();
            assert!(
                a_lines >= 65_532,
                "{a_lines} lines of the cell in the popup"
            );
        }
        other => panic!(
            "no detail popup: {other:?}
{screen}"
        ),
    }
    assert!(
        screen.contains("big"),
        "the popup names its column: {screen}"
    );
    assert!(
        screen
            .lines()
            .filter(|l| l.contains(" a ") || l.contains("│a"))
            .count()
            > 5,
        "{screen}"
    );
    // Its end is reachable: G scrolls to the last screenful without panicking.
    press_keys(&engine, &mut app, "G");
    assert!(
        matches!(app.layers().last(), Some(qlake::tui::app::Layer::Detail { scroll, .. }) if *scroll > 60_000)
    );
}

#[test]
fn timestamps_with_a_time_zone_and_dates_out_of_range() {
    let home = tempfile::tempdir().expect("tempdir");
    for format in ["table", "json", "csv"] {
        let out = qlake(home.path())
            .args([
                "--lake",
                &sample(),
                "sql",
                "select timestamptz '2024-05-06 07:08:09+00' as t, now() is not null as live",
                "-f",
                format,
            ])
            .timeout(HANG)
            .output()
            .expect("run");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            stdout.contains("2024-05-06") && stdout.contains("07:08:09"),
            "{format}: {stdout}"
        );
    }
    let out = qlake(home.path())
        .args([
            "--lake",
            &sample(),
            "sql",
            "select date '300000-01-01' as far",
        ])
        .timeout(HANG)
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !stdout.contains("ERROR"),
        "an error shown as data: {stdout}"
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("column `far`"));
}

#[test]
fn an_error_that_quotes_the_word_interrupted_is_not_an_interrupt() {
    let home = tempfile::tempdir().expect("tempdir");
    qlake(home.path())
        .args([
            "--lake",
            &sample(),
            "sql",
            "select cast('Interrupted' as int)",
        ])
        .timeout(HANG)
        .assert()
        .code(1);
}

#[test]
fn oversized_inputs_are_refused_before_they_cost_anything() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = qlake(home.path())
        .env("QLAKE_CONFIG", "/dev/zero")
        .args(["--lake", &sample(), "lake", "info"])
        .timeout(HANG)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a regular file"));
    qlake(home.path())
        .args([
            "--lake",
            &sample(),
            "tui",
            "--headless",
            "--size",
            "65535x65535",
        ])
        .timeout(HANG)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("at most 2000x1000"));
}

#[test]
fn conflicting_key_bindings_are_refused_naming_both_actions() {
    let home = tempfile::tempdir().expect("tempdir");
    let config = home.path().join("config.toml");
    std::fs::write(&config, "[keys]\ncancel = \"q\"\n").expect("write");
    let out = qlake(home.path())
        .env("QLAKE_CONFIG", &config)
        .args(["--lake", &sample(), "tui", "--headless"])
        .timeout(HANG)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("`cancel`") && stderr.contains("`quit`"),
        "{stderr}"
    );
}

#[test]
fn duckdb_spills_into_qlakes_cache_and_stale_spills_are_cleaned() {
    let home = tempfile::tempdir().expect("tempdir");
    let lake = copy_of_sample();
    let before = hashes(lake.path());
    let stale = home.path().join("cache/duckdb-tmp/1-dead");
    std::fs::create_dir_all(&stale).expect("mkdir");
    std::fs::write(stale.join(".qlake-alive"), b"").expect("write");
    std::fs::write(stale.join("duckdb_temp_storage-0.tmp"), vec![0u8; 4096]).expect("write");
    // A sort far larger than the memory limit: DuckDB must spill, from inside the lake folder as working directory.
    qlake(home.path())
        .current_dir(lake.path())
        .env("QLAKE_MEMORY_LIMIT", "64MB")
        .args([
            "--lake",
            ".",
            "sql",
            "select count(*) as n from (select i, md5(i::varchar) as h from range(3000000) t(i) order by h)",
            "-f",
            "csv",
        ])
        .timeout(HANG)
        .assert()
        .success()
        .stdout("n\n3000000\n");
    assert!(!stale.exists(), "the dead process's temp folder is removed");
    assert_eq!(before, hashes(lake.path()), "nothing spilled into the lake");
    qlake(home.path())
        .env("QLAKE_MEMORY_LIMIT", "lots")
        .args(["--lake", &sample(), "sql", "select 1"])
        .timeout(HANG)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("QLAKE_MEMORY_LIMIT"));
}

#[test]
fn version_and_lake_info_say_which_protections_are_active() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = qlake(home.path()).arg("--version").output().expect("run");
    assert!(String::from_utf8_lossy(&out.stdout).contains("protections: read-only gate"));
    let out = qlake(home.path())
        .args(["--lake", &sample(), "lake", "info"])
        .timeout(HANG)
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("protections:"), "{stderr}");
    if qlake::core::sandbox::kernel_abi().is_some() {
        assert!(
            stderr.contains("Landlock ABI") && stderr.contains("active"),
            "{stderr}"
        );
    }
}

/// The spool route: an export into the folder that holds the lake is made in qlake's spool and named there by the
/// link helper, since the sandbox gives the process no right in that folder.
#[test]
fn exports_beside_the_lake_still_work_under_the_sandbox() {
    let home = tempfile::tempdir().expect("tempdir");
    let top = tempfile::tempdir().expect("tempdir");
    let lake = top.path().join("lake");
    crate::support::copy_dir(&sample_lake_dir(), &lake);
    let before = hashes(&lake);
    let target = top.path().join("ratings.csv");
    for force in [false, true] {
        let mut cmd = qlake(home.path());
        cmd.args(["--lake"])
            .arg(&lake)
            .args(["sql", "select project_id, rating from ratings", "-o"])
            .arg(&target);
        if force {
            cmd.arg("--force");
        }
        cmd.timeout(HANG).assert().success();
    }
    let text = std::fs::read_to_string(&target).expect("export");
    assert_eq!(text.lines().count(), 46, "header and 45 ratings");
    assert_eq!(before, hashes(&lake));
}

#[test]
fn gauge_labels_and_form_descriptions_show_control_characters_escaped() {
    let lake = copy_of_sample();
    crate::support::rewrite_table(
        lake.path(),
        "coverage",
        "SELECT * REPLACE (tier || chr(27) || '[2J' AS tier) FROM {file}",
    );
    let engine = crate::support::open(lake.path());
    let mut app = qlake::tui::panes::new_app(
        Library::load(None),
        qlake::tui::panes::default_keymap(),
        "lake".into(),
        (140, 40),
    );
    let screen = press_keys(&engine, &mut app, "");
    assert!(screen.contains("\\e[2J"), "{screen}");

    let queries = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        queries.path().join("aaa-shady.sql"),
        "-- name: aaa-shady\n-- title: shady\n-- param x: text = 1 | bell\x07 and clear\x1b[2J\nselect $x as x\n",
    )
    .expect("write");
    let library = Library::load(Some(queries.path()));
    assert!(library.broken.is_empty(), "{:?}", library.broken);
    let mut app = qlake::tui::panes::new_app(
        library,
        qlake::tui::panes::default_keymap(),
        "lake".into(),
        (140, 40),
    );
    let screen = press_keys(&engine, &mut app, "4 g <enter>");
    assert!(screen.contains("bell\\x07 and clear\\e[2J"), "{screen}");
}

#[test]
fn every_format_exports_when_the_lake_lies_under_the_system_temp_folder() {
    // The sandbox gives the folders above the lake no right; a writer that spilled into the system's temp folder
    // (the XLSX writer did) failed whenever the lake was under it. Every format writes through qlake's own folders.
    let home = tempfile::tempdir().expect("tempdir");
    let lake = copy_of_sample();
    assert!(lake.path().starts_with(std::env::temp_dir()));
    for format in [
        "xlsx", "csv", "tsv", "json", "jsonl", "parquet", "arrow", "md", "txt",
    ] {
        let target = home.path().join(format!("ratings.{format}"));
        qlake(home.path())
            .args(["--lake"])
            .arg(lake.path())
            .args(["sql", "select * from ratings", "-o"])
            .arg(&target)
            .timeout(HANG)
            .assert()
            .success();
        assert!(
            std::fs::metadata(&target).expect("written").len() > 0,
            "{format}"
        );
    }
}
