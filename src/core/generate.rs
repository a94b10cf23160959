//! `lake generate`: a synthetic lake of any size with the contract's schema, for benchmarks. Everything is made by
//! DuckDB SQL from `range()` with plain arithmetic, so the same size and seed give the same lake on every run.
//!
//! Shape: 8 provinces × 16 cities; one chain per 1,000 enterprises and one project per 100 (at least 128 and 64),
//! each project in one city and chain of its province; every enterprise served by one project; enterprises are
//! Hive-partitioned by province.

use std::path::Path;
use std::time::{Duration, Instant};

use duckdb::Connection;

use crate::core::contract;
use crate::core::error::{Error, Result};
use crate::core::lakewriter::{Layout, Staging, ensure_empty_target, write_table};

#[derive(Debug, Clone)]
pub struct GenerateReport {
    pub enterprises: u64,
    pub projects: u64,
    pub chains: u64,
    pub elapsed: Duration,
}

/// Changes whenever the generator writes different tables or columns; cached lakes of another version are made
/// again (the benchmark keeps this beside each lake it generates).
pub const GENERATOR_VERSION: &str = "2 (funding kinds, project kinds, reconciliations)";

pub fn generate(out: &Path, enterprises: u64, seed: u64) -> Result<GenerateReport> {
    ensure_empty_target(out)?;
    if enterprises == 0 {
        return Err(Error::Usage("--enterprises must be at least 1".into()));
    }
    let started = Instant::now();
    let projects = (enterprises / 100).max(64);
    let chains = (enterprises / 1000).max(128).div_ceil(128) * 128;
    let conn = Connection::open_in_memory().map_err(|e| Error::query("opening DuckDB", e))?;
    conn.execute_batch(
        "SET autoinstall_known_extensions = false; SET autoload_known_extensions = false;",
    )
    .map_err(|e| Error::query("configuring DuckDB", e))?;
    let sql = GENERATOR_SQL
        .replace("{N}", &enterprises.to_string())
        .replace("{PROJECTS}", &projects.to_string())
        .replace("{CHAINS}", &chains.to_string())
        .replace("{SEED}", &seed.to_string());
    conn.execute_batch(&sql)
        .map_err(|e| Error::query("preparing the generated lake", e))?;

    let staging = Staging::beside(out)?;
    for table in contract::TABLES {
        let layout = if table.name == "enterprises" {
            // Drill steps look enterprises up by project (and count them by chain and city within a province).
            Layout::PartitionedBy {
                column: "province_code",
                sorted_by: "project_id",
            }
        } else {
            Layout::SingleFile
        };
        write_table(
            &conn,
            &format!("g_{}", table.name),
            table,
            &staging.path,
            layout,
        )?;
    }
    if out.is_dir() {
        std::fs::remove_dir(out).map_err(|e| Error::io(out, e))?;
    }
    staging.commit()?;
    Ok(GenerateReport {
        enterprises,
        projects,
        chains,
        elapsed: started.elapsed(),
    })
}

/// Views named `g_<table>`; `{N}`, `{PROJECTS}`, `{CHAINS}` and `{SEED}` are whole numbers filled in above.
const GENERATOR_SQL: &str = r#"
CREATE MACRO h(i, salt) AS ((i * 2654435761 + salt * 40503 + {SEED} * 97 + 12345) % 4294967291);
CREATE TABLE g_prov AS SELECT * FROM (VALUES
  (0, 'CN-HB', '湖北省', 'Hubei'), (1, 'CN-AH', '安徽省', 'Anhui'), (2, 'CN-JS', '江苏省', 'Jiangsu'),
  (3, 'CN-GD', '广东省', 'Guangdong'), (4, 'CN-FJ', '福建省', 'Fujian'), (5, 'CN-SD', '山东省', 'Shandong'),
  (6, 'CN-LN', '辽宁省', 'Liaoning'), (7, 'CN-SN', '陕西省', 'Shaanxi')) t(p, province_code, name_zh, name_en);
