//! `lake check` passes on the sample lake and names the problem in broken copies made here.

use std::path::Path;

use qlake::core::check::{Problem, Severity, check_lake};
use qlake::core::lake::{Lake, LakeOrigin};

use crate::support::{copy_of_sample, rewrite_table, sample_lake_dir};

fn errors(dir: &Path) -> Vec<Problem> {
    let lake = Lake::open(dir, LakeOrigin::Flag).expect("lake");
    check_lake(&lake)
        .expect("check runs")
        .into_iter()
        .filter(|p| p.severity == Severity::Error)
        .collect()
}

#[test]
fn sample_lake_passes() {
    let problems = errors(&sample_lake_dir());
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn truncated_file_is_named() {
    let lake = copy_of_sample();
    let file = lake.path().join("projects").join("projects.parquet");
    let bytes = std::fs::read(&file).expect("read");
    std::fs::write(&file, &bytes[..bytes.len() / 2]).expect("truncate");
    let problems = errors(lake.path());
    assert!(
        problems
            .iter()
            .any(|p| p.location == file && p.message.contains("unreadable Parquet file")),
        "{problems:#?}"
    );
}

#[test]
fn zero_byte_and_non_parquet_files_are_named() {
    let lake = copy_of_sample();
    let empty = lake.path().join("cities").join("extra-0.parquet");
    std::fs::write(&empty, b"").expect("write");
    let text = lake.path().join("funding").join("notes.parquet");
    std::fs::write(&text, b"this is not parquet").expect("write");
    let problems = errors(lake.path());
    assert!(
        problems.iter().any(|p| p.location == empty),
        "{problems:#?}"
    );
    assert!(problems.iter().any(|p| p.location == text), "{problems:#?}");
}

#[test]
fn missing_column_is_named() {
    let lake = copy_of_sample();
    rewrite_table(
        lake.path(),
        "ratings",
        "SELECT * EXCLUDE (rating_zh) FROM {file}",
    );
    let problems = errors(lake.path());
    assert!(
        problems
            .iter()
            .any(|p| p.column.as_deref() == Some("rating_zh")
                && p.message.contains("missing column")),
        "{problems:#?}"
    );
}

#[test]
fn wrong_type_is_named() {
    let lake = copy_of_sample();
    rewrite_table(
        lake.path(),
        "funding",
        "SELECT * REPLACE (CAST(amount_yuan AS DOUBLE) AS amount_yuan) FROM {file}",
    );
    let problems = errors(lake.path());
    assert!(
        problems
            .iter()
            .any(|p| p.column.as_deref() == Some("amount_yuan") && p.message.contains("DOUBLE")),
        "{problems:#?}"
    );
}

#[test]
fn empty_table_is_named() {
    let lake = copy_of_sample();
    rewrite_table(lake.path(), "chains", "SELECT * FROM {file} LIMIT 0");
    let problems = errors(lake.path());
    assert!(
        problems
            .iter()
            .any(|p| p.message == "table is empty" && p.location.ends_with("chains")),
        "{problems:#?}"
    );
}

#[test]
fn missing_table_and_unsourced_rows_are_named() {
    let lake = copy_of_sample();
    std::fs::remove_dir_all(lake.path().join("organisations")).expect("remove");
    rewrite_table(
        lake.path(),
        "provinces",
        "SELECT * REPLACE (CASE WHEN province_code = 'CN-HB' THEN NULL ELSE source_quote END AS source_quote) FROM {file}",
    );
    let problems = errors(lake.path());
    assert!(
        problems
            .iter()
            .any(|p| p.message.contains("missing table `organisations`")),
        "{problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.location.ends_with("provinces") && p.message.contains("1 real rows")),
        "{problems:#?}"
    );
}

#[test]
fn bad_values_and_duplicate_keys_are_named() {
    let lake = copy_of_sample();
    rewrite_table(
        lake.path(),
        "ratings",
        "SELECT * REPLACE (CASE WHEN project_id = 'HB-2021-01' THEN 'brilliant' ELSE rating END AS rating) FROM {file} \
         UNION ALL SELECT * FROM {file} WHERE project_id = 'HB-2021-02'",
    );
    let problems = errors(lake.path());
    assert!(
        problems
            .iter()
            .any(|p| p.column.as_deref() == Some("rating") && p.message.contains("brilliant")),
        "{problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.message.contains("more than once")),
        "{problems:#?}"
    );
}

#[test]
fn references_the_lake_cannot_resolve_are_named() {
    // The same declared references an import checks: a rating of a project the lake lacks, a project in a city it
    // lacks, a funding row part of a total it lacks.
    let lake = copy_of_sample();
    rewrite_table(
        lake.path(),
        "ratings",
        "SELECT * REPLACE (CASE WHEN project_id = 'HB-2021-01' THEN 'HB-2099-99' ELSE project_id END AS project_id) FROM {file}",
    );
    rewrite_table(
        lake.path(),
        "projects",
        "SELECT * REPLACE (CASE WHEN city_code = '420100' THEN '429999' ELSE city_code END AS city_code) FROM {file}",
    );
    let problems = errors(lake.path());
    let named = |column: &str, text: &str| {
        problems
            .iter()
            .any(|p| p.column.as_deref() == Some(column) && p.message.contains(text))
    };
    assert!(
        named(
            "project_id",
            "`projects.project_id` the lake does not have (e.g. \"HB-2099-99\")"
        ),
        "{problems:#?}"
    );
    assert!(named("city_code", "\"429999\""), "{problems:#?}");
}

#[test]
fn a_layout_that_will_be_slow_at_scale_is_noted() {
    let home = tempfile::tempdir().expect("tempdir");
    let lake = crate::support::copy_of_sample();
    let check = |lake: &std::path::Path| {
        crate::support::qlake(home.path())
            .args(["--lake"])
            .arg(lake)
            .args(["lake", "check"])
            .output()
            .expect("check")
    };
    let out = check(lake.path());
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stdout).contains("ranges overlap"));
    // The same enterprises in shuffled order, in small row groups.
    let file = lake.path().join("enterprises/enterprises.parquet");
    let tmp = lake.path().join(".shuffled.parquet");
    let conn = duckdb::Connection::open_in_memory().expect("duckdb");
    conn.execute_batch(&format!(
        "COPY (SELECT * FROM read_parquet('{f}') ORDER BY hash(enterprise_id)) TO '{t}' (FORMAT parquet, ROW_GROUP_SIZE 2048)",
        f = file.display(),
        t = tmp.display()
    ))
    .expect("shuffle");
    std::fs::rename(&tmp, &file).expect("rename");
    let out = check(lake.path());
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "a note, not an error: {report}");
    assert!(
        report.contains("enterprises.parquet") && report.contains("project_id ranges overlap"),
        "{report}"
    );
}
