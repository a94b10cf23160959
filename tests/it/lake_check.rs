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

/// The row checks read null counts from the files' footers where every file states them, and group keys by their
/// hash before the keys themselves: nulls in a second file and a key repeated across two files are still named, with
/// their counts.
#[test]
fn nulls_and_repeated_keys_across_files_are_named() {
    let lake = copy_of_sample();
    let dir = lake.path().join("chains");
    let file = dir.join("chains.parquet");
    let conn = duckdb::Connection::open_in_memory().expect("duckdb");
    conn.execute_batch(&format!(
        "COPY (SELECT * FROM read_parquet('{f}') WHERE province_code <> 'CN-SN') TO '{d}/part-rest.parquet' (FORMAT parquet);
         COPY (SELECT * REPLACE (NULL::VARCHAR AS name_en) FROM read_parquet('{f}') WHERE province_code = 'CN-SN')
           TO '{d}/part-sn.parquet' (FORMAT parquet);
         COPY (SELECT * FROM read_parquet('{f}') WHERE province_code <> 'CN-SN' LIMIT 1) TO '{d}/part-again.parquet' (FORMAT parquet);",
        f = file.display(),
        d = dir.display()
    ))
    .expect("split");
    let sn: i64 = conn
        .query_row(
            &format!(
                "SELECT count(*) FROM read_parquet('{}') WHERE province_code = 'CN-SN'",
                file.display()
            ),
            [],
            |r| r.get(0),
        )
        .expect("count");
    std::fs::remove_file(&file).expect("rm");
    let problems = errors(lake.path());
    assert!(
        problems
            .iter()
            .any(|p| p.column.as_deref() == Some("name_en")
                && p.message == format!("{sn} rows have no value; the column is required")),
        "{problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.message.starts_with("1 keys appear more than once")),
        "{problems:#?}"
    );
}

/// `lake generate` lays a lake out as a national one is: the 31 provinces (real codes), each province's enterprises
/// in several files when it outgrows one, each file a range of the province's projects sorted by project, so files
/// and row groups cover disjoint ranges; every enterprise in a project, city and chain of its own province; projects
/// in 2015–2024; and the lake passes its own check without a layout note.
#[test]
fn a_generated_lake_is_31_provinces_in_files_of_project_ranges() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("lake");
    let report =
        qlake::core::generate::generate_in_files_of(&out, 200_000, 42, 2_000).expect("generate");
    let conn = duckdb::Connection::open_in_memory().expect("duckdb");
    let query = |sql: &str| -> Vec<Vec<String>> {
        let mut statement = conn
            .prepare(&sql.replace("{lake}", &out.display().to_string()))
            .expect(sql);
        statement
            .query_map([], |r| {
                Ok((0..r.as_ref().column_count())
                    .map(|i| r.get::<_, String>(i).unwrap_or_default())
                    .collect())
            })
            .expect("query")
            .map(|r| r.expect("row"))
            .collect()
    };
    let mut folders: Vec<String> = std::fs::read_dir(out.join("enterprises"))
        .expect("enterprises")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let mut codes: Vec<String> = qlake::core::contract::PROVINCES
        .iter()
        .map(|(code, _, _)| format!("province_code={code}"))
        .collect();
    codes.sort();
    assert_eq!(folders, codes);
    // Per file: its rows and its project range; per province the files in the order of their number.
    let files = query(
        "SELECT province_code, part::VARCHAR, count(*)::VARCHAR, min(project_id), max(project_id) \
         FROM (SELECT *, CAST(regexp_extract(filename, 'data_([0-9]+)', 1) AS INTEGER) AS part \
               FROM read_parquet('{lake}/enterprises/*/*.parquet', hive_partitioning = true, filename = true)) \
         GROUP BY province_code, part ORDER BY province_code, part",
    );
    assert_eq!(files.len() as u64, report.files - 13, "{files:?}");
    let total: u64 = files.iter().map(|f| f[2].parse::<u64>().expect("n")).sum();
    assert_eq!(total, 200_000);
    for pair in files.windows(2) {
        if pair[0][0] == pair[1][0] {
            assert!(
                pair[0][4] < pair[1][3],
                "files overlap in project_id: {pair:?}"
            );
        }
    }
    for province in codes.iter().map(|c| c.trim_start_matches("province_code=")) {
        let parts = files.iter().filter(|f| f[0] == province).count();
        assert!(parts >= 3, "{province}: {parts} files");
    }
    let strays = query(
        "SELECT count(*)::VARCHAR FROM read_parquet('{lake}/enterprises/*/*.parquet', hive_partitioning = true) e \
         JOIN read_parquet('{lake}/projects/*.parquet') p USING (project_id) \
         WHERE e.province_code <> p.province_code OR e.city_code <> p.city_code OR e.chain_id <> p.chain_id",
    );
    assert_eq!(strays[0][0], "0");
    let years = query(
        "SELECT min(year)::VARCHAR, max(year)::VARCHAR, count(DISTINCT province_code)::VARCHAR \
         FROM read_parquet('{lake}/projects/*.parquet')",
    );
    assert_eq!(years[0], ["2015", "2024", "31"]);
    let lake = Lake::open(&out, LakeOrigin::Flag).expect("lake");
    let problems = check_lake(&lake).expect("check runs");
    assert!(problems.is_empty(), "{problems:#?}");
}

