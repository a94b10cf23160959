//! Honest figures: no shipped query adds money of different kinds or scopes, or a total to its own parts; the
//! declared reconciliations hold on the sample lake and `lake check` names each one a broken lake breaks; the
//! overview shows published and counted figures side by side.

use qlake::core::backend::Backend;
use std::collections::BTreeMap;
use std::path::Path;

use qlake::core::check::{Problem, Severity, check_lake};
use qlake::core::lake::{Lake, LakeOrigin};
use qlake::core::queries::Library;

use crate::support::{copy_of_sample, open, rewrite_table, sample_engine, scalar};

fn errors(dir: &Path) -> Vec<Problem> {
    let lake = Lake::open(dir, LakeOrigin::Flag).expect("lake");
    check_lake(&lake)
        .expect("check runs")
        .into_iter()
        .filter(|p| p.severity == Severity::Error)
        .collect()
}

/// A lake whose funding is a trap: in each province every amount is a different power of ten, so any sum of two
/// different rows shows as a number with two non-zero digits. Hubei holds a programme's total, a part of it of the
/// same kind, scope and year, a part of another kind, a loan, enterprises' investment and a cumulative total of the
/// same kind as the annual one; Anhui a credit line and an award of the same year.
fn trap_lake() -> tempfile::TempDir {
    let lake = copy_of_sample();
    rewrite_table(
        lake.path(),
        "funding",
        "SELECT * FROM {file} WHERE false UNION ALL BY NAME SELECT * FROM (VALUES \
           ('T-TOTAL', 'HB-WQB', NULL, 'CN-HB', 2018, 'programme spending', 'public money', 'annual total', NULL, NULL, 1000000000.00),\
           ('T-PART-SAME', 'HB-WQB', NULL, 'CN-HB', 2018, 'programme spending', 'public money', 'annual total', 'T-TOTAL', NULL, 1.00),\
           ('T-PART-OTHER', 'HB-WQB', NULL, 'CN-HB', 2018, 'service purchase', 'public money', 'annual total', 'T-TOTAL', 'province', 10.00),\
           ('T-LOAN', 'HB-EZD', NULL, 'CN-HB', 2018, 'loan', 'credit', 'item', NULL, 'bank', 100.00),\
           ('T-ENTERPRISE', 'HB-WQB', NULL, 'CN-HB', 2018, 'enterprise investment', 'enterprise investment', 'annual total', NULL, 'enterprise', 1000.00),\
           ('T-CUMULATIVE', 'HB-WQB', NULL, 'CN-HB', 2018, 'programme spending', 'public money', 'cumulative total', NULL, NULL, 10000.00),\
           ('T-LOCAL', 'HB-WQB', 'HB-2021-01', 'CN-HB', 2018, 'local match', 'public money', 'item', NULL, 'city', 100000.00),\
           ('T-CREDIT', 'AH-QLD', NULL, 'CN-AH', 2024, 'credit line', 'credit', 'cumulative total', NULL, 'bank', 1000000.00),\
           ('T-AWARD', 'AH-CHAIN', NULL, 'CN-AH', 2024, 'award subsidy', 'public money', 'annual total', NULL, 'county', 10000000.00)) \
           t(funding_id, program_id, project_id, province_code, year, kind, class, scope, part_of, payer, amount_yuan) \
         CROSS JOIN (SELECT 'exact' AS qualifier, NULL AS note, 'cqn-quality-chain-2024' AS source_id, \
                     'trap row' AS source_quote, false AS is_synthetic)",
    );
    lake
}

/// Whether a decimal number has more than one non-zero digit (a sum of two of the trap's powers of ten).
fn mixes(value: &str) -> bool {
    value
        .chars()
        .filter(|c| c.is_ascii_digit() && *c != '0')
        .count()
        > 1
}

