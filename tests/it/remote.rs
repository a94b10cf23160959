//! The same queries on a real distributed engine: LakeSail's Sail serving Arrow Flight SQL on 127.0.0.1, started by
//! `scripts/testbed` over the sample lake's files, against embedded DuckDB on the same files.

use std::path::Path;
use std::process::Command;

use crate::support::{output_bounded, project_dir, qlake, sample_lake_dir, stdout_of};

/// A running Sail, stopped (by its pid) when the test ends, however it ends.
struct Testbed {
    state: tempfile::TempDir,
    url: String,
}

impl Testbed {
    /// A copy of `lake` on the object store, Sail reading it, and every table declared with what
    /// `qlake lake declare` prints for that copy (sent over Flight SQL, as an engine's administrator would).
    fn over(lake: &Path) -> Testbed {
        Testbed::over_in(lake, None)
    }

    /// [`Testbed::over`] with the tables declared in a database of their own (`CREATE DATABASE`, then
    /// `database.table`), as a catalog on Doris or StarRocks holds them.
    fn over_in(lake: &Path, database: Option<&str>) -> Testbed {
        let state = tempfile::tempdir().expect("tempdir");
        let out = output_bounded(
            Command::new(project_dir().join("scripts/testbed"))
                .arg("start")
                .arg(state.path())
                .arg(lake),
            "scripts/testbed start",
        );
        assert!(
            out.status.success(),
            "scripts/testbed start: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let printed = String::from_utf8(out.stdout).expect("utf-8");
        let mut lines = printed.lines().map(str::trim);
        let url = lines.next().expect("the engine's address").to_string();
        let location = lines.next().expect("the lake's location").to_string();
        assert!(location.starts_with("s3://"), "{printed}");
        let bed = Testbed { state, url };
        let home = tempfile::tempdir().expect("home");
        let declared = stdout_of(
            home.path(),
            lake,
            None,
            &["lake", "declare", "--location", &location],
        );
        assert!(
            declared
                .lines()
                .any(|s| s.starts_with("CREATE TABLE `enterprises`")),
            "{declared}"
        );
        // Declared the way docs/remote.md tells a newcomer to: the test bed's `declare` sends the file `lake declare`
        // printed, with arrow's ADBC Flight SQL driver (qlake itself only sends reads).
        let declared = match database {
            None => declared,
            Some(db) => format!(
                "CREATE DATABASE IF NOT EXISTS `{db}`;\n{}",
                declared.replace("CREATE TABLE `", &format!("CREATE TABLE `{db}`.`"))
            ),
        };
        let file = bed.state.path().join("tables.sql");
        std::fs::write(&file, &declared).expect("write");
        let out = output_bounded(
            Command::new(project_dir().join("scripts/testbed"))
                .arg("declare")
                .arg(&bed.url)
                .arg(&file),
            "scripts/testbed declare",
        );
        assert!(
            out.status.success(),
            "scripts/testbed declare: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        bed
    }

    /// Whether Sail ran the work on its workers (its local-cluster mode), as its log says.
    fn ran_on_workers(&self) -> bool {
        let log = std::fs::read_to_string(self.state.path().join("sail.log")).unwrap_or_default();
        log.contains("starting worker") && log.contains("is available at 127.0.0.1:")
    }

    fn pid(&self) -> u32 {
        std::fs::read_to_string(self.state.path().join("sail.pid"))
            .expect("pid")
            .trim()
            .parse()
            .expect("pid number")
    }
}

impl Drop for Testbed {
    fn drop(&mut self) {
        let _ = Command::new(project_dir().join("scripts/testbed"))
            .arg("stop")
            .arg(self.state.path())
            .status();
    }
}

/// `qlake --engine URL ARGS` run to its end: its exit code and stderr.
fn on_engine(home: &Path, url: &str, args: &[&str]) -> (Option<i32>, String) {
    let out = qlake(home)
        .arg("--engine")
        .arg(url)
        .args(args)
        .output()
        .expect("run");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `qlake query run` on the local lake and on the engine, CSV out: (local, remote).
fn both(home: &Path, bed: &Testbed, args: &[&str]) -> (String, String) {
    both_over(&sample_lake_dir(), home, bed, args)
}

/// [`both`] over another lake (the one the engine's copy was made from).
fn both_over(lake: &Path, home: &Path, bed: &Testbed, args: &[&str]) -> (String, String) {
    let csv: Vec<&str> = args.iter().copied().chain(["--format", "csv"]).collect();
    (
        stdout_of(home, lake, None, &csv),
        stdout_of(home, lake, Some(&bed.url), &csv),
    )
}

/// `qlake --engine URL ARGS` started, the engine killed (by its pid) `after_s` seconds later, while the query runs;
/// qlake's exit code, stdout and stderr, waited for within the tests' bound.
fn killed_while_running(
    home: &Path,
    bed: &Testbed,
    args: &[&str],
    after_s: u64,
) -> (Option<i32>, String, String) {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("qlake"))
        .env("QLAKE_CACHE_DIR", home.join("cache"))
        .env("QLAKE_CONFIG_DIR", home.join("config"))
        .env("QLAKE_DATA_DIR", home.join("data"))
        .env("QLAKE_STATE_DIR", home.join("state"))
        .arg("--engine")
        .arg(&bed.url)
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    // Gives the query time to reach the engine; then the engine goes away.
    std::thread::sleep(std::time::Duration::from_secs(after_s));
    let _ = Command::new("kill")
        .arg("-9")
        .arg(bed.pid().to_string())
        .status();
    let status = crate::support::wait_bounded(&mut child, "qlake against a killed engine");
    let (mut stdout, mut stderr) = (String::new(), String::new());
    std::io::Read::read_to_string(&mut child.stdout.take().expect("stdout"), &mut stdout)
        .expect("read");
    std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut stderr)
        .expect("read");
    (status.code(), stdout, stderr)
}

#[test]
fn shipped_queries_sail_can_run_give_the_same_rows_as_duckdb() {
    let home = tempfile::tempdir().expect("home");
    let bed = Testbed::over(&sample_lake_dir());
    let mut checked = Vec::new();
    for args in [
        // The dashboard's four tiles.
        vec!["query", "run", "dashboard-kpis"],
        vec!["query", "run", "dashboard-ratings"],
        vec!["query", "run", "dashboard-coverage"],
        vec!["query", "run", "dashboard-funding"],
        vec!["query", "run", "provinces-overview"],
        vec!["query", "run", "chains-by-province"],
        vec!["query", "run", "rating-distribution"],
        vec!["query", "run", "ratings-by-year", "-p", "year=2021"],
        vec!["query", "run", "reconciliations"],
        // The drill path, Hubei to a project's enterprises (and a province's chains outside any city).
        vec![
            "query",
            "run",
            "cities-of-province",
            "-p",
            "province_code=CN-HB",
        ],
        vec![
            "query",
            "run",
            "chains-of-city",
            "-p",
            "province_code=CN-HB",
            "-p",
            "city_code=420100",
        ],
        vec![
            "query",
            "run",
            "chains-of-city",
            "-p",
            "province_code=CN-HB",
        ],
        vec![
            "query",
            "run",
            "projects-of-chain",
            "-p",
            "province_code=CN-HB",
            "-p",
            "city_code=420100",
        ],
        vec![
            "query",
            "run",
            "enterprises-of-project",
            "-p",
            "project_id=HB-2021-03",
        ],
        vec![
            "sql",
            "SELECT province_code, count(*) AS n FROM enterprises GROUP BY province_code ORDER BY 1",
        ],
    ] {
        let (local, remote) = both(home.path(), &bed, &args);
        assert!(local.lines().count() > 1, "{args:?} found nothing locally");
        assert_eq!(local, remote, "{args:?}");
        if args[0] == "query" {
            checked.push(args[2]);
        }
    }
    // A distributed engine: Sail's driver handed the work to its workers.
    assert!(
        bed.ran_on_workers(),
        "Sail did not run in local-cluster mode"
    );
    // Declared for DuckDB alone (`-- engines: duckdb`): refused before anything is sent, naming the query.
    let (code, stderr) = on_engine(home.path(), &bed.url, &["query", "run", "lake-columns"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("lake-columns") && stderr.contains("duckdb only"),
        "{stderr}"
    );
    // A statement the engine cannot plan (DuckDB's GROUP BY ALL): its refusal in one line naming the engine.
    let (code, stderr) = on_engine(
        home.path(),
        &bed.url,
        &[
            "sql",
            "SELECT province_code, count(*) FROM enterprises GROUP BY ALL",
        ],
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains(&bed.url), "{stderr}");
    // The remote rows of the benchmark: each tile and drill query, qlake's client and the direct one, both timed.
    let bench = stdout_of(
        home.path(),
        &sample_lake_dir(),
        Some(&bed.url),
        &["bench", "--only", "remote", "--runs", "1"],
    );
    let rows: Vec<&str> = bench
        .lines()
        .filter(|l| l.starts_with("| remote: "))
        .collect();
    assert_eq!(rows.len(), 8, "{bench}");
    assert!(
        rows.iter()
            .all(|r| r.matches(" ms |").count() == 2 && !r.contains("NaN")),
        "{bench}"
    );
    // What the list says is what was checked above: every query run here declares Spark SQL.
    let list = qlake(home.path())
        .args(["query", "list", "--format", "json"])
        .output()
        .expect("list");
    let listed: Vec<serde_json::Value> = serde_json::from_slice(&list.stdout).expect("json");
    for name in checked {
        let entry = listed
            .iter()
            .find(|q| q["name"] == name)
            .unwrap_or_else(|| panic!("{name} not listed"));
        assert_eq!(entry["engines"], "duckdb, spark", "{name}");
    }
}

/// The last screen of `qlake tui --headless` after `keys`, on the local lake or on the engine, timings redacted.
fn headless_screen(home: &Path, engine: Option<&str>, keys: &str) -> String {
    let screen = stdout_of(
        home,
        &sample_lake_dir(),
        engine,
        &["tui", "--headless", "--size", "120x32", "--keys", keys],
    );
    crate::support::redact_timings(&screen)
}

/// A screen without its status line (it names the lake or the engine), and that line.
fn body_and_status(screen: &str) -> (String, String) {
    let lines: Vec<&str> = screen.lines().collect();
    let (status, body) = lines.split_last().expect("a screen");
    (body.join("\n"), status.to_string())
}

#[test]
fn the_dashboard_and_the_drill_path_on_the_engine_show_what_the_local_lake_shows() {
    let home = tempfile::tempdir().expect("home");
    let bed = Testbed::over(&sample_lake_dir());
    // The dashboard; then Hubei → Wuhan → its third chain → the chain's project → its enterprises; then the
    // ratings pane, sorted by score, scrolled.
    for keys in [
        "",
        "<enter> <enter> j j <enter> <enter>",
        // The grid's own SQL around the query: sort, search, a column's frequencies and the filter they open,
        // and paging to the last row.
        "3 s j j j",
        "3 l l l S j",
        "<enter> <enter> j j <enter> <enter> /00003 <enter>",
        "<enter> <enter> j j <enter> <enter> l l l l F j <enter>",
        "<enter> <enter> j j <enter> <enter> l l l l F",
        "<enter> <enter> j j <enter> <enter> G",
        // The SQL console's list of tables (the engine's own list of them, not a saved query).
        "5",
    ] {
        let local = headless_screen(home.path(), None, keys);
        let remote = headless_screen(home.path(), Some(&bed.url), keys);
        let ((local_body, local_status), (remote_body, remote_status)) =
            (body_and_status(&local), body_and_status(&remote));
        assert_eq!(local_body, remote_body, "keys {keys:?}");
        assert!(local_status.contains("lake: "), "{local_status}");
        assert!(
            remote_status.contains(&format!("engine: {}", bed.url)),
            "{remote_status}"
        );
        assert_eq!(
            local_status.split_once('│').map(|(_, rest)| rest),
            remote_status.split_once('│').map(|(_, rest)| rest),
            "keys {keys:?}"
        );
        if keys == "<enter> <enter> j j <enter> <enter>" {
            assert!(
                remote.contains("Provinces › Hubei › Wuhan › Wuhan EDZ auto parts"),
                "{remote}"
            );
            insta::assert_snapshot!(
                "enterprises_of_a_project_on_the_engine",
                remote.replace(&bed.url, "grpc://127.0.0.1:PORT")
            );
        }
    }
    // Every pane's query runs on the engine now: Coverage and Funding show what the local lake shows, and the app goes
    // on to the next pane.
    for pane in ["6", "7"] {
        let local = headless_screen(home.path(), None, pane);
        let remote = headless_screen(home.path(), Some(&bed.url), pane);
        assert_eq!(
            body_and_status(&local).0,
            body_and_status(&remote).0,
            "pane {pane}"
        );
    }
    let after = headless_screen(home.path(), Some(&bed.url), "7 2");
    assert!(after.contains("Hubei"), "{after}");
}

/// A file in one of the binary formats, read back as rows of text.
fn rows_of(file: &Path, format: &str) -> Vec<Vec<String>> {
    use calamine::Reader;
    let text_rows = |batches: Vec<arrow::array::RecordBatch>| -> Vec<Vec<String>> {
        batches
            .iter()
            .flat_map(|b| qlake::core::cells::batch_rows(b).expect("cells"))
            .collect()
    };
    match format {
        "xlsx" => {
            let mut book = calamine::open_workbook_auto(file).expect("xlsx");
            let name = book.sheet_names().first().cloned().expect("a sheet");
            let range = book.worksheet_range(&name).expect("sheet");
            range
                .rows()
                .map(|row| row.iter().map(|cell| cell.to_string()).collect())
                .collect()
        }
        "parquet" => {
            let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(
                std::fs::File::open(file).expect("open"),
            )
            .expect("parquet")
            .build()
            .expect("reader");
            text_rows(reader.map(|b| b.expect("batch")).collect())
        }
        "arrow" => {
            let reader = arrow::ipc::reader::FileReader::try_new(
                std::fs::File::open(file).expect("open"),
                None,
            )
            .expect("arrow");
            text_rows(reader.map(|b| b.expect("batch")).collect())
        }
        other => panic!("not a binary format: {other}"),
    }
}

#[test]
fn every_export_format_from_the_engine_equals_the_local_one() {
    let home = tempfile::tempdir().expect("home");
    let bed = Testbed::over(&sample_lake_dir());
    let out = tempfile::tempdir().expect("out");
    for format in [
        "table", "csv", "tsv", "json", "jsonl", "markdown", "parquet", "arrow", "xlsx",
    ] {
        let results: Vec<Vec<Vec<String>>> = [None, Some(bed.url.as_str())]
            .into_iter()
            .map(|engine| {
                let file = out.path().join(format!(
                    "{}.{format}",
                    if engine.is_some() { "remote" } else { "local" }
                ));
                let path = file.to_str().expect("a UTF-8 path");
                stdout_of(
                    home.path(),
                    &sample_lake_dir(),
                    engine,
                    &[
                        "query",
                        "run",
                        "ratings-by-year",
                        "-p",
                        "year=2021",
                        "--format",
                        format,
                        "-o",
                        path,
                    ],
                );
                if matches!(format, "parquet" | "arrow" | "xlsx") {
                    rows_of(&file, format)
                } else {
                    let text = std::fs::read_to_string(&file).expect("text");
                    text.lines().map(|l| vec![l.to_string()]).collect()
                }
            })
            .collect();
        let cells: usize = results[0].iter().map(Vec::len).sum();
        assert!(
            results[0].len() > 10 || results[0].concat().concat().len() > 1000,
            "{format}: the local export has rows ({cells} cells)"
        );
        assert_eq!(results[0], results[1], "{format}");
    }
}

#[test]
fn a_partitioned_lake_copied_to_the_object_store_reads_as_the_local_one() {
    let home = tempfile::tempdir().expect("home");
    let lake = tempfile::tempdir().expect("lake");
    let dir = lake.path().join("national");
    let out = dir.to_str().expect("a UTF-8 path");
    stdout_of(
        home.path(),
        &sample_lake_dir(),
        None,
        &["lake", "generate", "--enterprises", "3000", "--out", out],
    );
    let bed = Testbed::over(&dir);
    // Enterprises are Hive-partitioned by province: the declaration pins the partition column's type.
    for args in [
        vec![
            "sql",
            "SELECT province_code, count(*) AS n, count(DISTINCT project_id) AS projects FROM enterprises \
             GROUP BY province_code ORDER BY province_code",
        ],
        vec!["query", "run", "provinces-overview"],
        vec!["query", "run", "dashboard-kpis"],
        vec![
            "query",
            "run",
            "cities-of-province",
            "-p",
            "province_code=CN-HB",
        ],
    ] {
        let (local, remote) = both_over(&dir, home.path(), &bed, &args);
        assert!(local.lines().count() > 1, "{args:?} found nothing locally");
        assert_eq!(local, remote, "{args:?}");
    }
}

#[test]
fn the_read_only_gate_stands_in_front_of_the_engine_too() {
    let home = tempfile::tempdir().expect("home");
    let bed = Testbed::over(&sample_lake_dir());
    let (code, stderr) = on_engine(home.path(), &bed.url, &["sql", "DROP TABLE enterprises"]);
    assert_eq!(code, Some(1), "{stderr}");
    // The table is still there: nothing but a read reached the engine.
    let (_, remote) = both(
        home.path(),
        &bed,
        &["sql", "SELECT count(*) AS n FROM enterprises"],
    );
    assert!(remote.lines().nth(1).is_some_and(|n| n != "0"), "{remote}");
}

#[test]
fn the_engine_lists_the_tables_and_columns_the_local_lake_has() {
    use qlake::core::backend::Backend;
    let bed = Testbed::over(&sample_lake_dir());
    // Sail has no Flight SQL table list and no information_schema: the columns come from the contract's tables.
    let remote = qlake::core::remote::RemoteEngine::connect(&bed.url, None).expect("connect");
    let local = crate::support::sample_engine();
    let (remote, local) = (
        remote.columns().expect("remote"),
        local.columns().expect("local"),
    );
    assert!(
        local
            .iter()
            .any(|c| c.table == "enterprises" && c.column == "enterprise_id")
    );
    assert_eq!(remote, local);
}

#[test]
fn an_engine_with_a_table_list_gives_the_columns_from_it() {
    use arrow::array::{BinaryArray, RecordBatch, StringArray};
    use arrow::datatypes::{DataType, Field, Schema};
    use doris_like::{Node, endpoint, serve};
    use qlake::core::backend::{Backend, LakeColumn};

    let table = Schema::new(vec![
        Field::new("project_id", DataType::Utf8, false),
        Field::new("funding", DataType::Decimal128(18, 2), true),
        Field::new("year", DataType::Int32, true),
    ]);
    let options = arrow::ipc::writer::IpcWriteOptions::default();
    let arrow_flight::IpcMessage(ipc) = arrow_flight::SchemaAsIpc::new(&table, &options)
        .try_into()
        .expect("ipc");
    let listed = Schema::new(vec![
        Field::new("catalog_name", DataType::Utf8, true),
        Field::new("db_schema_name", DataType::Utf8, true),
        Field::new("table_name", DataType::Utf8, false),
        Field::new("table_type", DataType::Utf8, false),
        Field::new("table_schema", DataType::Binary, false),
    ]);
    let rows = RecordBatch::try_new(
        std::sync::Arc::new(listed.clone()),
        vec![
            std::sync::Arc::new(StringArray::from(vec![Some("internal")])),
            std::sync::Arc::new(StringArray::from(vec![Some("lake")])),
            std::sync::Arc::new(StringArray::from(vec!["projects"])),
            std::sync::Arc::new(StringArray::from(vec!["TABLE"])),
            std::sync::Arc::new(BinaryArray::from(vec![ipc.as_ref()])),
        ],
    )
    .expect("rows");
    let info = arrow_flight::FlightInfo::new()
        .try_with_schema(&listed)
        .expect("schema")
        .with_endpoint(endpoint("tables", "arrow-flight-reuse-connection://?"));
    let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let url = serve(Node {
        info: Some(info),
        tickets: vec![(b"tables".to_vec(), rows)],
        asked: asked.clone(),
        login: None,
        parameters: None,
        mysql: None,
    });
    let engine = qlake::core::remote::RemoteEngine::connect(&url, None).expect("connect");
    let column = |column: &str, data_type: &str| LakeColumn {
        table: "projects".into(),
        column: column.into(),
        data_type: data_type.into(),
    };
    assert_eq!(
        engine.columns().expect("columns"),
        [
            column("project_id", "VARCHAR"),
            column("funding", "DECIMAL(18,2)"),
            column("year", "INTEGER")
        ]
    );
    let asked = asked.lock().expect("lock");
    assert!(
        asked.len() == 1 && asked[0].contains("CommandGetTables"),
        "{asked:?}"
    );
}

/// The address of an engine nobody answers at (a loopback port bound, then released).
fn unanswered_engine() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    format!("grpc://127.0.0.1:{port}")
}

#[test]
fn an_engine_that_dies_or_never_answers_is_one_clear_line() {
    let home = tempfile::tempdir().expect("home");
    let url = unanswered_engine();
    let (code, stderr) = on_engine(home.path(), &url, &["sql", "SELECT 1"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains(&url), "{stderr}");

    // Killed in the middle of a long query: an error naming the engine, exit 1, no hang.
    let bed = Testbed::over(&sample_lake_dir());
    // A cross join of the lake's tables: minutes of work. (Not `range()`: on a remote engine a query reads only the
    // lake's tables.)
    let long = "SELECT max(hash(a.enterprise_id || b.enterprise_id || c.province_code)) AS m \
                FROM enterprises a, enterprises b, provinces c";
    let (code, _, stderr) = killed_while_running(home.path(), &bed, &["sql", long], 2);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains(&bed.url), "{stderr}");
}

#[test]
fn the_dashboard_shows_an_engine_killed_mid_query_in_its_pane_and_goes_on() {
    let home = tempfile::tempdir().expect("home");
    let bed = Testbed::over(&sample_lake_dir());
    // In the SQL console: the long cross join, run with F5; then back to the Explore pane.
    let keys = "5 SELECT <space> max(hash(a.enterprise_id||b.enterprise_id||c.province_code)) <space> AS <space> m \
                <space> FROM <space> enterprises <space> a, <space> enterprises <space> b, <space> provinces <space> c \
                <f5> <esc> 2";
    let (code, screen, stderr) = killed_while_running(
        home.path(),
        &bed,
        &["tui", "--headless", "--size", "120x32", "--keys", keys],
        3,
    );
    // The app stayed up: the key after the failure was taken, and the Explore pane says what became of the engine.
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        screen.contains("Provinces") && screen.contains(&format!("engine {}:", bed.url)),
        "{screen}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// A Flight SQL server double answering as Doris does: a FlightInfo whose endpoints are at other locations (its BE
/// nodes), each with its own ticket; one endpoint says to reuse the connection.
mod doris_like {
    use std::pin::Pin;
    use std::sync::{Arc, Mutex};

    use arrow::array::{Int64Array, RecordBatch, StringArray};
    use arrow::datatypes::{DataType, Field, Schema};
    use arrow_flight::encode::FlightDataEncoderBuilder;
    use arrow_flight::flight_service_server::{FlightService, FlightServiceServer};
    use arrow_flight::{
        Action, ActionType, Criteria, Empty, FlightData, FlightDescriptor, FlightEndpoint,
        FlightInfo, HandshakeRequest, HandshakeResponse, PollInfo, PutResult, SchemaResult, Ticket,
    };
    use futures::{Stream, StreamExt};
    use tonic::{Request, Response, Status, Streaming};

    type Boxed<T> = Pin<Box<dyn Stream<Item = Result<T, Status>> + Send>>;

    pub fn schema() -> Arc<Schema> {
        Arc::new(Schema::new(vec![
            Field::new("project_id", DataType::Utf8, false),
            Field::new("n", DataType::Int64, false),
        ]))
    }

    pub fn batch(ids: &[&str], n: &[i64]) -> RecordBatch {
        RecordBatch::try_new(
            schema(),
            vec![
                Arc::new(StringArray::from(ids.to_vec())),
                Arc::new(Int64Array::from(n.to_vec())),
            ],
        )
        .expect("batch")
    }

    /// One node: answers `get_flight_info` with `info` (the coordinator) and `do_get` for the tickets it holds.
    pub struct Node {
        pub info: Option<FlightInfo>,
        pub tickets: Vec<(Vec<u8>, RecordBatch)>,
        /// The statements it was asked to run, as the bytes of their commands.
        pub asked: Arc<Mutex<Vec<String>>>,
        /// The one user and password it signs in, and then asks every call for the token it handed out.
        pub login: Option<(&'static str, &'static str)>,
        /// Prepares statements, declaring these types for their `?`s (`None`: it has no prepared statements).
        pub parameters: Option<Vec<DataType>>,
        /// Reads each statement as a MySQL-family engine does (see [`mysql_reading`]) and answers with that reading;
        /// the answers it has given, by ticket `mysql-N`.
        pub mysql: Option<Arc<Mutex<Vec<RecordBatch>>>>,
    }

    /// The token a node with a login hands out.
    const TOKEN: &str = "token-of-the-double";

    impl Node {
        fn signed_in<T>(&self, request: &Request<T>) -> Result<(), Status> {
            if self.login.is_none() {
                return Ok(());
            }
            let bearer = request
                .metadata()
                .get("authorization")
                .and_then(|v| v.to_str().ok());
            if bearer == Some(&format!("Bearer {TOKEN}")) {
                Ok(())
            } else {
                Err(Status::unauthenticated("no valid token"))
            }
        }
    }

    #[tonic::async_trait]
    impl FlightService for Node {
        type HandshakeStream = Boxed<HandshakeResponse>;
        type ListFlightsStream = Boxed<FlightInfo>;
        type DoGetStream = Boxed<FlightData>;
        type DoPutStream = Boxed<PutResult>;
        type DoExchangeStream = Boxed<FlightData>;
        type DoActionStream = Boxed<arrow_flight::Result>;
        type ListActionsStream = Boxed<ActionType>;

        async fn get_flight_info(
            &self,
            request: Request<FlightDescriptor>,
        ) -> Result<Response<FlightInfo>, Status> {
            self.signed_in(&request)?;
            if let Some(answers) = &self.mysql {
                use arrow_flight::sql::{Any, CommandStatementQuery};
                use prost::Message;
                let any = Any::decode(&*request.get_ref().cmd)
                    .map_err(|e| Status::invalid_argument(e.to_string()))?;
                if any.is::<arrow_flight::sql::CommandGetTables>() {
                    // As StarRocks does: the request is answered, its rows are never served.
                    let info = FlightInfo::new()
                        .with_endpoint(endpoint("no-rows", "arrow-flight-reuse-connection://?"));
                    return Ok(Response::new(info));
                }
                let query: CommandStatementQuery = any
                    .unpack()
                    .map_err(|e| Status::invalid_argument(e.to_string()))?
                    .ok_or_else(|| Status::invalid_argument("not a statement"))?;
                self.asked.lock().expect("lock").push(query.query.clone());
                let reading = mysql_reading(&query.query).map_err(Status::invalid_argument)?;
                let mut answers = answers.lock().expect("lock");
                let ticket = format!("mysql-{}", answers.len());
                let info = FlightInfo::new()
                    .try_with_schema(&reading.schema())
                    .expect("schema")
                    .with_endpoint(endpoint(&ticket, "arrow-flight-reuse-connection://?"));
                answers.push(reading);
                return Ok(Response::new(info));
            }
            let cmd = String::from_utf8_lossy(&request.get_ref().cmd).into_owned();
            self.asked.lock().expect("lock").push(cmd);
            self.info
                .clone()
                .map(Response::new)
                .ok_or_else(|| Status::unimplemented("not the coordinator"))
        }

        async fn do_get(
            &self,
            request: Request<Ticket>,
        ) -> Result<Response<Self::DoGetStream>, Status> {
            self.signed_in(&request)?;
            let wanted = request.get_ref().ticket.to_vec();
            if wanted == b"forever" {
                // A query that never ends: one batch, then nothing, ever. The server drops the stream when the
                // client resets it, which the guard records (the engine would stop its work there).
                struct Dropped(Arc<Mutex<Vec<String>>>);
                impl Drop for Dropped {
                    fn drop(&mut self) {
                        if let Ok(mut asked) = self.0.lock() {
                            asked.push("stream dropped".into());
                        }
                    }
                }
                let guard = Dropped(Arc::clone(&self.asked));
                let first = futures::stream::iter([Ok(batch(&["HB-2021-03"], &[1]))]);
                let stream = FlightDataEncoderBuilder::new()
                    .build(first.chain(futures::stream::pending()))
                    .map(move |data| {
                        let _held = &guard;
                        data.map_err(|e| Status::internal(e.to_string()))
                    });
                return Ok(Response::new(Box::pin(stream)));
            }
            if wanted == b"busy-20s" {
                // The server's one thread is busy: it cannot answer a ping either.
                std::thread::sleep(std::time::Duration::from_secs(20));
            }
            let answered = std::str::from_utf8(&wanted)
                .ok()
                .and_then(|t| t.strip_prefix("mysql-"))
                .and_then(|n| n.parse::<usize>().ok())
                .zip(self.mysql.as_ref())
                .and_then(|(n, answers)| answers.lock().expect("lock").get(n).cloned());
            let batch = self
                .tickets
                .iter()
                .find(|(ticket, _)| *ticket == wanted)
                .map(|(_, batch)| batch.clone())
                .or(answered)
                .ok_or_else(|| Status::not_found("no such ticket here"))?;
            let stream = FlightDataEncoderBuilder::new()
                .build(futures::stream::iter([Ok(batch)]))
                .map(|data| data.map_err(|e| Status::internal(e.to_string())));
            Ok(Response::new(Box::pin(stream)))
        }

        async fn handshake(
            &self,
            request: Request<Streaming<HandshakeRequest>>,
        ) -> Result<Response<Self::HandshakeStream>, Status> {
            use base64::Engine as _;
            let Some((user, password)) = self.login else {
                return Err(Status::unimplemented("handshake"));
            };
            let basic =
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
            let given = request
                .metadata()
                .get("authorization")
                .and_then(|v| v.to_str().ok());
            if given != Some(&format!("Basic {basic}")) {
                return Err(Status::unauthenticated("wrong user or password"));
            }
            let mut response: Response<Self::HandshakeStream> =
                Response::new(Box::pin(futures::stream::empty()));
            response.metadata_mut().insert(
                "authorization",
                format!("Bearer {TOKEN}").parse().expect("header"),
            );
            Ok(response)
        }
        async fn list_flights(
            &self,
            _: Request<Criteria>,
        ) -> Result<Response<Self::ListFlightsStream>, Status> {
            Err(Status::unimplemented("list_flights"))
        }
        async fn poll_flight_info(
            &self,
            _: Request<FlightDescriptor>,
        ) -> Result<Response<PollInfo>, Status> {
            Err(Status::unimplemented("poll_flight_info"))
        }
        async fn get_schema(
            &self,
            _: Request<FlightDescriptor>,
        ) -> Result<Response<SchemaResult>, Status> {
            Err(Status::unimplemented("get_schema"))
        }
        /// The parameters of a prepared statement: recorded as `bound: TYPE=VALUE, …`, then answered with nothing (as
        /// older servers do).
        async fn do_put(
            &self,
            request: Request<Streaming<FlightData>>,
        ) -> Result<Response<Self::DoPutStream>, Status> {
            use arrow::util::display::array_value_to_string;
            let data = request
                .into_inner()
                .map(|d| d.map_err(|e| arrow_flight::error::FlightError::Tonic(Box::new(e))));
            let mut batches =
                arrow_flight::decode::FlightRecordBatchStream::new_from_flight_data(data);
            let mut said = Vec::new();
            while let Some(batch) = batches.next().await {
                let batch = batch.map_err(|e| Status::invalid_argument(e.to_string()))?;
                for column in batch.columns() {
                    let value = array_value_to_string(column, 0).expect("value");
                    said.push(format!("{}={value}", column.data_type()));
                }
            }
            self.asked
                .lock()
                .expect("lock")
                .push(format!("bound: {}", said.join(", ")));
            Ok(Response::new(Box::pin(futures::stream::empty())))
        }
        async fn do_exchange(
            &self,
            _: Request<Streaming<FlightData>>,
        ) -> Result<Response<Self::DoExchangeStream>, Status> {
            Err(Status::unimplemented("do_exchange"))
        }
        async fn do_action(
            &self,
            request: Request<Action>,
        ) -> Result<Response<Self::DoActionStream>, Status> {
            use arrow_flight::sql::{
                ActionCreatePreparedStatementRequest, ActionCreatePreparedStatementResult, Any,
                ProstMessageExt,
            };
            use prost::Message;
            let action = request.into_inner();
            let answer = |body: Vec<u8>| -> Result<Response<Self::DoActionStream>, Status> {
                let result = arrow_flight::Result::new(body);
                Ok(Response::new(Box::pin(futures::stream::iter([Ok(result)]))))
            };
            match (action.r#type.as_str(), &self.parameters) {
                ("CreatePreparedStatement", Some(types)) => {
                    let request: ActionCreatePreparedStatementRequest = Any::decode(&*action.body)
                        .expect("any")
                        .unpack()
                        .expect("unpack")
                        .expect("a create request");
                    self.asked
                        .lock()
                        .expect("lock")
                        .push(format!("prepare: {}", request.query));
                    let fields: Vec<Field> = types
                        .iter()
                        .enumerate()
                        .map(|(i, t)| Field::new(format!("${}", i + 1), t.clone(), true))
                        .collect();
                    let options = arrow::ipc::writer::IpcWriteOptions::default();
                    let schema = Schema::new(fields);
                    let arrow_flight::IpcMessage(parameter_schema) =
                        arrow_flight::SchemaAsIpc::new(&schema, &options)
                            .try_into()
                            .expect("ipc");
                    let result = ActionCreatePreparedStatementResult {
                        prepared_statement_handle: b"handle-1".to_vec().into(),
                        dataset_schema: Default::default(),
                        parameter_schema,
                    };
                    return answer(result.as_any().encode_to_vec());
                }
                ("ClosePreparedStatement", Some(_)) => {
                    self.asked.lock().expect("lock").push("close".into());
                    return answer(Vec::new());
                }
                ("CancelFlightInfo", _) => {}
                _ => return Err(Status::unimplemented("do_action")),
            }
            // The request carries the FlightInfo, its tickets as they are: enough to see which query is meant.
            let named = |ticket: &[u8]| action.body.windows(ticket.len()).any(|w| w == ticket);
            let mut said = vec!["cancel".to_string()];
            if named(b"forever") {
                said.push("forever".into());
            }
            self.asked.lock().expect("lock").push(said.join(" "));
            // An empty CancelFlightInfoResult (the client only needs the call answered).
            answer(Vec::new())
        }
        async fn list_actions(
            &self,
            _: Request<Empty>,
        ) -> Result<Response<Self::ListActionsStream>, Status> {
            Err(Status::unimplemented("list_actions"))
        }
    }

    /// A statement as a MySQL-family engine reads it, by sqlparser's MySQL dialect (its lexer and parser, not
    /// qlake's): it must parse, and the answer is one row — `words`, every token that is not a string literal or a
    /// blank (a comment counts as a word), then `s0`, `s1`, … the value of each string literal in order. A value that
    /// turned into SQL changes `words`; a literal read otherwise than DuckDB reads it changes its `sN`.
    pub fn mysql_reading(sql: &str) -> Result<RecordBatch, String> {
        use sqlparser::dialect::MySqlDialect;
        use sqlparser::tokenizer::{Token, Tokenizer, Whitespace};
        sqlparser::parser::Parser::parse_sql(&MySqlDialect {}, sql)
            .map_err(|e| format!("MySQL cannot parse it: {e}"))?;
        let tokens = Tokenizer::new(&MySqlDialect {}, sql)
            .with_unescape(true)
            .tokenize()
            .map_err(|e| e.to_string())?;
        let mut words = Vec::new();
        let mut strings = Vec::new();
        for token in tokens {
            match token {
                Token::SingleQuotedString(value) => {
                    words.push("'…'".to_string());
                    strings.push(value);
                }
                Token::Whitespace(Whitespace::Space | Whitespace::Newline | Whitespace::Tab) => {}
                other => words.push(other.to_string()),
            }
        }
        let mut fields = vec![Field::new("words", DataType::Utf8, false)];
        let mut columns: Vec<arrow::array::ArrayRef> =
            vec![Arc::new(StringArray::from(vec![words.join(" ")]))];
        for (i, value) in strings.into_iter().enumerate() {
            fields.push(Field::new(format!("s{i}"), DataType::Utf8, false));
            columns.push(Arc::new(StringArray::from(vec![value])));
        }
        RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).map_err(|e| e.to_string())
    }

    /// A MySQL-family coordinator: every statement is answered with [`mysql_reading`].
    pub fn serve_mysql(asked: Arc<Mutex<Vec<String>>>) -> String {
        serve(Node {
            info: None,
            tickets: Vec::new(),
            asked,
            login: None,
            parameters: None,
            mysql: Some(Arc::new(Mutex::new(Vec::new()))),
        })
    }

    /// Serves `node` on a free loopback port for the rest of the test process; its address.
    /// A node whose one query never ends (one batch, then nothing): what a cancel or a silence limit acts on.
    pub fn serve_forever(asked: Arc<Mutex<Vec<String>>>) -> String {
        let info = FlightInfo::new()
            .try_with_schema(&schema())
            .expect("schema")
            .with_endpoint(endpoint("forever", "arrow-flight-reuse-connection://?"));
        serve(Node {
            info: Some(info),
            tickets: Vec::new(),
            asked,
            login: None,
            parameters: None,
            mysql: None,
        })
    }

    pub fn serve(node: Node) -> String {
        serve_with(node, None)
    }

    /// [`serve`], over TLS with the certificate and key (PEM) given.
    pub fn serve_with(node: Node, tls: Option<(Vec<u8>, Vec<u8>)>) -> String {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let incoming = runtime
            .block_on(async {
                tonic::transport::server::TcpIncoming::bind("127.0.0.1:0".parse().expect("addr"))
            })
            .expect("bind");
        let port = incoming.local_addr().expect("addr").port();
        let scheme = if tls.is_some() { "grpc+tls" } else { "grpc" };
        let mut server = tonic::transport::Server::builder();
        if let Some((cert, key)) = tls {
            server = server
                .tls_config(
                    tonic::transport::ServerTlsConfig::new()
                        .identity(tonic::transport::Identity::from_pem(cert, key)),
                )
                .expect("tls");
        }
        std::thread::spawn(move || {
            runtime.block_on(
                server
                    .add_service(FlightServiceServer::new(node))
                    .serve_with_incoming(incoming),
            )
        });
        format!("{scheme}://127.0.0.1:{port}")
    }

    pub fn endpoint(ticket: &str, location: &str) -> FlightEndpoint {
        FlightEndpoint::new()
            .with_ticket(Ticket::new(ticket.as_bytes().to_vec()))
            .with_location(location)
    }
}

#[test]
fn a_result_spread_over_several_nodes_is_read_from_each() {
    use doris_like::{Node, batch, endpoint, schema, serve};
    use qlake::core::backend::Backend;
    use qlake::core::remote::RemoteEngine;
    use qlake::core::sql::Value;

    let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    // Two "BE" nodes, each holding one part of the result.
    let be1 = serve(Node {
        info: None,
        tickets: vec![(b"part-1".to_vec(), batch(&["HB-2021-03"], &[12]))],
        asked: asked.clone(),
        login: None,
        parameters: None,
        mysql: None,
    });
    let be2 = serve(Node {
        info: None,
        tickets: vec![(
            b"part-2".to_vec(),
            batch(&["HB-2021-04", "HB-2021-05"], &[7, 9]),
        )],
        asked: asked.clone(),
        login: None,
        parameters: None,
        mysql: None,
    });
    // The coordinator: a FlightInfo naming both, and a third part it holds itself ("reuse this connection").
    let info = arrow_flight::FlightInfo::new()
        .try_with_schema(&schema())
        .expect("schema")
        .with_endpoint(endpoint("part-1", &be1))
        .with_endpoint(endpoint("part-2", &be2))
        .with_endpoint(endpoint("part-3", "arrow-flight-reuse-connection://?"));
    let fe = serve(Node {
        info: Some(info),
        tickets: vec![(b"part-3".to_vec(), batch(&["HB-2022-01"], &[3]))],
        asked: asked.clone(),
        login: None,
        parameters: None,
        mysql: None,
    });

    let engine = RemoteEngine::connect(&fe, None).expect("connect");
    let sql = qlake::core::gate::check(
        "SELECT project_id, count(*) AS n FROM enterprises WHERE project_id LIKE $prefix GROUP BY ALL ORDER BY 1",
    )
    .expect("checked");
    let mut ids = Vec::new();
    engine
        .stream(
            &sql,
            &[("prefix".into(), Value::Text("HB-%' OR '1'='1".into()))],
            "query",
            &mut |b| {
                let col = b
                    .column(0)
                    .as_any()
                    .downcast_ref::<arrow::array::StringArray>()
                    .expect("strings");
                ids.extend(col.iter().flatten().map(str::to_string));
                Ok(())
            },
        )
        .expect("stream");
    assert_eq!(
        ids,
        ["HB-2021-03", "HB-2021-04", "HB-2021-05", "HB-2022-01"]
    );
    // The coordinator was asked once, with the parameter as one escaped literal.
    let asked = asked.lock().expect("lock");
    assert_eq!(asked.len(), 1, "{asked:?}");
    assert!(
        asked[0].contains(r"LIKE 'HB-%\u0027 OR \u00271\u0027=\u00271'"),
        "{asked:?}"
    );
}

/// A coordinator that prepares statements: `prepares` declares the types of its `?`s (None: it prepares none).
fn preparing_node(
    asked: &std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    prepares: Option<Vec<arrow::datatypes::DataType>>,
) -> String {
    use doris_like::{Node, batch, endpoint, schema, serve};
    let info = arrow_flight::FlightInfo::new()
        .try_with_schema(&schema())
        .expect("schema")
        .with_endpoint(endpoint("part", "arrow-flight-reuse-connection://?"));
    serve(Node {
        info: Some(info),
        tickets: vec![(b"part".to_vec(), batch(&["HB-2021-03"], &[12]))],
        asked: asked.clone(),
        login: None,
        parameters: prepares,
        mysql: None,
    })
}

/// The ids a statement with a `$prefix` and a `$year` returns from `engine`.
fn ids_from(engine: &qlake::core::remote::RemoteEngine, prefix: &str) -> Vec<String> {
    use qlake::core::backend::Backend;
    use qlake::core::sql::Value;
    let sql = qlake::core::gate::check(
        "SELECT project_id, n FROM projects WHERE project_id LIKE $prefix AND year = $year AND '$not' <> $prefix",
    )
    .expect("checked");
    let (_, batches) = engine
        .collect(
            &sql,
            &[
                ("prefix".into(), Value::Text(prefix.into())),
                ("year".into(), Value::Integer(2021)),
            ],
            "query",
        )
        .expect("rows");
    batches
        .iter()
        .flat_map(|b| {
            let col = b
                .column(0)
                .as_any()
                .downcast_ref::<arrow::array::StringArray>()
                .expect("strings");
            col.iter().flatten().map(str::to_string).collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn an_engine_that_binds_parameters_gets_the_values_apart_from_the_text() {
    use arrow::datatypes::DataType;
    use qlake::core::remote::RemoteEngine;

    let hostile = "HB-%' OR '1'='1";
    let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    // It declares text, a 32-bit year and text: qlake's 64-bit year is cast to what it declared.
    let url = preparing_node(
        &asked,
        Some(vec![DataType::Utf8, DataType::Int32, DataType::Utf8]),
    );
    let engine = RemoteEngine::connect(&url, None).expect("connect");
    assert_eq!(ids_from(&engine, hostile), ["HB-2021-03"]);
    let asked = asked.lock().expect("lock").clone();
    assert_eq!(asked.len(), 4, "{asked:?}");
    assert_eq!(
        asked[0],
        "prepare: SELECT project_id, n FROM projects WHERE project_id LIKE ? AND year = ? AND '\\u0024not' <> ?"
    );
    assert_eq!(
        asked[1],
        format!("bound: Utf8={hostile}, Int32=2021, Utf8={hostile}")
    );
    // The query it ran is the prepared statement's (its handle), and the handle is closed once the rows are read.
    assert!(
        asked[2].contains("CommandPreparedStatementQuery") && asked[2].contains("handle-1"),
        "{asked:?}"
    );
    assert_eq!(asked[3], "close");
}

#[test]
fn an_engine_that_prepares_without_parameters_gets_literals_and_is_asked_once() {
    use qlake::core::backend::Backend;
    use qlake::core::remote::RemoteEngine;

    let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    // Sail's answer: a prepared statement that declares no parameters.
    let url = preparing_node(&asked, Some(Vec::new()));
    let engine = RemoteEngine::connect(&url, None).expect("connect");
    assert_eq!(ids_from(&engine, "HB-%"), ["HB-2021-03"]);
    // Another connection (a dashboard worker's) remembers what the engine answered.
    let worker = engine.connection().expect("connection");
    let sql = qlake::core::gate::check("SELECT project_id, n FROM projects WHERE year = $year")
        .expect("checked");
    worker
        .collect(
            &sql,
            &[("year".into(), qlake::core::sql::Value::Integer(2022))],
            "query",
        )
        .expect("rows");
    let asked = asked.lock().expect("lock").clone();
    let prepares = asked.iter().filter(|a| a.starts_with("prepare:")).count();
    assert_eq!(prepares, 1, "{asked:?}");
    assert!(asked.contains(&"close".to_string()), "{asked:?}");
    let statements: Vec<&String> = asked
        .iter()
        .filter(|a| a.contains("CommandStatementQuery"))
        .collect();
    assert_eq!(statements.len(), 2, "{asked:?}");
    assert!(
        statements[0].contains("LIKE 'HB-%' AND year = CAST('2021' AS BIGINT)"),
        "{asked:?}"
    );
    assert!(
        statements[1].contains("year = CAST('2022' AS BIGINT)"),
        "{asked:?}"
    );
}

/// A throwaway CA, and a certificate it signed for 127.0.0.1 (PEM files in `dir`): (CA, certificate, key).
fn certificates(dir: &Path) -> (std::path::PathBuf, Vec<u8>, Vec<u8>) {
    let openssl = |args: &[&str]| {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("openssl (scripts/ensure-tools installs it)");
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=qlake test CA",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
    ]);
    openssl(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=127.0.0.1",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
    ]);
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=critical,CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .expect("ext");
    openssl(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "server.ext",
        "-out",
        "server.pem",
    ]);
    (
        dir.join("ca.pem"),
        std::fs::read(dir.join("server.pem")).expect("cert"),
        std::fs::read(dir.join("server.key")).expect("key"),
    )
}

#[test]
fn a_wrong_password_a_certificate_mismatch_and_plain_text_to_tls_are_one_line_each() {
    use doris_like::{Node, batch, endpoint, schema, serve_with};
    let home = tempfile::tempdir().expect("home");
    let pki = tempfile::tempdir().expect("pki");
    let (ca, cert, key) = certificates(pki.path());
    let info = arrow_flight::FlightInfo::new()
        .try_with_schema(&schema())
        .expect("schema")
        .with_endpoint(endpoint("part", "arrow-flight-reuse-connection://?"));
    let url = serve_with(
        Node {
            info: Some(info),
            tickets: vec![(b"part".to_vec(), batch(&["HB-2021-03"], &[12]))],
            asked: Default::default(),
            login: Some(("analyst", "s3cret")),
            parameters: None,
            mysql: None,
        },
        Some((cert, key)),
    );
    let run = |password: &str, url: &str, ca: Option<&Path>| {
        let mut cmd = qlake(home.path());
        cmd.env("QLAKE_ENGINE_USER", "analyst")
            .env("QLAKE_ENGINE_PASSWORD", password)
            .env_remove("QLAKE_ENGINE_CA")
            .arg("--engine")
            .arg(url);
        if let Some(ca) = ca {
            cmd.arg("--engine-ca").arg(ca);
        }
        let out = cmd
            .args(["sql", "SELECT 1", "--format", "csv"])
            .output()
            .expect("run");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    // The right password over TLS with the CA given: the rows, read with the token the handshake gave.
    let (code, stdout, stderr) = run("s3cret", &url, Some(&ca));
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stdout, "project_id,n\nHB-2021-03,12\n");
    let one_line = |what: &str, (code, _, stderr): (Option<i32>, String, String), says: &str| {
        assert_eq!(code, Some(1), "{what}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{what}: {stderr}");
        assert!(
            stderr.contains(&url) || stderr.contains("127.0.0.1"),
            "{what}: {stderr}"
        );
        assert!(stderr.to_lowercase().contains(says), "{what}: {stderr}");
        assert!(
            !stderr.contains("s3cret") && !stderr.contains("wrong-one"),
            "{what}: {stderr}"
        );
    };
    one_line(
        "a wrong password",
        run("wrong-one", &url, Some(&ca)),
        "signing in",
    );
    // The system's roots do not know the throwaway CA.
    one_line("an unknown CA", run("s3cret", &url, None), "certificate");
    // Plain text to a TLS port.
    one_line(
        "plain text to TLS",
        run("s3cret", &url.replace("grpc+tls://", "grpc://"), Some(&ca)),
        "engine",
    );
}

#[test]
fn a_cancelled_query_is_cancelled_on_the_engine_too() {
    use qlake::core::backend::Backend;
    use qlake::core::remote::RemoteEngine;

    let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let url = doris_like::serve_forever(asked.clone());
    let engine = RemoteEngine::connect(&url, None).expect("connect");
    let interrupt = engine.interrupt();
    let sql = qlake::core::gate::check("SELECT project_id, n FROM projects").expect("checked");
    let (tx, rx) = std::sync::mpsc::channel();
    // The query streams on its own thread, as on a dashboard worker; the first batch says it is running.
    let reader = std::thread::spawn(move || {
        let mut said = false;
        let result = engine.stream(&sql, &[], "query", &mut |_| {
            if !said {
                said = true;
                let _ = tx.send(());
            }
            Ok(())
        });
        // The engine stays open, as a dashboard's worker connection does after a cancel.
        (result, engine)
    });
    rx.recv_timeout(std::time::Duration::from_secs(30))
        .expect("the first batch");
    interrupt();
    let (result, _open) = reader.join().expect("the reader");
    assert!(
        matches!(result, Err(qlake::core::error::Error::Interrupted)),
        "{result:?}"
    );
    // While the connection stays open, the engine was told (CancelFlightInfo) and its result stream was reset (the
    // server sees the reset on its own threads: waited for, within the tests' bound).
    let started = std::time::Instant::now();
    while !asked
        .lock()
        .expect("lock")
        .iter()
        .any(|a| a == "stream dropped")
        && started.elapsed() < std::time::Duration::from_secs(10)
    {
        std::thread::sleep(std::time::Duration::from_millis(10)); // polling interval, not a timing assumption
    }
    let asked = asked.lock().expect("lock").clone();
    assert!(
        asked.iter().any(|a| a == "cancel forever"),
        "the engine was not told: {asked:?}"
    );
    assert!(
        asked.iter().any(|a| a == "stream dropped"),
        "the result stream was not reset while the app stayed open: {asked:?}"
    );
}

#[test]
fn the_config_files_engine_serves_the_queries_unless_a_lake_is_named() {
    let home = tempfile::tempdir().expect("home");
    // An engine nobody answers at: a command that goes there fails naming it.
    let url = unanswered_engine();
    std::fs::create_dir_all(home.path().join("config")).expect("config dir");
    std::fs::write(
        home.path().join("config").join("config.toml"),
        format!("engine = \"{url}\"\n"),
    )
    .expect("config");
    let run = |args: &[&str]| {
        let out = qlake(home.path())
            .env_remove("QLAKE_ENGINE")
            .args(args)
            .output()
            .expect("run");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, stderr) = run(&["sql", "SELECT 1 AS one"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains(&url), "{stderr}");
    // A named lake is the local lake; the lake commands always read it.
    let lake = sample_lake_dir();
    let lake = lake.to_str().expect("path");
    let (code, stderr) = run(&["--lake", lake, "sql", "SELECT 1 AS one"]);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, stderr) = run(&["--lake", lake, "lake", "info"]);
    assert_eq!(code, Some(0), "{stderr}");
    let (code, stderr) = run(&["lake", "check", "--lake", lake]);
    assert_eq!(code, Some(0), "{stderr}");
}

/// The audit's injections on Sail: a saved query whose `'%\'` DuckDB reads as one complete string (the gate's
/// reading) once let a parameter's value become SQL on Spark, where `\'` escapes the quote. Every string now reaches
/// the engine written from DuckDB's value, so each payload is a value again: no row of another table, never a host
/// file. A table of another catalog or schema (Spark's `text.`/etc/…`) is refused before anything is sent, and strings
/// with quotes, backslashes, `\u`, `${…}`, newlines and non-ASCII are the same values on the engine as locally.
#[test]
fn values_and_strings_reach_the_engine_exactly_as_duckdb_reads_them() {
    let home = tempfile::tempdir().expect("home");
    let bed = Testbed::over(&sample_lake_dir());
    let queries = home.path().join("config/queries");
    std::fs::create_dir_all(&queries).expect("mkdir");
    std::fs::write(
        queries.join("backslash.sql"),
        "-- name: backslash\n-- title: backslash\n-- engines: duckdb, spark\n-- param code: text\n\
         SELECT province_code, name_en FROM provinces WHERE name_en NOT LIKE '%\\' AND province_code = $code\n",
    )
    .expect("write");
    for payload in [
        "OR 1=1 --",
        "UNION SELECT enterprise_id, name FROM enterprises --",
        "UNION ALL SELECT value, value FROM text.`/etc/passwd` --",
        "' OR '1'='1",
        "\\' OR 1=1 --",
        "${spark.app.name}",
    ] {
        let param = format!("code={payload}");
        let (local, remote) = both(
            home.path(),
            &bed,
            &["query", "run", "backslash", "--param", &param],
        );
        assert_eq!(local, remote, "{payload}");
        assert_eq!(
            remote.lines().count(),
            1,
            "{payload} returned rows: {remote}"
        );
    }
    let (local, remote) = both(
        home.path(),
        &bed,
        &[
            "sql",
            "SELECT 'it''s' AS v, length('C:\\new\\table') AS n, 'a\\tb' = 'a' || chr(9) || 'b' AS tab, \
             E'x\\ny' AS e, $$d'q$$ AS d",
        ],
    );
    assert_eq!(local, remote);
    assert!(local.contains("it's,12,false"), "{local}");
    for sql in [
        "SELECT * FROM text.\"/etc/hostname\"",
        "SELECT * FROM \"text\".\"/etc/passwd\"",
        "SELECT * FROM parquet.\"/etc\"",
        "SELECT * FROM spark_catalog.default.enterprises",
        "SELECT * FROM range(3)",
    ] {
        let (code, stderr) = on_engine(home.path(), &bed.url, &["sql", sql]);
        assert_eq!(code, Some(1), "{sql}: {stderr}");
        assert!(
            stderr.contains("refused by qlake's read-only gate: ")
                && (stderr.contains("on a remote engine")
                    || stderr.contains("reads a file by its path")),
            "{sql}: {stderr}"
        );
    }
    // The literal-equality property: DuckDB's value of each literal is the engine's value.
    let mut state: u64 = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(7)
        | 1;
    eprintln!("literal equality on Sail: seed {state}");
    let pieces = [
        "'", "''", "\\", "\\'", "\\u0027", "\\n", "${x}", "$", "$$", "\n", "\t", "\r", "\"", "`",
        "--", "/*", "*/", ";", "%", "_", "引号", "’", "😀", "a", " ", "\\\\",
    ];
    let mut columns = Vec::new();
    for i in 0..60 {
        let mut value = String::new();
        for _ in 0..(1 + i % 7) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            value.push_str(pieces[(state % pieces.len() as u64) as usize]);
        }
        columns.push(format!("'{}' AS c{i}", value.replace('\'', "''")));
    }
    let sql = format!("SELECT {}", columns.join(", "));
    let (local, remote) = both(home.path(), &bed, &["sql", &sql]);
    assert_eq!(local, remote, "{sql}");
}

