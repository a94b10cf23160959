-- name: dashboard-kpis
-- title: Dashboard: key figures per province
-- title_zh: 总览：各省关键数字
-- engines: duckdb, spark
-- description: One card per province: projects in the lake (demonstration and chain projects, not actions) and
-- description: enterprises in the lake, each with its real part; the province's headline published figures (the
-- description: overview sets them beside the lake's count of the same slice, from `reconciliations`), their sources
-- description: and sentences (`i`); and the share of the real ratings that are excellent (synthetic ones beside).
-- description_zh: 各省湖仓中的项目数和企业数（真实数在括号内）、公开发布的口径数字及出处，以及真实评价中的优秀占比。
-- drill: cities-of-province province_code=province_code
WITH headline AS (
  SELECT r.province_code, r.measure, i.value, i.qualifier, r.label, r.source_id, r.source_quote
  FROM reconciliations r JOIN indicators i ON i.province_code = r.province_code
    AND i.city_code IS NOT DISTINCT FROM r.city_code AND i.year IS NOT DISTINCT FROM r.metric_year AND i.metric = r.metric
  WHERE r.headline),
proj AS (
  SELECT province_code, count(*) AS projects, count(*) FILTER (WHERE NOT is_synthetic) AS projects_real
  FROM projects WHERE kind <> 'action' GROUP BY province_code),
firms AS (
  SELECT province_code, count(*) AS enterprises FROM enterprises GROUP BY province_code),
firms_real AS (
  SELECT province_code, count(*) AS enterprises_real FROM enterprises WHERE NOT is_synthetic GROUP BY province_code),
rated AS (
  -- Real ratings only: synthetic ones are counted beside, never in the share.
  SELECT j.province_code,
         round(100.0 * count(*) FILTER (WHERE r.rating = 'excellent' AND NOT r.is_synthetic)
               / nullif(count(*) FILTER (WHERE NOT r.is_synthetic), 0), 1) AS excellent_pct,
         count(*) FILTER (WHERE r.is_synthetic) AS ratings_synthetic
  FROM ratings r JOIN projects j ON j.project_id = r.project_id GROUP BY j.province_code)
SELECT p.province_code, p.name_zh, p.name_en,
       coalesce(pj.projects, 0) AS projects, coalesce(pj.projects_real, 0) AS projects_real,
       hp.value AS projects_published, hp.qualifier AS projects_qualifier, hp.label AS projects_covers,
       coalesce(f.enterprises, 0) AS enterprises, coalesce(fr.enterprises_real, 0) AS enterprises_real,
       he.value AS enterprises_published, he.qualifier AS enterprises_qualifier, he.label AS enterprises_covers,
       rt.excellent_pct, coalesce(rt.ratings_synthetic, 0) AS ratings_synthetic,
       hp.source_id AS projects_source_id, hp.source_quote AS projects_quote,
       he.source_id AS enterprises_source_id, he.source_quote AS enterprises_quote
FROM provinces p
LEFT JOIN proj pj ON pj.province_code = p.province_code
LEFT JOIN firms f ON f.province_code = p.province_code
LEFT JOIN firms_real fr ON fr.province_code = p.province_code
LEFT JOIN rated rt ON rt.province_code = p.province_code
LEFT JOIN headline hp ON hp.province_code = p.province_code AND hp.measure = 'projects'
LEFT JOIN headline he ON he.province_code = p.province_code AND he.measure = 'enterprises'
ORDER BY projects DESC, p.province_code
