//! Every shipped query on the sample lake, with figures checked against the sources; drill paths; injection.

use qlake::core::backend::Backend;
use std::collections::BTreeMap;

use qlake::core::cells;
use qlake::core::engine::Engine;
use qlake::core::queries::Library;

use crate::support::{sample_engine, scalar};

/// Rows of a saved query as column name → text maps.
pub fn run_saved(
    engine: &Engine,
    name: &str,
    params: &[(&str, &str)],
) -> Vec<BTreeMap<String, String>> {
    let library = Library::load(None);
    let query = library.get(name).expect("query exists");
    let given: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let bound = query.bind(&given).expect("parameters bind");
    let (schema, batches) = engine
        .collect(&query.sql().expect("checked"), &bound, name)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let names: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
    let mut out = Vec::new();
    for batch in &batches {
        for row in cells::batch_rows(batch).expect("cells") {
            out.push(names.iter().cloned().zip(row).collect());
        }
    }
    out
}

fn find<'a>(
    rows: &'a [BTreeMap<String, String>],
    column: &str,
    value: &str,
) -> &'a BTreeMap<String, String> {
    rows.iter()
        .find(|r| r[column] == value)
        .unwrap_or_else(|| panic!("no row with {column} = {value}: {rows:#?}"))
}

#[test]
fn ratings_by_year_gives_annex_1() {
    let engine = sample_engine();
    let rows = run_saved(&engine, "ratings-by-year", &[("year", "2021")]);
    assert_eq!(rows.len(), 26);
    assert_eq!(
        rows.iter().filter(|r| r["rating"] == "excellent").count(),
        7
    );
    let r = find(&rows, "project_id", "HB-2021-26");
    assert_eq!(r["title_zh"], "荆门市“荆品名门”农产品区域公用品牌质量提升");
    assert_eq!(r["rating_zh"], "延迟验收");
    assert_eq!(r["city_en"], "Jingmen");
    let excellent = run_saved(
        &engine,
        "ratings-by-year",
        &[("year", "2021"), ("rating", "excellent")],
    );
    assert_eq!(excellent.len(), 7);
}

#[test]
fn rating_distribution_2021_is_7_15_3_1() {
    let rows = run_saved(&sample_engine(), "rating-distribution", &[("year", "2021")]);
    let counts: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["rating"].as_str(),
                r["projects"].as_str(),
                r["share_pct"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        counts,
        vec![
            ("excellent", "7", "26.9"),
            ("good", "15", "57.7"),
            ("pass", "3", "11.5"),
            ("deferred", "1", "3.8")
        ]
    );
    let y2019 = run_saved(&sample_engine(), "rating-distribution", &[("year", "2019")]);
    assert_eq!(find(&y2019, "rating", "excellent")["projects"], "5");
    assert_eq!(find(&y2019, "rating", "good")["projects"], "14");
}

#[test]
fn coverage_by_city_gives_annex_3_and_2018_actuals() {
    let engine = sample_engine();
    // With no year, the latest with actuals (2018: province-wide only); 2022 is Annex 3's targets.
    let latest = run_saved(&engine, "coverage-by-city", &[]);
    assert!(
        latest
            .iter()
            .all(|r| r["year"] == "2018" && !r["actual"].is_empty()),
        "{latest:?}"
    );
    let rows = run_saved(&engine, "coverage-by-city", &[("year", "2022")]);
    assert_eq!(
        rows.len(),
        17 * 3 + 5,
        "17 cities × 万千百, plus five province-wide targets"
    );
    let wuhan: Vec<_> = rows
        .iter()
        .filter(|r| r["city_en"] == "Wuhan")
        .map(|r| r["target"].as_str())
        .collect();
    assert_eq!(wuhan, vec!["3000", "350", "25"]);
    let y2018 = run_saved(&engine, "coverage-by-city", &[("year", "2018")]);
    let wan = find(&y2018, "tier", "万");
    assert_eq!(
        (
            wan["target"].as_str(),
            wan["actual"].as_str(),
            wan["reached_pct"].as_str()
        ),
        ("10000", "10324", "103.2")
    );
}

