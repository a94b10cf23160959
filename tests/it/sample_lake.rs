//! The sample lake holds what the five sources say, traceably, and matches its reviewable sources.

use std::collections::BTreeMap;

use qlake::core::contract;

use crate::support::{project_dir, rows, sample_engine, sample_lake_dir, scalar, seeds_dir};

/// Annex 1 of the 2022 notice, parsed straight from the seed text: (number, project name, rating).
fn annex1_from_seed() -> Vec<(u32, String, String)> {
    let text = std::fs::read_to_string(seeds_dir().join("003_52ae45b668ed07e3.txt")).expect("seed");
    let start = text.find("项目验收评价结果").expect("annex 1 heading");
    let end = text.find("附件2\n").expect("annex 2 heading");
    let cells: Vec<&str> = text[start..end]
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut out = Vec::new();
    for window in cells.windows(3) {
        if let Ok(n) = window[0].parse::<u32>() {
            out.push((n, window[1].to_string(), window[2].to_string()));
        }
    }
    out
}

/// Annex 3: city → (万, 千, 百).
fn annex3_from_seed() -> BTreeMap<String, (i64, i64, i64)> {
    let text = std::fs::read_to_string(seeds_dir().join("003_52ae45b668ed07e3.txt")).expect("seed");
    let start = text.find("任务分解表").expect("annex 3 heading");
    let cells: Vec<&str> = text[start..]
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut out = BTreeMap::new();
    for w in cells.windows(4) {
        if let (Ok(a), Ok(b), Ok(c)) = (w[1].parse(), w[2].parse(), w[3].parse())
            && w[0].parse::<i64>().is_err()
        {
            out.insert(w[0].to_string(), (a, b, c));
        }
    }
    out
}

#[test]
fn ratings_2021_are_exactly_annex_1() {
    let expected = annex1_from_seed();
    assert_eq!(expected.len(), 26, "the seed's annex 1 has 26 projects");
    let engine = sample_engine();
    let got = rows(
        &engine,
        "SELECT p.title_zh, r.rating_zh, r.rating, r.is_synthetic FROM ratings r JOIN projects p USING (project_id) \
         WHERE r.year = 2021 ORDER BY p.project_id",
    );
    assert_eq!(got.len(), 26);
    for ((n, name, rating), row) in expected.iter().zip(&got) {
        assert_eq!(&row[0], name, "project {n}");
        assert_eq!(&row[1], rating, "rating of project {n}");
        assert_eq!(row[3], "false", "project {n} is real");
    }
    let by_rating: BTreeMap<String, usize> = got.iter().fold(BTreeMap::new(), |mut m, r| {
        *m.entry(r[2].clone()).or_default() += 1;
        m
    });
    assert_eq!(by_rating["excellent"], 7);
    assert_eq!(by_rating["good"], 15);
    assert_eq!(by_rating["pass"], 3);
    assert_eq!(by_rating["deferred"], 1);
}

#[test]
fn targets_2022_are_annex_3_and_add_up() {
    let expected = annex3_from_seed();
    assert_eq!(expected.len(), 17);
    let engine = sample_engine();
    let got = rows(
        &engine,
        "SELECT c.name_zh, sum(target) FILTER (WHERE tier = '万'), sum(target) FILTER (WHERE tier = '千'), \
         sum(target) FILTER (WHERE tier = '百') FROM coverage v JOIN cities c USING (city_code) \
         WHERE v.year = 2022 AND v.program_id = 'HB-WQBSY-2022' GROUP BY 1",
    );
    assert_eq!(got.len(), 17);
    for row in &got {
        let (short, targets) = expected
            .iter()
            .find(|(short, _)| row[0].starts_with(short.as_str()))
            .unwrap_or_else(|| panic!("{} is not in annex 3", row[0]));
        let parsed: (i64, i64, i64) = (
            row[1].parse().unwrap(),
            row[2].parse().unwrap(),
            row[3].parse().unwrap(),
        );
        assert_eq!(&parsed, targets, "{short}");
    }
    let sums = rows(
        &engine,
        "SELECT tier, sum(target) FROM coverage WHERE year = 2022 AND city_code IS NOT NULL GROUP BY 1 ORDER BY 1",
    );
    let sums: BTreeMap<_, _> = sums
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    assert_eq!(sums["万"], "10000");
    assert_eq!(sums["千"], "1000");
    assert_eq!(sums["百"], "100");
}

#[test]
fn every_source_document_has_rows() {
    let engine = sample_engine();
    let sources = rows(&engine, "SELECT source_id FROM sources ORDER BY 1");
    assert_eq!(sources.len(), 5);
    for s in sources {
        let n: i64 = scalar(
            &engine,
            &format!(
                "SELECT (SELECT count(*) FROM indicators WHERE source_id = '{id}' AND NOT is_synthetic) + \
                 (SELECT count(*) FROM programs WHERE source_id = '{id}') + (SELECT count(*) FROM funding WHERE source_id = '{id}')",
                id = s[0]
            ),
        )
        .parse()
        .unwrap();
        assert!(n >= 3, "source {} has only {n} rows", s[0]);
    }
}