/// The literal-equality property and the audit's injection on a MySQL-family engine (Doris, StarRocks), read by a
/// double with sqlparser's MySQL lexer and parser (backslash escapes, `"…"` strings, `#` comments): DuckDB's value of
/// every literal is the engine's value, and no parameter value becomes SQL.
#[test]
fn values_reach_a_mysql_family_engine_exactly_as_duckdb_reads_them() {
    use arrow::array::StringArray;
    use qlake::core::backend::Backend;
    use qlake::core::remote::RemoteEngine;
    use qlake::core::sql::Value;
    use qlake::core::sql::literals::Dialect;

    let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let url = doris_like::serve_mysql(asked.clone());
    let engine = RemoteEngine::connect(&url, None)
        .expect("connect")
        .with_dialect(Dialect::MySql);
    let reading = |sql: &str, params: &[(String, Value)]| -> Vec<String> {
        let checked = qlake::core::gate::check(sql).expect("checked");
        let (_, batches) = engine.collect(&checked, params, "query").expect("answer");
        let batch = &batches[0];
        (0..batch.num_columns())
            .map(|i| {
                let column = batch.column(i).as_any().downcast_ref::<StringArray>();
                column.expect("text").value(0).to_string()
            })
            .collect()
    };

    // The audit's injection, with MySQL's own ways out of a string added: the statement keeps one shape whatever
    // the value, and the value arrives whole.
    let audit = "SELECT province_code, name_en FROM provinces WHERE name_en NOT LIKE '%\\' \
                 AND province_code = $code AND city_code IS NOT DISTINCT FROM $city";
    let mut shapes = std::collections::BTreeSet::new();
    for payload in [
        "OR 1=1 --",
        "UNION SELECT enterprise_id, name FROM enterprises --",
        "' OR '1'='1",
        "\\' OR 1=1 #",
        "\\'; SELECT * FROM mysql.user; -- ",
        "\" OR \"1\"=\"1",
        "\\",
        "\u{1a}' OR 1=1",
        "/*!50000 UNION SELECT 1 */",
    ] {
        let read = reading(
            audit,
            &[
                ("code".into(), Value::Text(payload.into())),
                ("city".into(), Value::Null),
            ],
        );
        assert_eq!(read.len(), 3, "{payload}: {read:?}");
        assert_eq!((read[1].as_str(), read[2].as_str()), ("%\\", payload));
        shapes.insert(read[0].clone());
    }
    assert_eq!(shapes.len(), 1, "{shapes:?}");
    let shape = shapes.into_iter().next().unwrap_or_default();
    assert!(shape.contains("<=> NULL"), "{shape}");
    // A table list the engine answers for but never serves (StarRocks) falls back to each lake table's columns.
    let columns = engine.columns().expect("columns");
    assert_eq!(
        columns.iter().filter(|c| c.column == "words").count(),
        qlake::core::contract::TABLES.len(),
        "{columns:?}"
    );

    // The property: random strings of quotes, backslashes, escapes and comment marks, written as DuckDB's three kinds
    // of string literal (and as a parameter), read by MySQL as DuckDB reads them.
    let duckdb = duckdb::Connection::open_in_memory().expect("duckdb");
    let mut state: u64 = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(7)
        | 1;
    eprintln!("literal equality on the MySQL-family double: seed {state}");
    let pieces = [
        "'", "''", "\\", "\\'", "\\0", "\\Z", "\\%", "\\_", "\\n", "\u{1a}", "#", "${x}", "$",
        "\n", "\t", "\r", "\"", "`", "--", "/*", "*/", "/*!", ";", "%", "_", "引号", "’", "😀",
        "a", " ",
    ];
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for round in 0..8 {
        let mut columns = Vec::new();
        let mut values = Vec::new();
        for i in 0..25 {
            let mut value = String::new();
            for _ in 0..(1 + next() % 7) {
                value.push_str(pieces[(next() % pieces.len() as u64) as usize]);
            }
            let literal = match next() % 3 {
                0 => format!("'{}'", value.replace('\'', "''")),
                1 => format!("E'{}'", value.replace('\\', "\\\\").replace('\'', "\\'")),
                _ if !value.contains('$') => format!("$${value}$$"),
                _ => format!("'{}'", value.replace('\'', "''")),
            };
            columns.push(format!("{literal} AS c{i}"));
            values.push(value);
        }
        let sql = format!("SELECT {}, $v AS v", columns.join(", "));
        let parameter = values[round].clone();
        let duckdb_values: Vec<String> = duckdb
            .query_row(&sql.replace("$v", "?"), [&parameter], |row| {
                (0..26).map(|i| row.get::<_, String>(i)).collect()
            })
            .expect("duckdb reads it");
        assert_eq!(duckdb_values[..25], values[..], "{sql}");
        let read = reading(&sql, &[("v".into(), Value::Text(parameter.clone()))]);
        assert_eq!(read[1..], duckdb_values[..], "{sql}");
    }
}

