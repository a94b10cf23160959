//! Each layer of the read-only promise on its own, each test naming the layer it expects to act, and the clause
//! matrix: every refused function and view and every writing node in every clause position, through `qlake sql`, a
//! saved query, a dashboard tile and the console.
//!
//! The expectations are written here (the gate's own words for each case), never computed by `gate::check`: a test
//! of the gate fails when only a lower layer (DuckDB's lock-down, the kernel) caught the attack.

use std::path::Path;

use qlake::core::error::Error;
use qlake::core::gate::{self, catalogue};

use crate::support::{copy_of_sample, hashes, qlake, run_in_console};

/// How each layer's refusal begins, as a user sees it.
const GATE: &str = "refused by qlake's read-only gate: ";
const LOCK_DOWN: &str = "refused by DuckDB's lock-down: ";

/// The clause positions a forbidden expression is put in; `{e}` stands for it.
const POSITIONS: &[(&str, &str)] = &[
    ("select list", "SELECT {e} AS v"),
    ("where", "SELECT 1 AS v WHERE {e} IS NOT NULL"),
    ("group by", "SELECT count(*) AS v FROM ratings GROUP BY {e}"),
    (
        "having",
        "SELECT count(*) AS v FROM ratings GROUP BY year HAVING {e} IS NOT NULL",
    ),
    (
        "qualify",
        "SELECT year FROM ratings QUALIFY row_number() OVER (ORDER BY {e}) = 1",
    ),
    ("order by", "SELECT year FROM ratings ORDER BY {e}"),
    ("limit", "SELECT year FROM ratings LIMIT {e}"),
    (
        "join on",
        "SELECT 1 AS v FROM provinces p JOIN cities c ON {e} IS NOT NULL",
    ),
    (
        "pivot",
        "SELECT * FROM (PIVOT ratings ON year IN (2020, 2021) USING max({e}))",
    ),
    (
        "unpivot",
        "SELECT * FROM (UNPIVOT (SELECT 1 AS a) ON a, ({e}) AS b INTO NAME k VALUE v)",
    ),
    ("describe", "DESCRIBE SELECT {e} AS v"),
    ("summarize", "SUMMARIZE SELECT {e} AS v"),
    (
        "recursive cte",
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 2 AND {e} IS NOT NULL) \
         SELECT n FROM r",
    ),
    ("cte", "WITH c AS (SELECT {e} AS v) SELECT * FROM c"),
    ("values", "VALUES ({e})"),
    ("from subquery", "SELECT * FROM (SELECT {e} AS v) s"),
    ("union", "SELECT 1 AS v UNION ALL SELECT {e}"),
    (
        "window partition",
        "SELECT sum(1) OVER (PARTITION BY {e}) AS v",
    ),
    ("case", "SELECT CASE WHEN {e} IS NULL THEN 1 END AS v"),
    ("lambda", "SELECT list_transform([1], lambda x: {e}) AS v"),
    (
        "table function argument",
        "SELECT * FROM range((SELECT count(*) FROM (SELECT {e})))",
    ),
    ("explain", "EXPLAIN SELECT {e} AS v"),
    ("explain analyze", "EXPLAIN ANALYZE SELECT {e} AS v"),
];

/// One statement and the gate's words it must be refused with.
#[derive(Debug, Clone)]
struct Case {
    what: String,
    sql: String,
    expect: String,
}

/// Every refused entry of the classification as an expression, with the words the gate refuses it with.
fn refused_expressions() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in &catalogue::entries().0 {
        if !matches!(entry.verdict, catalogue::Verdict::Refuse(_)) {
            continue;
        }
        let name = &entry.name;
        out.push(match entry.position {
            catalogue::Position::Scalar | catalogue::Position::Builtin => (
                format!("{name}()"),
                format!("the function `{name}` is not allowed"),
            ),
            catalogue::Position::Table => (
                format!("(SELECT count(*) FROM {name}())"),
                format!("the table function `{name}` is not allowed"),
            ),
            catalogue::Position::View => (
                format!("(SELECT count(*) FROM {name})"),
                format!("DuckDB's view `{name}` is not allowed"),
            ),
        });
    }
    // The same functions quoted, qualified and in another case: DuckDB resolves them all to the one built-in.
    out.extend([
        (
            "(SELECT count(*) FROM \"QUERY_TABLE\"('ratings'))".into(),
            "the table function `query_table` is not allowed".into(),
        ),
        (
            "system.main.current_setting('allowed_paths')".into(),
            "the function `current_setting` is not allowed".into(),
        ),
        (
            "(SELECT count(*) FROM system.pg_catalog.pg_settings)".into(),
            "DuckDB's view `pg_settings` is not allowed".into(),
        ),
        (
            "(SELECT count(*) FROM \"Duckdb_Settings\"())".into(),
            "the table function `duckdb_settings` is not allowed".into(),
        ),
    ]);
    out
}

