//! Every export format, written through the one export path and read back with an independent reader.

use qlake::core::backend::Backend;
use std::fs::File;
use std::path::{Path, PathBuf};

use duckdb::arrow::array::{Array, AsArray, RecordBatch};
use duckdb::arrow::datatypes::{DataType, Int32Type};
use predicates::prelude::*;
use predicates::str::contains;
use qlake::core::export::{Destination, Format, QueryText, export};
use qlake::core::queries::Library;

use crate::support::{qlake, sample_engine, sample_lake_dir};

fn ratings_2021() -> QueryText {
    let library = Library::load(None);
    let query = library.get("ratings-by-year").expect("query");
    QueryText {
        sql: query.sql().expect("checked"),
        params: query.bind(&[("year".into(), "2021".into())]).expect("bind"),
        context: "ratings-by-year".into(),
    }
}

fn export_to(dir: &Path, format: Format) -> PathBuf {
    let path = dir.join(format!("ratings.{}", format.extension()));
    let summary = export(
        &sample_engine(),
        &ratings_2021(),
        format,
        &Destination::File {
            path: path.clone(),
            overwrite: false,
        },
        &mut |_| Ok(()),
    )
    .expect("export");
    assert_eq!(summary.rows, 26);
    path
}

fn expected() -> (Vec<RecordBatch>, duckdb::arrow::datatypes::SchemaRef) {
    let q = ratings_2021();
    let (schema, batches) = sample_engine()
        .collect(&q.sql, &q.params, "expected")
        .expect("query");
    (batches, schema)
}

fn concat(batches: &[RecordBatch]) -> RecordBatch {
    duckdb::arrow::compute::concat_batches(&batches[0].schema(), batches).expect("concat")
}

#[test]
fn parquet_and_arrow_keep_types_and_values() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (want, schema) = expected();
    let want = concat(&want);

    let file = File::open(export_to(dir.path(), Format::Parquet)).expect("open");
    let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
        .expect("parquet")
        .build()
        .expect("reader");
    let got: Vec<RecordBatch> = reader.collect::<Result<_, _>>().expect("batches");
    let got = concat(&got);
    assert_eq!(got.num_rows(), 26);
    for (field, want_field) in got.schema().fields().iter().zip(schema.fields()) {
        assert_eq!(field.name(), want_field.name());
        assert_eq!(
            field.data_type(),
            want_field.data_type(),
            "{}",
            field.name()
        );
    }
    assert_eq!(got.columns(), want.columns());

    let file = File::open(export_to(dir.path(), Format::Arrow)).expect("open");
    let reader = duckdb::arrow::ipc::reader::FileReader::try_new(file, None).expect("ipc");
    let got: Vec<RecordBatch> = reader.collect::<Result<_, _>>().expect("batches");
    let got = concat(&got);
    assert_eq!(got.schema(), want.schema());
    assert_eq!(got.columns(), want.columns());
    assert_eq!(got.column(0).data_type(), &DataType::Int32);
    assert_eq!(got.column(0).as_primitive::<Int32Type>().value(0), 2021);
}

#[test]
fn csv_and_tsv_read_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (want, schema) = expected();
    let want = concat(&want);
    for (format, delimiter) in [(Format::Csv, b','), (Format::Tsv, b'\t')] {
        let path = export_to(dir.path(), format);
        let text = std::fs::read_to_string(&path).expect("utf8");
        assert!(!text.starts_with('\u{feff}'), "no BOM");
        let reader = duckdb::arrow::csv::ReaderBuilder::new(schema.clone())
            .with_header(true)
            .with_delimiter(delimiter)
            .build(File::open(&path).expect("open"))
            .expect("csv reader");
        let got: Vec<RecordBatch> = reader.collect::<Result<_, _>>().expect("batches");
        let got = concat(&got);
        assert_eq!(got.num_rows(), 26, "{format:?}");
        for name in [
            "project_id",
            "title_zh",
            "rating_zh",
            "source_quote",
            "city_en",
        ] {
            let i = schema.index_of(name).expect("column");
            assert_eq!(
                got.column(i).as_ref(),
                want.column(i).as_ref(),
                "{format:?} {name}"
            );
        }
    }
}