/// A TCP relay between qlake and an engine on loopback: it counts the bytes qlake sends, and can cut every connection
/// at once — what an engine restart looks like from the client.
struct Relay {
    url: String,
    sent: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    open: std::sync::Arc<std::sync::Mutex<Vec<std::net::TcpStream>>>,
}

impl Relay {
    fn to(engine_url: &str) -> Relay {
        use std::net::{TcpListener, TcpStream};
        use std::sync::atomic::Ordering;
        let upstream = engine_url.trim_start_matches("grpc://").to_string();
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("grpc://{}", listener.local_addr().expect("addr"));
        let sent = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let open = std::sync::Arc::new(std::sync::Mutex::new(Vec::<TcpStream>::new()));
        let (counter, held) = (sent.clone(), open.clone());
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let Ok(engine) = TcpStream::connect(&upstream) else {
                    continue;
                };
                if let Ok(mut held) = held.lock() {
                    held.extend(client.try_clone().ok());
                    held.extend(engine.try_clone().ok());
                }
                let pipe = |mut from: TcpStream,
                            mut to: TcpStream,
                            count: Option<std::sync::Arc<std::sync::atomic::AtomicUsize>>| {
                    std::thread::spawn(move || {
                        let mut buffer = [0u8; 16 * 1024];
                        while let Ok(n @ 1..) = std::io::Read::read(&mut from, &mut buffer) {
                            if let Some(count) = &count {
                                count.fetch_add(n, Ordering::SeqCst);
                            }
                            if std::io::Write::write_all(&mut to, &buffer[..n]).is_err() {
                                break;
                            }
                        }
                        let _ = to.shutdown(std::net::Shutdown::Both);
                    });
                };
                let (Ok(client_read), Ok(engine_read)) = (client.try_clone(), engine.try_clone())
                else {
                    continue;
                };
                pipe(client_read, engine, Some(counter.clone()));
                pipe(engine_read, client, None);
            }
        });
        Relay { url, sent, open }
    }

    fn sent(&self) -> usize {
        self.sent.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Every connection through the relay closed, as a restarted engine closes them.
    fn cut(&self) {
        for stream in self.open.lock().expect("lock").drain(..) {
            let _ = stream.shutdown(std::net::Shutdown::Both);
        }
    }
}

