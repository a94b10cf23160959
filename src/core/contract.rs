//! The lake's data contract: which tables exist, their columns, types, keys and allowed values.
//!
//! `lake check`, the sample-lake builder, the generator and `docs/schema.md` all read this one list, so the contract
//! cannot drift between them (a test compares the doc with this module).

/// The family of types a column may have. Other writers (pyarrow, Spark) choose different widths for the same
/// logical type, so the check accepts a family rather than one exact type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Integer,
    /// Exact yuan: DECIMAL or an integer type, never floating point.
    Money,
    /// An exact number that may have a fraction: DECIMAL or an integer type.
    Exact,
    Boolean,
    Date,
}

impl Kind {
    /// The DuckDB type the sample lake and the generator write.
    pub fn canonical(self) -> &'static str {
        match self {
            Kind::Text => "VARCHAR",
            Kind::Integer => "INTEGER",
            Kind::Money => "DECIMAL(18,2)",
            Kind::Exact => "DECIMAL(20,4)",
            Kind::Boolean => "BOOLEAN",
            Kind::Date => "DATE",
        }
    }

    /// Whether a DuckDB type name (as `DESCRIBE` prints it) belongs to this family.
    pub fn accepts(self, duckdb_type: &str) -> bool {
        let t = duckdb_type.trim().to_ascii_uppercase();
        let integer = matches!(
            t.as_str(),
            "TINYINT"
                | "SMALLINT"
                | "INTEGER"
                | "BIGINT"
                | "HUGEINT"
                | "UTINYINT"
                | "USMALLINT"
                | "UINTEGER"
                | "UBIGINT"
        );
        match self {
            Kind::Text => t == "VARCHAR",
            Kind::Integer => integer,
            Kind::Money | Kind::Exact => integer || t.starts_with("DECIMAL"),
            Kind::Boolean => t == "BOOLEAN",
            Kind::Date => t == "DATE",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Kind::Text => "text (VARCHAR)",
            Kind::Integer => "integer",
            Kind::Money => "exact money in yuan (DECIMAL or integer)",
            Kind::Exact => "exact number (DECIMAL or integer)",
            Kind::Boolean => "BOOLEAN",
            Kind::Date => "DATE",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
    pub nullable: bool,
    /// Allowed values for a text column (empty: any).
    pub allowed: &'static [&'static str],
    pub doc: &'static str,
}

#[derive(Debug, Clone, Copy)]
pub struct Table {
    pub name: &'static str,
    pub doc: &'static str,
    /// Whether the table may have no rows (a lake with no per-aspect scores, or no declared reconciliations).
    pub may_be_empty: bool,
    /// Columns that identify a row (unique together, never null).
    pub key: &'static [&'static str],
    pub columns: &'static [Column],
}

impl Column {
    /// The table and column this one refers to: the first `table.column` in backticks in its doc that names a
    /// contract table's column (the doc is the declaration docs/schema.md shows). Imports check every reference.
    pub fn references(&self) -> Option<(&'static str, &'static str)> {
        let doc: &'static str = self.doc;
        doc.split('`').skip(1).step_by(2).find_map(|quoted| {
            let (t, c) = quoted.split_once('.')?;
            let table = table(t)?;
            table.column(c).map(|col| (table.name, col.name))
        })
    }
}

