//! The lake is untouchable by construction. Every write attempt the attack session found, and every variant of the
//! lexical tricks DuckDB accepts, aimed at files that exist in the lake (the only kind DuckDB's allowed list would
//! let it write), goes through every front end: `qlake sql`, `query run`, the console, the Queries pane, a dashboard
//! tile and exports. Every lake file is hashed before and after. Then the gate is left out entirely and the kernel
//! layer alone must stop the same write.

use std::path::{Path, PathBuf};

use qlake::core::engine::Engine;
use qlake::core::lake::{Lake, LakeOrigin};
use qlake::core::queries::Library;

use crate::support::{copy_of_sample, hashes, press_keys, qlake, run_in_console};

/// A statement that overwrites `target` if DuckDB ever runs it.
fn copy_into(target: &Path) -> String {
    format!(
        "COPY (SELECT 'owned' AS pwned) TO '{}' (FORMAT parquet, USE_TMP_FILE false)",
        target.display()
    )
}

/// Every way found, or thought of, to hide that COPY from a gate: each line ending and control character DuckDB's
/// lexer treats specially after `--`, comments, every quoting, EXPLAIN, PREPARE/EXECUTE, table functions that run SQL
/// text, quoted and qualified function names, CTEs.
fn attacks(lake: &Path) -> Vec<String> {
    let copy = copy_into(&lake.join("ratings/ratings.parquet"));
    let quoted = copy.replace('\'', "''");
    let mut out = Vec::new();
    // DuckDB ends a `--` comment at \r or \n only; after the others the COPY is inside the comment and inert (the
    // text is one SELECT, which runs, or a bare EXPLAIN, which does not parse).
    for end in ["\r", "\n", "\r\n", "\x0b", "\x0c", "\u{85}", "\u{2028}"] {
        out.push(format!("select 1 as x --{end}; {copy}; select 2 as y"));
        out.push(format!(
            "explain analyze --{end}{}",
            copy_into(&lake.join("projects/projects.parquet"))
        ));
    }
    out.extend([
        copy.clone(),
        format!("explain {copy}"),
        format!("explain analyze {copy}"),
        format!("/* a /* nested */ comment */ {copy}"),
        format!("select 1; {copy}"),
        format!("{copy}; select 1"),
        format!("select $$ $$; {copy}"),
        format!("select $tag$;$tag$; {copy}"),
        format!("select $é1$;$é1$; {copy}"),
        format!("select E'\\''; {copy}"),
        format!("select 1'x'; {copy}"),
        format!("select \"a;\" from (select 1 as \"a;\"); {copy}"),
        format!("\u{feff}{copy}"),
        format!("select 1\u{3000}; {copy}"),
        format!("select 1 \u{202e}; {copy}"),
        format!("prepare p as {copy}"),
        format!("prepare p as {copy}; execute p"),
        format!("select * from query('{quoted}')"),
        format!("select * from \"query\"('{quoted}')"),
        format!("select * from main.query('{quoted}')"),
        format!("select * from \"QUERY\"('{quoted}')"),
        "select * from query_table('ratings')".into(),
        "select * from checkpoint()".into(),
        "select * from \"checkpoint\"()".into(),
        "select * from force_checkpoint()".into(),
        "call checkpoint()".into(),
        format!("with x as ({copy}) select 1"),
        format!("select * from ({copy})"),
        format!("pragma enable_profiling; {copy}"),
        "select * from duckdb_settings()".into(),
        "select current_setting('allowed_paths')".into(),
    ]);
    out
}

fn refused_clearly(stderr: &str) -> bool {
    stderr.contains("refused") || stderr.contains("Parser Error") || stderr.contains("syntax error")
}

/// Either refused with a clear message (exit 1), or — where DuckDB itself sees only a read because the COPY sits in a
/// comment — run as that read (exit 0, the first SELECT's row, nothing of the COPY).
fn refused_or_inert(sql: &str, code: Option<i32>, stdout: &str, stderr: &str) {
    match code {
        Some(1) => assert!(refused_clearly(stderr), "{sql:?} → {stderr}"),
        Some(0) => {
            assert!(
                qlake::core::gate::check(sql).is_ok() && !stdout.contains("owned"),
                "{sql:?} ran: {stdout}"
            );
            assert!(
                !sql.contains("\r") && !sql.contains('\n'),
                "{sql:?} should have been refused"
            );
        }
        other => panic!("{sql:?} exited {other:?}: {stderr}"),
    }
}