/// A real row's figure must be one its quote writes: a real amount changed by 10 % (its sentence left as it was), or
/// an indicator's value changed, is named with its row and sentence; synthetic rows are not held to it.
#[test]
fn a_real_figure_its_quote_does_not_write_is_named() {
    assert!(errors(&sample_lake_dir()).is_empty());
    let lake = copy_of_sample();
    // Hubei's 2018 spending: 5897万元 in its sentence, 10 % more in the row.
    rewrite_table(
        lake.path(),
        "funding",
        "SELECT * REPLACE (CASE WHEN funding_id = 'HB-2018-TOTAL' THEN amount_yuan * 1.1 ELSE amount_yuan END \
         AS amount_yuan) FROM {file}",
    );
    rewrite_table(
        lake.path(),
        "indicators",
        "SELECT * REPLACE (CASE WHEN metric = 'projects_2018_2020' THEN value + 1 ELSE value END AS value) FROM {file}",
    );
    let found = errors(lake.path());
    let messages: Vec<&str> = found.iter().map(|p| p.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("funding `HB-2018-TOTAL`")
                && m.contains("64867000")
                && m.contains("5897万元")),
        "{messages:#?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("projects_2018_2020") && m.contains("78个")),
        "{messages:#?}"
    );
    // A number the sentence writes that is not money (a programme's name, "616") does not hold an amount.
    let lake = copy_of_sample();
    rewrite_table(
        lake.path(),
        "funding",
        "SELECT * REPLACE (CASE WHEN funding_id = 'HB-2022-ENSHI-TEA' THEN 616 ELSE amount_yuan END AS amount_yuan) \
         FROM {file}",
    );
    let found = errors(lake.path());
    assert!(
        found
            .iter()
            .any(|p| p.message.contains("funding `HB-2022-ENSHI-TEA`")),
        "{found:#?}"
    );
    // An indicator in yuan is held to money too: the park's output set to the 2.5万 workers of its sentence is named.
    let lake = copy_of_sample();
    rewrite_table(
        lake.path(),
        "indicators",
        "SELECT * REPLACE (CASE WHEN metric = 'maozui_output_value' THEN 25000 ELSE value END AS value) FROM {file}",
    );
    let found = errors(lake.path());
    assert!(
        found
            .iter()
            .any(|p| p.message.contains("maozui_output_value")),
        "{found:#?}"
    );
    // Synthetic budgets are illustrations, not figures of a sentence: changing them is no finding.
    let lake = copy_of_sample();
    rewrite_table(
        lake.path(),
        "funding",
        "SELECT * REPLACE (CASE WHEN is_synthetic THEN amount_yuan * 1.1 ELSE amount_yuan END AS amount_yuan) \
         FROM {file}",
    );
    assert!(errors(lake.path()).is_empty());
}