#[test]
fn funding_by_kind_adds_only_like_amounts() {
    let rows = run_saved(
        &sample_engine(),
        "funding-by-kind",
        &[("province", "CN-HB")],
    );
    let get = |year: &str, kind: &str, scope: &str| {
        rows.iter()
            .find(|r| r["year"] == year && r["kind"] == kind && r["scope"] == scope)
            .map(|r| (r["amount_yuan"].clone(), r["part_of"].clone()))
    };
    assert_eq!(
        get("2018", "unspecified", "annual total"),
        Some(("58970000.00".into(), String::new())),
        "5897万元 spent in 2018, by a payer the source does not name"
    );
    assert_eq!(
        get("2018", "service purchase", "annual total"),
        Some(("5000000.00".into(), "HB-2018-TOTAL".into())),
        "500万元 of services, a part of the 2018 spending, on its own row"
    );
    assert_eq!(
        get("2022", "special fund", "item").map(|r| r.0).as_deref(),
        Some("1500000.00"),
        "7 × 20万元 + 10万元 for Enshi tea"
    );
    assert_eq!(
        get("2022", "local match", "item").map(|r| r.0).as_deref(),
        Some("1400000.00"),
        "equal local match for 7 projects"
    );
    assert_eq!(
        get("2024", "special fund", "annual total")
            .map(|r| r.0)
            .as_deref(),
        Some("6000000.00"),
        "600万元 for 30 chain projects"
    );
    assert_eq!(
        get("2024", "loan", "item").map(|r| r.0).as_deref(),
        Some("50000000.00"),
        "the first 鄂质贷 loan"
    );
    assert!(
        get("2021", "service purchase", "item").is_none(),
        "synthetic budgets are out by default"
    );
    let with = run_saved(
        &sample_engine(),
        "funding-by-kind",
        &[
            ("province", "CN-HB"),
            ("include_synthetic", "true"),
            ("year", "2021"),
        ],
    );
    assert_eq!(with.len(), 1, "{with:#?}");
    assert_eq!(with[0]["includes_synthetic"], "true");
    assert_eq!(with[0]["items"], "26");
}

#[test]
fn chains_by_province_matches_the_chain_report() {
    let rows = run_saved(&sample_engine(), "chains-by-province", &[]);
    let sn = find(&rows, "province_code", "CN-SN");
    assert_eq!(sn["chains_in_lake"], "23");
    assert_eq!(sn["published_key_chains"], "23.0000");
    assert_eq!(sn["chain_masters"], "94");
    assert_eq!(sn["published_chain_enterprises"], "13279.0000");
    let ln = find(&rows, "province_code", "CN-LN");
    assert_eq!(ln["chain_enterprises"], "1755");
    assert_eq!(
        find(&rows, "province_code", "CN-GD")["published_key_chains"],
        "50.0000"
    );
    assert_eq!(
        find(&rows, "province_code", "CN-JS")["published_key_chains"],
        "21.0000"
    );
}

#[test]
fn the_drill_path_follows_the_declarations() {
    let engine = sample_engine();
    let library = Library::load(None);
    // provinces → Hubei → Wuhan → the EDZ auto-parts cluster → its project → its enterprises
    let steps = [
        ("province_code", "CN-HB"),
        ("city_code", "420100"),
        ("chain_id", "HB-CL-2021-03"),
        ("project_id", "HB-2021-03"),
    ];
    let mut name = "provinces-overview".to_string();
    let mut params: Vec<(String, String)> = Vec::new();
    for (column, value) in steps {
        let p: Vec<(&str, &str)> = params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let rows = run_saved(&engine, &name, &p);
        let row = find(&rows, column, value);
        let drill = library
            .get(&name)
            .expect("query")
            .drill_for(|c| row.get(c).cloned().unwrap_or_default())
            .cloned()
            .expect("drills");
        params = drill
            .bind
            .iter()
            .map(|(param, col)| (param.clone(), row[col].clone()))
            .collect();
        name = drill.query;
    }
    assert_eq!(name, "enterprises-of-project");
    let p: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let firms = run_saved(&engine, &name, &p);
    assert!(!firms.is_empty());
    assert!(
        firms
            .iter()
            .all(|f| f["is_synthetic"] == "true" && f["city_en"] == "Wuhan")
    );
    assert_eq!(
        firms.len().to_string(),
        scalar(
            &engine,
            "SELECT count(*) FROM enterprises WHERE project_id = 'HB-2021-03'"
        )
    );
}