#[test]
fn no_shipped_query_adds_money_of_different_kinds_scopes_or_a_total_to_its_parts() {
    let lake = trap_lake();
    let engine = open(lake.path());
    let library = Library::load(None);
    let mut checked = Vec::new();
    for query in library.queries.values() {
        let sql = query.sql().expect("checked").as_str().to_string();
        if !sql.contains("amount_yuan") {
            continue;
        }
        // Every province and no province, with the other parameters at their defaults (the synthetic flag on too).
        let mut runs: Vec<Vec<(String, String)>> = vec![Vec::new()];
        for param in &query.params {
            if param.name.starts_with("province") {
                runs = ["CN-HB", "CN-AH"]
                    .iter()
                    .map(|p| vec![(param.name.clone(), p.to_string())])
                    .chain((!param.required).then(Vec::new))
                    .collect();
            }
        }
        for given in runs {
            let mut given = given;
            if query.params.iter().any(|p| p.name == "include_synthetic") {
                given.push(("include_synthetic".into(), "true".into()));
            }
            // A required parameter with no default gets a value of its kind, so every query runs.
            for param in &query.params {
                if param.required
                    && param.default.is_none()
                    && !given.iter().any(|(n, _)| *n == param.name)
                {
                    use qlake::core::queries::ParamKind;
                    let value = match &param.kind {
                        ParamKind::Text | ParamKind::Search => "1".to_string(),
                        ParamKind::Integer | ParamKind::Decimal => "2021".to_string(),
                        ParamKind::Boolean => "true".to_string(),
                        ParamKind::Date => "2021-01-01".to_string(),
                        ParamKind::Choice(choices) => choices.first().cloned().unwrap_or_default(),
                        ParamKind::ChoiceOf { table, column } => {
                            qlake::core::queries::lake_values(&engine, table, column, 1)
                                .expect("the lake's values")
                                .first()
                                .cloned()
                                .unwrap_or_default()
                        }
                    };
                    given.push((param.name.clone(), value));
                }
            }
            // A run whose parameters do not bind would check nothing: it fails here instead of being skipped.
            let bound = query.bind(&given).unwrap_or_else(|e| {
                panic!(
                    "{} ({given:?}): its parameters do not bind: {e}",
                    query.name
                )
            });
            let (schema, batches) = engine
                .collect(&query.sql().expect("checked"), &bound, &query.name)
                .unwrap_or_else(|e| panic!("{}: {e}", query.name));
            let money: Vec<usize> = schema
                .fields()
                .iter()
                .enumerate()
                .filter(|(_, f)| {
                    let n = f.name();
                    n.contains("yuan") || n.contains("wan") || n.contains("amount")
                })
                .map(|(i, _)| i)
                .collect();
            for batch in &batches {
                for row in qlake::core::cells::batch_rows(batch).expect("rows") {
                    for i in &money {
                        let value = &row[*i];
                        assert!(
                            !mixes(value),
                            "{} ({given:?}) adds amounts that must not be added: column `{}` = {value} in {row:?}",
                            query.name,
                            schema.field(*i).name()
                        );
                    }
                }
            }
            checked.push(query.name.clone());
        }
    }
    for must in ["funding-by-kind", "dashboard-funding"] {
        assert!(
            checked.iter().any(|c| c == must),
            "{must} was not checked: {checked:?}"
        );
    }
    // The trap springs: a query that adds across kinds would be caught.
    let wrong = crate::support::rows(
        &engine,
        "SELECT CAST(sum(amount_yuan) AS VARCHAR) FROM funding WHERE province_code = 'CN-HB'",
    );
    assert!(mixes(&wrong[0][0]), "{wrong:?}");
}

#[test]
fn the_sample_lake_reconciles_and_hubei_2020_has_26_projects() {
    let engine = sample_engine();
    let broken = scalar(
        &engine,
        "SELECT count(*) FROM reconciliations WHERE rule IN ('matches', 'within')",
    );
    assert!(broken.parse::<u32>().expect("count") >= 20, "{broken}");
    let rows = crate::support::rows(
        &engine,
        "SELECT count(*) FROM projects WHERE province_code = 'CN-HB' AND year = 2020 AND kind = 'demonstration project'",
    );
    assert_eq!(rows[0][0], "26");
    // Every rule the sample declares holds (lake check runs them; here the statuses themselves).
    let library = Library::load(None);
    let query = library.get("reconciliations").expect("query");
    let (schema, batches) = engine
        .collect(
            &query.sql().expect("checked"),
            &query.bind(&[]).expect("bind"),
            "test",
        )
        .expect("runs");
    let status = schema.index_of("status").expect("status column");
    let id = schema.index_of("check_id").expect("id column");
    let mut statuses = BTreeMap::new();
    for batch in &batches {
        for row in qlake::core::cells::batch_rows(batch).expect("rows") {
            statuses.insert(row[id].clone(), row[status].clone());
        }
    }
    for (check, status) in &statuses {
        assert!(
            ["ok", "not checked", "no published figure"].contains(&status.as_str()),
            "{check}: {status}"
        );
    }
    assert_eq!(statuses["HB-2020-PROJECTS"], "ok");
    assert_eq!(statuses["HB-2018-20-PROJECTS"], "not checked");
    assert_eq!(statuses["SN-MEMBERS"], "ok");
}

