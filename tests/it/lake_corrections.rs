//! The sample lake corrected against its sources: each test reads the corrected row and the source sentence it rests
//! on (from the document itself, so a quote that drifted from its source fails too).

use crate::support::{project_dir, rows, sample_engine, scalar};

/// The text of source document `prefix` (000–004, the first digits of its file name in lake-src/seeds).
fn document(prefix: &str) -> String {
    let dir = project_dir().join("lake-src/seeds");
    let file = std::fs::read_dir(&dir)
        .expect("seeds")
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .expect("the document");
    std::fs::read_to_string(file.path()).expect("text")
}

fn says(prefix: &str, sentence: &str) {
    assert!(
        document(prefix).contains(sentence),
        "document {prefix} does not say {sentence:?}"
    );
}

#[test]
fn the_maozui_project_surveyed_16_firms_not_the_park_s_168() {
    says(
        "000",
        "对园区16家年销售额在500万元~2000万元的企业进行实地调研",
    );
    let engine = sample_engine();
    let firms = rows(
        &engine,
        "SELECT count(*), count(*) FILTER (WHERE size_class = 'small'), count(tier), min(source_quote) \
         FROM enterprises WHERE project_id = 'HB-2018-XT-MAOZUI'",
    );
    assert_eq!(firms[0][..3], ["16", "16", "0"], "16 small firms, no tier");
    assert!(firms[0][3].contains("对园区16家年销售额在500万元~2000万元的企业进行实地调研"));
}

#[test]
fn hubei_s_2018_spending_names_no_payer_so_its_kind_is_unspecified() {
    says("000", "投入经费5897万元");
    let engine = sample_engine();
    let row = rows(
        &engine,
        "SELECT kind, class, coalesce(payer, 'NULL') FROM funding WHERE funding_id = 'HB-2018-TOTAL'",
    );
    assert_eq!(row[0], ["unspecified", "unspecified", "NULL"]);
}

#[test]
fn the_2022_local_match_comes_from_the_project_s_place_not_a_city() {
    says("003", "项目所在地市场监管局等额配套工作经费");
    let engine = sample_engine();
    assert_eq!(
        scalar(
            &engine,
            "SELECT count(*) FROM funding WHERE funding_id LIKE 'HB-2022-EXC-%-L' AND payer IS NOT NULL"
        ),
        "0"
    );
    assert_eq!(
        scalar(
            &engine,
            "SELECT count(*) FROM funding WHERE funding_id LIKE 'HB-2022-EXC-%-L'"
        ),
        "7"
    );
}

#[test]
fn the_three_year_totals_are_incomplete_counts_at_least() {
    says(
        "000",
        "据不完全统计,3年来,湖北共实施78个省级质量提升示范项目,惠及121个产业集群的18558家企业",
    );
    let engine = sample_engine();
    let qualifiers = rows(
        &engine,
        "SELECT metric, qualifier FROM indicators WHERE metric IN ('projects_2018_2020', \
         'clusters_reached_2018_2020', 'enterprises_reached_2018_2020') ORDER BY metric",
    );
    assert!(
        qualifiers.iter().all(|r| r[1] == "at least"),
        "{qualifiers:?}"
    );
    assert_eq!(qualifiers.len(), 3);
}

#[test]
fn dangyang_s_yearly_saving_is_expected_not_a_ceiling() {
    says("000", "年降低成本可达150万元");
    let engine = sample_engine();
    assert_eq!(
        scalar(
            &engine,
            "SELECT qualifier FROM indicators WHERE metric = 'annual_cost_saving_one_line'"
        ),
        "expected"
    );
}

#[test]
fn cenhe_and_ev_charging_are_one_place_demonstrations_not_province_wide_actions() {
    says("003", "支持荆州市以荆州岑河婴童装产业集群为试点区域");
    says(
        "003",
        "电动汽车充电设施设备全生命周期质量提升技术研究及示范应用",
    );
    let engine = sample_engine();
    let kinds = rows(
        &engine,
        "SELECT project_id, kind FROM projects WHERE project_id IN ('HB-2022-CENHE', 'HB-2022-EVCHARGE') ORDER BY 1",
    );
    assert!(
        kinds.iter().all(|r| r[1] == "demonstration project"),
        "{kinds:?}"
    );
}

