//! `lake generate`: a synthetic lake of any size with the contract's schema, for benchmarks. Everything is made by
//! DuckDB SQL from `range()` with plain arithmetic, so the same size and seed give the same lake on every run.
//!
//! Shape: China's 31 provincial-level divisions (real codes and names) × 16 synthetic cities each; years 2015–2024;
//! one chain per 1,000 enterprises and one project per 100 (at least 496 and 64), each project in one city and chain
//! of its province; every enterprise served by one project of its province. Enterprises are Hive-partitioned by
//! province, sorted by project within a file, in files of about [`FILE_ROWS`] rows at most; every other table is one file
//! (at 100M enterprises the largest of them holds 8M rows: partitions of it by province and year would be files of
//! a few thousand rows, which every reader opens more slowly than it reads them).
//!
//! Memory stays flat whatever the size: enterprises are written one file at a time (a province's rows for a range
//! of its projects, found by arithmetic rather than by scanning the others), the published totals are computed, not
//! counted, and DuckDB works within [`MEMORY_LIMIT`], spilling beside the staged lake.

use std::path::Path;
use std::time::{Duration, Instant};

use duckdb::Connection;

use crate::core::contract;
use crate::core::error::{Error, Result};
use crate::core::lakewriter::{
    Layout, ROW_GROUP_ROWS, Reach, Staging, confined_instance, copy_sorted, ensure_empty_target,
    partition_folder, write_table,
};
use crate::core::sql::sql_literal;

#[derive(Debug, Clone)]
pub struct GenerateReport {
    pub enterprises: u64,
    pub projects: u64,
    pub chains: u64,
    pub files: u64,
    pub elapsed: Duration,
}

/// Changes whenever the generator writes different tables, columns or rows; cached lakes of another version are made
/// again (the benchmark keeps this beside each lake it generates).
pub const GENERATOR_VERSION: &str =
    "3 (31 provinces, 2015-2024, enterprise files of at most 1M rows)";

/// Rows per enterprises file at most: a province of a national lake (3.2M rows at 100M) is several files, each
/// sorted by project and written alone, so the sort that writes it needs memory for this many rows only.
pub const FILE_ROWS: u64 = 1_000_000;

/// DuckDB's memory for the whole generation; what a sort needs beyond it is spilled.
const MEMORY_LIMIT: &str = "1GB";

const CITIES_PER_PROVINCE: u64 = 16;

pub fn generate(out: &Path, enterprises: u64, seed: u64) -> Result<GenerateReport> {
    generate_in_files_of(out, enterprises, seed, FILE_ROWS)
}

/// [`generate`] with enterprises files of at most `file_rows` rows (tests see a province split at a small size).
pub fn generate_in_files_of(
    out: &Path,
    enterprises: u64,
    seed: u64,
    file_rows: u64,
) -> Result<GenerateReport> {
    ensure_empty_target(out)?;
    if file_rows == 0 {
        return Err(Error::Usage("files of at least one row".into()));
    }
    if enterprises == 0 {
        return Err(Error::Usage("--enterprises must be at least 1".into()));
    }
    let started = Instant::now();
    let provinces = contract::PROVINCES.len() as u64;
    let projects = (enterprises / 100).max(64);
    // A whole number of chains for every city of every province (project_chain relies on it).
    let block = provinces * CITIES_PER_PROVINCE;
    let chains = (enterprises / 1000).max(block).div_ceil(block) * block;
    let staging = Staging::beside(out)?;
    let spill = staging.path.join("_generate_spill");
    // DuckDB reads nothing and writes only the staged lake (its spill folder is inside it).
    let conn = confined_instance(&Reach {
        reads: &[],
        writes: &staging.path,
        temp_dir: Some(&spill),
        memory_limit: Some(MEMORY_LIMIT),
    })?;
    let province_rows: Vec<String> = contract::PROVINCES
        .iter()
        .enumerate()
        .map(|(p, (code, zh, en))| {
            format!(
                "({p}, {}, {}, {})",
                sql_literal(code),
                sql_literal(zh),
                sql_literal(en)
            )
        })
        .collect();
    let province_codes: Vec<String> = contract::PROVINCES
        .iter()
        .map(|(code, _, _)| sql_literal(code))
        .collect();
    let sql = GENERATOR_SQL
        .replace("{PROVINCE_ROWS}", &province_rows.join(", "))
        .replace("{PROVINCE_CODES}", &province_codes.join(", "))
        .replace("{P}", &provinces.to_string())
        .replace("{CITIES}", &CITIES_PER_PROVINCE.to_string())
        .replace("{N}", &enterprises.to_string())
        .replace("{PROJECTS}", &projects.to_string())
        .replace("{CHAINS}", &chains.to_string())
        .replace("{SEED}", &seed.to_string());
    conn.execute_batch(&sql)
        .map_err(|e| Error::query("preparing the generated lake", e))?;

    let mut files = 0;
    for table in contract::TABLES {
        if table.name == "enterprises" {
            files += write_enterprises(
                &conn,
                table,
                &staging.path,
                enterprises,
                projects,
                file_rows,
            )?;
        } else {
            write_table(
                &conn,
                &format!("g_{}", table.name),
                table,
                &staging.path,
                Layout::SingleFile,
            )?;
            files += 1;
        }
    }
    drop(conn);
    if spill.exists() {
        std::fs::remove_dir_all(&spill).map_err(|e| Error::io(&spill, e))?;
    }
    if out.is_dir() {
        std::fs::remove_dir(out).map_err(|e| Error::io(out, e))?;
    }
    staging.commit()?;
    Ok(GenerateReport {
        enterprises,
        projects,
        chains,
        files,
        elapsed: started.elapsed(),
    })
}