#[test]
fn lake_check_names_each_broken_reconciliation_and_money_rule() {
    // A synthetic total off by one: one 2019 project gone.
    let lake = copy_of_sample();
    rewrite_table(
        lake.path(),
        "projects",
        "SELECT * FROM {file} WHERE project_id <> 'HB-2019-S07'",
    );
    let problems = errors(lake.path());
    assert!(
        problems
            .iter()
            .any(|p| p.message.starts_with("HB-2019-PROJECTS:")
                && p.message.contains("19 projects")
                && p.message.contains("publishes 20")),
        "{problems:#?}"
    );

    // A part added as a separate total: the 2018 service purchase loses its `part_of`.
    let lake = copy_of_sample();
    rewrite_table(
        lake.path(),
        "funding",
        "SELECT * REPLACE (CASE WHEN funding_id = 'HB-2018-SERVICES' THEN NULL ELSE part_of END AS part_of) FROM {file}",
    );
    let problems = errors(lake.path());
    assert!(
        problems
            .iter()
            .any(|p| p.column.as_deref() == Some("part_of")
                && p.message.starts_with("HB-2018-SERVICES ")
                && p.message.contains("HB-2018-TOTAL")),
        "{problems:#?}"
    );

    // A tier that does not admit the size class: large firms among the 万 SMEs.
    let lake = copy_of_sample();
    rewrite_table(
        lake.path(),
        "enterprises",
        "SELECT * REPLACE (CASE WHEN tier = '万' THEN 'large' ELSE size_class END AS size_class) FROM {file}",
    );
    let problems = errors(lake.path());
    assert!(
        problems
            .iter()
            .any(|p| p.column.as_deref() == Some("size_class")
                && p.message.contains("tier 万 are `large`")
                && p.message.contains("E-")),
        "{problems:#?}"
    );
    // ... which also breaks the published SME share.
    assert!(
        problems
            .iter()
            .any(|p| p.message.starts_with("HB-SME-SHARE:")),
        "{problems:#?}"
    );

    // An unknown funding kind, and a class that does not follow the kind.
    let lake = copy_of_sample();
    rewrite_table(
        lake.path(),
        "funding",
        "SELECT * REPLACE (CASE WHEN funding_id = 'GD-CHAIN-TOTAL' THEN 'windfall' ELSE kind END AS kind, \
                           CASE WHEN funding_id = 'HB-2024-EZD-HTCABLE' THEN 'public money' ELSE class END AS class) FROM {file}",
    );
    let problems = errors(lake.path());
    assert!(
        problems
            .iter()
            .any(|p| p.column.as_deref() == Some("kind") && p.message.contains("windfall")),
        "{problems:#?}"
    );
    assert!(
        problems.iter().any(|p| p.column.as_deref() == Some("class")
            && p.message
                .starts_with("HB-2024-EZD-HTCABLE: a `loan` is credit")),
        "{problems:#?}"
    );
}