#[test]
fn projects_and_enterprises_queries() {
    let engine = sample_engine();
    let wuhan_2021 = run_saved(
        &engine,
        "projects-of-city",
        &[("city_code", "420100"), ("year", "2021")],
    );
    assert_eq!(wuhan_2021.len(), 3, "Annex 1 has three Wuhan projects");
    let masters = run_saved(
        &engine,
        "enterprises-of-chain",
        &[("chain_id", "HB-CL-XT-MAOZUI")],
    );
    assert_eq!(masters.len(), 16, "the 16 firms the 2018 project surveyed");
    let haoshan = run_saved(
        &engine,
        "enterprises-of-project",
        &[("project_id", "HB-2018-DY-CERAMIC")],
    );
    assert_eq!(haoshan.len(), 2, "two pilot enterprises");
    assert!(
        haoshan
            .iter()
            .any(|e| e["name"] == "湖北省当阳豪山建材有限公司" && e["is_synthetic"] == "false")
    );
    let programmes = run_saved(&engine, "programme-overview", &[("province", "CN-HB")]);
    let wqb = find(&programmes, "program_id", "HB-WQB");
    assert_eq!(
        wqb["rated_projects"], "45",
        "26 rated in 2021 and 19 in 2019"
    );
}

#[test]
fn where_from_finds_the_sentence() {
    let rows = run_saved(&sample_engine(), "where-from", &[("search", "10324")]);
    assert!(!rows.is_empty());
    for r in &rows {
        assert!(r["source_quote"].contains("10324"));
        assert_eq!(r["file"], "000_4718f05142d5b26f.txt");
        assert_eq!(r["published_on"], "2020-09-02");
    }
    assert!(
        rows.iter()
            .any(|r| r["row"].starts_with("participating_enterprises"))
    );
}

#[test]
fn dashboard_tiles_match_the_sources() {
    let engine = sample_engine();
    let kpis = run_saved(&engine, "dashboard-kpis", &[]);
    assert_eq!(kpis.len(), 8);
    let hb = find(&kpis, "province_code", "CN-HB");
    assert_eq!(
        hb["excellent_pct"], "26.9",
        "7 excellent of 26 real ratings"
    );
    assert_eq!(
        hb["ratings_synthetic"], "19",
        "the 2019 ratings are synthetic, counted beside"
    );
    assert_eq!(
        hb["projects"], "86",
        "demonstration and chain projects, not the 3 actions"
    );
    assert_eq!(hb["projects_real"], "31");
    assert_eq!(hb["enterprises"], "1632");
    assert_eq!(hb["enterprises_real"], "7");
    // No published figure stands beside these totals: they count something else than any published figure.
    assert!(
        kpis[0].keys().all(|c| !c.contains("published")),
        "{:?}",
        kpis[0].keys()
    );
    let sn = find(&kpis, "province_code", "CN-SN");
    assert_eq!(sn["enterprises"], "13373");
    // The overview sets each headline figure beside the lake's count of the same slice: the reconciliation's own.
    let reconciled = run_saved(&engine, "reconciliations", &[]);
    let members = find(&reconciled, "check_id", "SN-MEMBERS");
    assert_eq!(members["published"], "13279.0000");
    assert_eq!(members["label"], "chain members (链员) 2024");
    let hb_projects = find(&reconciled, "check_id", "HB-2018-20-PROJECTS");
    assert_eq!(
        (
            hb_projects["published"].as_str(),
            hb_projects["label"].as_str()
        ),
        ("78.0000", "demonstration projects 2018–20")
    );
    assert_eq!(
        (
            members["in_lake"].as_str(),
            members["in_lake_real"].as_str()
        ),
        ("13279.0", "1.0")
    );
    assert_eq!(members["metric_zh"], "链员企业");
    let hb_firms = find(&reconciled, "check_id", "HB-2018-20-ENTERPRISES");
    assert_eq!(
        (hb_firms["in_lake"].as_str(), hb_firms["qualifier"].as_str()),
        ("982.0", "at least")
    );
    let ratings = run_saved(&engine, "dashboard-ratings", &[]);
    let counts: Vec<&str> = ratings.iter().map(|r| r["projects"].as_str()).collect();
    assert_eq!(counts, vec!["12", "29", "3", "1"]);
    let funding = run_saved(&engine, "dashboard-funding", &[]);
    assert_eq!(funding[0]["class"], "public money");
    assert_eq!(funding[0]["province_code"], "CN-GD");
    let ln = find(&funding, "province_code", "CN-LN");
    assert_eq!(ln["class"], "enterprise investment");
    assert_eq!(ln["amount_wan"], "87000.0");
    assert!(
        !funding.iter().any(|r| r["kind"] == "service purchase"),
        "a part of a total is not listed beside it: {funding:#?}"
    );
    let coverage = run_saved(&engine, "dashboard-coverage", &[]);
    assert_eq!(find(&coverage, "actual", "113")["reached_pct"], "113.0");
}