#[test]
fn the_2018_projects_were_pilot_works() {
    says("000", "对12个省级试点工程实施项目制");
    let engine = sample_engine();
    let titles = rows(
        &engine,
        "SELECT title_zh FROM projects WHERE project_id BETWEEN 'HB-2018-S03' AND 'HB-2018-S12' ORDER BY 1",
    );
    assert_eq!(titles.len(), 10);
    assert!(
        titles
            .iter()
            .all(|t| t[0].contains("试点工程") && !t[0].contains("示范项目")),
        "{titles:?}"
    );
}

#[test]
fn real_firms_carry_no_field_their_sentence_does_not_give() {
    // 004 names 百威雪津 for its supply-chain work, never as a chain master.
    says("004", "百威雪津以打造");
    let engine = sample_engine();
    let given = rows(
        &engine,
        "SELECT enterprise_id, coalesce(size_class, '-'), coalesce(tier, '-'), coalesce(city_code, '-'), \
         coalesce(chain_role, '-') FROM enterprises WHERE enterprise_id IN ('E-FJ-CATL', 'E-FJ-SNOWBEER', 'E-HB-CICT', \
         'E-HB-CSOT', 'E-HB-MAYINGLONG', 'E-SN-LONGI-H2', 'E-HB-HAOSHAN') ORDER BY 1",
    );
    for row in &given {
        assert_eq!(row[1], "-", "{row:?}: no source gives a size class");
        assert_eq!(row[2], "-", "{row:?}: no source gives a tier");
    }
    let of = |id: &str| given.iter().find(|r| r[0] == id).expect(id).clone();
    assert_eq!(of("E-HB-MAYINGLONG")[3], "-", "no city is given for 马应龙");
    assert_eq!(of("E-FJ-SNOWBEER")[4], "-");
    // Nor do its figures: no sentence about 马应龙 names a city.
    says("002", "马应龙药业是一家持续经营440年");
    assert_eq!(
        scalar(
            &engine,
            "SELECT count(*) FROM indicators WHERE metric LIKE 'mayinglong_%' AND city_code IS NOT NULL"
        ),
        "0"
    );
    // The chain masters the sentence names as such keep the role.
    says("004", "引導(dǎo)中信科、武漢華星光電等鏈主企業(yè)");
    assert_eq!(of("E-HB-CICT")[4], "chain master");
}

#[test]
fn synthetic_officers_and_sizes_follow_the_firm_not_the_dice() {
    let engine = sample_engine();
    let share = |filter: &str| -> f64 {
        scalar(
            &engine,
            &format!(
                "SELECT avg(CASE WHEN has_cqo THEN 1.0 ELSE 0.0 END) FROM enterprises WHERE is_synthetic AND {filter}"
            ),
        )
        .parse()
        .expect("share")
    };
    assert!(
        share("tier = '千'") > 0.2,
        "a 千 firm has an officer as often as not"
    );
    assert!(
        share("size_class = 'micro'") < 0.15,
        "micro firms rarely have one"
    );
    assert!(share("tier = '百'") > share("tier = '万'"));
    let large: u64 = scalar(
        &engine,
        "SELECT count(*) FROM enterprises WHERE province_code = 'CN-SN' AND size_class = 'large'",
    )
    .parse()
    .expect("count");
    assert!(large < 1000, "{large} large Shaanxi chain firms");
}

/// Every published total of the sources the lake's rows could be held against is a reconciliation; `lake check`
/// runs them all (the rest are listed in docs/schema.md with why they cannot be checked).
#[test]
fn every_published_total_is_declared() {
    let engine = sample_engine();
    let declared = rows(
        &engine,
        "SELECT metric FROM reconciliations WHERE metric IS NOT NULL",
    );
    for metric in [
        "participating_enterprises",
        "maozui_firms_surveyed",
        "software_chain_key_enterprises",
        "mask_makers_screened",
        "hydrogen_key_technologies",
        "emerging_industry_fields",
        "quality_tackling_projects",
        "bamboo_firms_above_size",
    ] {
        assert!(
            declared.iter().any(|r| r[0] == metric),
            "{metric} is not declared"
        );
    }
    let schema = std::fs::read_to_string(project_dir().join("docs/schema.md")).expect("schema");
    for listed in [
        "clusters_reached_2018_2020",
        "provincial_demonstration_chains",
        "municipal_chains",
        "first_batch_chain_industries",
    ] {
        assert!(
            schema.contains(listed),
            "docs/schema.md does not list {listed}"
        );
    }
    assert!(
        rows(
            &engine,
            "SELECT 1 FROM reconciliations WHERE province_code = 'CN-FJ'"
        )
        .len()
            == 1,
        "Fujian has its one"
    );
}
