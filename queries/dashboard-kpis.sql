-- name: dashboard-kpis
-- title: Dashboard: key figures per province
-- title_zh: 总览：各省关键数字
-- engines: duckdb, spark
-- tile: key-figures
-- description: One card per province: projects in the lake (demonstration and chain projects, not actions) and
-- description: enterprises in the lake, each with its real part, and the share of the real ratings that are excellent
-- description: (synthetic ones beside). The published figures are not here: the overview sets each beside the lake's
-- description: count of the same slice, both from `reconciliations`.
-- description_zh: 各省湖仓中的项目数和企业数及其真实数，以及真实评价中的优秀占比；公开数字由总览从核对表中与同口径计数并列。
-- drill: cities-of-province province_code=province_code
WITH
-- Each counting CTE is a sum over one table's rows, which qlake keeps per file (docs/architecture.md, "Tiles from
-- parts"), so an import recounts only its new file.
proj AS (
  SELECT province_code, count(*) AS projects, count(*) FILTER (WHERE NOT is_synthetic) AS projects_real
  FROM projects WHERE kind <> 'action' GROUP BY province_code),
firms AS (
  SELECT province_code, count(*) AS enterprises, count(*) FILTER (WHERE NOT is_synthetic) AS enterprises_real
  FROM enterprises GROUP BY province_code),
rated_counts AS (
  -- Real ratings only: synthetic ones are counted beside, never in the share.
  SELECT j.province_code,
         count(*) FILTER (WHERE r.rating = 'excellent' AND NOT r.is_synthetic) AS excellent_real,
         count(*) FILTER (WHERE NOT r.is_synthetic) AS rated_real,
         count(*) FILTER (WHERE r.is_synthetic) AS ratings_synthetic
  FROM ratings r JOIN projects j ON j.project_id = r.project_id GROUP BY j.province_code),
rated AS (
  SELECT province_code, round(100.0 * excellent_real / nullif(rated_real, 0), 1) AS excellent_pct, ratings_synthetic
  FROM rated_counts)
SELECT p.province_code, p.name_zh, p.name_en,
       coalesce(pj.projects, 0) AS projects, coalesce(pj.projects_real, 0) AS projects_real,
       coalesce(f.enterprises, 0) AS enterprises, coalesce(f.enterprises_real, 0) AS enterprises_real,
       rt.excellent_pct, coalesce(rt.ratings_synthetic, 0) AS ratings_synthetic
FROM provinces p
LEFT JOIN proj pj ON pj.province_code = p.province_code
LEFT JOIN firms f ON f.province_code = p.province_code
LEFT JOIN rated rt ON rt.province_code = p.province_code
ORDER BY projects DESC, p.province_code