#[test]
fn every_shipped_query_runs_with_its_defaults_or_sample_values() {
    let engine = sample_engine();
    let library = Library::load(None);
    let samples: BTreeMap<&str, &str> = [
        ("province_code", "CN-HB"),
        ("city_code", "420100"),
        ("chain_id", "HB-CL-2021-03"),
        ("project_id", "HB-2021-03"),
        ("program_id", "HB-WQB"),
        ("search", "万"),
        ("source_id", "hb-wqb-2020"),
        // Only where a query needs a year: optional years keep their own defaults.
        ("year", "2021"),
        ("text", "武汉"),
        // funding-items: Hubei's 26 service purchases of 2021 (synthetic budgets).
        ("province", "CN-HB"),
        ("kind", "service purchase"),
        ("scope", "item"),
        ("class", "public money"),
        ("include_synthetic", "true"),
    ]
    .into_iter()
    .collect();
    for query in library.queries.values() {
        let params: Vec<(&str, &str)> = query
            .params
            .iter()
            .filter(|p| p.required || (p.name != "year" && samples.contains_key(p.name.as_str())))
            .map(|p| {
                (
                    p.name.as_str(),
                    *samples
                        .get(p.name.as_str())
                        .unwrap_or_else(|| panic!("{}: no sample for {}", query.name, p.name)),
                )
            })
            .collect();
        let rows = run_saved(&engine, &query.name, &params);
        // The sources publish no per-aspect scores, so the sample lake has none to show.
        let may_be_empty = ["project-scores"];
        assert!(
            !rows.is_empty() || may_be_empty.contains(&query.name.as_str()),
            "{} returns no rows on the sample lake",
            query.name
        );
    }
}

#[test]
fn parameters_carrying_sql_are_only_values() {
    let engine = sample_engine();
    let before = scalar(&engine, "SELECT count(*) FROM projects");
    for hostile in [
        "'; DROP VIEW projects; --",
        "HB-2021-03' OR '1'='1",
        "x\" OR 1=1 --",
        "; SELECT 1",
        "/* comment */ HB-2021-03",
        "HB-2021-03\\",
        "$$; COPY projects TO '/tmp/qlake-pwn.csv'; $$",
    ] {
        let rows = run_saved(
            &engine,
            "enterprises-of-project",
            &[("project_id", hostile)],
        );
        assert!(rows.is_empty(), "{hostile:?} matched rows");
        let found = run_saved(&engine, "where-from", &[("search", hostile)]);
        assert!(found.is_empty(), "{hostile:?}");
    }
    let library = Library::load(None);
    let query = library.get("enterprises-of-project").expect("query");
    assert!(
        query.bind(&[("project_id".into(), "a\0b".into())]).is_err(),
        "NUL bytes are refused cleanly"
    );
    assert_eq!(scalar(&engine, "SELECT count(*) FROM projects"), before);
    assert!(!std::path::Path::new("/tmp/qlake-pwn.csv").exists());
}

