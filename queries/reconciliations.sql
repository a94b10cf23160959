-- name: reconciliations
-- title: Published totals against the lake's rows
-- title_zh: 公开数字与湖仓记录的核对
-- engines: duckdb, spark
-- tile: headlines
-- description: Every declared reconciliation: the figure the sources publish, what the lake's rows count to (real and
-- description: synthetic), and whether they agree as the rule says (matches: as the figure's qualifier says; within:
-- description: no more than it; side by side and source inconsistent: shown, not checked). `lake check` runs this.
-- description_zh: 每项已声明的核对：来源公布的数字、湖仓记录的计数（真实与合成）、是否按规则相符。
-- param province: choice of reconciliations.province_code optional | Province code
-- param_zh province: 省代码
WITH r AS (SELECT * FROM reconciliations WHERE $province IS NULL OR province_code = $province),
-- Projects, ratings and enterprises counted by what a check may ask of them but the chain: sums over each table's rows,
-- which qlake keeps per file (docs/architecture.md, "Tiles from parts"), so an import recounts only its new file. A
-- check of one chain counts that chain's rows itself; with no such check DuckDB reads none.
project_counts AS (
  SELECT province_code, program_id, year, kind,
         count(project_id) AS projects, count(project_id) FILTER (WHERE NOT is_synthetic) AS projects_real
  FROM projects GROUP BY province_code, program_id, year, kind),
rating_counts AS (
  SELECT j.province_code, j.program_id, t.year, t.rating,
         count(t.project_id) AS ratings, count(t.project_id) FILTER (WHERE NOT t.is_synthetic) AS ratings_real
  FROM ratings t JOIN projects j ON j.project_id = t.project_id
  GROUP BY j.province_code, j.program_id, t.year, t.rating),
firm_counts AS (
  SELECT e.province_code, j.program_id AS project_program, j.year AS project_year, e.chain_role, e.size_class,
         count(e.enterprise_id) AS firms, count(e.enterprise_id) FILTER (WHERE NOT e.is_synthetic) AS firms_real
  FROM enterprises e LEFT JOIN projects j ON j.project_id = e.project_id
  GROUP BY e.province_code, j.program_id, j.year, e.chain_role, e.size_class),
chain_checks AS (SELECT * FROM r WHERE r.chain_id IS NOT NULL AND r.measure IN ('projects', 'enterprises', 'sme share')),
chain_projects AS (
  SELECT c.check_id, count(j.project_id) AS projects, count(j.project_id) FILTER (WHERE NOT j.is_synthetic) AS projects_real
  FROM chain_checks c JOIN projects j ON j.province_code = c.province_code AND j.chain_id = c.chain_id
    AND (c.program_id IS NULL OR j.program_id = c.program_id)
    AND (c.year_from IS NULL OR j.year >= c.year_from) AND (c.year_to IS NULL OR j.year <= c.year_to)
    AND (c.kind IS NULL OR j.kind = c.kind)
  WHERE c.measure = 'projects' GROUP BY c.check_id),
chain_firms AS (
  SELECT c.check_id, e.enterprise_id, e.is_synthetic, e.size_class, e.project_id
  FROM chain_checks c JOIN enterprises e ON e.province_code = c.province_code AND e.chain_id = c.chain_id
    AND (c.kind IS NULL OR e.chain_role = c.kind OR c.measure = 'sme share')),
-- The projects, only when there is a firm to look up: DuckDB's estimates make it build all the projects' side of the
-- lookup even with none (70 ms at 1M projects, docs/performance.md); with no firm, `b` has no row and no project is
-- read.
chain_firm_projects AS (
  SELECT j.project_id, j.program_id, j.year
  FROM projects j, (SELECT 1 AS firms FROM chain_firms HAVING count(*) > 0) b),
chain_counts AS (
  SELECT c.check_id,
         count(f.enterprise_id) FILTER (WHERE c.measure = 'enterprises'
           AND (c.program_id IS NULL OR j.program_id = c.program_id)
           AND (c.year_from IS NULL OR j.year >= c.year_from) AND (c.year_to IS NULL OR j.year <= c.year_to)) AS firms,
         count(f.enterprise_id) FILTER (WHERE c.measure = 'enterprises' AND NOT f.is_synthetic
           AND (c.program_id IS NULL OR j.program_id = c.program_id)
           AND (c.year_from IS NULL OR j.year >= c.year_from) AND (c.year_to IS NULL OR j.year <= c.year_to)) AS firms_real,
         count(f.enterprise_id) FILTER (WHERE f.size_class IS NOT NULL) AS sized,
         count(f.enterprise_id) FILTER (WHERE f.size_class IN ('medium', 'small', 'micro')) AS smes
  FROM chain_checks c JOIN chain_firms f ON f.check_id = c.check_id
  LEFT JOIN chain_firm_projects j ON j.project_id = f.project_id
  GROUP BY c.check_id),