#[test]
fn every_front_end_refuses_every_write_and_the_lake_is_byte_identical() {
    let home = tempfile::tempdir().expect("tempdir");
    let lake = copy_of_sample();
    let before = hashes(lake.path());
    let l = lake.path().display().to_string();
    let attacks = attacks(lake.path());

    // qlake sql
    for sql in &attacks {
        let out = qlake(home.path())
            .args(["--lake", &l, "sql", sql])
            .output()
            .expect("run");
        refused_or_inert(
            sql,
            out.status.code(),
            &String::from_utf8_lossy(&out.stdout),
            &String::from_utf8_lossy(&out.stderr),
        );
    }

    // query run: every attack as a user query file; none loads, each is named with its file and line.
    let queries = home.path().join("config/queries");
    std::fs::create_dir_all(&queries).expect("mkdir");
    for (i, sql) in attacks.iter().enumerate() {
        std::fs::write(
            queries.join(format!("attack-{i}.sql")),
            format!("-- name: attack-{i}\n-- title: attack\n{sql}\n"),
        )
        .expect("write");
    }
    let inert = |sql: &str| qlake::core::gate::check(sql).is_ok();
    for (i, sql) in attacks.iter().enumerate() {
        let out = qlake(home.path())
            .args(["--lake", &l, "query", "run", &format!("attack-{i}")])
            .output()
            .expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr);
        if inert(sql) {
            assert_eq!(out.status.code(), Some(0), "attack-{i} → {stderr}");
            assert!(!String::from_utf8_lossy(&out.stdout).contains("owned"));
            continue;
        }
        assert_eq!(out.status.code(), Some(2), "attack-{i} → {stderr}");
        assert!(
            stderr.contains(&format!("attack-{i}.sql:3:")),
            "the warning names the file and line: {stderr}"
        );
    }

    // A dashboard tile: a user dashboard-kpis.sql that writes is refused at load; the shipped tile shows instead.
    let out = crate::support::dashboard_with_tile(home.path(), &l, &attacks[0]);
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(screen.contains("Hubei"), "{screen}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("dashboard-kpis.sql:3: refused"));

    // The Queries pane and the console, in-process, with the same hostile user folder.
    let engine =
        Engine::open(&Lake::open(lake.path(), LakeOrigin::Flag).expect("lake")).expect("engine");
    let library = Library::load(Some(&queries));
    for (i, sql) in attacks.iter().enumerate() {
        assert_eq!(
            library.get(&format!("attack-{i}")).is_ok(),
            inert(sql),
            "{sql:?}"
        );
    }
    assert_eq!(
        library.get("dashboard-kpis").expect("tile query").origin,
        qlake::core::queries::Origin::Shipped
    );
    let mut app = qlake::tui::panes::new_app(
        library,
        qlake::tui::panes::default_keymap(),
        l.clone(),
        (100, 30),
    );
    // Run every query the Queries pane lists, with its defaults.
    let listed = app.library().queries.len();
    let mut keys = String::from("4");
    for _ in 0..listed {
        keys.push_str(" <enter> <enter> <esc> <esc> j");
    }
    press_keys(&engine, &mut app, &keys);
    for sql in &attacks {
        let app = run_in_console(&engine, sql);
        if inert(sql) {
            continue;
        }
        assert!(app.console().grid.is_none(), "the console ran {sql:?}");
        let error = app.console().error.clone().unwrap_or_default();
        assert!(refused_clearly(&error), "{sql:?} → {error}");
    }

    // Exports into the lake, on every path: new file, replaced file, the TUI's :export.
    for (target, force) in [
        (lake.path().join("ratings/zz.parquet"), false),
        (lake.path().join("cities/cities.parquet"), true),
        (lake.path().join("zz.parquet"), false),
    ] {
        let mut cmd = qlake(home.path());
        cmd.args(["--lake", &l, "sql", "select 1 as x", "-o"])
            .arg(&target);
        if force {
            cmd.arg("--force");
        }
        let out = cmd.output().expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{} → {stderr}",
            target.display()
        );
        assert!(stderr.contains("inside the lake"), "{stderr}");
    }
    let mut app = qlake::tui::panes::new_app(
        Library::load(None),
        qlake::tui::panes::default_keymap(),
        l.clone(),
        (100, 30),
    );
    let target = lake.path().join("ratings/zz.csv").display().to_string();
    let keys = format!("3 : export <space> {target} <enter>");
    press_keys(&engine, &mut app, &keys);
    let message = app.message().unwrap_or_default().to_string();
    assert!(message.contains("inside the lake"), "{message}");

    assert_eq!(before, hashes(lake.path()), "a lake file changed");
}