/// The writing nodes DuckDB's grammar nests inside a query (in a CTE), as expressions. (MERGE is a statement only:
/// the parser refuses it as a CTE body.)
fn writing_expressions(lake: &Path) -> Vec<(String, String)> {
    let target = lake.join("ratings/ratings.parquet").display().to_string();
    [
        (
            "INSERT",
            "INSERT INTO ratings SELECT * FROM ratings RETURNING *".to_string(),
        ),
        (
            "UPDATE",
            "UPDATE ratings SET year = 0 RETURNING *".to_string(),
        ),
        ("DELETE", "DELETE FROM ratings RETURNING *".to_string()),
        (
            "COPY",
            format!("COPY (SELECT 'owned' AS pwned) TO '{target}' (FORMAT parquet)"),
        ),
    ]
    .into_iter()
    .map(|(kind, node)| {
        (
            format!("(WITH w AS ({node}) SELECT 1)"),
            format!("the query holds a {kind} statement inside it"),
        )
    })
    .collect()
}

/// The statements that cannot nest in a query, and the statement type DuckDB's parser names each.
fn writing_statements(lake: &Path) -> Vec<(&'static str, String)> {
    let target = lake.join("ratings/ratings.parquet").display().to_string();
    let root = lake.display().to_string();
    vec![
        (
            "COPY",
            format!("COPY (SELECT 'owned' AS pwned) TO '{target}' (FORMAT parquet)"),
        ),
        ("INSERT", "INSERT INTO ratings SELECT * FROM ratings".into()),
        ("UPDATE", "UPDATE ratings SET year = 0".into()),
        ("DELETE", "DELETE FROM ratings".into()),
        (
            "MERGE_INTO",
            "MERGE INTO ratings USING provinces ON false WHEN MATCHED THEN DELETE".into(),
        ),
        ("ATTACH", format!("ATTACH '{root}/owned.db'")),
        ("CREATE", "CREATE TABLE owned AS SELECT 1".into()),
        ("SET", "SET threads = 1".into()),
        ("SET", "SET VARIABLE x = 1".into()),
        ("PRAGMA", "PRAGMA enable_profiling".into()),
        ("CALL", "CALL pragma_version()".into()),
        ("EXPORT", format!("EXPORT DATABASE '{root}/owned'")),
        ("LOAD", "LOAD parquet".into()),
        ("LOAD", "INSTALL httpfs".into()),
        ("CALL", "CHECKPOINT".into()),
        ("DROP", "DROP VIEW ratings".into()),
        ("ALTER", "ALTER VIEW ratings RENAME TO owned".into()),
        ("DETACH", "DETACH memory".into()),
        ("TRANSACTION", "BEGIN TRANSACTION".into()),
        ("VACUUM", "VACUUM".into()),
        ("PREPARE", "PREPARE p AS SELECT 1".into()),
        ("EXECUTE", "EXECUTE p".into()),
    ]
}

/// The whole matrix: every forbidden expression in every position, every statement in its.
fn matrix(lake: &Path) -> Vec<Case> {
    let mut cases = Vec::new();
    let expressions: Vec<(String, String)> = refused_expressions()
        .into_iter()
        .chain(writing_expressions(lake))
        .collect();
    for (position, template) in POSITIONS {
        for (expr, expect) in &expressions {
            cases.push(Case {
                what: format!("{expr} in {position}"),
                sql: template.replace("{e}", expr),
                expect: expect.clone(),
            });
        }
    }
    cases.extend(statement_cases(lake));
    cases
}