#[test]
fn json_and_jsonl_read_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(export_to(dir.path(), Format::Json)).expect("read"))
            .expect("json");
    let rows = json.as_array().expect("array");
    assert_eq!(rows.len(), 26);
    assert_eq!(rows[2]["project_id"], "HB-2021-03");
    assert_eq!(rows[2]["rating"], "excellent");
    assert_eq!(rows[2]["year"], 2021);
    assert_eq!(rows[2]["is_synthetic"], false);
    assert!(
        rows[0]["source_quote"]
            .as_str()
            .expect("quote")
            .contains('\n')
    );
    let lines = std::fs::read_to_string(export_to(dir.path(), Format::Jsonl)).expect("read");
    let parsed: Vec<serde_json::Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).expect("line"))
        .collect();
    assert_eq!(parsed.len(), 26);
    assert_eq!(parsed[25]["rating_zh"], "延迟验收");
}

#[test]
fn xlsx_keeps_numbers_as_numbers() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().expect("tempdir");
    let mut workbook: Xlsx<_> = open_workbook(export_to(dir.path(), Format::Xlsx)).expect("xlsx");
    let sheet = workbook
        .worksheet_range_at(0)
        .expect("sheet")
        .expect("range");
    assert_eq!(sheet.height(), 27);
    assert_eq!(sheet.get((0, 0)), Some(&Data::String("year".into())));
    assert_eq!(sheet.get((1, 0)), Some(&Data::Float(2021.0)));
    assert_eq!(sheet.get((3, 1)), Some(&Data::String("HB-2021-03".into())));
    let synthetic_col = (0..sheet.width())
        .find(|c| sheet.get((0, *c)) == Some(&Data::String("is_synthetic".into())))
        .expect("col");
    assert_eq!(sheet.get((1, synthetic_col)), Some(&Data::Bool(false)));
    // Exact decimals (money) are numbers in the sheet too, not text.
    let path = dir.path().join("money.xlsx");
    export(
        &sample_engine(),
        &QueryText {
            sql: qlake::core::gate::check(
                "SELECT funding_id, amount_yuan FROM funding WHERE funding_id = 'AH-2024-LANGXI-AWARDS'",
            )
            .expect("checked"),
            params: Vec::new(),
            context: "money".into(),
        },
        Format::Xlsx,
        &Destination::File {
            path: path.clone(),
            overwrite: false,
        },
        &mut |_| Ok(()),
    )
    .expect("export");
    let mut workbook: Xlsx<_> = open_workbook(&path).expect("xlsx");
    let sheet = workbook
        .worksheet_range_at(0)
        .expect("sheet")
        .expect("range");
    assert_eq!(sheet.get((1, 1)), Some(&Data::Float(24_723_000.0)));
}

#[test]
fn markdown_and_table_are_readable_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let md = std::fs::read_to_string(export_to(dir.path(), Format::Markdown)).expect("read");
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines.len(), 28);
    assert!(lines[0].starts_with("| year | project_id |"));
    assert!(lines[1].starts_with("| ---: | --- |"));
    assert!(
        lines[2].contains("\\n\\t"),
        "newlines in quotes are escaped: {}",
        lines[2]
    );
    let table = std::fs::read_to_string(export_to(dir.path(), Format::Table)).expect("read");
    assert_eq!(
        table.lines().count(),
        28,
        "header, rule, 26 ratings of 2021"
    );
    let header: Vec<&str> = table
        .lines()
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    assert_eq!(header.first(), Some(&"year"), "{table}");
    assert!(header.contains(&"rating_zh"), "{table}");
    assert_eq!(
        table
            .lines()
            .skip(2)
            .filter(|l| l.trim_start().starts_with("2021"))
            .count(),
        26
    );
}

