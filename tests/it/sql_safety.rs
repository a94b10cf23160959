//! Every way out of the lake that DuckDB offers is refused, and the lake is never written: every file is hashed
//! before and after the whole suite.

use crate::support::{copy_of_sample, hashes, qlake};

#[test]
fn nothing_gets_out_and_the_lake_is_never_written() {
    let home = tempfile::tempdir().expect("tempdir");
    let lake = copy_of_sample();
    // A symlink inside the lake that leads out of it, and a file in the lake that is not a table.
    std::os::unix::fs::symlink("/etc", lake.path().join("escape")).expect("symlink");
    std::fs::write(lake.path().join("notes.txt"), b"private notes").expect("write");
    let before = hashes(lake.path());
    let l = lake.path().display().to_string();
    let outside = home.path().join("leak");

    let refused_statements = [
        format!("COPY projects TO '{}'", outside.display()),
        format!("COPY (SELECT 1) TO '{l}/projects/evil.parquet'"),
        format!("EXPORT DATABASE '{}'", outside.display()),
        format!("IMPORT DATABASE '{l}'"),
        format!("ATTACH '{}' AS x", outside.display()),
        "DETACH memory".into(),
        "INSTALL httpfs".into(),
        "LOAD httpfs".into(),
        "FORCE INSTALL httpfs".into(),
        "SET enable_external_access = true".into(),
        "RESET allowed_paths".into(),
        "PRAGMA enable_profiling".into(),
        "CALL duckdb_settings()".into(),
        "CREATE TABLE t AS SELECT 1".into(),
        "CREATE OR REPLACE VIEW projects AS SELECT 1".into(),
        "CREATE MACRO evil() AS 1".into(),
        "CREATE SECRET s (TYPE s3, KEY_ID 'x', SECRET 'y')".into(),
        "DROP VIEW projects".into(),
        "INSERT INTO projects SELECT * FROM projects".into(),
        "USE memory".into(),
        "CHECKPOINT".into(),
        "SELECT 1; SELECT 2".into(),
        "SELECT * FROM query('SELECT 1')".into(),
        "SELECT getenv('HOME')".into(),
    ];
    for sql in &refused_statements {
        qlake(home.path())
            .args(["--lake", &l, "sql", sql])
            .assert()
            .code(1)
            // The gate's own words: a gate that let one through and a lower layer that caught it fails here.
            .stderr(predicates::str::contains(
                "refused by qlake's read-only gate: ",
            ));
    }
    let reads_outside = [
        "SELECT * FROM read_text('/etc/hostname')".to_string(),
        "SELECT * FROM read_csv('/etc/passwd')".to_string(),
        "SELECT * FROM glob('/etc/*')".to_string(),
        format!("SELECT * FROM read_text('{l}/../../etc/hostname')"),
        format!("SELECT * FROM read_text('{l}/escape/hostname')"),
        format!("SELECT * FROM read_text('{l}/notes.txt')"),
        format!("SELECT * FROM read_parquet('{l}/escape/*.parquet')"),
        "SELECT * FROM read_parquet('https://example.com/x.parquet')".to_string(),
        "SELECT * FROM read_csv('s3://bucket/x.csv')".to_string(),
    ];
    for sql in &reads_outside {
        let out = qlake(home.path())
            .args(["--lake", &l, "sql", sql])
            .output()
            .expect("sql");
        assert_eq!(
            out.status.code(),
            Some(1),
            "{sql} was not refused: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(
            !String::from_utf8_lossy(&out.stdout).contains("root:"),
            "{sql}"
        );
        // Which layer said no: the gate for what lists the file system, DuckDB's lock-down for the file readers.
        let stderr = String::from_utf8_lossy(&out.stderr);
        let layer = if sql.contains("glob(") {
            "refused by qlake's read-only gate: "
        } else {
            "refused by DuckDB's lock-down: "
        };
        assert!(
            stderr.contains(layer),
            "{sql}: expected {layer:?}, got {stderr}"
        );
    }
    // Everything legitimate still works on the same lake: reads, saved queries, exports elsewhere, the TUI.
    qlake(home.path())
        .args(["--lake", &l, "sql", "select count(*) from projects"])
        .assert()
        .success();
    qlake(home.path())
        .args([
            "--lake",
            &l,
            "query",
            "run",
            "ratings-by-year",
            "-p",
            "year=2021",
            "-o",
        ])
        .arg(home.path().join("r.parquet"))
        .assert()
        .success();
    qlake(home.path())
        .args([
            "--lake",
            &l,
            "query",
            "run",
            "where-from",
            "-p",
            "search='; DROP VIEW projects; --",
        ])
        .assert()
        .success();
    qlake(home.path())
        .args([
            "--lake",
            &l,
            "tui",
            "--headless",
            "--keys",
            "2 <enter> <enter> 5 select <space> 1 <f5>",
        ])
        .assert()
        .success();
    qlake(home.path())
        .args(["--lake", &l, "lake", "check"])
        .assert()
        .code(1)
        .stdout(predicates::str::contains(
            "escape: a symlink that leads out of the lake",
        ));
    qlake(home.path())
        .args(["--lake", &l, "lake", "info"])
        .assert()
        .success();
    assert!(!outside.exists());
    assert_eq!(hashes(lake.path()), before, "the lake was written");
}

#[test]
fn check_names_files_behind_a_symlink_leading_out() {
    let home = tempfile::tempdir().expect("tempdir");
    let lake = copy_of_sample();
    let elsewhere = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        lake.path().join("provinces/provinces.parquet"),
        elsewhere.path().join("p.parquet"),
    )
    .expect("copy");
    std::os::unix::fs::symlink(elsewhere.path(), lake.path().join("provinces/linked"))
        .expect("symlink");
    let out = qlake(home.path())
        .args([
            "--lake",
            lake.path().to_str().expect("utf8"),
            "lake",
            "check",
        ])
        .output()
        .expect("check");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("a symlink that leads out of the lake"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // The outside file is not read: provinces still has its 8 rows, not 16.
    qlake(home.path())
        .args([
            "--lake",
            lake.path().to_str().expect("utf8"),
            "sql",
            "select count(*) as n from provinces",
            "-f",
            "csv",
        ])
        .assert()
        .success()
        .stdout("n\n8\n");
}
