//! The CLI contract, through the real binary: output formats, exit codes, refusals, generate → check → info.

use predicates::prelude::*;
use predicates::str::contains;

use crate::support::{qlake, sample_lake_dir};

fn home() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

#[test]
fn sql_prints_an_aligned_table() {
    let h = home();
    let out = qlake(h.path())
        .args(["--lake", sample_lake_dir().to_str().expect("utf8")])
        .args(["sql", "select name_en, count(*) from projects join provinces using (province_code) group by 1 order by 1"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).expect("utf8");
    assert!(
        text.lines().next().expect("header").starts_with("name_en"),
        "{text}"
    );
    assert!(text.contains("Hubei"), "{text}");
    assert!(text.contains("Fujian"), "{text}");
    assert!(text.contains("─┼─"), "{text}");
}

#[test]
fn sql_writes_csv_and_json() {
    let h = home();
    let lake = sample_lake_dir();
    let csv = qlake(h.path())
        .args([
            "--lake",
            lake.to_str().expect("utf8"),
            "sql",
            "select project_id, rating from ratings where year = 2021 order by 1",
            "--format",
            "csv",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let csv = String::from_utf8(csv).expect("utf8");
    assert_eq!(csv.lines().count(), 27, "{csv}");
    assert_eq!(csv.lines().next(), Some("project_id,rating"));
    assert!(csv.contains("HB-2021-03,excellent"));
    let json = qlake(h.path())
        .args([
            "--lake",
            lake.to_str().expect("utf8"),
            "sql",
            "select province_code, name_en from provinces order by 1",
            "-f",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let parsed: serde_json::Value = serde_json::from_slice(&json).expect("json");
    assert_eq!(parsed.as_array().expect("array").len(), 8);
    assert_eq!(parsed[0]["province_code"], "CN-AH");
}

#[test]
fn output_file_is_written_whole_and_never_clobbered() {
    let h = home();
    let lake = sample_lake_dir();
    let target = h.path().join("out.csv");
    qlake(h.path())
        .args([
            "--lake",
            lake.to_str().expect("utf8"),
            "sql",
            "select * from provinces",
            "-o",
            target.to_str().expect("utf8"),
        ])
        .assert()
        .success()
        .stderr(contains("wrote 8 rows"));
    assert!(
        std::fs::read_to_string(&target)
            .expect("file")
            .starts_with("province_code,")
    );
    qlake(h.path())
        .args([
            "--lake",
            lake.to_str().expect("utf8"),
            "sql",
            "select 1",
            "-o",
            target.to_str().expect("utf8"),
        ])
        .assert()
        .code(2)
        .stderr(contains("already exists").and(contains("--force")));
    qlake(h.path())
        .args([
            "--lake",
            lake.to_str().expect("utf8"),
            "sql",
            "select 1 as x",
            "-o",
            target.to_str().expect("utf8"),
            "--force",
        ])
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&target).expect("file"), "x\n1\n");
    // A failing query leaves neither the file nor a temporary one.
    let failed = h.path().join("failed.csv");
    qlake(h.path())
        .args([
            "--lake",
            lake.to_str().expect("utf8"),
            "sql",
            "select * from no_such_table",
            "-o",
            failed.to_str().expect("utf8"),
        ])
        .assert()
        .code(1)
        .stderr(contains("no_such_table"));
    let leftovers: Vec<_> = std::fs::read_dir(h.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    assert!(!failed.exists());
    assert!(
        leftovers
            .iter()
            .all(|n| !n.to_string_lossy().contains(".part")),
        "{leftovers:?}"
    );
}

#[test]
fn writes_and_escapes_are_refused() {
    let h = home();
    let lake = sample_lake_dir();
    let lake = lake.to_str().expect("utf8");
    let statements = [
        "COPY projects TO '/tmp/qlake-leak.csv'",
        "ATTACH '/tmp/x.db' AS x",
        "INSTALL httpfs",
        "LOAD httpfs",
        "SET threads = 1",
        "PRAGMA database_list",
        "CREATE TABLE x AS SELECT 1",
        "CREATE MACRO m() AS 1",
        "SELECT 1; SELECT 2",
        "SELECT 1; DROP VIEW projects",
        "EXPORT DATABASE '/tmp/qlake-export'",
        "CALL pragma_version()",
    ];
    for sql in statements {
        qlake(h.path())
            .args(["--lake", lake, "sql", sql])
            .assert()
            .code(1)
            .stderr(contains("refused by qlake's read-only gate: "));
    }
    for sql in [
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_text('/etc/hostname')",
        &format!("SELECT * FROM read_text('{lake}/../Cargo.toml')"),
        "SELECT * FROM glob('/etc/*')",
        "SELECT * FROM read_parquet('https://example.com/x.parquet')",
    ] {
        qlake(h.path())
            .args(["--lake", lake, "sql", sql])
            .assert()
            .code(1)
            .stderr(if sql.contains("glob(") {
                contains("refused by qlake's read-only gate: ")
            } else {
                contains("refused by DuckDB's lock-down: Permission Error")
            });
    }
    assert!(!std::path::Path::new("/tmp/qlake-leak.csv").exists());
}

#[test]
fn usage_errors_exit_2() {
    let h = home();
    qlake(h.path())
        .args(["sql", "select 1", "--format", "pdf"])
        .assert()
        .code(2)
        .stderr(contains("unknown format"));
    qlake(h.path())
        .args(["lake", "frobnicate"])
        .assert()
        .code(2);
    qlake(h.path())
        .args([
            "sql",
            "select 1",
            "-o",
            h.path().join("x.unknown").to_str().expect("utf8"),
        ])
        .assert()
        .code(2);
    qlake(h.path())
        .args(["--lake", "/no/such/lake", "sql", "select 1"])
        .assert()
        .code(1)
        .stderr(contains("/no/such/lake"));
}

#[test]
fn lake_info_counts_real_and_synthetic_rows() {
    let h = home();
    let out = qlake(h.path())
        .args([
            "--lake",
            sample_lake_dir().to_str().expect("utf8"),
            "lake",
            "info",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let info: serde_json::Value = serde_json::from_slice(&out).expect("json");
    let ratings = info
        .as_array()
        .expect("array")
        .iter()
        .find(|t| t["table"] == "ratings")
        .expect("ratings");
    assert_eq!(ratings["real_rows"], 26);
    assert_eq!(ratings["synthetic_rows"], 19);
    assert_eq!(
        info.as_array().expect("array").len(),
        qlake::core::contract::TABLES.len()
    );
}

#[test]
fn the_builtin_lake_works_from_any_folder() {
    let h = home();
    let empty = tempfile::tempdir().expect("tempdir");
    qlake(h.path())
        .current_dir(empty.path())
        .args([
            "sql",
            "select count(*) as n from ratings where year = 2021",
            "-f",
            "csv",
        ])
        .assert()
        .success()
        .stdout("n\n26\n");
    assert!(h.path().join("cache").is_dir());
}

#[test]
fn generate_check_and_info_on_a_generated_lake() {
    let h = home();
    let out = h.path().join("gen");
    qlake(h.path())
        .args([
            "lake",
            "generate",
            "--out",
            out.to_str().expect("utf8"),
            "--enterprises",
            "20000",
            "--seed",
            "7",
        ])
        .assert()
        .success();
    assert!(out.join("enterprises").join("province_code=CN-HB").is_dir());
    qlake(h.path())
        .args(["--lake", out.to_str().expect("utf8"), "lake", "check"])
        .assert()
        .success();
    qlake(h.path())
        .args([
            "--lake",
            out.to_str().expect("utf8"),
            "sql",
            "select count(*) as n from enterprises",
            "-f",
            "csv",
        ])
        .assert()
        .success()
        .stdout("n\n20000\n");
    // Deterministic: the same seed gives the same rows; a non-empty folder is refused.
    let again = h.path().join("gen2");
    qlake(h.path())
        .args([
            "lake",
            "generate",
            "--out",
            again.to_str().expect("utf8"),
            "--enterprises",
            "20000",
            "--seed",
            "7",
        ])
        .assert()
        .success();
    let digest = |dir: &std::path::Path| {
        let out = qlake(h.path())
            .args([
                "--lake",
                dir.to_str().expect("utf8"),
                "sql",
                "select sum(hash(enterprise_id, project_id, tier, has_cqo)) from enterprises",
                "-f",
                "csv",
            ])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).expect("utf8")
    };
    assert_eq!(digest(&out), digest(&again));
    qlake(h.path())
        .args([
            "lake",
            "generate",
            "--out",
            out.to_str().expect("utf8"),
            "--enterprises",
            "10",
        ])
        .assert()
        .code(2)
        .stderr(contains("not empty"));
}

#[test]
fn table_output_escapes_control_characters() {
    let h = home();
    let out = qlake(h.path())
        .args([
            "--lake",
            sample_lake_dir().to_str().expect("utf8"),
            "sql",
            "select 'a' || chr(27) || '[31mred' || chr(10) || 'x' as s",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(!out.contains(&0x1b), "raw escape reached stdout");
    assert!(
        String::from_utf8(out)
            .expect("utf8")
            .contains("a\\e[31mred\\nx")
    );
}

#[test]
fn completions_print() {
    let h = home();
    qlake(h.path())
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(contains("qlake"));
}

#[test]
fn empty_results_and_nulls_keep_their_shape_in_every_text_format() {
    let h = home();
    let lake = sample_lake_dir();
    let lake = lake.to_str().expect("utf8");
    for (format, sql, expected) in [
        ("json", "select 1 as a where false", "[]\n"),
        ("jsonl", "select 1 as a where false", ""),
        ("csv", "select 1 as a, 2 as b where false", "a,b\n"),
        ("tsv", "select 1 as a, 2 as b where false", "a\tb\n"),
        (
            "json",
            "select 1 as a, null::int as b",
            "[{\"a\":1,\"b\":null}]\n",
        ),
        (
            "jsonl",
            "select 1 as a, null::int as b",
            "{\"a\":1,\"b\":null}\n",
        ),
    ] {
        qlake(h.path())
            .args(["--lake", lake, "sql", sql, "-f", format])
            .assert()
            .success()
            .stdout(predicates::str::diff(expected));
    }
}

#[test]
fn a_closed_stdout_ends_qlake_quietly() {
    use std::io::BufRead;
    let h = home();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("qlake"))
        .env("QLAKE_CACHE_DIR", h.path().join("cache"))
        .env("QLAKE_CONFIG_DIR", h.path().join("config"))
        .args(["--lake", sample_lake_dir().to_str().expect("utf8")])
        .args(["sql", "select i from range(5000000) t(i)", "-f", "csv"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let mut first = String::new();
    std::io::BufReader::new(stdout)
        .read_line(&mut first)
        .expect("read");
    assert_eq!(first, "i\n");
    // The reader goes away, as `| head -1` does.
    let mut stderr = child.stderr.take().expect("stderr");
    let status = crate::support::wait_bounded(&mut child, "qlake writing to a closed pipe");
    let mut said = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut said).expect("stderr");
    assert_eq!(status.code(), Some(0));
    assert_eq!(said, "");
}

#[test]
fn the_lake_comes_from_the_flag_then_qlake_lake_then_the_config_file() {
    let h = home();
    let from_config = crate::support::copy_of_sample();
    let from_env = crate::support::copy_of_sample();
    let config = h.path().join("config.toml");
    std::fs::write(
        &config,
        format!("lake = \"{}\"\n", from_config.path().display()),
    )
    .expect("write");
    let canonical =
        |p: &std::path::Path| p.canonicalize().expect("canonical").display().to_string();
    let sample = sample_lake_dir();
    // (QLAKE_LAKE, --lake, the lake expected, the origin `lake info` names)
    let cases = [
        (None, None, canonical(from_config.path()), "config file"),
        (
            Some(from_env.path()),
            None,
            canonical(from_env.path()),
            "QLAKE_LAKE",
        ),
        (
            Some(from_env.path()),
            Some(sample.as_path()),
            canonical(&sample),
            "(--lake)",
        ),
    ];
    for (env, flag, lake, origin) in cases {
        let mut cmd = qlake(h.path());
        cmd.env("QLAKE_CONFIG", &config);
        if let Some(env) = env {
            cmd.env("QLAKE_LAKE", env);
        }
        if let Some(flag) = flag {
            cmd.arg("--lake").arg(flag);
        }
        let out = cmd.args(["lake", "info"]).output().expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let line = stderr
            .lines()
            .find(|l| l.starts_with("lake: "))
            .unwrap_or_default();
        assert!(
            line.contains(&lake) && line.contains(origin),
            "{env:?} {flag:?}: {line}"
        );
    }
}

#[test]
fn config_keys_rebind_actions_in_the_running_app() {
    let h = home();
    let config = h.path().join("config.toml");
    std::fs::write(&config, "[keys]\nquit = \"ctrl-q\"\n").expect("write");
    // With quit moved to Ctrl+Q, `q` no longer ends the session: the next key still opens Explore.
    qlake(h.path())
        .env("QLAKE_CONFIG", &config)
        .args(["--lake", sample_lake_dir().to_str().expect("utf8")])
        .args(["tui", "--headless", "--keys", "q 2"])
        .assert()
        .success()
        .stdout(contains("Provinces"));
    qlake(h.path())
        .args(["--lake", sample_lake_dir().to_str().expect("utf8")])
        .args(["tui", "--headless", "--keys", "q 2"])
        .assert()
        .success()
        .stdout(contains("Provinces").not());
}

#[test]
fn sql_reads_the_statement_from_stdin_or_a_file() {
    let h = home();
    let lake = crate::support::sample_lake_dir();
    let lake = lake.to_str().expect("utf8");
    qlake(h.path())
        .args(["--lake", lake, "sql", "-", "-f", "csv"])
        .write_stdin("select count(*) as n\nfrom ratings\n")
        .assert()
        .success()
        .stdout("n\n45\n");
    let file = h.path().join("q.sql");
    std::fs::write(&file, "select 7 as m").expect("write");
    qlake(h.path())
        .args([
            "--lake",
            lake,
            "sql",
            "--file",
            file.to_str().expect("utf8"),
            "-f",
            "csv",
        ])
        .assert()
        .success()
        .stdout("m\n7\n");
    // A missing file is named; a statement and a file together are a usage error.
    let missing = h.path().join("missing.sql");
    qlake(h.path())
        .args([
            "--lake",
            lake,
            "sql",
            "--file",
            missing.to_str().expect("utf8"),
        ])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("missing.sql"));
    qlake(h.path())
        .args(["--lake", lake, "sql", "select 1", "--file", "x.sql"])
        .assert()
        .code(2);
}

#[test]
fn completions_know_the_saved_queries_and_their_parameters() {
    let h = home();
    let queries = h.path().join("config/queries");
    std::fs::create_dir_all(&queries).expect("dir");
    std::fs::write(
        queries.join("my-own.sql"),
        "-- name: my-own\n-- title: mine\n-- param colour: choice(red, green) optional | a colour\nselect $colour as c\n",
    )
    .expect("write");
    let out = qlake(h.path())
        .args(["completions", "bash"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let script = String::from_utf8(out).expect("utf8");
    for word in [
        "ratings-by-year",
        "my-own",
        "province=CN-HB",
        "colour=green",
        "year=",
    ] {
        assert!(
            script.contains(word),
            "{word} missing from the completion script"
        );
    }
}