fn statement_cases(lake: &Path) -> Vec<Case> {
    let mut cases = Vec::new();
    for (kind, sql) in writing_statements(lake) {
        cases.push(Case {
            what: format!("{kind} alone"),
            sql: sql.clone(),
            expect: format!("{kind} statements are not allowed"),
        });
        cases.push(Case {
            what: format!("{kind} after a read"),
            sql: format!("SELECT 1; {sql}"),
            expect: "DuckDB reads 2 statements here".into(),
        });
        // DuckDB's parser prepares only these; PREPARE of any other kind is its syntax error.
        if ["COPY", "INSERT", "UPDATE", "DELETE"].contains(&kind) {
            cases.push(Case {
                what: format!("{kind} prepared"),
                sql: format!("PREPARE p AS {sql}"),
                expect: "PREPARE statements are not allowed".into(),
            });
        }
        // DuckDB's grammar has no EXPLAIN of these: it is a syntax error before anything runs.
        let unexplainable = ["ATTACH", "DETACH", "EXPORT", "INSTALL"]
            .iter()
            .any(|k| sql.starts_with(k));
        for explain in ["EXPLAIN", "EXPLAIN ANALYZE"]
            .iter()
            .filter(|_| !unexplainable)
        {
            cases.push(Case {
                what: format!("{kind} under {explain}"),
                sql: format!("{explain} {sql}"),
                expect: format!("wraps a {kind} statement"),
            });
        }
    }
    cases
}

/// A sample of the matrix for the front ends that each start a process or a dashboard: every position, every
/// forbidden expression and every statement at least once.
fn sample(lake: &Path) -> Vec<Case> {
    let expressions: Vec<(String, String)> = refused_expressions()
        .into_iter()
        .chain(writing_expressions(lake))
        .collect();
    let rounds = expressions.len().max(POSITIONS.len());
    let mut cases: Vec<Case> = (0..rounds)
        .map(|i| {
            let (position, template) = POSITIONS[i % POSITIONS.len()];
            let (expr, expect) = &expressions[i % expressions.len()];
            Case {
                what: format!("{expr} in {position}"),
                sql: template.replace("{e}", expr),
                expect: expect.clone(),
            }
        })
        .collect();
    // Each writing node in every position too: the walk of every clause is what these guard.
    for (position, template) in POSITIONS {
        for (expr, expect) in writing_expressions(lake) {
            cases.push(Case {
                what: format!("{expr} in {position}"),
                sql: template.replace("{e}", &expr),
                expect,
            });
        }
    }
    cases.extend(
        statement_cases(lake)
            .into_iter()
            .filter(|c| c.what.ends_with("alone")),
    );
    cases
}

/// The gate's refusal of `case`, or why that is not what happened (naming the layer that acted instead).
fn gate_refuses(case: &Case) -> Result<(), String> {
    match gate::check(&case.sql) {
        Err(Error::Refused { reason }) if reason.contains(&case.expect) => Ok(()),
        Err(Error::Refused { reason }) => Err(format!(
            "{}: the gate refused it for another reason: {reason}\n  expected: {}\n  sql: {}",
            case.what, case.expect, case.sql
        )),
        Err(other) => Err(format!(
            "{}: the gate did not refuse it itself ({other})\n  expected: {}\n  sql: {}",
            case.what, case.expect, case.sql
        )),
        Ok(_) => Err(format!(
            "{}: THE GATE LET IT THROUGH (only a lower layer could stop it now)\n  expected: {}\n  sql: {}",
            case.what, case.expect, case.sql
        )),
    }
}

