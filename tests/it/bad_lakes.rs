//! A corpus of bad lakes, made here from the sample lake: for each, `lake check` names the problem and `qlake sql`,
//! `query run` and the TUI give a clear error or show what they can — never a panic, never a raw escape sequence.

use std::path::Path;

use crate::support::{copy_of_sample, qlake, rewrite_table as rewrite};

struct Case {
    name: &'static str,
    make: fn(&Path),
    /// Text `lake check` prints for the problem.
    check_says: &'static str,
    /// Whether `lake check` fails (extra columns are allowed by the contract: a note, exit 0).
    check_fails: bool,
    /// A query that touches the broken table.
    sql: &'static str,
    /// What `qlake sql` does with it: its exit code, and text its output (stdout on success, stderr on failure)
    /// must hold.
    sql_exit: i32,
    sql_says: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "truncated file",
        make: |l| {
            let f = l.join("projects/projects.parquet");
            let bytes = std::fs::read(&f).expect("read");
            std::fs::write(&f, &bytes[..bytes.len() / 3]).expect("write");
        },
        check_says: "unreadable Parquet file",
        check_fails: true,
        sql: "select count(*) from projects",
        sql_exit: 1,
        sql_says: "projects.parquet",
    },
    Case {
        name: "zero-byte file",
        make: |l| std::fs::write(l.join("cities/empty.parquet"), b"").expect("write"),
        check_says: "empty.parquet",
        check_fails: true,
        sql: "select count(*) from cities",
        sql_exit: 1,
        sql_says: "empty.parquet",
    },
    Case {
        name: "not a Parquet file",
        make: |l| {
            std::fs::write(
                l.join("funding/readme.parquet"),
                b"these are notes, not parquet\n",
            )
            .expect("write")
        },
        check_says: "readme.parquet",
        check_fails: true,
        sql: "select count(*) from funding",
        sql_exit: 1,
        sql_says: "readme.parquet",
    },
    Case {
        name: "missing table folder",
        make: |l| std::fs::remove_dir_all(l.join("ratings")).expect("rm"),
        check_says: "missing table `ratings`",
        check_fails: true,
        sql: "select count(*) from ratings",
        sql_exit: 1,
        sql_says: "ratings",
    },
    Case {
        name: "missing column",
        make: |l| rewrite(l, "ratings", "SELECT * EXCLUDE (rating) FROM {file}"),
        check_says: "column `rating`: missing column",
        check_fails: true,
        sql: "select rating, count(*) from ratings group by 1",
        sql_exit: 1,
        sql_says: "\"rating\" not found",
    },
    Case {
        name: "extra column",
        make: |l| rewrite(l, "provinces", "SELECT *, 42 AS population FROM {file}"),
        check_says: "column `population`: extra column",
        check_fails: false,
        sql: "select province_code, population from provinces",
        sql_exit: 0,
        sql_says: "42",
    },
    Case {
        name: "wrong column type",
        make: |l| {
            rewrite(
                l,
                "funding",
                "SELECT * REPLACE (CAST(amount_yuan AS DOUBLE) AS amount_yuan) FROM {file}",
            )
        },
        check_says: "has type DOUBLE",
        check_fails: true,
        sql: "select sum(amount_yuan) from funding",
        sql_exit: 0,
        sql_says: "sum(amount_yuan)",
    },
    Case {
        name: "partition files with different schemas",
        make: |l| {
            let dir = l.join("chains");
            let file = dir.join("chains.parquet");
            let conn = duckdb::Connection::open_in_memory().expect("duckdb");
            conn.execute_batch(&format!(
                "COPY (SELECT * EXCLUDE (industry) FROM read_parquet('{f}') WHERE province_code = 'CN-SN') TO '{d}/part-sn.parquet' (FORMAT parquet);
                 COPY (SELECT * FROM read_parquet('{f}') WHERE province_code <> 'CN-SN') TO '{d}/part-rest.parquet' (FORMAT parquet);",
                f = file.display(),
                d = dir.display()
            ))
            .expect("split");
            std::fs::remove_file(&file).expect("rm");
        },
        check_says: "schema differs",
        check_fails: true,
        sql: "select industry, count(*) from chains group by 1",
        // Read by name: the partition without the column gives NULLs (`lake check` names it above).
        sql_exit: 0,
        sql_says: "industry",
    },
    Case {
        name: "null and duplicate keys",
        make: |l| {
            rewrite(
                l,
                "projects",
                "SELECT * FROM {file} UNION ALL SELECT * FROM {file} WHERE project_id = 'HB-2021-01' \
                 UNION ALL SELECT * REPLACE (NULL AS project_id) FROM {file} WHERE project_id = 'HB-2021-02'",
            )
        },
        check_says: "more than once",
        check_fails: true,
        sql: "select project_id, count(*) from projects group by 1 having count(*) > 1",
        sql_exit: 0,
        sql_says: "HB-2021-01",
    },
    Case {
        name: "a 1 MB cell",
        make: |l| {
            rewrite(
                l,
                "indicators",
                "SELECT * REPLACE (CASE WHEN metric = 'quality_activities' THEN repeat('质', 350000) ELSE metric_zh END AS metric_zh) FROM {file}",
            )
        },
        check_says: "matches the contract",
        check_fails: false,
        sql: "select metric, metric_zh from indicators where metric = 'quality_activities'",
        sql_exit: 0,
        sql_says: "质质",
    },
    Case {
        name: "control characters, ANSI/OSC escapes and right-to-left marks in names",
        make: |l| {
            rewrite(
                l,
                "provinces",
                "SELECT * REPLACE (CASE province_code \
                   WHEN 'CN-HB' THEN name_zh || chr(27) || '[2J' || chr(27) || ']52;c;ZXZpbA==' || chr(7) \
                   WHEN 'CN-AH' THEN chr(8238) || name_zh || chr(10) || 'x' || chr(155) || '31m' \
                   ELSE name_zh END AS name_zh) FROM {file}",
            )
        },
        check_says: "matches the contract",
        check_fails: false,
        sql: "select name_zh from provinces",
        sql_exit: 0,
        sql_says: "\\e[2J",
    },
];