#[test]
fn the_cli_exits_non_zero_and_names_the_reconciliation() {
    let home = tempfile::tempdir().expect("tempdir");
    let lake = copy_of_sample();
    rewrite_table(
        lake.path(),
        "enterprises",
        "SELECT * FROM {file} WHERE enterprise_id <> \
         (SELECT max(enterprise_id) FROM {file} WHERE province_code = 'CN-SN' AND chain_role = 'chain member')",
    );
    let out = crate::support::qlake(home.path())
        .args([
            "--lake",
            lake.path().to_str().expect("utf8"),
            "lake",
            "check",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("SN-MEMBERS: the lake has 13278 enterprises"),
        "{text}"
    );
}

#[test]
fn a_generated_lake_reconciles_and_shows_published_beside_counted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lake = dir.path().join("lake");
    qlake::core::generate::generate(&lake, 20_000, 7).expect("generate");
    let problems = errors(&lake);
    assert!(problems.is_empty(), "{problems:#?}");
    let engine = open(&lake);
    let mut app = qlake::tui::panes::new_app(
        Library::load(None),
        qlake::tui::panes::default_keymap(),
        "generated".into(),
        (80, 60),
    );
    app.set_language(qlake::i18n::Lang::Chinese);
    let screen = crate::support::press_keys(&engine, &mut app, "");
    // Every province of the 31: its projects and enterprises in the lake, none real, beside what the generator
    // published.
    for (_, name_zh, _) in qlake::core::contract::PROVINCES {
        // A long name is cut to the column (内蒙古…); its first two characters tell the 31 apart.
        let shown: String = name_zh.chars().take(2).collect();
        let row = screen
            .lines()
            .find(|l| l.contains(&format!("│{shown}")))
            .unwrap_or_else(|| panic!("no {name_zh}:\n{screen}"));
        assert!(row.contains(" (0) "), "{screen}");
    }
}

#[test]
fn where_from_on_the_overview_quotes_the_published_figures() {
    let engine = sample_engine();
    let mut app = qlake::tui::panes::new_app(
        Library::load(None),
        qlake::tui::panes::default_keymap(),
        "sample".into(),
        (120, 40),
    );
    let screen = crate::support::press_keys(&engine, &mut app, "i");
    let Some(qlake::tui::app::Layer::WhereFrom {
        quote, source_id, ..
    }) = app.layers().last()
    else {
        panic!("no where-from popup\n{screen}");
    };
    assert_eq!(source_id, "hb-wqb-2020");
    assert!(
        quote.contains("firms published 18558+ (firms reached 2018–20)")
            && quote.contains("惠及121个产业集群的18558家企业"),
        "{quote}"
    );
    assert!(
        quote.contains("projects published 78+ (demonstration projects 2018–20)"),
        "{quote}"
    );
    assert!(screen.contains("2020-09-02"), "{screen}");
}

#[test]
fn coverage_and_funding_show_published_beside_counted_at_80x24_and_140x40() {
    let engine = sample_engine();
    for size in [(80, 24), (140, 40)] {
        let screen = |keys: &str| {
            let mut app = qlake::tui::panes::new_app(
                Library::load(None),
                qlake::tui::panes::default_keymap(),
                "sample-data".into(),
                size,
            );
            crate::support::redact_timings(&crate::support::press_keys(&engine, &mut app, keys))
        };
        // Coverage of 2018: the published target and actual beside the firms of that tier in the lake, the real ones
        // apart.
        let coverage = screen("6 : year <space> 2018 <enter>");
        assert!(
            coverage.contains("in_lake") && coverage.contains("10324"),
            "{coverage}"
        );
        insta::assert_snapshot!(format!("coverage_{}x{}", size.0, size.1), coverage);
        // Funding: each amount as published, its kind and scope, how many items and whether synthetic ones are in it.
        let funding = screen("7 : province <space> CN-HB <enter>");
        assert!(
            funding.contains("amount_wan") && funding.contains("items") && funding.contains("5897"),
            "{funding}"
        );
        insta::assert_snapshot!(format!("funding_{}x{}", size.0, size.1), funding);
    }
}