/// The gate alone: no DuckDB, no Landlock, only `gate::check`. Every case of the matrix, each with its own words.
#[test]
fn the_gate_alone_refuses_the_whole_matrix_in_its_own_words() {
    let lake = copy_of_sample();
    let cases = matrix(lake.path());
    let failures: Vec<String> = cases.iter().filter_map(|c| gate_refuses(c).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    eprintln!("the gate alone refused {} cases", cases.len());
}

/// `qlake sql` with every layer on: the refusal a user sees must be the gate's, so a gate that lets one through is
/// seen here even where DuckDB's lock-down or the kernel would still have stopped it.
#[test]
fn qlake_sql_shows_the_gates_refusal_for_the_matrix() {
    let home = tempfile::tempdir().expect("tempdir");
    let lake = copy_of_sample();
    let l = lake.path().display().to_string();
    let before = hashes(lake.path());
    for case in sample(lake.path()) {
        let out = qlake(home.path())
            .args(["--lake", &l, "sql", &case.sql])
            .output()
            .expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.code() == Some(1) && stderr.contains(GATE) && stderr.contains(&case.expect),
            "{}: expected the gate's refusal ({}), got exit {:?}: {}{}\n  sql: {}",
            case.what,
            case.expect,
            out.status.code(),
            stderr,
            layer_hint(&stderr),
            case.sql
        );
        assert_eq!(
            before,
            hashes(lake.path()),
            "{}: a lake file changed",
            case.what
        );
    }
}

/// Which layer a message came from, for failure messages.
fn layer_hint(stderr: &str) -> &'static str {
    if stderr.contains(GATE) {
        ""
    } else if stderr.contains(LOCK_DOWN) {
        "\n  → only DuckDB's lock-down caught it: the gate let it through"
    } else if stderr.contains("Permission denied") {
        "\n  → only the kernel (Landlock) caught it: the gate let it through"
    } else {
        "\n  → no layer refused it"
    }
}

/// The console, a saved query and a dashboard tile, in-process with the same cases.
#[test]
fn the_console_saved_queries_and_tiles_show_the_gates_refusal() {
    let lake = copy_of_sample();
    let engine = crate::support::open(lake.path());
    let before = hashes(lake.path());
    let cases = sample(lake.path());
    for case in &cases {
        let app = run_in_console(&engine, &case.sql);
        let error = app.console().error.clone().unwrap_or_default();
        assert!(
            app.console().grid.is_none() && error.contains(GATE) && error.contains(&case.expect),
            "console, {}: expected the gate's refusal ({}), got {error:?}{}",
            case.what,
            case.expect,
            layer_hint(&error)
        );
        assert_eq!(
            before,
            hashes(lake.path()),
            "console, {}: a lake file changed",
            case.what
        );
    }

    // Saved queries: every case as a user query file; none loads, each is named with its file, line and the gate's
    // words. The dashboard's tile query overridden by each case in turn: refused at load, the shipped tile kept.
    let home = tempfile::tempdir().expect("tempdir");
    let queries = home.path().join("queries");
    std::fs::create_dir_all(&queries).expect("mkdir");
    for (i, case) in cases.iter().enumerate() {
        std::fs::write(
            queries.join(format!("case-{i}.sql")),
            format!("-- name: case-{i}\n-- title: case\n{}\n", case.sql),
        )
        .expect("write");
    }
    let library = qlake::core::queries::Library::load(Some(&queries));
    for (i, case) in cases.iter().enumerate() {
        assert!(
            library.get(&format!("case-{i}")).is_err(),
            "{} loaded",
            case.what
        );
        let file = format!("case-{i}.sql:3: {GATE}");
        assert!(
            library
                .broken
                .iter()
                .map(ToString::to_string)
                .any(|e| e.contains(&file) && e.contains(&case.expect)),
            "saved query, {}: no gate refusal naming {file}: {:?}",
            case.what,
            library
                .broken
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        );
    }
    let tiles = home.path().join("tiles");
    std::fs::create_dir_all(&tiles).expect("mkdir");
    for case in cases.iter().step_by(3) {
        std::fs::write(
            tiles.join("dashboard-kpis.sql"),
            format!("-- name: dashboard-kpis\n-- title: tile\n{}\n", case.sql),
        )
        .expect("write");
        let library = qlake::core::queries::Library::load(Some(&tiles));
        assert_eq!(
            library.get("dashboard-kpis").expect("tile").origin,
            qlake::core::queries::Origin::Shipped,
            "tile, {}",
            case.what
        );
        let broken: Vec<String> = library.broken.iter().map(ToString::to_string).collect();
        assert!(
            broken
                .iter()
                .any(|e| e.contains(&format!("dashboard-kpis.sql:3: {GATE}"))
                    && e.contains(&case.expect)),
            "tile, {}: {broken:?}",
            case.what
        );
    }
    // The same through the binaries: `query run` of a sample, and the dashboard with an overridden tile.
    let l = lake.path().display().to_string();
    let config = home.path().join("config/queries");
    std::fs::create_dir_all(&config).expect("mkdir");
    for entry in std::fs::read_dir(&queries).expect("list") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, config.join(path.file_name().expect("name"))).expect("copy");
    }
    for (i, case) in cases.iter().enumerate().step_by(7) {
        let out = qlake(home.path())
            .args(["--lake", &l, "query", "run", &format!("case-{i}")])
            .output()
            .expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.code() == Some(2)
                && stderr.contains(&format!("case-{i}.sql:3: {GATE}"))
                && stderr.contains(&case.expect),
            "query run, {}: {stderr}",
            case.what
        );
    }
    let out = crate::support::dashboard_with_tile(home.path(), &l, &cases[0].sql);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("dashboard-kpis.sql:3: {GATE}"))
            && stderr.contains(&cases[0].expect),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Hubei"));
    assert_eq!(before, hashes(lake.path()), "a lake file changed");
}