/// The gate left out entirely, and DuckDB's own allowed list too: a bare DuckDB connection in a process confined by
/// qlake's sandbox tries to overwrite a lake file. Only the kernel can stop it, and must.
#[test]
fn the_kernel_layer_alone_keeps_the_lake_unwritten() {
    if !crate::support::landlock_enforced("the_kernel_layer_alone_keeps_the_lake_unwritten") {
        return;
    }
    const CHILD: &str = "QLAKE_TEST_CONFINED_LAKE";
    if let Some(lake) = std::env::var_os(CHILD) {
        // The confined child: qlake's policy for this lake, then a write with no gate and no DuckDB lock-down.
        let lake = PathBuf::from(lake);
        let allowed = std::env::var_os("QLAKE_TEST_ALLOWED")
            .map(PathBuf::from)
            .expect("allowed");
        let status = qlake::core::sandbox::confine(&qlake::core::sandbox::Policy::for_lake(
            "test",
            &lake,
            qlake::core::sandbox::Exports::Into(
                std::fs::canonicalize(&allowed).expect("canonical"),
            ),
        ));
        println!("status: {status}");
        let conn = duckdb::Connection::open_in_memory().expect("duckdb");
        let result = conn.execute_batch(&copy_into(&lake.join("ratings/ratings.parquet")));
        match result {
            Err(e) => println!("outcome: refused: {e}"),
            Ok(()) => println!("outcome: written"),
        }
        // Writing where qlake may still works.
        let result = conn.execute_batch(&copy_into(&allowed.join("out.parquet")));
        println!(
            "outside: {}",
            if result.is_ok() { "written" } else { "refused" }
        );
        return;
    }
    // Without the kernel layer the same bare write goes through: the test can see a write.
    let unprotected = copy_of_sample();
    let conn = duckdb::Connection::open_in_memory().expect("duckdb");
    let before = hashes(unprotected.path());
    conn.execute_batch(&copy_into(
        &unprotected.path().join("ratings/ratings.parquet"),
    ))
    .expect("an unconfined DuckDB writes");
    assert_ne!(before, hashes(unprotected.path()));

    let lake = copy_of_sample();
    let lake_root = std::fs::canonicalize(lake.path()).expect("canonical");
    let allowed = tempfile::tempdir().expect("tempdir");
    let before = hashes(lake.path());
    let mut child = std::process::Command::new(std::env::current_exe().expect("test binary"));
    child
        .args([
            "lake_untouchable::the_kernel_layer_alone_keeps_the_lake_unwritten",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, &lake_root)
        .env("QLAKE_TEST_ALLOWED", allowed.path())
        .env("QLAKE_CACHE_DIR", allowed.path().join("cache"));
    let out = crate::support::output_bounded(&mut child, "the kernel-layer child");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("Landlock ABI"), "{stdout}");
    assert!(
        stdout.contains("outcome: refused") && stdout.contains("Permission denied"),
        "stopped by the kernel (Landlock), not by qlake: {stdout}"
    );
    assert!(stdout.contains("outside: written"), "{stdout}");
    assert_eq!(before, hashes(lake.path()));
}