/// Keepalive pings go out only while a call is open: an idle connection sends nothing however long it waits (servers
/// that count pings without calls close it), and a call the engine sits on is pinged (here every 100 ms).
#[test]
fn the_keepalive_never_pings_an_idle_connection() {
    use qlake::core::backend::Backend;
    use qlake::core::remote::RemoteEngine;
    use std::time::{Duration, Instant};

    let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let relay = Relay::to(&doris_like::serve_forever(asked.clone()));
    let engine = RemoteEngine::connect(&relay.url, None)
        .expect("connect")
        .with_keepalive(Duration::from_millis(100))
        .expect("keepalive")
        .with_silence_limit(Duration::from_secs(3));
    // Idle (once the connection's own greeting is through), with its runtime turning: ten intervals and more, not a
    // byte. (Between calls qlake does not even turn it.)
    engine.idle_for(Duration::from_millis(300));
    let before = relay.sent();
    engine.idle_for(Duration::from_millis(1_200));
    assert_eq!(relay.sent(), before, "an idle connection was pinged");
    // A call the engine sits on (one batch, then nothing): pinged while it is open.
    let sql = qlake::core::gate::check("SELECT project_id, n FROM projects").expect("checked");
    let running = std::thread::spawn(move || engine.collect(&sql, &[], "query").map(|_| ()));
    let deadline = Instant::now() + Duration::from_secs(10);
    while asked.lock().expect("lock").is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
    let during = relay.sent();
    std::thread::sleep(Duration::from_millis(1_000));
    let pinged = relay.sent() - during;
    assert!(pinged >= 17, "no ping during an open call ({pinged} bytes)");
    let ended = running.join().expect("joined");
    assert!(
        matches!(&ended, Err(e) if e.to_string().contains("did not answer for 3 s")),
        "{ended:?}"
    );
}