/// The gate's walk is held to DuckDB's own serializer: for every case of the matrix and every shipped query, the
/// functions, tables and writing nodes it reports are exactly those DuckDB's generated serialization code writes. A
/// walk that skips a clause (WHERE, say) fails here, naming the clause's case, before any attack could use it.
#[test]
fn the_gates_walk_sees_what_duckdbs_serializer_sees() {
    let lake = copy_of_sample();
    let mut texts: Vec<(String, String)> = matrix(lake.path())
        .into_iter()
        .map(|c| (c.what, c.sql))
        .collect();
    for (position, template) in POSITIONS {
        texts.push((
            format!("upper() in {position}"),
            template.replace("{e}", "upper('a')"),
        ));
    }
    for query in qlake::core::queries::Library::load(None).queries.values() {
        texts.push((query.name.clone(), query.statement.text().to_string()));
    }
    let mut compared = 0;
    let mut problems = Vec::new();
    for (what, sql) in &texts {
        let Some(walked) = gate::walked(sql) else {
            continue;
        };
        let facts = gate::serialized_facts(sql);
        if facts
            .iter()
            .any(|(tag, _)| tag == "error" || tag == "statement")
        {
            // DuckDB serializes only SELECT trees; the statement types are compared by the matrix itself.
            continue;
        }
        compared += 1;
        let writes = facts.iter().any(|(tag, v)| {
            tag == "type"
                && v.ends_with("_NODE")
                && !["SELECT_NODE", "SET_OPERATION_NODE", "RECURSIVE_CTE_NODE"]
                    .contains(&v.as_str())
        });
        if writes == walked.writing_nodes.is_empty() {
            problems.push(format!(
                "{what}: the walk saw writing nodes {:?}, DuckDB's serializer {}",
                walked.writing_nodes,
                if writes { "one" } else { "none" }
            ));
        }
        if writes {
            // The walk stops at a writing node (the statement is refused whole); what lies inside it is not its.
            continue;
        }
        let mut functions: Vec<String> = facts
            .iter()
            .filter(|(tag, _)| tag == "function_name")
            .map(|(_, v)| v.to_lowercase())
            .collect();
        functions.sort();
        functions.dedup();
        let mut tables: Vec<String> = facts
            .iter()
            .filter(|(tag, v)| tag == "table_name" && !v.is_empty())
            .map(|(_, v)| v.to_lowercase())
            .collect();
        tables.sort();
        tables.dedup();
        if functions != walked.functions {
            problems.push(format!(
                "{what}: the walk saw functions {:?}, DuckDB's serializer {functions:?}",
                walked.functions
            ));
        }
        if tables != walked.tables {
            problems.push(format!(
                "{what}: the walk saw tables {:?}, DuckDB's serializer {tables:?}",
                walked.tables
            ));
        }
    }
    assert!(compared > 500, "only {compared} texts compared");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// DuckDB's lock-down alone: a bare connection with qlake's settings and no gate in front of it. What it must stop
/// on its own is stopped with DuckDB's permission error; what it cannot tell from a read (a catalogue view of its
/// settings, a write onto a file it may read) is shown to pass, which is why the gate and the kernel layer exist.
#[test]
fn duckdbs_lock_down_alone_refuses_in_its_own_words() {
    let lake = copy_of_sample();
    let outside = tempfile::tempdir().expect("tempdir");
    let o = outside.path().display().to_string();
    let opened = qlake::core::lake::Lake::open(lake.path(), qlake::core::lake::LakeOrigin::Flag)
        .expect("lake");
    let conn = qlake::core::engine::lock_down_alone(&opened).expect("locked connection");
    for (sql, expect) in [
        (
            format!("COPY (SELECT 1 AS x) TO '{o}/out.csv'"),
            "Permission Error",
        ),
        (
            "SELECT * FROM read_text('/etc/hostname')".to_string(),
            "Permission Error",
        ),
        (
            "SELECT * FROM read_csv('/etc/passwd')".to_string(),
            "Permission Error",
        ),
        (format!("ATTACH '{o}/x.db'"), "Permission Error"),
        ("INSTALL httpfs".to_string(), "Permission Error"),
        ("LOAD httpfs".to_string(), "Permission Error"),
        (
            "SET allowed_paths = []".to_string(),
            "configuration has been locked",
        ),
        (
            "SET enable_external_access = true".to_string(),
            "configuration has been locked",
        ),
        (
            "SET autoload_known_extensions = true".to_string(),
            "configuration has been locked",
        ),
    ] {
        let result = conn.execute_batch(&sql);
        let message = result.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(
            message.contains(expect),
            "DuckDB's lock-down alone: {sql:?} should fail with {expect:?}, got {message:?}"
        );
    }
    assert_eq!(
        std::fs::read_dir(outside.path()).expect("list").count(),
        0,
        "a file was written outside"
    );
    // What this layer cannot stop alone, and the layer that does.
    let mut stmt = conn
        .prepare("SELECT count(*) FROM pg_settings WHERE name = 'allowed_paths'")
        .expect("prepare");
    let settings: i64 = stmt.query_row([], |r| r.get(0)).expect("pg_settings reads");
    assert_eq!(
        settings, 1,
        "DuckDB alone shows its settings: only the gate refuses pg_settings"
    );
    let before = hashes(lake.path());
    let target = lake.path().join("ratings/ratings.parquet");
    let _ = conn.execute_batch(&format!(
        "COPY (SELECT 'owned' AS pwned) TO '{}' (FORMAT parquet, USE_TMP_FILE false)",
        target.display()
    ));
    assert_ne!(
        before,
        hashes(lake.path()),
        "DuckDB's allowed paths do not tell reads from writes: only the kernel layer keeps a lake file unwritten \
         (lake_untouchable::the_kernel_layer_alone_keeps_the_lake_unwritten)"
    );
}

/// With every layer on, what passes the gate as a read but reaches outside the lake is stopped by DuckDB's
/// lock-down, and the user is told which layer said no.
#[test]
fn qlake_sql_names_duckdbs_lock_down_when_it_acts() {
    let home = tempfile::tempdir().expect("tempdir");
    let l = crate::support::sample_lake_dir().display().to_string();
    for sql in [
        "SELECT * FROM read_text('/etc/hostname')",
        "SELECT * FROM read_parquet('/nonexistent/elsewhere.parquet')",
    ] {
        let out = qlake(home.path())
            .args(["--lake", &l, "sql", sql])
            .output()
            .expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.code() == Some(1)
                && stderr.contains(LOCK_DOWN)
                && stderr.contains("Permission Error"),
            "{sql}: expected DuckDB's lock-down to refuse it, got {stderr}"
        );
    }
}