impl Table {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

const fn col(name: &'static str, kind: Kind, doc: &'static str) -> Column {
    Column {
        name,
        kind,
        nullable: false,
        allowed: &[],
        doc,
    }
}

const fn opt(name: &'static str, kind: Kind, doc: &'static str) -> Column {
    Column {
        name,
        kind,
        nullable: true,
        allowed: &[],
        doc,
    }
}

const fn one_of(name: &'static str, allowed: &'static [&'static str], doc: &'static str) -> Column {
    Column {
        name,
        kind: Kind::Text,
        nullable: false,
        allowed,
        doc,
    }
}

const fn opt_one_of(
    name: &'static str,
    allowed: &'static [&'static str],
    doc: &'static str,
) -> Column {
    Column {
        name,
        kind: Kind::Text,
        nullable: true,
        allowed,
        doc,
    }
}

pub const PROVENANCE: [Column; 3] = [
    opt(
        "source_id",
        Kind::Text,
        "the source document (`sources.source_id`); required on real rows",
    ),
    opt(
        "source_quote",
        Kind::Text,
        "the sentence (or table row) of the source the row came from, verbatim; for synthetic rows, the sentence with the published total they sit under",
    ),
    col(
        "is_synthetic",
        Kind::Boolean,
        "true for deterministic detail rows made to fill published totals",
    ),
];

/// China's 31 provincial-level divisions: ISO 3166-2 code, Chinese and English name. Parameters accept any of the
/// three for a province code (`湖北`, `hubei`, `cn-hb`).
pub const PROVINCES: &[(&str, &str, &str)] = &[
    ("CN-BJ", "北京市", "Beijing"),
    ("CN-TJ", "天津市", "Tianjin"),
    ("CN-HE", "河北省", "Hebei"),
    ("CN-SX", "山西省", "Shanxi"),
    ("CN-NM", "内蒙古自治区", "Inner Mongolia"),
    ("CN-LN", "辽宁省", "Liaoning"),
    ("CN-JL", "吉林省", "Jilin"),
    ("CN-HL", "黑龙江省", "Heilongjiang"),
    ("CN-SH", "上海市", "Shanghai"),
    ("CN-JS", "江苏省", "Jiangsu"),
    ("CN-ZJ", "浙江省", "Zhejiang"),
    ("CN-AH", "安徽省", "Anhui"),
    ("CN-FJ", "福建省", "Fujian"),
    ("CN-JX", "江西省", "Jiangxi"),
    ("CN-SD", "山东省", "Shandong"),
    ("CN-HA", "河南省", "Henan"),
    ("CN-HB", "湖北省", "Hubei"),
    ("CN-HN", "湖南省", "Hunan"),
    ("CN-GD", "广东省", "Guangdong"),
    ("CN-GX", "广西壮族自治区", "Guangxi"),
    ("CN-HI", "海南省", "Hainan"),
    ("CN-CQ", "重庆市", "Chongqing"),
    ("CN-SC", "四川省", "Sichuan"),
    ("CN-GZ", "贵州省", "Guizhou"),
    ("CN-YN", "云南省", "Yunnan"),
    ("CN-XZ", "西藏自治区", "Xizang (Tibet)"),
    ("CN-SN", "陕西省", "Shaanxi"),
    ("CN-GS", "甘肃省", "Gansu"),
    ("CN-QH", "青海省", "Qinghai"),
    ("CN-NX", "宁夏回族自治区", "Ningxia"),
    ("CN-XJ", "新疆维吾尔自治区", "Xinjiang"),
];

pub const RATINGS: &[&str] = &["excellent", "good", "pass", "deferred"];
pub const RATINGS_ZH: &[&str] = &["优秀", "良好", "合格", "延迟验收"];
pub const TIERS: &[&str] = &["万", "千", "百", "十", "一"];
pub const QUALIFIERS: &[&str] = &[
    "exact",
    "more than",
    "about",
    "at least",
    "at most",
    "up to",
    "expected",
];
/// What a sum of money is, and the class it belongs to: money of different classes is never added up (a loan is not a
/// grant, and an enterprise's own investment is neither). `lake check` refuses a row whose class is not its kind's.
pub const FUNDING_KINDS: &[(&str, &str)] = &[
    ("programme grant", "public money"),
    ("special fund", "public money"),
    ("local match", "public money"),
    ("award subsidy", "public money"),
    ("service purchase", "public money"),
    ("programme spending", "public money"),
    ("loan", "credit"),
    ("credit line", "credit"),
    ("enterprise investment", "enterprise investment"),
    ("unspecified", "unspecified"),
];
pub const FUNDING_KIND_NAMES: &[&str] = &[
    "programme grant",
    "special fund",
    "local match",
    "award subsidy",
    "service purchase",
    "programme spending",
    "loan",
    "credit line",
    "enterprise investment",
    "unspecified",
];
pub const MONEY_CLASSES: &[&str] = &[
    "public money",
    "credit",
    "enterprise investment",
    "unspecified",
];
/// What a sum covers: one item (a grant to a project, a loan to a firm), a programme's total for a year, or a total
/// to the date of the report. Sums of different scopes are never added.
pub const FUNDING_SCOPES: &[&str] = &["item", "annual total", "cumulative total"];
pub const PAYERS: &[&str] = &["province", "city", "county", "bank", "enterprise"];
pub const PROGRAM_KINDS: &[&str] = &[
    "campaign",
    "quality-chain",
    "loan",
    "award",
    "training",
    "regulation",
];
pub const CHAIN_KINDS: &[&str] = &[
    "industrial cluster",
    "industry chain",
    "industry",
    "emerging industry field",
];
/// 示范项目 (a year's provincial demonstration or pilot projects), 行动 (a province-wide action, not counted among
/// them), 产业链项目 (a quality-chain project).
pub const PROJECT_KINDS: &[&str] = &["demonstration project", "action", "chain project"];
pub const SIZE_CLASSES: &[&str] = &["large", "medium", "small", "micro"];
/// The size classes each 万/千/百 tier admits: 万 helps small and medium-sized enterprises (中小企业, micro included);
/// 千 brings enterprises above designated size (规模以上) to advanced management; 百 are benchmark enterprises.
pub const TIER_SIZES: &[(&str, &[&str])] = &[
    ("万", &["medium", "small", "micro"]),
    ("千", &["large", "medium", "small"]),
    ("百", &["large", "medium", "small"]),
];
/// How a lake's rows are held against a published total (`reconciliations`).
pub const RECONCILE_RULES: &[&str] = &["matches", "within", "side by side", "source inconsistent"];
/// The smallest positive amount of money a row may hold. Grants, loans, budgets and investments are published in
/// 万元 or 亿元; an amount under 1万元 is such a figure taken for yuan (an import names the column and the `--unit`).
pub const MONEY_AT_LEAST_YUAN: u64 = 10_000;

/// What a reconciliation counts.
pub const RECONCILE_MEASURES: &[&str] =
    &["projects", "enterprises", "chains", "ratings", "sme share"];

macro_rules! table {
    ($name:literal, $doc:literal, key: [$($k:literal),*], [$($c:expr),* $(,)?]) => {
        table!($name, $doc, empty: false, key: [$($k),*], [$($c),*])
    };
    ($name:literal, $doc:literal, empty: $empty:literal, key: [$($k:literal),*], [$($c:expr),* $(,)?]) => {
        Table {
            name: $name,
            doc: $doc,
            may_be_empty: $empty,
            key: &[$($k),*],
            columns: &[$($c,)* PROVENANCE[0], PROVENANCE[1], PROVENANCE[2]],
        }
    };
}

pub const TABLES: &[Table] = &[
    table!("sources", "one row per source document", key: ["source_id"], [
        col("title", Kind::Text, "the document's title, in Chinese"),
        col("title_en", Kind::Text, "English title"),
        opt("publisher", Kind::Text, "who published it"),
        opt("published_on", Kind::Date, "publication date, where the text gives it"),
        opt("date_note", Kind::Text, "what is known of the date where it is not given exactly"),
        col("file", Kind::Text, "the seed file name"),
    ]),
    table!("provinces", "provinces, by ISO 3166-2 code", key: ["province_code"], [
        col("province_code", Kind::Text, "ISO 3166-2 code, e.g. CN-HB"),
        col("name_zh", Kind::Text, "Chinese name"),
        col("name_en", Kind::Text, "English name"),
    ]),
    table!("cities", "prefecture-level cities and others the sources name", key: ["city_code"], [
        col("city_code", Kind::Text, "GB/T 2260 administrative code"),
        col("province_code", Kind::Text, "`provinces.province_code`"),
        col("name_zh", Kind::Text, "Chinese name"),
        col("name_en", Kind::Text, "English name"),
        col("level", Kind::Text, "administrative level"),
    ]),
    table!("programs", "programmes, campaigns, loan products and awards", key: ["program_id"], [
        col("program_id", Kind::Text, "identifier"),
        col("province_code", Kind::Text, "`provinces.province_code`"),
        col("name_zh", Kind::Text, "Chinese name"),
        col("name_en", Kind::Text, "English name"),
        one_of("kind", PROGRAM_KINDS, "what sort of programme"),
        opt("start_year", Kind::Integer, "first year"),
        opt("end_year", Kind::Integer, "last year (null: open or unknown)"),
    ]),
    table!("chains", "industrial clusters and industry chains", key: ["chain_id"], [
        col("chain_id", Kind::Text, "identifier"),
        col("province_code", Kind::Text, "`provinces.province_code`"),
        opt("city_code", Kind::Text, "`cities.city_code`, where the chain sits in one city"),
        col("name_zh", Kind::Text, "Chinese name"),
        col("name_en", Kind::Text, "English name"),
        one_of("kind", CHAIN_KINDS, "industrial cluster, industry chain, or an emerging industry field a source names"),
        col("industry", Kind::Text, "industry, in English"),
    ]),
    table!("projects", "quality-improvement projects", key: ["project_id"], [
        col("project_id", Kind::Text, "identifier"),
        col("program_id", Kind::Text, "`programs.program_id`"),
        col("province_code", Kind::Text, "`provinces.province_code`"),
        opt("city_code", Kind::Text, "`cities.city_code` (prefecture level)"),
        opt("chain_id", Kind::Text, "`chains.chain_id`"),
        col("year", Kind::Integer, "year the project ran"),
        one_of("kind", PROJECT_KINDS, "demonstration project (示范项目, 试点工程), province-wide action (行动), or chain project"),
        col("title_zh", Kind::Text, "the project's name, in Chinese"),
        col("title_en", Kind::Text, "the project's name, in English"),
        opt("service_org", Kind::Text, "the service organisation that won the tender (中标机构)"),
        opt("budget_yuan", Kind::Money, "budget in yuan, where known"),
    ]),
    table!("ratings", "acceptance ratings of projects", key: ["project_id", "year"], [
        col("project_id", Kind::Text, "`projects.project_id`"),
        col("year", Kind::Integer, "year of the project rated"),
        one_of("rating", RATINGS, "acceptance rating"),
        one_of("rating_zh", RATINGS_ZH, "the rating as published"),
    ]),
    table!("rating_scores", "per-aspect acceptance scores behind a rating, where a lake has them (the sources publish none)", empty: true, key: ["project_id", "year", "aspect_no"], [
        col("project_id", Kind::Text, "`projects.project_id`"),
        col("year", Kind::Integer, "year of the project rated"),
        col("aspect_no", Kind::Integer, "aspect number, 1 to 8"),
        col("aspect_zh", Kind::Text, "aspect, in Chinese"),
        col("aspect_en", Kind::Text, "aspect, in English"),
        col("max_score", Kind::Integer, "points available"),
        col("score", Kind::Exact, "points given"),
    ]),
    table!("enterprises", "enterprises reached by projects and chains", key: ["enterprise_id"], [
        col("enterprise_id", Kind::Text, "identifier"),
        col("name", Kind::Text, "name, in Chinese"),
        opt("name_en", Kind::Text, "English name"),
        col("province_code", Kind::Text, "`provinces.province_code`"),
        opt("city_code", Kind::Text, "`cities.city_code`"),
        opt("chain_id", Kind::Text, "`chains.chain_id`"),
        opt("project_id", Kind::Text, "`projects.project_id` that served it"),
        opt_one_of("size_class", SIZE_CLASSES, "size class"),
        opt_one_of("tier", TIERS, "万/千/百 participation tier; must admit the size class (`TIER_SIZES`)"),
        opt_one_of("chain_role", &["chain master", "chain member"], "链主 chain master or 链员 chain member"),
        opt("has_cqo", Kind::Boolean, "has a chief quality officer (首席质量官)"),
    ]),
    table!("coverage", "万/千/百 targets and what was reached", key: ["province_code", "city_code", "program_id", "year", "tier"], [
        col("province_code", Kind::Text, "`provinces.province_code`"),
        opt("city_code", Kind::Text, "`cities.city_code`; null for a province-wide figure"),
        col("program_id", Kind::Text, "`programs.program_id`"),
        col("year", Kind::Integer, "year"),
        one_of("tier", TIERS, "万 10k SMEs, 千 1k enterprises, 百 100 benchmarks, 十 10 platforms, 一 one-stop stations"),
        col("tier_en", Kind::Text, "the tier in English"),
        col("target", Kind::Integer, "target count"),
        opt("actual", Kind::Integer, "count reached; null when unknown"),
        opt_one_of("actual_qualifier", QUALIFIERS, "how exact `actual` is"),
        opt("actual_quote", Kind::Text, "the sentence the actual came from, where it differs from `source_quote`"),
    ]),
    table!("funding", "money: grants, matches, special funds, loans, leveraged investment; never added across kinds, scopes or into its own total", key: ["funding_id"], [
        col("funding_id", Kind::Text, "identifier"),
        col("program_id", Kind::Text, "`programs.program_id`"),
        opt("project_id", Kind::Text, "`projects.project_id`, where the money went to one project"),
        col("province_code", Kind::Text, "`provinces.province_code`"),
        col("year", Kind::Integer, "the year it was for; for a cumulative total, the year of the report it is as of"),
        one_of("kind", FUNDING_KIND_NAMES, "what the money is"),
        one_of("class", MONEY_CLASSES, "public money, credit or enterprise investment: follows from `kind` (`FUNDING_KINDS`)"),
        one_of("scope", FUNDING_SCOPES, "one item, a programme's annual total, or a cumulative total to the report's date"),
        opt("part_of", Kind::Text, "`funding.funding_id` of the total this amount is part of (never added to it)"),
        opt_one_of("payer", PAYERS, "who paid or lent; null where the source does not say"),
        col("amount_yuan", Kind::Money, "amount in yuan"),
        one_of("qualifier", QUALIFIERS, "how exact the amount is"),
        opt("note", Kind::Text, "what the money was for, and any doubt about it"),
    ]),
    table!("organisations", "service organisations, banks, associations named in the sources", key: ["org_id"], [
        col("org_id", Kind::Text, "identifier"),
        col("province_code", Kind::Text, "`provinces.province_code` where it works"),
        col("name_zh", Kind::Text, "Chinese name"),
        col("name_en", Kind::Text, "English name"),
        col("role", Kind::Text, "service organisation, bank, association, ..."),
    ]),
    table!("reconciliations", "published totals the lake's rows are held against; `lake check` runs every one", empty: true, key: ["check_id"], [
        col("check_id", Kind::Text, "identifier"),
        col("province_code", Kind::Text, "`provinces.province_code`"),
        one_of("measure", RECONCILE_MEASURES, "what is counted: project, enterprise, chain or rating rows, or the share of SMEs (small, medium, micro) among the enterprises with a size class, in percent"),
        opt("program_id", Kind::Text, "only rows of this programme (for enterprises: of its projects)"),
        opt("year_from", Kind::Integer, "only rows of this year or later (for enterprises: their project's year)"),
        opt("year_to", Kind::Integer, "only rows of this year or earlier"),
        opt("kind", Kind::Text, "only rows of this kind: a project kind, an enterprise's chain role, a rating"),
        opt("chain_id", Kind::Text, "only rows of this chain"),
        opt("city_code", Kind::Text, "the published figure's city (`indicators.city_code`)"),
        opt("metric", Kind::Text, "the published figure: `indicators.metric` of this province, city and `metric_year`; null where none is published (rule side by side)"),
        opt("metric_year", Kind::Integer, "the published figure's year"),
        one_of("rule", RECONCILE_RULES, "matches: the rows must meet the figure as its qualifier says; within: the rows are part of it (at most); side by side: shown beside it, not checked; source inconsistent: the source contradicts itself, kept as published with a note"),
        col("headline", Kind::Boolean, "the province's published figure for this measure on the overview"),
        opt("label", Kind::Text, "what the figure covers, as the overview labels it (e.g. 2018–20)"),
        opt("note", Kind::Text, "why this rule, and any doubt"),
    ]),
    table!("indicators", "every published figure that fits no table above", key: ["province_code", "city_code", "year", "metric"], [
        col("province_code", Kind::Text, "`provinces.province_code`"),
        opt("city_code", Kind::Text, "`cities.city_code`"),
        opt("year", Kind::Integer, "year the figure refers to"),
        col("metric", Kind::Text, "metric name, snake_case English"),
        col("metric_zh", Kind::Text, "what the source calls it"),
        col("value", Kind::Exact, "the value"),
        col("unit", Kind::Text, "unit: yuan, percent, enterprises, ..."),
        one_of("qualifier", QUALIFIERS, "how exact the value is (多/余 more than, 近/约 about, 以上 at least ...)"),
    ]),
];

pub fn table(name: &str) -> Option<&'static Table> {
    TABLES.iter().find(|t| t.name == name)
}

