use super::*;
use crate::core::contract::TABLES;

/// The rules of scope `Written` read the written rows cast back to text: a reference, a source or an allowed value
/// compares what the file gave only when the column is text. Every such column is.
#[test]
fn the_columns_written_rules_compare_as_text_are_text() {
    for table in TABLES {
        for column in table.columns {
            if column.references().is_some()
                || !column.allowed.is_empty()
                || matches!(column.name, "source_id" | "source_quote")
            {
                assert_eq!(column.kind, Kind::Text, "{}.{}", table.name, column.name);
            }
        }
    }
}

/// Every rule is judged by one of the two passes: a `Read` rule by the condition the one-pass write checks, a
/// `Written` rule by the count of the written rows' problems; every table has rules of both.
/// The numbers a quote writes, as the figure rule reads them: digits with their units, Chinese numerals, the
/// source's traditional script, and what people write for "one hundred million" and "all".
#[test]
fn the_figures_a_quote_writes() {
    let conn = duckdb::Connection::open_in_memory().expect("duckdb");
    for (quote, value, written) in [
        ("兌現獎補資金2472.3萬元。", "24723000", true),
        ("带来经济效益上亿元", "100000000", true),
        ("约占GDP总额的近四成", "40", true),
        ("组织90余家单位开展十大质量提升项目攻关", "10", true),
        ("新建联合体十二个", "12", true),
        ("惠及二十一家企业", "21", true),
        ("抓好至少兩個重點行業", "2", true),
        ("推动10,324家企业", "10324", true),
        ("累计投入1.50亿元", "150000000", true),
        ("已實現規模以上工業企業全覆蓋", "100", true),
        ("惠及21家企业", "22", false),
        ("十四届人大常委会", "10", false),
        ("投入1.13亿元", "113000", false),
        ("全省撬动社会投资1.5万亿元", "15000", false),
        ("全省撬动社会投资1.5万亿元", "1500000000000", true),
        ("投入5千万元", "50000000", true),
        ("投入5千万元", "5000", false),
        ("补助三百万元", "3000000", true),
        ("惠及一百二十家", "120", true),
        ("惠及一百零五家", "105", true),
        ("补助２４７２万元", "24720000", true),
        (
            "文件编号12345678901234567890123456789012345678901，补助80万元",
            "800000",
            true,
        ),
    ] {
        let sql = format!(
            "SELECT list_contains({}, CAST({value} AS DECIMAL(38,4)))",
            crate::core::quoted_figures::figures_written(
                &crate::core::sql::sql_literal(quote),
                false
            )
        );
        let found: bool = conn
            .query_row(&sql, [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{quote}: {e}"));
        assert_eq!(found, written, "{quote} / {value}");
    }
    // An amount of money is a number written as money: not an annex's number, a year or a programme's name.
    for (quote, value, written) in [
        (
            "根据附件1，2021年度“616”工程省局拨付专项工作经费10万元",
            "100000",
            true,
        ),
        (
            "根据附件1，2021年度“616”工程省局拨付专项工作经费10万元",
            "1",
            false,
        ),
        (
            "根据附件1，2021年度“616”工程省局拨付专项工作经费10万元",
            "2021",
            false,
        ),
        (
            "根据附件1，2021年度“616”工程省局拨付专项工作经费10万元",
            "616",
            false,
        ),
        ("累計投入經費1.5億余元", "150000000", true),
        ("兌現獎補資金2472.3萬元。", "24723000", true),
        ("补贴三十万元", "300000", true),
        ("奖励500元", "500", true),
        ("覆盖率全覆盖", "100", false),
        ("贷款惠及5000万人。", "50000000", false),
        ("投入5000万美元", "50000000", false),
        ("带来经济效益上亿元", "100000000", true),
    ] {
        let sql = format!(
            "SELECT list_contains({}, CAST({value} AS DECIMAL(38,4)))",
            crate::core::quoted_figures::figures_written(
                &crate::core::sql::sql_literal(quote),
                true
            )
        );
        let found: bool = conn
            .query_row(&sql, [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{quote}: {e}"));
        assert_eq!(found, written, "money: {quote} / {value}");
    }
}

#[test]
fn every_rule_belongs_to_one_pass() {
    let lake: Vec<String> = TABLES.iter().map(|t| t.name.to_string()).collect();
    for table in TABLES {
        let side = LakeSide {
            tables: &lake,
            rules_by_row: true,
            short_quotes: false,
            unquoted_figures: false,
        };
        let rules = rules(table, &as_stored(table), &side);
        for rule in &rules {
            assert!(rule.select.contains("FROM incoming"), "{}", rule.select);
            if rule.scope == Scope::Read {
                assert_eq!(rule.looks, Looks::AtRow, "{}", rule.select);
                assert!(rule.select.ends_with(&format!("WHERE {}", rule.condition)));
            }
        }
        assert!(
            rules.iter().any(|r| r.scope == Scope::Read),
            "{}",
            table.name
        );
        assert!(
            rules.iter().any(|r| r.scope == Scope::Written),
            "{}",
            table.name
        );
        let condition = read_rules_fail(table, &as_stored(table));
        let count = written_problem_count(table, &as_stored(table), &side);
        for rule in &rules {
            let own = match rule.looks {
                Looks::Beyond => rule.count.as_deref().unwrap_or(&rule.select),
                Looks::AtRow | Looks::Lookup => &rule.condition,
            };
            let judged_by = match rule.scope {
                Scope::Read => &condition,
                Scope::Written => &count,
            };
            assert!(judged_by.contains(own), "{}: {own}", table.name);
        }
    }
}