/// The drill steps read only what they must: counting a chain's or a project's enterprises reads one province's
/// partition, and a project's enterprises are found by min/max pruning of the row groups (the generator sorts them by
/// project). DuckDB's own plan says how many files and row groups it scanned.
#[test]
fn drill_steps_read_only_what_they_must() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lake = dir.path().join("lake");
    // Enough rows for several row groups per province.
    qlake::core::generate::generate(&lake, 1_200_000, 42).expect("generate");
    let engine = crate::support::open(&lake);
    let library = Library::load(None);
    let first = |sql: &str| scalar(&engine, sql);
    let city = first(
        "SELECT city_code FROM chains WHERE province_code = 'CN-HB' AND city_code IS NOT NULL LIMIT 1",
    );
    let chain = first(&format!(
        "SELECT chain_id FROM projects WHERE province_code = 'CN-HB' AND city_code = '{city}' AND chain_id IS NOT NULL LIMIT 1"
    ));
    for (name, params) in [
        (
            "chains-of-city",
            vec![("province_code", "CN-HB"), ("city_code", city.as_str())],
        ),
        (
            "projects-of-chain",
            vec![
                ("province_code", "CN-HB"),
                ("city_code", city.as_str()),
                ("chain_id", chain.as_str()),
            ],
        ),
    ] {
        let query = library.get(name).expect("query");
        let given: Vec<(String, String)> = params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let bound = query.bind(&given).expect("bind");
        let explain =
            qlake::core::gate::check(&format!("EXPLAIN ANALYZE {}", query.statement.text()))
                .expect("an EXPLAIN of a read passes");
        let (_, batches) = engine.collect(&explain, &bound, name).expect("explain");
        let plan: String = batches
            .iter()
            .flat_map(|b| cells::batch_rows(b).expect("rows"))
            .flatten()
            .collect();
        let files = std::fs::read_dir(lake.join("enterprises"))
            .expect("dir")
            .count();
        assert!(files > 1, "the generated lake is partitioned by province");
        assert!(
            plan.contains(&format!("Scanning Files: 1/{files}")),
            "{name} scans more than one province's enterprises:\n{plan}"
        );
    }
    let project =
        first("SELECT project_id FROM projects WHERE province_code = 'CN-HB' LIMIT 1 OFFSET 7");
    let query = library.get("enterprises-of-project").expect("query");
    let bound = query
        .bind(&[("project_id".to_string(), project)])
        .expect("bind");
    let explain = qlake::core::gate::check(&format!("EXPLAIN ANALYZE {}", query.statement.text()))
        .expect("an EXPLAIN of a read passes");
    let (_, batches) = engine
        .collect(&explain, &bound, "enterprises-of-project")
        .expect("explain");
    let plan: String = batches
        .iter()
        .flat_map(|b| cells::batch_rows(b).expect("rows"))
        .flatten()
        .collect();
    // Each scan reports "Row Groups Scanned: read / total"; the enterprises scan is the one with the most.
    let (read, total) = plan
        .split("Row Groups Scanned:")
        .skip(1)
        .filter_map(|rest| {
            let figures = rest.split('│').next()?.replace(' ', "");
            let (read, total) = figures.split_once('/')?;
            Some((read.parse::<u64>().ok()?, total.parse::<u64>().ok()?))
        })
        .max_by_key(|(_, total)| *total)
        .unwrap_or((u64::MAX, 0));
    assert!(
        total > 8 && read * 4 <= total,
        "enterprises-of-project read {read} of {total} row groups:\n{plan}"
    );
    // The layout that makes this hold at any size: within each file, row groups cover ascending, non-overlapping
    // ranges of project_id (at this size bloom filters would prune a random layout too; at 100M they do not).
    let conn = duckdb::Connection::open_in_memory().expect("duckdb");
    let mut statement = conn
        .prepare(&format!(
            "SELECT file_name, row_group_id::VARCHAR, stats_min_value, stats_max_value \
             FROM parquet_metadata('{}/enterprises/*/*.parquet') WHERE path_in_schema = 'project_id' \
             ORDER BY file_name, row_group_id",
            lake.display()
        ))
        .expect("metadata query");
    let ranges: Vec<[String; 4]> = statement
        .query_map([], |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?]))
        .expect("metadata")
        .map(|r| r.expect("row"))
        .collect();
    assert!(ranges.len() > 8, "{ranges:?}");
    for pair in ranges.windows(2) {
        if let [a, b] = pair
            && a[0] == b[0]
        {
            assert!(
                a[3] <= b[2],
                "row groups {} and {} of {} overlap in project_id",
                a[1],
                b[1],
                a[0]
            );
        }
    }
}