/// The contract as Markdown, for `docs/schema.md` (a test keeps the doc equal to this).
pub fn markdown() -> String {
    let mut out = String::new();
    for table in TABLES {
        out.push_str(&format!(
            "### `{}`\n\n{}.{} Key: {}.\n\n",
            table.name,
            capitalise(table.doc),
            if table.may_be_empty {
                " May be empty."
            } else {
                ""
            },
            table
                .key
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        out.push_str(
            "| column | type | null | allowed values | meaning |\n|---|---|---|---|---|\n",
        );
        for c in table.columns {
            let allowed = if c.allowed.is_empty() {
                String::new()
            } else {
                c.allowed
                    .iter()
                    .map(|v| format!("`{v}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            out.push_str(&format!(
                "| `{}` | {} | {} | {} | {} |\n",
                c.name,
                c.kind.canonical(),
                if c.nullable { "yes" } else { "no" },
                allowed,
                c.doc.replace('|', "\\|")
            ));
        }
        out.push('\n');
    }
    out
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_read_from_the_docs_and_name_real_columns() {
        let of = |t: &str, c: &str| {
            table(t)
                .and_then(|t| t.column(c))
                .and_then(|c| c.references())
        };
        assert_eq!(of("projects", "city_code"), Some(("cities", "city_code")));
        assert_eq!(of("funding", "part_of"), Some(("funding", "funding_id")));
        assert_eq!(of("ratings", "source_id"), Some(("sources", "source_id")));
        // A backticked name that is no table's column is not a reference.
        assert_eq!(
            of("reconciliations", "metric"),
            Some(("indicators", "metric"))
        );
        assert_eq!(of("projects", "title_zh"), None);
        let all = TABLES
            .iter()
            .flat_map(|t| t.columns.iter().filter_map(|c| c.references()))
            .count();
        assert!(all >= 30, "{all}");
    }

    #[test]
    fn kinds_accept_other_writers_types() {
        assert!(Kind::Money.accepts("BIGINT"));
        assert!(Kind::Money.accepts("DECIMAL(18,2)"));
        assert!(!Kind::Money.accepts("DOUBLE"));
        assert!(Kind::Integer.accepts("bigint"));
        assert!(!Kind::Text.accepts("INTEGER"));
    }

    #[test]
    fn every_funding_kind_has_one_class() {
        let kinds: Vec<&str> = FUNDING_KINDS.iter().map(|(k, _)| *k).collect();
        assert_eq!(kinds, FUNDING_KIND_NAMES);
        for (_, class) in FUNDING_KINDS {
            assert!(MONEY_CLASSES.contains(class), "{class}");
        }
        for (tier, sizes) in TIER_SIZES {
            assert!(TIERS.contains(tier));
            assert!(sizes.iter().all(|s| SIZE_CLASSES.contains(s)));
        }
    }

    #[test]
    fn every_table_has_provenance_and_a_key() {
        for t in TABLES {
            assert!(!t.key.is_empty(), "{}", t.name);
            for k in t.key {
                assert!(t.column(k).is_some(), "{}.{k}", t.name);
            }
            for p in ["source_id", "source_quote", "is_synthetic"] {
                assert!(t.column(p).is_some(), "{}.{p}", t.name);
            }
        }
    }
}
