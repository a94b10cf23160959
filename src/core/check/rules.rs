//! Rules across rows, declared in the contract and checked here so that no figure on any pane can mean two things:
//! a funding row's class follows its kind; a part names a total that exists and is not itself a part; a programme's
//! total spending for a year is the whole of its public money that year (everything else is part of it); an
//! enterprise's size class fits its 万/千/百 tier; every declared reconciliation holds (the shipped `reconciliations`
//! query decides, the same query the Queries pane runs); at most one headline figure per province and measure.
//! Each problem names the row that breaks the rule.

use crate::core::backend::Backend;
use std::collections::BTreeMap;
use std::path::Path;

use crate::core::check::Findings;
use crate::core::contract::{FUNDING_KINDS, TIER_SIZES};
use crate::core::engine::Engine;
use crate::core::error::Result;
use crate::core::gate;
use crate::core::lake::{Lake, TableFiles};
use crate::core::queries::Library;
use crate::core::sql::{sql_literal, sql_literals};
use crate::i18n::Lang;

/// How many offending rows a message lists before "and N more".
const SHOWN: usize = 5;

/// One rule across rows: the tables it reads (it is checked only when the lake has them all) and the table its
/// problems are filed under.
pub(crate) struct LakeRule {
    pub(crate) reads: &'static [&'static str],
    filed_under: &'static str,
    check: fn(&Engine, &Path, &mut Findings) -> Result<()>,
    /// For a rule a row breaks alone, whatever the other rows: how to judge one row. An import judges its own rows
    /// by it (with its line and column) and does not run the rule on the lake: the rows there held before.
    pub(crate) alone: Option<RowRule>,
    /// Whether an import runs the rule over the lake after its rows: not for a rule the import judges its own rows
    /// by in its own way (the figures its quotes write: after unit conversion, waived by `--unquoted-figures`).
    pub(crate) after_import: bool,
}

/// A row's column as SQL, by the column's name.
pub(crate) type ColumnSql<'a> = dyn Fn(&str) -> String + 'a;