#[test]
fn lake_columns_lists_every_contract_table_with_its_columns_in_order() {
    let rows = run_saved(&sample_engine(), "lake-columns", &[]);
    for table in qlake::core::contract::TABLES {
        let listed: Vec<&str> = rows
            .iter()
            .filter(|r| r["table_name"] == table.name)
            .map(|r| r["column_name"].as_str())
            .collect();
        let declared: Vec<&str> = table.columns.iter().map(|c| c.name).collect();
        assert_eq!(listed, declared, "{}", table.name);
    }
}

/// The parameters a remote engine's statements are filled by are found by the gate's lexer; DuckDB finds them by its
/// parser. Were the two readings to differ on any shipped query, a remote run would fill other placeholders than the
/// embedded one binds.
#[test]
fn the_lexer_finds_the_parameters_duckdb_binds_in_every_shipped_query() {
    let engine = sample_engine();
    let library = Library::load(None);
    for query in library.queries.values() {
        let sql = query.sql().expect("checked");
        let by_duckdb = engine
            .parameter_names(&sql, &query.name)
            .expect("parameters");
        let by_lexer = qlake::core::sql::literals::placeholders(&sql).expect("named placeholders");
        let mut sorted = by_lexer.clone();
        sorted.sort();
        let mut duckdb_sorted = by_duckdb.clone();
        duckdb_sorted.sort();
        duckdb_sorted.dedup();
        assert_eq!(sorted, duckdb_sorted, "{}", query.name);
    }
}

/// Every shipped query reads in Chinese too: a `-- title_zh:` and a `-- description_zh:` (written, not machine
/// translated); `query list` in a Chinese locale lists each with its Chinese title, and `--lang en` or a CSV list is
/// the same whatever the locale.
#[test]
fn every_shipped_query_has_a_chinese_title_and_description() {
    let library = Library::load(None);
    for query in library.queries.values() {
        let title = query.title_zh.as_deref().unwrap_or_default();
        assert!(
            title
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{} has no Chinese title",
            query.name
        );
        assert!(
            query
                .description_zh
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{} has no Chinese description",
            query.name
        );
    }
    let home = tempfile::tempdir().expect("tempdir");
    let list = |lang: &str, args: &[&str]| {
        let out = crate::support::qlake(home.path())
            .env("LANG", lang)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .args(["query", "list"])
            .args(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).expect("utf8")
    };
    let chinese = list("zh_CN.UTF-8", &[]);
    for query in library.queries.values() {
        assert!(
            chinese.contains(query.title_zh.as_deref().unwrap_or_default()),
            "{}\n{chinese}",
            query.name
        );
    }
    assert!(list("zh_CN.UTF-8", &["--lang", "en"]).contains("Find by name"));
    assert_eq!(
        list("zh_CN.UTF-8", &["-f", "csv"]),
        list("C", &["-f", "csv"])
    );
}

