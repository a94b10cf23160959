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

/// A narrowed partial statement (`gate/parts.cpp`) runs, and gives the rows the unit's own partial statement gives,
/// also where the join compares a number with a text: a semi join binds `=` as the unit's join does, where `IN
/// (SELECT …)` would ask for a cast.
#[test]
fn a_narrowed_partial_statement_gives_the_rows_of_the_unit_as_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("lake");
    let conn = Connection::open_in_memory().expect("duckdb");
    let write = |select: &str, to: &std::path::Path| {
        std::fs::create_dir_all(to.parent().expect("folder")).expect("folder");
        conn.execute_batch(&format!(
            "COPY ({select}) TO {} (FORMAT parquet)",
            sql_literal(&to.display().to_string())
        ))
        .expect("write");
    };
    for (i, from) in [0, 300, 600].iter().enumerate() {
        write(
            &format!(
                "SELECT CAST(i % 9 AS VARCHAR) AS key, i AS n FROM range({from}, {from} + 300) t(i)"
            ),
            &root.join("things").join(format!("part-{i}.parquet")),
        );
    }
    write(
        "SELECT i AS code, 'label ' || i AS label FROM range(7) t(i)",
        &root.join("others").join("others.parquet"),
    );
    let lake = Lake::open(&root, crate::core::lake::LakeOrigin::Flag).expect("lake");
    let engine = Engine::open(&lake).expect("engine");
    let sql = gate::check(
        "WITH u AS (SELECT o.label, count(*) AS n, sum(t.n) AS s FROM things t LEFT JOIN others o \
         ON o.code = t.key GROUP BY o.label) SELECT * FROM u",
    )
    .expect("checked");
    let unit = &gate::parts::parts(&sql).units[0];
    let things = engine.lake_table("things").expect("things");
    let one_file = TableFiles {
        files: things.files[2..].to_vec(),
        ..things.clone()
    };
    let scan = format!(
        "SELECT *, file_index AS _qlake_file FROM read_parquet({}, hive_partitioning = false, union_by_name = true)",
        one_file.file_list()
    );
    let rows_of = |narrow: bool| {
        let plan = gate::parts::plan(
            &sql,
            "_qlake_file",
            std::iter::once(gate::parts::Planned {
                unit,
                scan: &scan,
                table: "qlake_parts_test",
                narrow,
            }),
        )
        .expect("planned");
        let partial = &plan.statements[0].partial;
        assert_eq!(partial.contains("SEMI JOIN"), narrow, "{partial}");
        let (_, batches) = engine.run_internal(partial, "test").expect(partial);
        let mut rows: Vec<Vec<Option<String>>> = batches
            .iter()
            .flat_map(|b| crate::core::cells::batch_cells(b).expect("cells"))
            .collect();
        rows.sort();
        rows
    };
    let whole = rows_of(false);
    // The keys 7 and 8 have no code: a row of NULL labels beside the seven labels.
    assert_eq!(whole.len(), 8, "{whole:?}");
    assert_eq!(rows_of(true), whole);
}