fn no_raw_escapes(bytes: &[u8], what: &str) {
    let text = String::from_utf8_lossy(bytes);
    for bad in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}'] {
        assert!(
            !text.contains(bad),
            "{what}: raw {bad:?} reached the output"
        );
    }
}

#[test]
fn every_front_end_handles_every_bad_lake() {
    let home = tempfile::tempdir().expect("tempdir");
    for case in CASES {
        let lake = copy_of_sample();
        (case.make)(lake.path());
        let lake_arg = lake.path().to_str().expect("utf8");

        let check = qlake(home.path())
            .args(["--lake", lake_arg, "lake", "check"])
            .output()
            .expect("check");
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&check.stdout),
            String::from_utf8_lossy(&check.stderr)
        );
        assert_eq!(
            check.status.code(),
            Some(if case.check_fails { 1 } else { 0 }),
            "{}: lake check\n{said}",
            case.name
        );
        assert!(
            said.contains(case.check_says),
            "{}: lake check does not say {:?}:\n{said}",
            case.name,
            case.check_says
        );
        no_raw_escapes(&check.stdout, case.name);

        let sql = qlake(home.path())
            .args(["--lake", lake_arg, "sql", case.sql])
            .output()
            .expect("sql");
        let said = if case.sql_exit == 0 {
            &sql.stdout
        } else {
            &sql.stderr
        };
        let said = String::from_utf8_lossy(said);
        assert_eq!(
            sql.status.code(),
            Some(case.sql_exit),
            "{}: sql: {said}{}",
            case.name,
            String::from_utf8_lossy(&sql.stderr)
        );
        assert!(
            said.contains(case.sql_says),
            "{}: sql does not say {:?}:\n{said}",
            case.name,
            case.sql_says
        );
        if case.sql_exit == 1 {
            assert!(sql.stderr.starts_with(b"qlake: "), "{}: {said}", case.name);
        }
        no_raw_escapes(&sql.stdout, case.name);
        no_raw_escapes(&sql.stderr, case.name);

        let run = qlake(home.path())
            .args(["--lake", lake_arg, "query", "run", "dashboard-kpis"])
            .output()
            .expect("query run");
        // The key-figures query reads provinces, projects, enterprises, ratings, reconciliations and indicators (never
        // funding: money is not a key figure); it fails exactly when one of those is unreadable, and says which.
        let touches = [
            "projects",
            "enterprises",
            "ratings",
            "indicators",
            "reconciliations",
        ]
        .iter()
        .any(|t| case.sql.contains(&format!("from {t}")));
        let expected = if touches && case.sql_exit == 1 { 1 } else { 0 };
        assert_eq!(
            run.status.code(),
            Some(expected),
            "{}: query run: {}",
            case.name,
            String::from_utf8_lossy(&run.stderr)
        );
        no_raw_escapes(&run.stdout, case.name);

        for keys in ["", "2 <enter>", "3 i", "7"] {
            let tui = qlake(home.path())
                .args([
                    "--lake",
                    lake_arg,
                    "tui",
                    "--headless",
                    "--size",
                    "100x30",
                    "--keys",
                    keys,
                ])
                .output()
                .expect("tui");
            assert_eq!(
                tui.status.code(),
                Some(0),
                "{} ({keys}): {}",
                case.name,
                String::from_utf8_lossy(&tui.stderr)
            );
            no_raw_escapes(&tui.stdout, case.name);
        }
    }
}