/// A busy engine that cannot even answer a ping for 20 s (its one thread is working) still gets to answer: nothing
/// in qlake gives up on it sooner.
#[test]
fn a_twenty_second_query_on_a_busy_engine_completes() {
    use doris_like::{Node, batch, endpoint, schema, serve};
    use qlake::core::backend::Backend;
    use qlake::core::remote::RemoteEngine;

    let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let info = arrow_flight::FlightInfo::new()
        .try_with_schema(&schema())
        .expect("schema")
        .with_endpoint(endpoint("busy-20s", "arrow-flight-reuse-connection://?"));
    let url = serve(Node {
        info: Some(info),
        tickets: vec![(b"busy-20s".to_vec(), batch(&["HB-2021-03"], &[12]))],
        asked,
        login: None,
        parameters: None,
        mysql: None,
    });
    let engine = RemoteEngine::connect(&url, None).expect("connect");
    let sql = qlake::core::gate::check("SELECT project_id, n FROM projects").expect("checked");
    let started = std::time::Instant::now();
    let (_, batches) = engine.collect(&sql, &[], "query").expect("answered");
    assert!(started.elapsed() >= std::time::Duration::from_secs(20));
    assert_eq!(batches.iter().map(|b| b.num_rows()).sum::<usize>(), 1);
}