/// `qlake sql` runs confined: the kernel's own answer to a write in the lake, after qlake's rules are applied, is
/// EACCES. A `qlake sql` that skipped the sandbox fails here, naming the kernel layer.
#[test]
fn qlake_sql_runs_confined_by_the_kernel() {
    if !crate::support::landlock_enforced("qlake_sql_runs_confined_by_the_kernel") {
        return;
    }
    let home = tempfile::tempdir().expect("tempdir");
    let lake = copy_of_sample();
    let l = lake.path().display().to_string();
    std::fs::write(lake.path().join(qlake::core::sandbox::PROBE_FILE), b"keep").expect("probe");
    for args in [
        vec!["sql", "select 1"],
        vec!["sql", "select count(*) from ratings"],
        vec!["query", "run", "ratings-by-year"],
    ] {
        let out = qlake(home.path())
            .env(qlake::core::sandbox::PROBE_ENV, lake.path())
            .args(["--lake", &l])
            .args(&args)
            .output()
            .expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(
                "confinement probe: create=denied link=denied truncate=denied rename=denied remove=denied"
            ),
            "the kernel layer (Landlock) did not confine `qlake {}`: {stderr}",
            args.join(" ")
        );
    }
    assert_eq!(
        std::fs::read(lake.path().join(qlake::core::sandbox::PROBE_FILE)).expect("probe"),
        b"keep"
    );
}