/// The overview is what `queries/` says: a user's query claiming a tile (`-- tile:`) replaces the shipped one there,
/// an override of the key figures' query with another `-- drill:` changes where a province opens, a shipped tile
/// query overridden by name keeps its tile, and two claims of one tile name both files.
#[test]
fn editing_queries_changes_the_overview_and_where_it_drills() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Bars of the user's own: the shipped ratings tile's SQL under another name and title.
    let mine = shipped_text("dashboard-ratings")
        .replace("-- name: dashboard-ratings", "-- name: my-ratings")
        .replace(
            "-- title: Dashboard: ratings (+synth.)",
            "-- title: Dashboard: my ratings",
        );
    std::fs::write(dir.path().join("my-ratings.sql"), mine).expect("write");
    // The key figures open a province's ratings instead of its cities.
    let kpis = shipped_text("dashboard-kpis").replace(
        "-- drill: cities-of-province province_code=province_code",
        "-- drill: ratings-by-year province=province_code",
    );
    std::fs::write(dir.path().join("dashboard-kpis.sql"), kpis).expect("write");
    // A user's version of the money tile's query written without the claim keeps the tile of the query it overrides.
    let funding = shipped_text("dashboard-funding").replace("-- tile: money\n", "");
    std::fs::write(dir.path().join("dashboard-funding.sql"), funding).expect("write");

    let library = qlake::core::queries::Library::load(Some(dir.path()));
    assert!(library.broken.is_empty(), "{:?}", library.broken);
    let engine = sample_engine();
    let mut app = app_over(library);
    let screen = crate::support::press_keys(&engine, &mut app, "");
    use qlake::core::queries::TileKind;
    let tile = |kind| app.dashboard().tile(kind).map(|t| t.query.clone());
    assert_eq!(tile(TileKind::Bars).as_deref(), Some("my-ratings"));
    assert_eq!(tile(TileKind::Money).as_deref(), Some("dashboard-funding"));
    assert!(screen.contains("my ratings"), "{screen}");
    assert!(screen.contains("excellent"), "{screen}");
    crate::support::press_keys(&engine, &mut app, "<enter>");
    assert_eq!(
        app.explore().last().map(|l| l.query.as_str()),
        Some("ratings-by-year"),
        "{:?}",
        app.message()
    );

    // The files change while the dashboard runs: without the user's bars, the shipped ratings are back.
    std::fs::remove_file(dir.path().join("my-ratings.sql")).expect("remove");
    let _ = app.on_library(qlake::core::queries::Library::load(Some(dir.path())));
    assert_eq!(
        app.dashboard()
            .tile(TileKind::Bars)
            .map(|t| t.query.as_str()),
        Some("dashboard-ratings")
    );
    std::fs::write(
        dir.path().join("my-ratings.sql"),
        shipped_text("dashboard-ratings")
            .replace("-- name: dashboard-ratings", "-- name: my-ratings")
            .replace(
                "-- title: Dashboard: ratings (+synth.)",
                "-- title: Dashboard: my ratings",
            ),
    )
    .expect("write");

    // Two of the user's queries claiming one tile: an error naming both, and the first keeps it.
    let other = shipped_text("dashboard-ratings")
        .replace("-- name: dashboard-ratings", "-- name: zz-ratings");
    std::fs::write(dir.path().join("zz-ratings.sql"), other).expect("write");
    let library = qlake::core::queries::Library::load(Some(dir.path()));
    let errors: Vec<String> = library.broken.iter().map(|e| e.to_string()).collect();
    assert!(
        errors.iter().any(|e| e.contains("zz-ratings.sql")
            && e.contains("my-ratings.sql")
            && e.contains("`bars`")),
        "{errors:?}"
    );
    assert_eq!(
        library
            .tiles()
            .iter()
            .find(|(k, _)| *k == TileKind::Bars)
            .map(|(_, q)| q.name.as_str()),
        Some("my-ratings")
    );
}

/// A `-- tile:` header names a tile there is, once.
#[test]
fn a_tile_header_names_a_tile_once() {
    use qlake::core::queries::{Origin, parse};
    let path = std::path::Path::new("q.sql");
    let text = |headers: &str| format!("-- name: q\n{headers}SELECT 1 AS x\n");
    let e = parse(&text("-- tile: pie\n"), path, Origin::User).expect_err("unknown tile");
    let e = e.to_string();
    assert!(
        e.contains("q.sql:2") && e.contains("`pie`") && e.contains("key-figures"),
        "{e}"
    );
    let e = parse(&text("-- tile: money\n-- tile: bars\n"), path, Origin::User).expect_err("twice");
    assert!(e.to_string().contains("q.sql:3"), "{e}");
    let q = parse(&text("-- tile: gauges\n"), path, Origin::User).expect("parses");
    assert_eq!(q.tile, Some(qlake::core::queries::TileKind::Gauges));
}

/// The way down to a `:find` hit is the drill lines', not a path of its own: with the provinces drilling into a
/// user's copy of the cities query, a hit on a chain (当阳's ceramics cluster) opens through that copy.
#[test]
fn the_way_to_a_found_chain_follows_the_drill_lines() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cities = shipped_text("cities-of-province")
        .replace("-- name: cities-of-province", "-- name: my-cities");
    std::fs::write(dir.path().join("my-cities.sql"), cities).expect("write");
    let provinces = shipped_text("provinces-overview").replace(
        "-- drill: cities-of-province province_code=province_code",
        "-- drill: my-cities province_code=province_code",
    );
    std::fs::write(dir.path().join("provinces-overview.sql"), provinces).expect("write");
    let library = qlake::core::queries::Library::load(Some(dir.path()));
    assert!(library.broken.is_empty(), "{:?}", library.broken);
    let engine = sample_engine();
    let mut app = app_over(library);
    crate::support::press_keys(&engine, &mut app, ": find <space> 当阳 <enter>");
    let hit = app.explore().last().expect("hits");
    assert_eq!(hit.query, "find");
    assert_eq!(
        hit.grid.text("kind"),
        "chain",
        "{:?}",
        hit.grid.current_row()
    );
    crate::support::press_keys(&engine, &mut app, "<enter>");
    let path: Vec<&str> = app.explore().iter().map(|l| l.query.as_str()).collect();
    assert_eq!(
        path,
        ["provinces-overview", "my-cities", "chains-of-city"],
        "{:?}",
        app.message()
    );
}