CREATE MACRO prov(p) AS ['CN-HB', 'CN-AH', 'CN-JS', 'CN-GD', 'CN-FJ', 'CN-SD', 'CN-LN', 'CN-SN'][p + 1];
CREATE MACRO city_of(p, c) AS printf('G%d%02d', p, c);
-- project j: province j % 8, city (j // 8) % 16, a chain of that city.
CREATE MACRO project_chain(j) AS 8 * (16 * ((j // 128) % ({CHAINS} // 128)) + (j // 8) % 16) + j % 8;

CREATE VIEW g_sources AS SELECT 'generated' AS source_id, 'qlake lake generate (seed {SEED})' AS title,
  'Generated benchmark lake' AS title_en, 'qlake' AS publisher, NULL::DATE AS published_on,
  'generated; no real figure' AS date_note, '' AS file, NULL AS source_quote, true AS is_synthetic;
CREATE VIEW g_provinces AS SELECT province_code, name_zh, name_en, 'generated' AS source_id, NULL AS source_quote,
  true AS is_synthetic FROM g_prov;
CREATE VIEW g_cities AS SELECT city_of(p.p, c) AS city_code, p.province_code, p.name_zh || '第' || c || '市' AS name_zh,
  p.name_en || ' city ' || c AS name_en, 'prefecture-level city' AS level, 'generated' AS source_id,
  NULL AS source_quote, true AS is_synthetic
  FROM g_prov p, range(16) t(c);
CREATE VIEW g_programs AS SELECT printf('G-%s-%d', p.province_code, k) AS program_id, p.province_code,
  p.name_zh || ['质量提升工程', '质量强链行动', '质量贷', '质量奖'][k + 1] AS name_zh,
  p.name_en || [' quality programme', ' quality chains', ' quality loan', ' quality award'][k + 1] AS name_en,
  ['campaign', 'quality-chain', 'loan', 'award'][k + 1] AS kind, 2018 AS start_year, NULL::INTEGER AS end_year,
  'generated' AS source_id, NULL AS source_quote, true AS is_synthetic
  FROM g_prov p, range(4) t(k);
CREATE VIEW g_chains AS SELECT printf('GC%07d', k) AS chain_id, prov(k % 8) AS province_code,
  city_of(k % 8, (k // 8) % 16) AS city_code, '产业集群' || k AS name_zh, 'Cluster ' || k AS name_en,
  CASE WHEN k % 3 = 0 THEN 'industry chain' ELSE 'industrial cluster' END AS kind,
  ['textiles', 'food', 'auto parts', 'chemicals', 'electronics', 'tea', 'machinery', 'building materials'][h(k, 1) % 8 + 1] AS industry,
  'generated' AS source_id, NULL AS source_quote, true AS is_synthetic
  FROM range({CHAINS}) t(k);
CREATE VIEW g_projects AS SELECT printf('GP%08d', j) AS project_id, printf('G-%s-%d', prov(j % 8), j % 2) AS program_id,
  prov(j % 8) AS province_code, city_of(j % 8, (j // 8) % 16) AS city_code, printf('GC%07d', project_chain(j)) AS chain_id,
  (2018 + h(j, 1) % 7)::INTEGER AS year, 'demonstration project' AS kind, '质量提升项目' || j AS title_zh, 'Quality project ' || j AS title_en,
  '服务机构' || (h(j, 5) % 100) AS service_org, (200000 + (h(j, 2) % 11) * 10000)::DECIMAL(18,2) AS budget_yuan,
  'generated' AS source_id, NULL AS source_quote, true AS is_synthetic
  FROM range({PROJECTS}) t(j);
CREATE VIEW g_rated AS SELECT j, (2018 + h(j, 1) % 7)::INTEGER AS year,
  CASE WHEN h(j, 3) % 100 < 25 THEN 'excellent' WHEN h(j, 3) % 100 < 80 THEN 'good' WHEN h(j, 3) % 100 < 95 THEN 'pass' ELSE 'deferred' END AS rating
  FROM range({PROJECTS}) t(j) WHERE 2018 + h(j, 1) % 7 < 2024;
CREATE VIEW g_ratings AS SELECT printf('GP%08d', j) AS project_id, year, rating,
  CASE rating WHEN 'excellent' THEN '优秀' WHEN 'good' THEN '良好' WHEN 'pass' THEN '合格' ELSE '延迟验收' END AS rating_zh,
  'generated' AS source_id, NULL AS source_quote, true AS is_synthetic FROM g_rated;
CREATE VIEW g_rating_scores AS SELECT printf('GP%08d', r.j) AS project_id, r.year, a.n::INTEGER AS aspect_no,
  ['时限要求', '服务完成情况', '效益测算', '调研咨询报告', '企业质量提升建议', '服务满意情况', '总结报告编制', '其他'][a.n] AS aspect_zh,
  ['timeliness', 'service delivered', 'benefit measurement', 'survey and advisory reports', 'improvement proposals', 'satisfaction', 'final report', 'other'][a.n] AS aspect_en,
  [10, 20, 15, 15, 10, 15, 10, 5][a.n] AS max_score,
  ([10, 20, 15, 15, 10, 15, 10, 5][a.n] * CASE r.rating WHEN 'excellent' THEN 93 WHEN 'good' THEN 85 ELSE 72 END / 100.0)::DECIMAL(6,2) AS score,
  'generated' AS source_id, NULL AS source_quote, true AS is_synthetic
  FROM g_rated r, range(1, 9) a(n) WHERE r.rating <> 'deferred';
CREATE VIEW g_enterprises AS SELECT printf('GE%09d', i) AS enterprise_id, '企业' || i AS name, 'Enterprise ' || i AS name_en,
  prov(j % 8) AS province_code, city_of(j % 8, (j // 8) % 16) AS city_code, printf('GC%07d', project_chain(j)) AS chain_id,
  printf('GP%08d', j) AS project_id,
  -- The size class fits the tier (contract TIER_SIZES): 万 SMEs, 千 above designated size, 百 benchmarks.
  CASE tier WHEN '万' THEN ['micro', 'small', 'small', 'medium'][h(i, 6) % 4 + 1]
            WHEN '千' THEN ['small', 'medium', 'medium'][h(i, 6) % 3 + 1]
            ELSE ['medium', 'large'][h(i, 6) % 2 + 1] END AS size_class,
  tier, CASE WHEN h(i, 8) % 50 = 0 THEN 'chain master' ELSE 'chain member' END AS chain_role,
  h(i, 9) % 10 < 3 AS has_cqo, 'generated' AS source_id, NULL AS source_quote, true AS is_synthetic
  FROM (SELECT i, h(i, 4) % {PROJECTS} AS j, ['万', '万', '万', '万', '万', '万', '万', '千', '千', '百'][h(i, 7) % 10 + 1] AS tier
        FROM range({N}) t(i));
CREATE VIEW g_coverage AS SELECT p.province_code, city_of(p.p, c) AS city_code, printf('G-%s-0', p.province_code) AS program_id,
  y::INTEGER AS year, t.tier, t.tier_en, (50 + h(p.p * 1000 + c * 10 + y, 10) % 500)::BIGINT AS target,
  CASE WHEN y < 2024 THEN ((50 + h(p.p * 1000 + c * 10 + y, 10) % 500) * (60 + h(c + y, 11) % 60) // 100)::BIGINT END AS actual,
  CASE WHEN y < 2024 THEN 'exact' END AS actual_qualifier, NULL AS actual_quote,
  'generated' AS source_id, NULL AS source_quote, true AS is_synthetic
  FROM g_prov p, range(16) ct(c), range(2020, 2025) yt(y),
       (VALUES ('万', '10k SMEs improving quality'), ('千', '1k enterprises adopting advanced quality management'), ('百', '100 benchmark enterprises')) t(tier, tier_en);
CREATE VIEW g_funding AS SELECT printf('GF%08d-%s', j, s.tag) AS funding_id, printf('G-%s-%d', prov(j % 8), j % 2) AS program_id,
  printf('GP%08d', j) AS project_id, prov(j % 8) AS province_code, (2018 + h(j, 1) % 7)::INTEGER AS year, s.kind,
  'public money' AS class, 'item' AS scope, NULL AS part_of, s.payer,
  ((200000 + (h(j, 2) % 11) * 10000) / 2)::DECIMAL(18,2) AS amount_yuan, 'exact' AS qualifier, s.note,
  'generated' AS source_id, NULL AS source_quote, true AS is_synthetic
  FROM range({PROJECTS}) t(j),
       (VALUES ('P', 'programme grant', 'province', 'provincial grant'), ('L', 'local match', 'city', 'local match')) s(tag, kind, payer, note);
CREATE TABLE g_published AS
  SELECT prov(j % 8) AS province_code, 'projects_total' AS metric, 'projects' AS measure, count(*) AS value
  FROM range({PROJECTS}) t(j) GROUP BY ALL
  UNION ALL
  SELECT prov((h(i, 4) % {PROJECTS}) % 8), 'enterprises_total', 'enterprises', count(*)
  FROM range({N}) t(i) GROUP BY ALL;
CREATE VIEW g_reconciliations AS SELECT 'G-' || province_code || '-' || measure AS check_id, province_code, measure,
  NULL AS program_id, NULL AS year_from, NULL AS year_to, NULL AS kind, NULL AS chain_id, NULL AS city_code, metric,
  2024 AS metric_year, 'matches' AS rule, true AS headline, 'generated' AS label,
  'the generator publishes what it generated, so the overview has a figure to show beside the count' AS note,
  'generated' AS source_id, NULL AS source_quote, true AS is_synthetic
  FROM g_published;
CREATE VIEW g_organisations AS SELECT printf('GO%03d', k) AS org_id, prov(k % 8) AS province_code, '服务机构' || k AS name_zh,
  'Service organisation ' || k AS name_en, 'service organisation' AS role, 'generated' AS source_id, NULL AS source_quote,
  true AS is_synthetic FROM range(100) t(k);
CREATE VIEW g_indicators AS SELECT p.province_code, NULL AS city_code, y::INTEGER AS year, 'metric_' || m AS metric, '指标' || m AS metric_zh,
  (h(p.p * 100 + m * 7 + y, 12) % 100000)::DECIMAL(20,4) AS value, 'count' AS unit, 'exact' AS qualifier,
  'generated' AS source_id, NULL AS source_quote, true AS is_synthetic
  FROM g_prov p, range(20) mt(m), range(2020, 2025) yt(y)
  UNION ALL
  SELECT province_code, NULL, 2024, metric, CASE measure WHEN 'projects' THEN '项目总数' ELSE '企业总数' END,
  value::DECIMAL(20,4), measure, 'exact', 'generated', NULL, true FROM g_published;
"#;