#[test]
fn every_real_quote_is_verbatim_in_its_source() {
    let engine = sample_engine();
    let files: BTreeMap<String, String> = rows(&engine, "SELECT source_id, file FROM sources")
        .into_iter()
        .map(|r| {
            let text = std::fs::read_to_string(seeds_dir().join(&r[1])).expect("seed file");
            (r[0].clone(), text)
        })
        .collect();
    let mut checked = 0;
    for table in contract::TABLES {
        let quotes = rows(
            &engine,
            &format!(
                "SELECT source_id, source_quote FROM {} WHERE NOT is_synthetic",
                table.name
            ),
        );
        for q in quotes {
            let text = files
                .get(&q[0])
                .unwrap_or_else(|| panic!("{}: unknown source {}", table.name, q[0]));
            assert!(!q[1].is_empty(), "{}: empty quote", table.name);
            assert!(
                text.contains(&q[1]),
                "{}: quote not in {}: {:?}",
                table.name,
                q[0],
                q[1]
            );
            checked += 1;
        }
    }
    assert!(checked > 400, "only {checked} real rows checked");
}

#[test]
fn the_project_seed_copies_are_the_shared_seeds() {
    let shared = project_dir().join("..").join("shared").join("seeds");
    if !shared.is_dir() {
        // CI always has shared/ beside the clone: there, a missing copy is a failure. A user's lone clone has no
        // shared/ and nothing to compare with.
        assert!(
            std::env::var_os("CI").is_none(),
            "{} is missing: the seed copies cannot be checked",
            shared.display()
        );
        eprintln!("skipped: no {} beside this clone", shared.display());
        return;
    }
    for entry in std::fs::read_dir(seeds_dir()).expect("seeds") {
        let path = entry.expect("entry").path();
        let theirs = shared.join(path.file_name().expect("name"));
        assert_eq!(
            std::fs::read(&path).expect("ours"),
            std::fs::read(&theirs).expect("shared"),
            "{}",
            path.display()
        );
    }
}

#[test]
fn synthetic_rows_agree_with_published_totals() {
    let engine = sample_engine();
    // 2019: 20 projects served 964 enterprises; 5 excellent and 14 good.
    assert_eq!(
        scalar(
            &engine,
            "SELECT count(*) FROM enterprises WHERE project_id LIKE 'HB-2019-%'"
        ),
        "964"
    );
    assert_eq!(
        scalar(&engine, "SELECT count(*) FROM projects WHERE year = 2019"),
        "20"
    );
    assert_eq!(
        scalar(
            &engine,
            "SELECT count(*) FROM ratings WHERE year = 2019 AND rating = 'excellent'"
        ),
        "5"
    );
    assert_eq!(
        scalar(
            &engine,
            "SELECT count(*) FROM ratings WHERE year = 2019 AND rating = 'good'"
        ),
        "14"
    );
    // Xiantao Maozui park: the 16 firms surveyed. Shaanxi: 94 chain masters, 13279 members, 23 chains. Liaoning: 1755 firms, 16 chains.
    assert_eq!(
        scalar(
            &engine,
            "SELECT count(*) FROM enterprises WHERE chain_id = 'HB-CL-XT-MAOZUI'"
        ),
        "16"
    );
    assert_eq!(
        scalar(
            &engine,
            "SELECT count(*) FROM enterprises WHERE province_code = 'CN-SN' AND chain_role = 'chain master'"
        ),
        "94"
    );
    assert_eq!(
        scalar(
            &engine,
            "SELECT count(*) FROM enterprises WHERE province_code = 'CN-SN' AND chain_role = 'chain member'"
        ),
        "13279"
    );
    assert_eq!(
        scalar(
            &engine,
            "SELECT count(*) FROM chains WHERE province_code = 'CN-SN'"
        ),
        "23"
    );
    assert_eq!(
        scalar(
            &engine,
            "SELECT count(*) FROM enterprises WHERE province_code = 'CN-LN' AND is_synthetic"
        ),
        "1755"
    );
    assert_eq!(
        scalar(
            &engine,
            "SELECT count(*) FROM chains WHERE province_code = 'CN-LN'"
        ),
        "16"
    );
    // Project budgets sit inside the published 20-30万元 range; scores agree with ratings.
    assert_eq!(
        scalar(
            &engine,
            "SELECT count(*) FROM funding WHERE is_synthetic AND amount_yuan NOT BETWEEN 200000 AND 300000"
        ),
        "0"
    );
    // The sources publish no per-aspect score and no weight: the sample invents none.
    assert_eq!(scalar(&engine, "SELECT count(*) FROM rating_scores"), "0");
    // 万 firms are SMEs; 千 and 百 firms are not micro (contract TIER_SIZES).
    assert_eq!(
        scalar(
            &engine,
            "SELECT count(*) FROM enterprises WHERE (tier = '万' AND size_class = 'large') \
             OR (tier IN ('千', '百') AND size_class = 'micro')"
        ),
        "0"
    );
    // Synthetic rows are never marked real: every synthetic name says so.
    assert_eq!(
        scalar(
            &engine,
            "SELECT count(*) FROM enterprises WHERE is_synthetic AND name NOT LIKE '%（合成）'"
        ),
        "0"
    );
    assert_eq!(
        scalar(
            &engine,
            "SELECT count(*) FROM enterprises WHERE NOT is_synthetic AND name LIKE '%合成%'"
        ),
        "0"
    );
}