/// A shipped query's file, for a test to write a user's version of it.
fn shipped_text(name: &str) -> String {
    std::fs::read_to_string(crate::support::project_dir().join(format!("queries/{name}.sql")))
        .expect("shipped query")
}

/// The dashboard over `library`, at 120x40.
fn app_over(library: Library) -> qlake::tui::app::App {
    qlake::tui::panes::new_app(
        library,
        qlake::tui::panes::default_keymap(),
        "lake".into(),
        (120, 40),
    )
}

/// A user's query claiming a tile is held to what holds every user query: one that writes is refused when the
/// folder is read (naming the file) and claims nothing; one that reads a file outside the lake takes the tile but
/// is stopped by DuckDB's lock-down when it runs, the tile showing why and nothing of the file.
#[test]
fn a_hostile_tile_query_is_refused_or_confined() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("written.csv");
    let copies = format!(
        "-- name: copies\n-- title: Dashboard: copies\n-- tile: money\nCOPY (SELECT 1 AS rating) TO '{}' (FORMAT csv)\n",
        target.display()
    );
    std::fs::write(dir.path().join("copies.sql"), copies).expect("write");
    let reads = "-- name: reads\n-- title: Dashboard: reads\n-- tile: bars\nSELECT column0 AS rating, column0 AS rating_zh, 1 AS projects FROM read_csv('/etc/passwd', header = false)\n";
    std::fs::write(dir.path().join("reads.sql"), reads).expect("write");
    let library = Library::load(Some(dir.path()));
    let errors: Vec<String> = library.broken.iter().map(|e| e.to_string()).collect();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("copies.sql") && e.contains("COPY")),
        "{errors:?}"
    );
    let claim = |library: &Library, kind| {
        library
            .tiles()
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, q)| q.name.clone())
    };
    use qlake::core::queries::TileKind;
    assert_eq!(
        claim(&library, TileKind::Money).as_deref(),
        Some("dashboard-funding")
    );
    assert_eq!(claim(&library, TileKind::Bars).as_deref(), Some("reads"));
    let engine = sample_engine();
    let mut app = app_over(library);
    let screen = crate::support::press_keys(&engine, &mut app, "");
    let tile = app.dashboard().tile(TileKind::Bars).expect("the bars tile");
    assert!(tile.error.is_some(), "{screen}");
    assert!(tile.table.rows.is_empty());
    assert!(!screen.contains("root:"), "{screen}");
    assert!(!target.exists(), "a tile query wrote a file");
}

/// A user's tile query titles its tile: control and format characters in that title are shown as escapes, as in
/// every other label — an ESC would start a sequence, a right-to-left override (which the terminal library passes
/// on, joined to the cell before it) would turn the rest of the line around.
#[test]
fn a_tile_title_reaches_the_screen_escaped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hostile = shipped_text("dashboard-ratings")
        .replace("-- name: dashboard-ratings", "-- name: my-ratings")
        .replace(
            "-- title: Dashboard: ratings (+synth.)",
            "-- title: Dashboard: \u{1b}[31mred \u{202e}desrever",
        );
    std::fs::write(dir.path().join("my-ratings.sql"), hostile).expect("write");
    let library = Library::load(Some(dir.path()));
    assert!(library.broken.is_empty(), "{:?}", library.broken);
    let engine = sample_engine();
    let mut app = app_over(library);
    let screen = crate::support::press_keys(&engine, &mut app, "");
    assert!(screen.contains("\\e[31mred"), "{screen}");
    assert!(screen.contains("\\u{202e}desrever"), "{screen}");
    assert!(
        !screen.contains('\u{1b}') && !screen.contains('\u{202e}'),
        "{screen:?}"
    );
}