/// The overview at four sizes: Hubei's row holds the lake's 2018–20 projects and firms (the reconciliation's own
/// slice, real ones in brackets) beside 78 and 18,558 marked "at least"; Shaanxi's chain members beside the lake's
/// chain members; the money tile's qualifiers; within each section of the money chart no bar is longer than a bar of a
/// larger amount, and every section draws its bars in the same columns (a label never lengthens or shortens a bar).
#[test]
fn the_overview_compares_like_with_like_at_every_size() {
    let engine = sample_engine();
    for size in [(80, 24), (100, 30), (160, 48), (200, 50)] {
        let mut app = qlake::tui::panes::new_app(
            Library::load(None),
            qlake::tui::panes::default_keymap(),
            "sample".into(),
            size,
        );
        let screen = crate::support::press_keys(&engine, &mut app, "");
        let row = |name: &str| {
            screen
                .lines()
                .find(|l| l.contains(name))
                .unwrap_or_else(|| panic!("{size:?}: no {name}\n{screen}"))
                .to_string()
        };
        let hubei = row("│Hubei");
        for figure in ["58 (3)", "78+", "982 (1)", "18,558+"] {
            assert!(hubei.contains(figure), "{size:?}: {figure} not in {hubei}");
        }
        let shaanxi = row("│Shaan");
        assert!(
            shaanxi.contains("13,279 (1)   13,279"),
            "{size:?}: {shaanxi}"
        );
        assert!(
            screen.contains("≈8.70亿") && screen.contains(">2.30亿"),
            "{size:?}\n{screen}"
        );
        // The money chart: its lines between the headings, each bar's cells and the column where it starts.
        let money: Vec<&str> = screen
            .lines()
            .skip_while(|l| !l.contains("money by kind"))
            .skip(1)
            .take_while(|l| !l.contains('└'))
            .collect();
        let mut starts = std::collections::BTreeSet::new();
        let mut section: Vec<usize> = Vec::new();
        for line in money {
            let chart = line.split('│').nth(1).unwrap_or_default();
            // A heading (no bar) starts a section.
            let Some(start) = chart.find('█') else {
                section.clear();
                continue;
            };
            starts.insert(chart[..start].chars().count());
            let length = chart.matches('█').count();
            // Bars come largest first: none is longer than one above it.
            assert!(
                section.last().is_none_or(|above| length <= *above),
                "{size:?}: a bar longer than a larger one\n{screen}"
            );
            section.push(length);
        }
        assert_eq!(
            starts.len(),
            1,
            "{size:?}: bars start in different columns\n{screen}"
        );
        insta::assert_snapshot!(format!("overview_{}x{}", size.0, size.1), screen);
    }
}

/// A grid shows a figure with the mark of its qualifier, as the overview does: Liaoning's leveraged investment (近8.7亿)
/// reads `≈87000` (万) in the funding pane's grid.
#[test]
fn grids_mark_each_figure_with_its_qualifier() {
    let engine = sample_engine();
    let mut app = qlake::tui::panes::new_app(
        Library::load(None),
        qlake::tui::panes::default_keymap(),
        "sample".into(),
        (120, 30),
    );
    let screen =
        crate::support::press_keys(&engine, &mut app, "7 : province <space> CN-LN <enter>");
    let row = screen
        .lines()
        .find(|l| l.starts_with("  CN-LN"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(row.contains("≈87000"), "{row}");
}

/// The ratings chart draws the same bars in either language (a label never changes a bar), every non-zero count at
/// least one cell; the coverage gauges carry the actual's qualifier (`>101%`) and mark a share past its target.
#[test]
fn charts_draw_the_same_in_either_language_and_keep_their_qualifiers() {
    let engine = sample_engine();
    let bars = |keys: &str, size: (u16, u16)| -> (Vec<usize>, String) {
        let mut app = qlake::tui::panes::new_app(
            Library::load(None),
            qlake::tui::panes::default_keymap(),
            "sample".into(),
            size,
        );
        let screen = crate::support::press_keys(&engine, &mut app, keys);
        let lengths = screen
            .lines()
            .skip_while(|l| !l.contains("ratings (+synth.)") && !l.contains("验收评价（含合成）"))
            .skip(1)
            .take(4)
            .map(|l| l.split('│').nth(3).unwrap_or_default().matches('█').count())
            .collect();
        (lengths, screen)
    };
    for size in [(80, 24), (100, 30), (160, 48)] {
        let (chinese, screen) = bars("", size);
        let (english, _) = bars("L", size);
        assert_eq!(chinese, english, "{size:?}\n{screen}");
        assert!(
            chinese.iter().all(|n| *n >= 1),
            "{size:?}: {chinese:?}\n{screen}"
        );
        assert!(
            screen.contains(">101%"),
            "{size:?}: Anhui's >10,100 of 10,000\n{screen}"
        );
    }
}