#[test]
fn key_figures_of_each_source_are_in_the_lake() {
    let engine = sample_engine();
    let figure = |metric: &str, province: &str| {
        scalar(
            &engine,
            &format!(
                "SELECT CAST(value AS BIGINT) FROM indicators WHERE metric = '{metric}' AND province_code = '{province}' ORDER BY year LIMIT 1"
            ),
        )
    };
    assert_eq!(figure("quality_activities", "CN-HB"), "1236");
    assert_eq!(figure("participating_enterprises", "CN-HB"), "10324");
    assert_eq!(figure("enterprises_reached_2018_2020", "CN-HB"), "18558");
    assert_eq!(figure("smes_in_tqm", "CN-AH"), "10100");
    assert_eq!(figure("anhui_brands", "CN-AH"), "207");
    assert_eq!(figure("cqo_training_enterprises", "CN-HB"), "400");
    assert_eq!(figure("chain_enterprises_helped", "CN-GD"), "35000");
    assert_eq!(figure("chain_member_enterprises", "CN-SN"), "13279");
    assert_eq!(figure("key_tackling_projects", "CN-LN"), "118");
    assert_eq!(
        scalar(
            &engine,
            "SELECT amount_yuan FROM funding WHERE funding_id = 'HB-2024-EZD-HTCABLE'"
        ),
        "50000000.00"
    );
    assert_eq!(
        scalar(
            &engine,
            "SELECT amount_yuan FROM funding WHERE funding_id = 'GD-CHAIN-TOTAL'"
        ),
        "113000000.00"
    );
    assert_eq!(
        scalar(
            &engine,
            "SELECT sum(amount_yuan) FROM funding WHERE program_id = 'HB-WQBSY-2022' AND kind IN ('special fund', 'local match') AND project_id <> 'HB-2021-19'"
        ),
        "2800000.00"
    );
    assert_eq!(scalar(&engine, "SELECT count(*) FROM provinces"), "8");
    assert_eq!(
        scalar(
            &engine,
            "SELECT count(*) FROM cities WHERE province_code = 'CN-HB'"
        ),
        "17"
    );
}

#[test]
fn committed_parquet_matches_its_sources() {
    let out = tempfile::tempdir().expect("tempdir");
    let rebuilt = out.path().join("lake");
    qlake::core::sample::build_sample(&project_dir().join("lake-src"), &rebuilt).expect("build");
    let committed = sample_engine();
    let fresh = crate::support::open(&rebuilt);
    for table in contract::TABLES {
        let a = rows(
            &committed,
            &format!("SELECT * FROM {} ORDER BY ALL", table.name),
        );
        let b = rows(
            &fresh,
            &format!("SELECT * FROM {} ORDER BY ALL", table.name),
        );
        assert_eq!(
            a.len(),
            b.len(),
            "{}: sample-data has {} rows, lake-src builds {}; run `qlake lake build-sample`",
            table.name,
            a.len(),
            b.len()
        );
        assert!(
            a == b,
            "{}: sample-data differs from what lake-src builds; run `qlake lake build-sample`",
            table.name
        );
        let sa = rows(
            &committed,
            &format!(
                "SELECT column_name, column_type FROM (DESCRIBE {})",
                table.name
            ),
        );
        let sb = rows(
            &fresh,
            &format!(
                "SELECT column_name, column_type FROM (DESCRIBE {})",
                table.name
            ),
        );
        assert_eq!(sa, sb, "{}: schema differs", table.name);
    }
    assert!(sample_lake_dir().join("projects").is_dir());
}

#[test]
fn schema_doc_matches_the_contract() {
    let path = project_dir().join("docs").join("schema.md");
    let doc = std::fs::read_to_string(&path).expect("docs/schema.md");
    let (begin, end) = ("<!-- contract:begin -->\n", "<!-- contract:end -->");
    let start = doc
        .find(begin)
        .expect("docs/schema.md has a contract:begin marker")
        + begin.len();
    let stop = doc
        .find(end)
        .expect("docs/schema.md has a contract:end marker");
    let generated = contract::markdown();
    if doc[start..stop] != generated {
        if std::env::var_os("QLAKE_UPDATE_DOCS").is_some() {
            let updated = format!("{}{}{}", &doc[..start], generated, &doc[stop..]);
            std::fs::write(&path, updated).expect("write docs/schema.md");
        } else {
            panic!(
                "docs/schema.md is out of date with src/core/contract.rs; rerun the tests with QLAKE_UPDATE_DOCS=1"
            );
        }
    }
}