/// After the engine restarts (every connection cut), the next query on the same connection object is sent again on a
/// new connection instead of failing: what a dashboard's workers hold across a restart.
#[test]
fn a_query_after_an_engine_restart_reconnects() {
    use qlake::core::backend::Backend;
    use qlake::core::remote::RemoteEngine;
    use qlake::core::sql::literals::Dialect;

    let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let relay = Relay::to(&doris_like::serve_mysql(asked.clone()));
    let engine = RemoteEngine::connect(&relay.url, None)
        .expect("connect")
        .with_dialect(Dialect::MySql);
    let worker = engine.connection().expect("a worker's connection");
    let sql = qlake::core::gate::check("SELECT 'before' AS s").expect("checked");
    for backend in [&engine as &dyn Backend, worker.as_ref()] {
        backend.collect(&sql, &[], "query").expect("first");
    }
    relay.cut();
    let sql = qlake::core::gate::check("SELECT 'after' AS s").expect("checked");
    for backend in [&engine as &dyn Backend, worker.as_ref()] {
        let again = backend.collect(&sql, &[], "query");
        assert!(again.is_ok(), "{again:?}");
    }
}

/// An engine that goes silent in the middle of a result (one batch, then nothing) is given up on after the silence
/// limit, with a line that says so and names the setting; the keepalive alone never cuts a query short.
#[test]
fn an_engine_silent_past_the_limit_is_one_line_naming_the_setting() {
    use qlake::core::backend::Backend;
    use qlake::core::remote::RemoteEngine;

    let url = doris_like::serve_forever(std::sync::Arc::new(std::sync::Mutex::new(Vec::new())));
    let engine = RemoteEngine::connect(&url, None)
        .expect("connect")
        .with_silence_limit(std::time::Duration::from_secs(2));
    let sql = qlake::core::gate::check("SELECT project_id, n FROM projects").expect("checked");
    let mut batches = 0;
    let result = engine.stream(&sql, &[], "query", &mut |_| {
        batches += 1;
        Ok(())
    });
    assert_eq!(batches, 1);
    let message = result.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        message.contains(&format!("engine {url}: query"))
            && message.contains("the engine did not answer for 2 s (QLAKE_ENGINE_TIMEOUT"),
        "{message}"
    );
    assert_eq!(message.lines().count(), 1, "{message}");
}