/// Each province's enterprises in files of about `file_rows` rows at most, each file the enterprises of one range of the
/// province's projects, sorted by project: files and row groups cover disjoint, ascending ranges of `project_id`,
/// so a drill step reads one province's folder and, within it, the row groups that can hold its project.
fn write_enterprises(
    conn: &Connection,
    table: &contract::Table,
    dir: &Path,
    enterprises: u64,
    projects: u64,
    file_rows: u64,
) -> Result<u64> {
    let provinces = contract::PROVINCES.len() as u64;
    let mut files = 0;
    for (p, (code, _, _)) in contract::PROVINCES.iter().enumerate() {
        let p = p as u64;
        // Enterprise i is in province i % P; project j in province j % P.
        let rows = (enterprises + provinces - 1 - p) / provinces;
        let own_projects = (projects + provinces - 1 - p) / provinces;
        if rows == 0 {
            continue;
        }
        let folder = partition_folder(dir, table, "province_code", code)?;
        let parts = rows.div_ceil(file_rows).min(own_projects);
        for part in 0..parts {
            let (from, to) = (
                own_projects * part / parts,
                own_projects * (part + 1) / parts,
            );
            let statement = copy_sorted(
                table,
                &format!("g_enterprises_of({p}, {from}, {to})"),
                Some("province_code"),
                "project_id, enterprise_id",
                &folder.join(format!("data_{part}.parquet")),
                &format!("ROW_GROUP_SIZE {ROW_GROUP_ROWS}"),
            );
            conn.execute_batch(&statement)
                .map_err(|e| Error::query("writing table `enterprises`", e))?;
            files += 1;
        }
    }
    Ok(files)
}