/// A child's exit, output and peak resident memory (from the kernel's accounting of that child alone).
// It is reaped by `wait4`, which std cannot see.
#[allow(clippy::zombie_processes)]
fn run_measured(
    cmd: &mut std::process::Command,
) -> (Option<i32>, String, u64, std::time::Duration) {
    let err = tempfile::NamedTempFile::new().expect("temp");
    let started = std::time::Instant::now();
    let child = cmd
        .stdout(std::process::Stdio::null())
        .stderr(err.reopen().expect("reopen"))
        .spawn()
        .expect("spawn");
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for the kernel to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, by pid, once; the pointers are to locals that outlive the call.
    let waited = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let elapsed = started.elapsed();
    assert_eq!(waited, child.id() as libc::pid_t, "wait4");
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    let stderr = std::fs::read_to_string(err.path()).unwrap_or_default();
    (code, stderr, usage.ru_maxrss as u64 / 1024, elapsed)
}

/// A hostile text of the largest size qlake reads is refused by the gate without DuckDB's parser building its tree:
/// each shape that once cost seconds and gigabytes stays under 300 MB (the kernel's count of the child's peak
/// memory; its time is printed for docs/reliability.md, never asserted on a shared machine). So is the costliest
/// text inside the limits (the most UNION branches the token limit lets through, which DuckDB must parse whole).
#[test]
fn hostile_texts_are_refused_cheaply() {
    let home = tempfile::tempdir().expect("tempdir");
    let l = crate::support::sample_lake_dir().display().to_string();
    let size = gate::MAX_STATEMENT_BYTES - 64;
    let fill = |head: &str, unit: &str, tail: &str| {
        let n = (size - head.len() - tail.len()) / unit.len();
        format!("{head}{}{tail}", unit.repeat(n))
    };
    let half = |open: &str, close: &str| {
        let n = (size - 8) / 2;
        format!("SELECT {}1{}", open.repeat(n), close.repeat(n))
    };
    let beyond = "beyond what qlake parses";
    let shapes = [
        ("nested parentheses", half("(", ")"), beyond),
        ("nested lists", half("[", "]"), beyond),
        ("an operator chain", fill("SELECT 1", "+1", ""), beyond),
        ("a NOT chain", fill("SELECT ", "NOT ", "true"), beyond),
        ("a cast chain", fill("SELECT 1", "::INT", ""), beyond),
        ("an IN list", fill("SELECT 1 IN (", "1,", "1)"), beyond),
        (
            "UNION branches",
            fill("SELECT 1", " UNION ALL SELECT 1", ""),
            beyond,
        ),
        (
            "UNION branches inside the token limit",
            format!("SELECT 1{}", " UNION ALL SELECT 1".repeat(12_400)),
            "query blocks",
        ),
    ];
    for (what, sql, words) in shapes {
        let file = home.path().join("hostile.sql");
        std::fs::write(&file, &sql).expect("write");
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("qlake"));
        cmd.env("QLAKE_CACHE_DIR", home.path().join("cache"))
            .env("QLAKE_CONFIG_DIR", home.path().join("config"))
            .args(["--lake", &l, "sql", "-f", "csv", "--file"])
            .arg(&file);
        let (code, stderr, peak_mb, elapsed) = run_measured(&mut cmd);
        eprintln!(
            "{what}: {} bytes, refused in {:.0} ms, peak {peak_mb} MB",
            sql.len(),
            elapsed.as_secs_f64() * 1000.0
        );
        assert!(
            code == Some(1) && stderr.contains(GATE) && stderr.contains(words),
            "{what}: expected the gate's refusal ({words}), got {code:?}: {}",
            stderr.chars().take(400).collect::<String>()
        );
        assert!(
            !stderr.contains("SET "),
            "{what}: the message suggests a setting: {stderr}"
        );
        assert!(peak_mb < 300, "{what}: the refusal took {peak_mb} MB");
    }
    // Longer than qlake reads: a file is refused by its size before it is read; a text pasted into the console
    // reaches the gate, which refuses it by its length alone.
    let long = format!("SELECT '{}'", "a".repeat(gate::MAX_STATEMENT_BYTES));
    let file = home.path().join("long.sql");
    std::fs::write(&file, &long).expect("write");
    let out = qlake(home.path())
        .args(["--lake", &l, "sql", "--file"])
        .arg(&file)
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    match gate::check(&long) {
        Err(Error::Refused { reason }) => {
            assert!(
                reason.contains("qlake reads statements of at most 1 MiB"),
                "{reason}"
            )
        }
        other => panic!("the gate's refusal was expected: {other:?}"),
    }
}