/// Provenance — where-from and the `i` popup's source document — coverage by city and funding by kind, written
/// portably, give the same rows on the engine as on the local lake.
#[test]
fn provenance_gives_the_same_rows_on_the_engine() {
    let home = tempfile::tempdir().expect("home");
    let bed = Testbed::over(&sample_lake_dir());
    for args in [
        vec!["query", "run", "coverage-by-city", "-p", "province=CN-HB"],
        vec!["query", "run", "coverage-by-city", "-p", "province=CN-AH"],
        vec![
            "query",
            "run",
            "coverage-by-city",
            "-p",
            "province=CN-HB",
            "-p",
            "year=2022",
        ],
        vec!["query", "run", "funding-by-kind"],
        vec![
            "query",
            "run",
            "funding-by-kind",
            "-p",
            "province=CN-HB",
            "-p",
            "include_synthetic=true",
        ],
        vec!["query", "run", "where-from", "-p", "search=10324"],
        vec!["query", "run", "where-from", "-p", "search=质量"],
        vec![
            "query",
            "run",
            "where-from",
            "-p",
            "search=质量",
            "-p",
            "source=hb-wqb-2020",
        ],
        vec![
            "query",
            "run",
            "source-document",
            "-p",
            "source_id=hb-wqb-2020",
        ],
        vec![
            "query",
            "run",
            "source-document",
            "-p",
            "source_id=cqn-quality-chain-2024",
        ],
    ] {
        let (local, remote) = both(home.path(), &bed, &args);
        assert!(local.lines().count() > 1, "{args:?} found nothing locally");
        assert_eq!(local, remote, "{args:?}");
    }
}