/// A lake rule as a condition on one row of its one table.
pub(crate) struct RowRule {
    /// The column a broken row is named by.
    pub(crate) column: &'static str,
    pub(crate) message: fn() -> String,
    /// True on a row that breaks the rule; the function gives each column of the row as SQL.
    pub(crate) breaks: fn(&ColumnSql<'_>) -> String,
}

/// Every rule across rows. A rule reads only the tables it names (a test runs each on a lake of those alone), so an
/// import need check only the rules that read its table.
pub(crate) const RULES: &[LakeRule] = &[
    LakeRule {
        reads: &["funding"],
        filed_under: "funding",
        check: funding_rules,
        alone: None,
        after_import: true,
    },
    LakeRule {
        reads: &["funding"],
        filed_under: "funding",
        check: |engine, at, found| quoted_figures(engine, at, found, "funding"),
        alone: None,
        after_import: false,
    },
    LakeRule {
        reads: &["indicators"],
        filed_under: "indicators",
        check: |engine, at, found| quoted_figures(engine, at, found, "indicators"),
        alone: None,
        after_import: false,
    },
    LakeRule {
        reads: &["enterprises"],
        filed_under: "enterprises",
        check: tier_sizes,
        alone: Some(RowRule {
            column: "size_class",
            message: tier_misfit_message,
            breaks: tier_misfit,
        }),
        after_import: true,
    },
    LakeRule {
        reads: &[
            "reconciliations",
            "indicators",
            "projects",
            "enterprises",
            "chains",
            "ratings",
        ],
        filed_under: "reconciliations",
        check: reconciliations,
        alone: None,
        after_import: true,
    },
];

/// The rules of `rules` whose tables `present` has, on `engine`.
pub(super) fn check(
    engine: &Engine,
    lake: &Lake,
    present: &BTreeMap<&str, &TableFiles>,
    rules: &[&LakeRule],
    found: &mut Findings,
) -> Result<()> {
    for rule in rules {
        if rule.reads.iter().all(|t| present.contains_key(t)) {
            let at = present
                .get(rule.filed_under)
                .map_or_else(|| lake.root.join(rule.filed_under), |t| t.location.clone());
            (rule.check)(engine, &at, found)?;
        }
    }
    Ok(())
}

fn rows(engine: &Engine, sql: &str, context: &str) -> Result<Vec<Vec<String>>> {
    engine.query_rows(&gate::check(sql)?, context)
}

fn cell(row: &[String], i: usize) -> &str {
    row.get(i).map_or("", String::as_str)
}

/// `a, b, c and 4 more`.
fn listed(lang: Lang, items: &[String]) -> String {
    let shown = items
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(crate::tr!(lang, "err-list-separator").as_str());
    match items.len().saturating_sub(SHOWN) {
        0 => shown,
        more => crate::tr!(
            lang,
            "core-rule-and-more",
            shown = shown,
            more = more.to_string()
        ),
    }
}

/// A value of one of the lake's vocabularies as a sentence in `lang` says it: as it is in English (the data's own
/// words), else the language's word for it where it has one.
fn vocabulary(lang: Lang, name: &str, value: &str) -> String {
    match lang {
        Lang::English => value.to_string(),
        _ => crate::i18n::vocabulary(lang, name, value),
    }
}

fn funding_rules(engine: &Engine, at: &Path, found: &mut Findings) -> Result<()> {
    let pairs = FUNDING_KINDS
        .iter()
        .map(|(k, c)| format!("({}, {})", sql_literal(k), sql_literal(c)))
        .collect::<Vec<_>>()
        .join(", ");
    let kinds = sql_literals(FUNDING_KINDS.iter().map(|(k, _)| *k));
    for r in rows(
        engine,
        &format!(
            "SELECT f.funding_id, f.kind, f.class, m.class FROM funding f JOIN (VALUES {pairs}) m(kind, class) \
             ON m.kind = f.kind WHERE f.class IS DISTINCT FROM m.class AND f.kind IN ({kinds}) ORDER BY 1"
        ),
        "funding",
    )? {
        found.error(at, Some("class"), |lang| {
            crate::tr!(
                lang,
                "core-rule-funding-class",
                id = cell(&r, 0),
                kind = cell(&r, 1),
                class = vocabulary(lang, "class", cell(&r, 3)),
                said = cell(&r, 2)
            )
        });
    }
    for r in rows(
        engine,
        "SELECT p.funding_id, p.part_of, t.funding_id IS NULL, t.part_of IS NOT NULL, \
                t.province_code IS DISTINCT FROM p.province_code, p.amount_yuan > t.amount_yuan \
         FROM funding p LEFT JOIN funding t ON t.funding_id = p.part_of \
         WHERE p.part_of IS NOT NULL AND (t.funding_id IS NULL OR t.part_of IS NOT NULL \
               OR t.province_code IS DISTINCT FROM p.province_code OR p.amount_yuan > t.amount_yuan) ORDER BY 1",
        "funding",
    )? {
        let (id, total) = (cell(&r, 0), cell(&r, 1));
        found.error(at, Some("part_of"), |lang| {
            if cell(&r, 2) == "true" {
                crate::tr!(lang, "core-rule-part-of-missing", id = id, total = total)
            } else if cell(&r, 3) == "true" {
                crate::tr!(lang, "core-rule-part-of-a-part", id = id, total = total)
            } else if cell(&r, 4) == "true" {
                crate::tr!(
                    lang,
                    "core-rule-part-of-other-province",
                    id = id,
                    total = total
                )
            } else {
                crate::tr!(lang, "core-rule-part-larger", id = id, total = total)
            }
        });
    }
    // A programme's total spending for a year is the whole: its other public money that year is part of it. The
    // whole may name no payer (`unspecified`, as Hubei's 2018 spending): it is still the year's whole.
    for r in rows(
        engine,
        "SELECT f.funding_id, t.funding_id, f.program_id, f.year FROM funding f JOIN funding t \
           ON t.program_id = f.program_id AND t.year = f.year AND t.kind IN ('programme spending', 'unspecified') \
          AND t.scope = 'annual total' AND t.part_of IS NULL AND t.funding_id <> f.funding_id \
         WHERE f.class = 'public money' AND f.scope <> 'cumulative total' \
           AND f.part_of IS DISTINCT FROM t.funding_id ORDER BY 1",
        "funding",
    )? {
        found.error(at, Some("part_of"), |lang| {
            crate::tr!(
                lang,
                "core-rule-beside-total",
                id = cell(&r, 0),
                program = cell(&r, 2),
                year = cell(&r, 3),
                total = cell(&r, 1)
            )
        });
    }
    // Two totals of one programme, kind and year side by side: one of them must be part of the other.
    for r in rows(
        engine,
        "SELECT program_id, year, kind, scope, list(funding_id ORDER BY funding_id) FROM funding \
         WHERE scope <> 'item' AND part_of IS NULL GROUP BY ALL HAVING count(*) > 1 ORDER BY 1, 2",
        "funding",
    )? {
        found.error(at, Some("part_of"), |lang| {
            crate::tr!(
                lang,
                "core-rule-two-totals",
                scope = vocabulary(lang, "scope", cell(&r, 3)),
                kind = cell(&r, 2),
                program = cell(&r, 0),
                year = cell(&r, 1),
                ids = cell(&r, 4)
            )
        });
    }
    Ok(())
}

/// True on a row whose 万/千/百 tier does not admit its size class; `column` gives each column as SQL.
fn tier_misfit(column: &ColumnSql<'_>) -> String {
    let (tier, size) = (column("tier"), column("size_class"));
    let fits = TIER_SIZES
        .iter()
        .map(|(t, sizes)| {
            format!(
                "({tier} = {} AND {size} IN ({}))",
                sql_literal(t),
                sql_literals(sizes.iter().copied())
            )
        })
        .collect::<Vec<_>>()
        .join(" OR ");
    format!(
        "{tier} IN ({}) AND {size} IS NOT NULL AND NOT ({fits})",
        sql_literals(TIER_SIZES.iter().map(|(t, _)| *t))
    )
}

/// In English only: an import's SQL says it (`import::validate`), and shows it inside its own message.
fn tier_misfit_message() -> String {
    let admitted: Vec<String> = TIER_SIZES
        .iter()
        .map(|(t, sizes)| format!("{t}: {}", sizes.join("/")))
        .collect();
    format!(
        "is a size class its 万/千/百 tier does not admit ({})",
        admitted.join("; ")
    )
}

/// A real row's figure (an amount, an indicator's value) must be one its quote writes, in any of its usual forms
/// (digits with separators, 万/亿, Chinese numerals: the import's own reading of a quote). A figure changed without its
/// sentence, or a sentence that does not give it, is named.
fn quoted_figures(engine: &Engine, at: &Path, found: &mut Findings, table: &str) -> Result<()> {
    let Some((_, column)) = crate::core::quoted_figures::QUOTED_FIGURES
        .iter()
        .find(|(t, _)| *t == table)
    else {
        return Ok(());
    };
    let key = match table {
        "funding" => "funding_id".to_string(),
        _ => "concat_ws(' ', province_code, city_code, year, metric)".to_string(),
    };
    // An amount, or an indicator in yuan, must be written as money; any other figure as a number.
    let unit = (table == "indicators").then_some("unit");
    let written = crate::core::quoted_figures::figures_of_row("source_quote", column, unit);
    for r in rows(
        engine,
        &format!(
            "SELECT {key}, CAST({column} AS VARCHAR), source_quote FROM {table} \
             WHERE NOT is_synthetic AND {column} IS NOT NULL AND source_quote IS NOT NULL AND trim(source_quote) <> '' \
             AND NOT list_contains({written}, CAST({column} AS DECIMAL(38,4))) ORDER BY 1"
        ),
        table,
    )? {
        found.error(at, Some(column), |lang| {
            crate::tr!(
                lang,
                "core-rule-figure-not-quoted",
                table = table,
                key = crate::core::cells::escape_control(cell(&r, 0)),
                column = *column,
                value = trim(cell(&r, 1)),
                quote = crate::core::cells::escape_control(cell(&r, 2))
            )
        });
    }
    Ok(())
}

fn tier_sizes(engine: &Engine, at: &Path, found: &mut Findings) -> Result<()> {
    let misfit = tier_misfit(&|c| c.to_string());
    for r in rows(
        engine,
        &format!(
            "SELECT tier, size_class, count(*), list(enterprise_id ORDER BY enterprise_id)[1:{SHOWN}] \
             FROM enterprises WHERE {misfit} \
             GROUP BY ALL ORDER BY 1, 2"
        ),
        "enterprises",
    )? {
        let allowed = TIER_SIZES
            .iter()
            .find(|(t, _)| *t == cell(&r, 0))
            .map(|(_, s)| s.join("/"))
            .unwrap_or_default();
        found.error(at, Some("size_class"), |lang| {
            crate::tr!(
                lang,
                "core-rule-tier-misfit",
                count = cell(&r, 2),
                tier = cell(&r, 0),
                size = cell(&r, 1),
                allowed = &allowed,
                examples = cell(&r, 3)
            )
        });
    }
    Ok(())
}

fn reconciliations(engine: &Engine, at: &Path, found: &mut Findings) -> Result<()> {
    // The shipped query, never a user's copy of it: the rule must not depend on who runs the check.
    let library = Library::load(None);
    let query = library.get("reconciliations")?;
    let params = query.bind(&[])?;
    let result = engine.collect(&query.sql()?, &params, "reconciliations")?;
    let (schema, batches) = result;
    let names: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
    let column = |name: &str| names.iter().position(|n| n == name);
    let mut headlines: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for batch in &batches {
        for row in crate::core::cells::batch_rows(batch)? {
            let get = |name: &str| column(name).map_or("", |i| cell(&row, i)).to_string();
            let id = get("check_id");
            if get("headline") == "true" {
                headlines
                    .entry((get("province_code"), get("measure")))
                    .or_default()
                    .push(id.clone());
            }
            let figure = |lang: Lang| {
                format!(
                    "`{}`{}{}",
                    get("metric"),
                    Some(get("metric_year"))
                        .filter(|y| !y.is_empty())
                        .map(|y| format!(" {y}"))
                        .unwrap_or_default(),
                    Some(get("city_code"))
                        .filter(|c| !c.is_empty())
                        .map(|c| crate::tr!(lang, "core-rule-figure-city", city = c))
                        .unwrap_or_default()
                )
            };
            match get("status").as_str() {
                "broken" => found.error(at, Some(&get("check_id")), |lang| {
                    crate::tr!(
                        lang,
                        "core-rule-reconciliation-broken",
                        id = &id,
                        in_lake = trim(&get("in_lake")),
                        measure = vocabulary(lang, "measure", &get("measure")),
                        real = trim(&get("in_lake_real")),
                        synthetic = trim(&get("in_lake_synthetic")),
                        published = trim(&get("published")),
                        figure = figure(lang),
                        qualifier = vocabulary(lang, "qualifier", &get("qualifier")),
                        rule = get("rule")
                    )
                }),
                // not text: a status the query gives
                "published figure missing" => found.error(at, Some("metric"), |lang| {
                    crate::tr!(
                        lang,
                        "core-rule-published-missing",
                        id = &id,
                        figure = figure(lang)
                    )
                }),
                _ => {}
            }
        }
    }
    for ((province, measure), ids) in headlines.into_iter().filter(|(_, ids)| ids.len() > 1) {
        found.error(at, Some("headline"), |lang| {
            crate::tr!(
                lang,
                "core-rule-headlines",
                province = &province,
                count = ids.len().to_string(),
                measure = vocabulary(lang, "measure", &measure),
                ids = listed(lang, &ids)
            )
        });
    }
    Ok(())
}

/// `964.0` → `964`: counts come back as decimals (a share has a fraction).
fn trim(value: &str) -> &str {
    match value.strip_suffix(".0") {
        Some(whole) => whole,
        None => value.strip_suffix(".0000").unwrap_or(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::lake::LakeOrigin;

    /// Each rule runs on a lake of the tables it names and no others: a table it reads without naming it is missing
    /// there, and the rule fails.
    #[test]
    fn each_rule_reads_only_the_tables_it_names() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
        let lake = Lake::open(&root, LakeOrigin::Flag).expect("the sample lake");
        let all = lake.tables().expect("its tables");
        let whole = Engine::open_tables(&lake, all.clone()).expect("DuckDB");
        for rule in RULES {
            let tables: Vec<TableFiles> = all
                .iter()
                .filter(|t| rule.reads.contains(&t.name.as_str()))
                .cloned()
                .collect();
            assert_eq!(tables.len(), rule.reads.len(), "{}", rule.filed_under);
            let engine = Engine::open_tables(&lake, tables).expect("DuckDB");
            let mut found = Findings(Vec::new());
            (rule.check)(&engine, &lake.root, &mut found)
                .unwrap_or_else(|e| panic!("{}: {e}", rule.filed_under));
            // With only its tables the rule finds exactly what it finds over the whole lake: a rule that read
            // another table (or hid the error of a missing one) would find something else.
            let mut over_all = Findings(Vec::new());
            (rule.check)(&whole, &lake.root, &mut over_all)
                .unwrap_or_else(|e| panic!("{}: {e}", rule.filed_under));
            assert_eq!(
                format!("{:?}", found.0),
                format!("{:?}", over_all.0),
                "{} reads a table it does not name",
                rule.filed_under
            );
        }
    }
}