counted AS (
  SELECT r.check_id, CAST(coalesce(sum(j.projects), 0) AS DECIMAL(18,1)) AS lake_rows,
         CAST(coalesce(sum(j.projects_real), 0) AS DECIMAL(18,1)) AS lake_real
  FROM r LEFT JOIN project_counts j ON j.province_code = r.province_code
    AND (r.program_id IS NULL OR j.program_id = r.program_id)
    AND (r.year_from IS NULL OR j.year >= r.year_from) AND (r.year_to IS NULL OR j.year <= r.year_to)
    AND (r.kind IS NULL OR j.kind = r.kind)
  WHERE r.measure = 'projects' AND r.chain_id IS NULL GROUP BY r.check_id
  UNION ALL
  SELECT c.check_id, CAST(coalesce(n.projects, 0) AS DECIMAL(18,1)), CAST(coalesce(n.projects_real, 0) AS DECIMAL(18,1))
  FROM chain_checks c LEFT JOIN chain_projects n ON n.check_id = c.check_id
  WHERE c.measure = 'projects'
  UNION ALL
  SELECT r.check_id, CAST(coalesce(sum(e.firms), 0) AS BIGINT), CAST(coalesce(sum(e.firms_real), 0) AS BIGINT)
  FROM r LEFT JOIN firm_counts e ON e.province_code = r.province_code
    AND (r.program_id IS NULL OR e.project_program = r.program_id)
    AND (r.year_from IS NULL OR e.project_year >= r.year_from) AND (r.year_to IS NULL OR e.project_year <= r.year_to)
    AND (r.kind IS NULL OR e.chain_role = r.kind)
  WHERE r.measure = 'enterprises' AND r.chain_id IS NULL GROUP BY r.check_id
  UNION ALL
  SELECT c.check_id, coalesce(n.firms, 0), coalesce(n.firms_real, 0)
  FROM chain_checks c LEFT JOIN chain_counts n ON n.check_id = c.check_id
  WHERE c.measure = 'enterprises'
  UNION ALL
  SELECT r.check_id, count(c.chain_id), count(c.chain_id) FILTER (WHERE NOT c.is_synthetic)
  FROM r LEFT JOIN chains c ON c.province_code = r.province_code
    AND (r.kind IS NULL OR c.kind = r.kind) AND (r.chain_id IS NULL OR c.chain_id = r.chain_id)
  WHERE r.measure = 'chains' GROUP BY r.check_id
  UNION ALL
  SELECT r.check_id, CAST(coalesce(sum(t.ratings), 0) AS BIGINT), CAST(coalesce(sum(t.ratings_real), 0) AS BIGINT)
  FROM r LEFT JOIN rating_counts t
    ON t.province_code = r.province_code AND (r.program_id IS NULL OR t.program_id = r.program_id)
    AND (r.year_from IS NULL OR t.year >= r.year_from) AND (r.year_to IS NULL OR t.year <= r.year_to)
    AND (r.kind IS NULL OR t.rating = r.kind)
  WHERE r.measure = 'ratings' GROUP BY r.check_id
  UNION ALL
  SELECT r.check_id,
         round(100.0 * CAST(coalesce(sum(e.firms) FILTER (WHERE e.size_class IN ('medium', 'small', 'micro')), 0) AS BIGINT)
               / nullif(CAST(coalesce(sum(e.firms), 0) AS BIGINT), 0), 1),
         NULL
  FROM r LEFT JOIN firm_counts e ON e.province_code = r.province_code AND e.size_class IS NOT NULL
  WHERE r.measure = 'sme share' AND r.chain_id IS NULL GROUP BY r.check_id
  UNION ALL
  SELECT c.check_id, round(100.0 * coalesce(n.smes, 0) / nullif(coalesce(n.sized, 0), 0), 1), NULL
  FROM chain_checks c LEFT JOIN chain_counts n ON n.check_id = c.check_id
  WHERE c.measure = 'sme share')
SELECT r.check_id, r.province_code, r.measure, r.label, i.metric_zh, r.rule, r.headline,
       i.value AS published, i.qualifier, i.unit,
       c.lake_rows AS in_lake, c.lake_real AS in_lake_real, c.lake_rows - c.lake_real AS in_lake_synthetic,
       CASE
         WHEN r.metric IS NULL THEN 'no published figure'
         WHEN i.value IS NULL THEN 'published figure missing'
         WHEN r.rule IN ('side by side', 'source inconsistent') THEN 'not checked'
         WHEN r.rule = 'within' THEN CASE WHEN c.lake_rows <= i.value THEN 'ok' ELSE 'broken' END
         WHEN i.qualifier = 'exact' THEN CASE WHEN c.lake_rows = i.value THEN 'ok' ELSE 'broken' END
         WHEN i.qualifier = 'at least' THEN CASE WHEN c.lake_rows >= i.value THEN 'ok' ELSE 'broken' END
         WHEN i.qualifier = 'more than' THEN CASE WHEN c.lake_rows > i.value THEN 'ok' ELSE 'broken' END
         WHEN i.qualifier IN ('at most', 'up to') THEN CASE WHEN c.lake_rows <= i.value THEN 'ok' ELSE 'broken' END
         WHEN i.qualifier = 'about' THEN CASE WHEN abs(c.lake_rows - i.value) <= 0.05 * i.value THEN 'ok' ELSE 'broken' END
         ELSE 'not checked'
       END AS status,
       r.metric, r.metric_year, r.city_code, r.note, r.source_id, r.source_quote, r.is_synthetic
FROM r LEFT JOIN counted c ON c.check_id = r.check_id
LEFT JOIN indicators i ON i.province_code = r.province_code AND i.city_code IS NOT DISTINCT FROM r.city_code
  AND i.year IS NOT DISTINCT FROM r.metric_year AND i.metric = r.metric
ORDER BY r.province_code, r.check_id