/// docs/remote.md's way from nothing to the dashboard on the test bed, run as written (with the port `start` printed,
/// qlake's binary for `scripts/qlake`, and the dashboard headless).
#[test]
fn the_newcomers_steps_in_docs_remote_md_work_as_written() {
    let doc =
        std::fs::read_to_string(project_dir().join("docs/remote.md")).expect("docs/remote.md");
    let from = doc
        .find("From nothing to the dashboard")
        .expect("the newcomer's section");
    let block = doc[from..]
        .split("```sh\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("its code block");
    let state = tempfile::tempdir().expect("state");
    // Whatever happens, what the block started is stopped (by the pids it recorded).
    struct Stop(std::path::PathBuf);
    impl Drop for Stop {
        fn drop(&mut self) {
            let _ = Command::new(project_dir().join("scripts/testbed"))
                .arg("stop")
                .arg(&self.0)
                .status();
        }
    }
    let _stop = Stop(state.path().to_path_buf());
    let home = tempfile::tempdir().expect("home");
    let qlake_bin = assert_cmd::cargo::cargo_bin("qlake");
    let mut port = String::new();
    let mut screen = String::new();
    for line in block
        .lines()
        .map(|l| l.split(" #").next().unwrap_or(l).trim())
        .filter(|l| !l.is_empty())
    {
        let mut line = line
            .replace("/tmp/bed", &state.path().display().to_string())
            .replace("PORT", &port)
            .replace("scripts/qlake", &qlake_bin.display().to_string());
        let dashboard = line.ends_with(&format!("--engine grpc://127.0.0.1:{port}"));
        if dashboard {
            line.push_str(" tui --headless --size 100x30");
        }
        let out = output_bounded(
            Command::new("bash")
                .arg("-c")
                .arg(&line)
                .current_dir(project_dir())
                .env("QLAKE_CACHE_DIR", home.path().join("cache"))
                .env("QLAKE_CONFIG_DIR", home.path().join("config"))
                .env_remove("QLAKE_LAKE")
                .env_remove("QLAKE_ENGINE"),
            "a step of docs/remote.md",
        );
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "{line}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if line.contains("testbed start") {
            port = stdout
                .lines()
                .next()
                .and_then(|l| l.rsplit(':').next())
                .expect("the engine's port")
                .trim()
                .to_string();
        }
        if dashboard {
            screen = stdout;
        }
    }
    assert!(!port.is_empty(), "the block never started the test bed");
    assert!(
        screen.contains("Hubei"),
        "the dashboard on the engine: {screen}"
    );
}

/// The lake's tables in a database of their own on the engine: with `--engine-database` the dashboard and `sql` read
/// them there (each table sent as `lake.table`, where DuckDB's parse says it stands), without it the engine has no
/// such table and says so in one line.
#[test]
fn the_engine_database_option_reads_tables_held_in_a_named_database() {
    let home = tempfile::tempdir().expect("home");
    let bed = Testbed::over_in(&sample_lake_dir(), Some("lake"));
    let count =
        "SELECT count(*) AS n FROM enterprises e JOIN projects p ON p.project_id = e.project_id";
    let local = stdout_of(
        home.path(),
        &sample_lake_dir(),
        None,
        &["sql", count, "--format", "csv"],
    );
    let remote = qlake(home.path())
        .args([
            "--engine",
            &bed.url,
            "--engine-database",
            "lake",
            "sql",
            count,
            "--format",
            "csv",
        ])
        .output()
        .expect("run");
    assert!(
        remote.status.success(),
        "{}",
        String::from_utf8_lossy(&remote.stderr)
    );
    assert_eq!(local, String::from_utf8_lossy(&remote.stdout));
    let (code, stderr) = on_engine(home.path(), &bed.url, &["sql", count]);
    assert_eq!(
        code,
        Some(1),
        "without the database the engine has no such table: {stderr}"
    );
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    // The dashboard, from the config file's engine and database.
    std::fs::create_dir_all(home.path().join("config")).expect("config");
    std::fs::write(
        home.path().join("config/config.toml"),
        format!("engine = \"{}\"\nengine_database = \"lake\"\n", bed.url),
    )
    .expect("config");
    let out = crate::support::succeeded(qlake(home.path()).env_remove("QLAKE_ENGINE").args([
        "tui",
        "--headless",
        "--size",
        "120x32",
    ]));
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(
        screen.contains("Hubei") && !screen.contains("engine grpc"),
        "{screen}"
    );
    let bad = qlake(home.path())
        .args([
            "--engine",
            &bed.url,
            "--engine-database",
            "a..b",
            "sql",
            "SELECT 1",
        ])
        .output()
        .expect("run");
    assert_eq!(bad.status.code(), Some(2));
}