#[test]
fn hostile_names_are_escaped_in_every_text_format() {
    let home = tempfile::tempdir().expect("tempdir");
    let lake = copy_of_sample();
    rewrite(
        lake.path(),
        "provinces",
        "SELECT * REPLACE (name_zh || chr(27) || '[31m' || chr(8238) AS name_zh) FROM {file}",
    );
    let lake_arg = lake.path().to_str().expect("utf8");
    for format in ["table", "markdown"] {
        let out = qlake(home.path())
            .args([
                "--lake",
                lake_arg,
                "sql",
                "select name_zh from provinces",
                "-f",
                format,
            ])
            .output()
            .expect("sql");
        assert_eq!(out.status.code(), Some(0));
        no_raw_escapes(&out.stdout, format);
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("\\e[31m\\u{202e}"),
            "{format}"
        );
    }
    // Data formats carry the data as it is (escaped by their own rules: JSON \u001b, CSV verbatim in quotes).
    let json = qlake(home.path())
        .args([
            "--lake",
            lake_arg,
            "sql",
            "select name_zh from provinces",
            "-f",
            "json",
        ])
        .output()
        .expect("sql");
    assert!(String::from_utf8_lossy(&json.stdout).contains("\\u001b[31m"));
}

#[test]
fn ten_thousand_tiny_files() {
    let home = tempfile::tempdir().expect("tempdir");
    let lake = copy_of_sample();
    let dir = lake.path().join("tiny");
    let conn = duckdb::Connection::open_in_memory().expect("duckdb");
    conn.execute_batch(&format!(
        "COPY (SELECT i AS part, i * 2 AS value FROM range(10000) t(i)) TO '{}' (FORMAT parquet, PARTITION_BY (part))",
        dir.display()
    ))
    .expect("write 10,000 files");
    let lake_arg = lake.path().to_str().expect("utf8");
    qlake(home.path())
        .args([
            "--lake",
            lake_arg,
            "sql",
            "select count(*) as n, sum(value) as s from tiny",
            "-f",
            "csv",
        ])
        .assert()
        .success()
        .stdout("n,s\n10000,99990000\n");
    let info = qlake(home.path())
        .args(["--lake", lake_arg, "lake", "info", "-f", "json"])
        .output()
        .expect("info");
    let info: serde_json::Value = serde_json::from_slice(&info.stdout).expect("json");
    let tiny = info
        .as_array()
        .expect("array")
        .iter()
        .find(|t| t["table"] == "tiny")
        .expect("tiny");
    assert_eq!(tiny["files"], 10000);
    assert_eq!(tiny["layout"], "hive-partitioned");
}

#[test]
fn a_one_megabyte_cell_is_cut_in_the_grid_and_whole_in_the_popup_and_exports() {
    use qlake::tui::app::Layer;
    let home = tempfile::tempdir().expect("tempdir");
    let lake = copy_of_sample();
    rewrite(
        lake.path(),
        "indicators",
        "SELECT * REPLACE (CASE WHEN metric = 'quality_activities' THEN repeat('质', 350000) ELSE metric_zh END AS metric_zh) FROM {file}",
    );
    let sql = "select metric_zh from indicators where metric = 'quality_activities'";
    let out = qlake(home.path())
        .args([
            "--lake",
            lake.path().to_str().expect("utf8"),
            "sql",
            sql,
            "-f",
            "csv",
        ])
        .output()
        .expect("sql");
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).expect("utf8");
    assert_eq!(
        csv.matches('质').count(),
        350_000,
        "the export holds the whole cell"
    );

    let engine = crate::support::open(lake.path());
    let mut app = qlake::tui::panes::new_app(
        qlake::core::queries::Library::load(None),
        qlake::tui::panes::default_keymap(),
        "lake".into(),
        (100, 30),
    );
    let theme = crate::support::PLAIN;
    qlake::tui::run_headless(
        &engine,
        &mut app,
        &qlake::tui::keymap::parse_script("5").expect("keys"),
        &theme,
    )
    .expect("headless");
    app.console_mut().set_text(sql);
    let screen = qlake::tui::run_headless(
        &engine,
        &mut app,
        &qlake::tui::keymap::parse_script("<f5> <esc>").expect("keys"),
        &theme,
    )
    .expect("headless");
    assert!(
        screen.matches('质').count() < 100,
        "the grid cuts the cell:\n{screen}"
    );
    assert!(screen.contains('…'), "{screen}");
    qlake::tui::run_headless(
        &engine,
        &mut app,
        &qlake::tui::keymap::parse_script("v").expect("keys"),
        &theme,
    )
    .expect("headless");
    match app.layers().last() {
        Some(Layer::Detail { lines, .. }) => {
            assert_eq!(
                lines.concat().matches('质').count(),
                350_000,
                "the popup holds the whole cell"
            )
        }
        other => panic!("no cell popup: {other:?}"),
    }
}
