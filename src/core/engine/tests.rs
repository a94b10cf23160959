use super::*;

/// A table of files with one schema (in any column order) is read as a plain list; one whose files differ is read
/// by name, so the file without a column gives NULLs instead of failing.
#[test]
fn only_files_that_differ_are_read_by_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    let conn = Connection::open_in_memory().expect("duckdb");
    let path = |name: &str| dir.path().join(name);
    for (name, select) in [
        ("a.parquet", "SELECT 1 AS id, 'x' AS label"),
        ("b.parquet", "SELECT 'y' AS label, 2 AS id"),
        ("c.parquet", "SELECT 3 AS id"),
        // The same columns and physical types as a.parquet, read as other types: a date, bytes.
        ("d.parquet", "SELECT DATE '2020-01-01' AS id, 'x' AS label"),
        ("e.parquet", "SELECT 1 AS id, 'x'::BLOB AS label"),
    ] {
        conn.execute_batch(&format!(
            "COPY ({select}) TO {} (FORMAT parquet)",
            sql_literal(&path(name).display().to_string())
        ))
        .expect("write");
    }
    let table = |name: &str, files: &[&str]| TableFiles {
        name: name.into(),
        location: dir.path().to_path_buf(),
        files: files.iter().map(|f| path(f)).collect(),
        skipped: Vec::new(),
        hive_partitioned: false,
    };
    let tables = [
        table("same", &["a.parquet", "b.parquet"]),
        table("differ", &["a.parquet", "b.parquet", "c.parquet"]),
        table("dated", &["a.parquet", "d.parquet"]),
        table("bytes", &["a.parquet", "e.parquet"]),
    ];
    assert!(declare_views(&conn, &tables).is_empty());
    let declared = |view: &str| -> String {
        conn.query_row(
            &format!("SELECT sql FROM duckdb_views() WHERE view_name = '{view}'"),
            [],
            |r| r.get(0),
        )
        .expect("view")
    };
    assert!(declared("same").contains("union_by_name = false"));
    assert!(declared("differ").contains("union_by_name = true"));
    assert!(declared("dated").contains("union_by_name = true"));
    assert!(declared("bytes").contains("union_by_name = true"));
    let labels: Vec<Option<String>> = conn
        .prepare("SELECT label FROM differ ORDER BY id")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<duckdb::Result<_>>()
        .expect("rows");
    assert_eq!(labels, [Some("x".into()), Some("y".into()), None]);
    let same: i64 = conn
        .query_row(
            "SELECT sum(id) FROM same WHERE label IN ('x', 'y')",
            [],
            |r| r.get(0),
        )
        .expect("same");
    assert_eq!(same, 3, "columns in another order are read by name");
}

/// Every instance qlake opens — the engine's and each export's — runs without async I/O threads, the one setting
/// that keeps an interrupted COPY from deadlocking in DuckDB 2.0.0 (the race itself is too rare to test by
/// interrupting).
#[test]
fn no_instance_has_async_io_threads() {
    for (what, instance) in [
        ("engine", locked_instance(&[], &[], 1, false, None)),
        (
            "export",
            locked_instance(&[], &["/tmp/x.csv".into()], 0, true, None),
        ),
    ] {
        let instance = instance.expect("instance");
        for conn in std::iter::once(&instance.conn).chain(&instance.spare) {
            let threads: i64 = conn
                .query_row("SELECT current_setting('async_threads')", [], |r| r.get(0))
                .expect("setting");
            assert_eq!(threads, 0, "{what}");
        }
    }
}