/// Views named `g_<table>` and the table macro `g_enterprises_of(province, from, to)`; the `{…}` holes are filled in
/// above with whole numbers and quoted literals.
const GENERATOR_SQL: &str = r#"
CREATE MACRO h(i, salt) AS ((i * 2654435761 + salt * 40503 + {SEED} * 97 + 12345) % 4294967291);
CREATE TABLE g_prov AS SELECT * FROM (VALUES {PROVINCE_ROWS}) t(p, province_code, name_zh, name_en);
CREATE MACRO prov(p) AS [{PROVINCE_CODES}][p + 1];
CREATE MACRO city_of(p, c) AS printf('G%02d%02d', p, c);
-- project j: province j % P, city (j // P) % CITIES, a chain of that city; chain k: province k % P, city
-- (k // P) % CITIES (CHAINS is a multiple of P * CITIES).
CREATE MACRO project_chain(j) AS {P} * ({CITIES} * ((j // ({P} * {CITIES})) % ({CHAINS} // ({P} * {CITIES}))) + (j // {P}) % {CITIES}) + j % {P};
CREATE MACRO project_year(j) AS (2015 + h(j, 1) % 10)::INTEGER;
-- How many of the N enterprises and the PROJECTS projects province p holds.
CREATE MACRO enterprises_in(p) AS ({N} + {P} - 1 - p) // {P};
CREATE MACRO projects_in(p) AS ({PROJECTS} + {P} - 1 - p) // {P};

CREATE VIEW g_sources AS SELECT 'generated' AS source_id, 'qlake lake generate (seed {SEED})' AS title,
  'Generated benchmark lake' AS title_en, 'qlake' AS publisher, NULL::DATE AS published_on,
  'generated; no real figure' AS date_note, '' AS file, NULL AS source_quote, true AS is_synthetic;
CREATE VIEW g_provinces AS SELECT province_code, name_zh, name_en, 'generated' AS source_id, NULL AS source_quote,
  true AS is_synthetic FROM g_prov;
CREATE VIEW g_cities AS SELECT city_of(p.p, c) AS city_code, p.province_code, p.name_zh || '第' || c || '市' AS name_zh,
  p.name_en || ' city ' || c AS name_en, 'prefecture-level city' AS level, 'generated' AS source_id,
  NULL AS source_quote, true AS is_synthetic
  FROM g_prov p, range({CITIES}) t(c);
CREATE VIEW g_programs AS SELECT printf('G-%s-%d', p.province_code, k) AS program_id, p.province_code,
  p.name_zh || ['质量提升工程', '质量强链行动', '质量贷', '质量奖'][k + 1] AS name_zh,
  p.name_en || [' quality programme', ' quality chains', ' quality loan', ' quality award'][k + 1] AS name_en,
  ['campaign', 'quality-chain', 'loan', 'award'][k + 1] AS kind, 2015 AS start_year, NULL::INTEGER AS end_year,
  'generated' AS source_id, NULL AS source_quote, true AS is_synthetic
  FROM g_prov p, range(4) t(k);
CREATE VIEW g_chains AS SELECT printf('GC%07d', k) AS chain_id, prov(k % {P}) AS province_code,
  city_of(k % {P}, (k // {P}) % {CITIES}) AS city_code, '产业集群' || k AS name_zh, 'Cluster ' || k AS name_en,
  CASE WHEN k % 3 = 0 THEN 'industry chain' ELSE 'industrial cluster' END AS kind,
  ['textiles', 'food', 'auto parts', 'chemicals', 'electronics', 'tea', 'machinery', 'building materials'][h(k, 1) % 8 + 1] AS industry,
  'generated' AS source_id, NULL AS source_quote, true AS is_synthetic
  FROM range({CHAINS}) t(k);
CREATE VIEW g_projects AS SELECT printf('GP%08d', j) AS project_id, printf('G-%s-%d', prov(j % {P}), j % 2) AS program_id,
  prov(j % {P}) AS province_code, city_of(j % {P}, (j // {P}) % {CITIES}) AS city_code, printf('GC%07d', project_chain(j)) AS chain_id,
  project_year(j) AS year, 'demonstration project' AS kind, '质量提升项目' || j AS title_zh, 'Quality project ' || j AS title_en,
  '服务机构' || (h(j, 5) % 100) AS service_org, (200000 + (h(j, 2) % 11) * 10000)::DECIMAL(18,2) AS budget_yuan,
  'generated' AS source_id, NULL AS source_quote, true AS is_synthetic
  FROM range({PROJECTS}) t(j);
CREATE VIEW g_rated AS SELECT j, project_year(j) AS year,
  CASE WHEN h(j, 3) % 100 < 25 THEN 'excellent' WHEN h(j, 3) % 100 < 80 THEN 'good' WHEN h(j, 3) % 100 < 95 THEN 'pass' ELSE 'deferred' END AS rating
  FROM range({PROJECTS}) t(j) WHERE project_year(j) < 2024;
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
-- Province p's enterprises served by its projects `from` ≤ q < `to` (project j = p + P·q): a stride through range()
-- reads that province's ids only.
CREATE MACRO g_enterprises_of(pp, from_q, to_q) AS TABLE
  SELECT printf('GE%09d', i) AS enterprise_id, '企业' || i AS name, 'Enterprise ' || i AS name_en,
  prov(pp) AS province_code, city_of(pp, (j // {P}) % {CITIES}) AS city_code, printf('GC%07d', project_chain(j)) AS chain_id,
  printf('GP%08d', j) AS project_id,
  -- The size class fits the tier (contract TIER_SIZES): 万 SMEs, 千 above designated size, 百 benchmarks.
  CASE tier WHEN '万' THEN ['micro', 'small', 'small', 'medium'][h(i, 6) % 4 + 1]
            WHEN '千' THEN ['small', 'medium', 'medium'][h(i, 6) % 3 + 1]
            ELSE ['medium', 'large'][h(i, 6) % 2 + 1] END AS size_class,
  tier, CASE WHEN h(i, 8) % 50 = 0 THEN 'chain master' ELSE 'chain member' END AS chain_role,
  h(i, 9) % 10 < 3 AS has_cqo, 'generated' AS source_id, NULL AS source_quote, true AS is_synthetic
  FROM (SELECT i, pp + {P} * q AS j, ['万', '万', '万', '万', '万', '万', '万', '千', '千', '百'][h(i, 7) % 10 + 1] AS tier
        FROM (SELECT i, h(i, 4) % projects_in(pp) AS q FROM range(pp, {N}, {P}) t(i))
        WHERE q >= from_q AND q < to_q);
CREATE VIEW g_coverage AS SELECT p.province_code, city_of(p.p, c) AS city_code, printf('G-%s-0', p.province_code) AS program_id,
  y::INTEGER AS year, t.tier, t.tier_en, (50 + h(p.p * 1000 + c * 10 + y, 10) % 500)::BIGINT AS target,
  CASE WHEN y < 2024 THEN ((50 + h(p.p * 1000 + c * 10 + y, 10) % 500) * (60 + h(c + y, 11) % 60) // 100)::BIGINT END AS actual,
  CASE WHEN y < 2024 THEN 'exact' END AS actual_qualifier, NULL AS actual_quote,
  'generated' AS source_id, NULL AS source_quote, true AS is_synthetic
  FROM g_prov p, range({CITIES}) ct(c), range(2015, 2025) yt(y),
       (VALUES ('万', '10k SMEs improving quality'), ('千', '1k enterprises adopting advanced quality management'), ('百', '100 benchmark enterprises')) t(tier, tier_en);
CREATE VIEW g_funding AS SELECT printf('GF%08d-%s', j, s.tag) AS funding_id, printf('G-%s-%d', prov(j % {P}), j % 2) AS program_id,
  printf('GP%08d', j) AS project_id, prov(j % {P}) AS province_code, project_year(j) AS year, s.kind,
  'public money' AS class, 'item' AS scope, NULL AS part_of, s.payer,
  ((200000 + (h(j, 2) % 11) * 10000) / 2)::DECIMAL(18,2) AS amount_yuan, 'exact' AS qualifier, s.note,
  'generated' AS source_id, NULL AS source_quote, true AS is_synthetic
  FROM range({PROJECTS}) t(j),
       (VALUES ('P', 'programme grant', 'province', 'provincial grant'), ('L', 'local match', 'city', 'local match')) s(tag, kind, payer, note);
-- What the generator made, per province, as a bureau would publish it: counted by arithmetic, not by a scan.
CREATE TABLE g_published AS
  SELECT province_code, 'projects_total' AS metric, 'projects' AS measure, projects_in(p) AS value
  FROM g_prov WHERE projects_in(p) > 0
  UNION ALL
  SELECT province_code, 'enterprises_total', 'enterprises', enterprises_in(p)
  FROM g_prov WHERE enterprises_in(p) > 0;
CREATE VIEW g_reconciliations AS SELECT 'G-' || province_code || '-' || measure AS check_id, province_code, measure,
  NULL AS program_id, NULL AS year_from, NULL AS year_to, NULL AS kind, NULL AS chain_id, NULL AS city_code, metric,
  2024 AS metric_year, 'matches' AS rule, true AS headline, 'generated' AS label,
  'the generator publishes what it generated, so the overview has a figure to show beside the count' AS note,
  'generated' AS source_id, NULL AS source_quote, true AS is_synthetic
  FROM g_published;
CREATE VIEW g_organisations AS SELECT printf('GO%03d', k) AS org_id, prov(k % {P}) AS province_code, '服务机构' || k AS name_zh,
  'Service organisation ' || k AS name_en, 'service organisation' AS role, 'generated' AS source_id, NULL AS source_quote,
  true AS is_synthetic FROM range(100) t(k);
CREATE VIEW g_indicators AS SELECT p.province_code, NULL AS city_code, y::INTEGER AS year, 'metric_' || m AS metric, '指标' || m AS metric_zh,
  (h(p.p * 100 + m * 7 + y, 12) % 100000)::DECIMAL(20,4) AS value, 'count' AS unit, 'exact' AS qualifier,
  'generated' AS source_id, NULL AS source_quote, true AS is_synthetic
  FROM g_prov p, range(20) mt(m), range(2015, 2025) yt(y)
  UNION ALL
  SELECT province_code, NULL, 2024, metric, CASE measure WHEN 'projects' THEN '项目总数' ELSE '企业总数' END,
  value::DECIMAL(20,4), measure, 'exact', 'generated', NULL, true FROM g_published;
"#;