/// The parse limits leave every shipped query far inside them.
#[test]
fn the_parse_limits_leave_the_shipped_queries_far_inside() {
    for query in qlake::core::queries::Library::load(None).queries.values() {
        let text = query.statement.text();
        assert!(gate::check(text).is_ok(), "{}", query.name);
        assert!(
            text.len() * 20 < gate::MAX_STATEMENT_BYTES,
            "{}: {} bytes",
            query.name,
            text.len()
        );
        let tokens = gate::tokens(text).len();
        assert!(tokens * 10 < 50_000, "{}: {tokens} tokens", query.name);
    }
}

/// One hostile file in the queries folder costs the gate's parse once: a long statement it refused is refused again
/// from qlake's memo of refusals (keyed by content), and only refusals are remembered.
#[test]
fn a_long_refused_saved_query_is_remembered_not_parsed_at_every_start() {
    let home = tempfile::tempdir().expect("tempdir");
    let queries = home.path().join("config/queries");
    std::fs::create_dir_all(&queries).expect("mkdir");
    let hostile = format!(
        "-- name: hostile\n-- title: hostile\nSELECT 1{}\n",
        "+1".repeat(400_000)
    );
    std::fs::write(queries.join("hostile.sql"), &hostile).expect("write");
    let long_read = format!(
        "-- name: long-read\n-- title: long\nSELECT 1 AS x -- {}\n",
        "a".repeat(100_000)
    );
    std::fs::write(queries.join("long-read.sql"), &long_read).expect("write");
    let l = crate::support::sample_lake_dir().display().to_string();
    let list = || {
        let out = qlake(home.path())
            .args(["--lake", &l, "query", "list"])
            .output()
            .expect("run");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let first = list();
    assert!(
        first.contains(&format!("hostile.sql:3: {GATE}"))
            && first.contains("beyond what qlake parses"),
        "{first}"
    );
    let memo = home.path().join("cache/refused-statements");
    let remembered = std::fs::read_to_string(&memo).expect("the refusal is remembered");
    assert_eq!(
        remembered.lines().count(),
        1,
        "only the refusal is remembered: {remembered}"
    );
    // The memo, not a parse, answers the next start: its words come back as written there.
    std::fs::write(
        &memo,
        remembered.replace("beyond what qlake parses", "REMEMBERED"),
    )
    .expect("write");
    let second = list();
    assert!(
        second.contains("hostile.sql:3:") && second.contains("REMEMBERED"),
        "{second}"
    );
    // A memo whose words hold a control character (an escape sequence for the terminal) is not believed: the text is
    // judged again, and nothing of the memo's reaches the terminal.
    std::fs::write(
        &memo,
        remembered.replace("beyond what qlake parses", "\u{1b}[2J\u{7}"),
    )
    .expect("write");
    let third = list();
    assert!(
        third.contains("beyond what qlake parses")
            && !third.contains('\u{1b}')
            && !third.contains('\u{7}'),
        "{third:?}"
    );
    // A memo entry never makes a statement pass, and the long read still runs.
    qlake(home.path())
        .args(["--lake", &l, "query", "run", "long-read", "-f", "csv"])
        .assert()
        .success()
        .stdout("x\n1\n");
}