#[test]
fn query_run_cli_contract() {
    let h = tempfile::tempdir().expect("tempdir");
    let lake = sample_lake_dir();
    let lake = lake.to_str().expect("utf8");
    let out = qlake(h.path())
        .args([
            "--lake",
            lake,
            "query",
            "run",
            "ratings-by-year",
            "--param",
            "year=2021",
            "--format",
            "csv",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).expect("utf8");
    assert!(text.starts_with("year,project_id,"));
    assert_eq!(text.matches("\n2021,HB-2021-").count(), 26);
    let xlsx = h.path().join("ratings.xlsx");
    qlake(h.path())
        .args([
            "--lake",
            lake,
            "query",
            "run",
            "ratings-by-year",
            "-p",
            "year=2021",
            "-o",
            xlsx.to_str().expect("utf8"),
        ])
        .assert()
        .success()
        .stderr(contains("wrote 26 rows"));
    assert!(xlsx.exists());
    // Usage errors: exit 2, with a message that says what to fix.
    let usage_errors: [(&[&str], &[&str]); 6] = [
        (
            &["query", "run", "ratings-by-yaer"],
            &["did you mean `ratings-by-year`"],
        ),
        (
            &[
                "--lake",
                lake,
                "query",
                "run",
                "ratings-by-year",
                "-p",
                "year=twenty",
            ],
            &[
                "parameter `year` of query `ratings-by-year`",
                "not an integer",
            ],
        ),
        (
            &[
                "--lake",
                lake,
                "query",
                "run",
                "ratings-by-year",
                "-p",
                "rating=brilliant",
            ],
            &["not one of excellent, good, pass, deferred"],
        ),
        (
            &["--lake", lake, "query", "run", "enterprises-of-project"],
            &["needs --param project_id="],
        ),
        (
            &[
                "--lake",
                lake,
                "query",
                "run",
                "ratings-by-year",
                "-p",
                "colour=red",
            ],
            &["no parameter `colour`"],
        ),
        (
            &[
                "--lake",
                lake,
                "query",
                "run",
                "ratings-by-year",
                "-p",
                "year=2021",
                "-p",
                "year=2022",
            ],
            &["parameter `year` of query `ratings-by-year` is given twice"],
        ),
    ];
    for (args, says) in usage_errors {
        let out = qlake(h.path())
            .args(args)
            .assert()
            .code(2)
            .get_output()
            .stderr
            .clone();
        let stderr = String::from_utf8_lossy(&out);
        for text in says {
            assert!(stderr.contains(text), "{args:?}: {stderr}");
        }
    }
}

#[test]
fn query_list_and_show() {
    let h = tempfile::tempdir().expect("tempdir");
    let out = qlake(h.path())
        .args(["query", "list", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let list: serde_json::Value = serde_json::from_slice(&out).expect("json");
    let names: Vec<&str> = list
        .as_array()
        .expect("array")
        .iter()
        .map(|q| q["name"].as_str().expect("name"))
        .collect();
    for expected in [
        "ratings-by-year",
        "coverage-by-city",
        "funding-by-kind",
        "chains-by-province",
        "where-from",
        "dashboard-kpis",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    qlake(h.path())
        .args(["query", "show", "ratings-by-year"])
        .assert()
        .success()
        .stdout(contains("year (integer, optional)").and(contains("FROM ratings r")));
}

#[test]
fn user_queries_override_shipped_ones_and_broken_files_are_named() {
    let h = tempfile::tempdir().expect("tempdir");
    let queries = h.path().join("config").join("queries");
    std::fs::create_dir_all(&queries).expect("mkdir");
    std::fs::write(
        queries.join("mine.sql"),
        "-- name: ratings-by-year\n-- title: Mine\nSELECT 42 AS answer\n",
    )
    .expect("write");
    std::fs::write(
        queries.join("broken.sql"),
        "-- name: broken\n-- param x: float\nSELECT $x\n",
    )
    .expect("write");
    let out = qlake(h.path())
        .args(["query", "list", "-f", "json"])
        .assert()
        .success()
        .stderr(contains("broken.sql:2"))
        .get_output()
        .stdout
        .clone();
    let list: serde_json::Value = serde_json::from_slice(&out).expect("json");
    let mine = list
        .as_array()
        .expect("array")
        .iter()
        .find(|q| q["name"] == "ratings-by-year")
        .expect("listed");
    assert_eq!(mine["origin"], "user (overrides shipped)");
    qlake(h.path())
        .args([
            "--lake",
            sample_lake_dir().to_str().expect("utf8"),
            "query",
            "run",
            "ratings-by-year",
            "-f",
            "csv",
        ])
        .assert()
        .success()
        .stdout("answer\n42\n");
}

#[test]
fn a_failing_or_interrupted_export_leaves_nothing() {
    let h = tempfile::tempdir().expect("tempdir");
    let lake = sample_lake_dir();
    let target = h.path().join("big.csv");
    // Fails after many rows were already written to the temporary file.
    qlake(h.path())
        .args(["--lake", lake.to_str().expect("utf8"), "sql"])
        .arg("SELECT CASE WHEN i < 3000000 THEN i ELSE error('boom at ' || i) END AS i FROM range(4000000) t(i)")
        .args(["-o", target.to_str().expect("utf8")])
        .assert()
        .code(1)
        .stderr(contains("boom"));
    let names: Vec<String> = std::fs::read_dir(h.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!target.exists());
    assert!(
        names.iter().all(|n| !n.contains("qlake-export")),
        "{names:?}"
    );

    for (signal, code) in [("-INT", Some(130)), ("-KILL", None)] {
        // Interrupted (Ctrl+C: exit 130) or killed outright: neither the file nor any temporary file is left.
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("qlake"))
            .env("QLAKE_CACHE_DIR", h.path().join("cache"))
            .args(["--lake", lake.to_str().expect("utf8"), "sql"])
            .arg("SELECT a.i * b.i AS x FROM range(100000) a(i), range(100000) b(i)")
            .args(["-o", target.to_str().expect("utf8")])
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        wait_until_writing(child.id(), h.path());
        std::process::Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .expect("kill");
        let status = crate::support::wait_bounded(&mut child, signal);
        assert_eq!(status.code(), code, "{signal}");
        assert!(!target.exists(), "{signal}");
        assert_eq!(leftovers(h.path()), Vec::<String>::new(), "{signal}");
    }
}

/// Entries of `dir` other than qlake's cache folder.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "cache")
        .collect()
}

/// Poll until the process has a file open in `dir` (its export has started). The file is anonymous, so it is
/// only visible among the process's open files.
fn wait_until_writing(pid: u32, dir: &Path) {
    let started = std::time::Instant::now();
    let dir = std::fs::canonicalize(dir).expect("dir");
    // qlake's own cache (its DuckDB temp folder's lock) is open from the start, and the sandbox holds the folder
    // itself open while it sets up (before the signal handler exists); the export file inside it is the sign.
    let cache = dir.join("cache");
    loop {
        let open = std::fs::read_dir(format!("/proc/{pid}/fd"))
            .map(|fds| {
                fds.filter_map(|e| e.ok())
                    .filter_map(|e| std::fs::read_link(e.path()).ok())
                    .any(|t| t.starts_with(&dir) && t != dir && !t.starts_with(&cache))
            })
            .unwrap_or(false);
        if open {
            return;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "the export never started"
        );
        std::thread::sleep(std::time::Duration::from_millis(5)); // polling interval, not a timing assumption
    }
}

#[test]
fn file_size_limits_and_unwritable_places_fail_cleanly() {
    let h = tempfile::tempdir().expect("tempdir");
    let lake = sample_lake_dir();
    let bin = assert_cmd::cargo::cargo_bin("qlake");
    let target = h.path().join("big.csv");
    let script = format!(
        "ulimit -f 64; QLAKE_CACHE_DIR={cache} exec {bin} --lake {lake} sql \"SELECT i, repeat('x', 100) AS pad FROM range(100000) t(i)\" -o {target}",
        cache = h.path().join("cache").display(),
        bin = bin.display(),
        lake = lake.display(),
        target = target.display()
    );
    let out = crate::support::output_bounded(
        std::process::Command::new("sh").args(["-c", &script]),
        "qlake under ulimit -f",
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("big.csv"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!target.exists());
    assert_eq!(leftovers(h.path()), Vec::<String>::new());
    // /proc takes no new files: a clear error naming the place, nothing written anywhere.
    qlake(h.path())
        .args([
            "--lake",
            lake.to_str().expect("utf8"),
            "sql",
            "select 1",
            "-o",
            "/proc/qlake-export.csv",
        ])
        .assert()
        .code(1)
        .stderr(contains("/proc: cannot create a file here"));
}

#[test]
fn a_file_duckdb_writes_itself_reports_duckdbs_progress() {
    use qlake::core::export::export_reporting;
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("slow.csv");
    let engine = sample_engine();
    let query = QueryText {
        sql: qlake::core::gate::check(
            "SELECT count(*) AS n FROM range(20000) a(i), range(100000) b(j) WHERE (i * j) % 7919 = 1",
        )
        .expect("checked"),
        params: Vec::new(),
        context: "slow".into(),
    };
    let seen = std::sync::Mutex::new(Vec::new());
    let summary = export_reporting(
        &engine,
        &query,
        Format::Csv,
        &Destination::File {
            path: target.clone(),
            overwrite: false,
        },
        &mut |_| Ok(()),
        &|p| seen.lock().expect("lock").push(p),
    )
    .expect("export");
    assert_eq!(summary.rows, 1);
    let seen = seen.into_inner().expect("lock");
    assert!(!seen.is_empty(), "no progress while COPY ran");
    assert!(seen.iter().all(|p| (0.0..=100.0).contains(p)), "{seen:?}");
}

/// An export made for Excel's users, read back by openpyxl (what their scripts use): the sheet named after the query,
/// the header frozen with filter buttons, money with thousands separators, widths from the values; a `csv-excel` file
/// starts with the UTF-8 byte-order mark and ends its lines CRLF.
#[test]
fn exports_for_excel_open_as_excel_users_expect() {
    let home = tempfile::tempdir().expect("tempdir");
    let lake = sample_lake_dir();
    let run = |args: &[&str]| {
        qlake(home.path())
            .arg("--lake")
            .arg(&lake)
            .args(args)
            .assert()
            .success();
    };
    let ratings = home.path().join("ratings.xlsx");
    let funding = home.path().join("funding.xlsx");
    run(&[
        "query",
        "run",
        "ratings-by-year",
        "-p",
        "year=2021",
        "-o",
        ratings.to_str().expect("utf8"),
    ]);
    run(&[
        "query",
        "run",
        "funding-by-kind",
        "-o",
        funding.to_str().expect("utf8"),
    ]);
    let read = |file: &Path| -> serde_json::Value {
        let out = std::process::Command::new(crate::support::peers_venv().join("bin/python"))
            .arg("-c")
            .arg(
                "import json, sys, openpyxl\n\
                 from openpyxl.utils import get_column_letter as letter\n\
                 wb = openpyxl.load_workbook(sys.argv[1])\n\
                 ws = wb.worksheets[0]\n\
                 prov = [[c.value for c in r] for r in wb.worksheets[1].iter_rows(max_row=2)] if len(wb.worksheets) > 1 else []\n\
                 heads = [ws.cell(1, c).value for c in range(1, ws.max_column + 1)]\n\
                 print(json.dumps({'sheet': ws.title, 'freeze': ws.freeze_panes, 'filter': ws.auto_filter.ref,\n\
                   'sheets': wb.sheetnames, 'prov': prov,\n\
                   'bold': ws.cell(1, 1).font.b,\n\
                   'formats': {h: ws.cell(2, c + 1).number_format for c, h in enumerate(heads)},\n\
                   'widths': {h: ws.column_dimensions[letter(c + 1)].width for c, h in enumerate(heads)}}))",
            )
            .arg(file)
            .output()
            .expect("python");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("json")
    };
    let r = read(&ratings);
    assert_eq!(r["sheet"], "ratings-by-year");
    assert_eq!(r["freeze"], "A2");
    assert_eq!(r["bold"], true);
    assert!(
        r["filter"]
            .as_str()
            .is_some_and(|f| f.starts_with("A1:") && f.ends_with("27")),
        "{r}"
    );
    assert_eq!(
        r["formats"]["year"], "General",
        "a year has no thousands separator"
    );
    // The provenance apart: each row's source, with the document's title, publisher and date beside its quote.
    assert_eq!(r["sheets"][1], "来源 sources", "{r}");
    assert_eq!(
        r["prov"][0],
        serde_json::json!([
            "row",
            "source_id",
            "title",
            "publisher",
            "published_on",
            "source_quote"
        ])
    );
    let first = &r["prov"][1];
    assert!(
        first[0].as_f64().is_some_and(|row| row >= 2.0)
            && first[2].as_str().is_some_and(|t| !t.is_empty())
            && first[5].as_str().is_some_and(|q| q.chars().count() > 8),
        "{r}"
    );
    assert!(
        r["widths"]["title_zh"].as_f64().unwrap_or(0.0) > 30.0,
        "{r}"
    );
    let f = read(&funding);
    assert_eq!(f["sheet"], "funding-by-kind");
    let money: Vec<&String> = f["formats"]
        .as_object()
        .expect("formats")
        .iter()
        .filter(|(_, v)| v.as_str() == Some("#,##0.00"))
        .map(|(k, _)| k)
        .collect();
    assert!(!money.is_empty(), "{f}");

    let csv = home.path().join("ratings.csv");
    run(&[
        "query",
        "run",
        "ratings-by-year",
        "-p",
        "year=2021",
        "-f",
        "csv-excel",
        "-o",
        csv.to_str().expect("utf8"),
    ]);
    let bytes = std::fs::read(&csv).expect("csv");
    assert!(bytes.starts_with(b"\xEF\xBB\xBFyear,"), "{:?}", &bytes[..8]);
    let text = String::from_utf8_lossy(&bytes[3..]).into_owned();
    assert_eq!(text.matches("\r\n").count(), 27, "every line ends CRLF");
    // `--bom` on a .csv is the same file; on a format with no BOM to add it is refused, nothing written.
    let bom = home.path().join("ratings-bom.csv");
    run(&[
        "query",
        "run",
        "ratings-by-year",
        "-p",
        "year=2021",
        "--bom",
        "-o",
        bom.to_str().expect("utf8"),
    ]);
    assert_eq!(std::fs::read(&bom).expect("bom csv"), bytes);
    let json = home.path().join("ratings.json");
    qlake(home.path())
        .arg("--lake")
        .arg(sample_lake_dir())
        .args(["query", "run", "ratings-by-year", "--bom", "-o"])
        .arg(&json)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--bom is for CSV; json"));
    assert!(!json.exists());
}

/// NULL reads alike wherever a person reads values (the TUI's grids, `table`, `markdown`: `NULL`), and as programs
/// expect where they read them (CSV: an empty cell, JSON: `null`).
#[test]
fn null_reads_the_same_in_every_format_for_people() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = |format: &str| {
        stdout_on_sample(
            home.path(),
            &[
                "sql",
                "SELECT CAST(NULL AS VARCHAR) AS a, 1 AS b",
                "-f",
                format,
            ],
        )
    };
    assert!(
        out("table")
            .lines()
            .any(|l| l.contains("NULL") && l.contains('1')),
        "{}",
        out("table")
    );
    assert!(
        out("markdown").contains("| NULL | 1 |"),
        "{}",
        out("markdown")
    );
    assert_eq!(out("csv"), "a,b\n,1\n");
    assert!(out("json").contains("\"a\":null"), "{}", out("json"));
}

/// The formats people read (`table`, `markdown`) write a figure with the mark of its qualifier, as the overview does;
/// the formats programs read keep the value and the `qualifier` column apart.
#[test]
fn text_formats_mark_each_figure_with_its_qualifier() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = |format: &str| {
        stdout_on_sample(
            home.path(),
            &[
                "query",
                "run",
                "funding-by-kind",
                "-p",
                "province=CN-LN",
                "-f",
                format,
            ],
        )
    };
    for format in ["table", "markdown"] {
        let text = out(format);
        assert!(
            text.contains("≈870000000.00") && text.contains("≈87000"),
            "{format}: {text}"
        );
    }
    let csv = out("csv");
    assert!(
        csv.contains(",870000000.00,") && !csv.contains('≈'),
        "{csv}"
    );
}

/// What `qlake --lake SAMPLE ARGS…` prints, which must succeed.
fn stdout_on_sample(home: &Path, args: &[&str]) -> String {
    crate::support::stdout_of(home, &sample_lake_dir(), None, args)
}

/// funding-items takes its kind, scope and class among the lake's own values: a kind the lake lacks (a typo, another
/// case) is refused naming the column and the values it has, never answered with an empty result.
#[test]
fn funding_items_takes_the_lake_s_own_kinds() {
    let home = tempfile::tempdir().expect("tempdir");
    let args = |kind: &str| {
        vec![
            "query".to_string(),
            "run".into(),
            "funding-items".into(),
            "-p".into(),
            "province=CN-HB".into(),
            "-p".into(),
            "year=2022".into(),
            "-p".into(),
            format!("kind={kind}"),
            "-p".into(),
            "scope=item".into(),
            "-p".into(),
            "class=public money".into(),
            "-f".into(),
            "csv".into(),
        ]
    };
    let rows = |kind: &str| {
        let args = args(kind);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        stdout_on_sample(home.path(), &args).lines().count()
    };
    assert_eq!(rows("special fund"), 9, "8 items and the header");
    for typo in ["specail fund", "SPECIAL FUND"] {
        qlake(home.path())
            .arg("--lake")
            .arg(sample_lake_dir())
            .args(args(typo))
            .assert()
            .code(2)
            .stderr(contains("funding.kind").and(contains("special fund")));
    }
}
