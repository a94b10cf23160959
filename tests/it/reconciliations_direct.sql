-- The reconciliations as the shipped query computed them before its counts were written as units (issue 37): every
-- table joined and counted directly. tests/it/partials.rs holds the shipped query to it.
WITH r AS (SELECT * FROM reconciliations WHERE $province IS NULL OR province_code = $province),
firms AS (
  SELECT e.*, j.program_id AS project_program, j.year AS project_year
  FROM enterprises e LEFT JOIN projects j ON j.project_id = e.project_id),
counted AS (
  SELECT r.check_id, CAST(count(j.project_id) AS DECIMAL(18,1)) AS lake_rows,
         CAST(count(j.project_id) FILTER (WHERE NOT j.is_synthetic) AS DECIMAL(18,1)) AS lake_real
  FROM r LEFT JOIN projects j ON j.province_code = r.province_code
    AND (r.program_id IS NULL OR j.program_id = r.program_id)
    AND (r.year_from IS NULL OR j.year >= r.year_from) AND (r.year_to IS NULL OR j.year <= r.year_to)
    AND (r.kind IS NULL OR j.kind = r.kind) AND (r.chain_id IS NULL OR j.chain_id = r.chain_id)
  WHERE r.measure = 'projects' GROUP BY r.check_id
  UNION ALL
  SELECT r.check_id, count(e.enterprise_id), count(e.enterprise_id) FILTER (WHERE NOT e.is_synthetic)
  FROM r LEFT JOIN firms e ON e.province_code = r.province_code
    AND (r.program_id IS NULL OR e.project_program = r.program_id)
    AND (r.year_from IS NULL OR e.project_year >= r.year_from) AND (r.year_to IS NULL OR e.project_year <= r.year_to)
    AND (r.kind IS NULL OR e.chain_role = r.kind) AND (r.chain_id IS NULL OR e.chain_id = r.chain_id)
  WHERE r.measure = 'enterprises' GROUP BY r.check_id
  UNION ALL
  SELECT r.check_id, count(c.chain_id), count(c.chain_id) FILTER (WHERE NOT c.is_synthetic)
  FROM r LEFT JOIN chains c ON c.province_code = r.province_code
    AND (r.kind IS NULL OR c.kind = r.kind) AND (r.chain_id IS NULL OR c.chain_id = r.chain_id)
  WHERE r.measure = 'chains' GROUP BY r.check_id
  UNION ALL
  SELECT r.check_id, count(t.project_id), count(t.project_id) FILTER (WHERE NOT t.is_synthetic)
  FROM r LEFT JOIN (SELECT t.*, j.province_code, j.program_id FROM ratings t JOIN projects j ON j.project_id = t.project_id) t
    ON t.province_code = r.province_code AND (r.program_id IS NULL OR t.program_id = r.program_id)
    AND (r.year_from IS NULL OR t.year >= r.year_from) AND (r.year_to IS NULL OR t.year <= r.year_to)
    AND (r.kind IS NULL OR t.rating = r.kind)
  WHERE r.measure = 'ratings' GROUP BY r.check_id
  UNION ALL
  SELECT r.check_id,
         round(100.0 * count(e.enterprise_id) FILTER (WHERE e.size_class IN ('medium', 'small', 'micro'))
               / nullif(count(e.enterprise_id), 0), 1),
         NULL
  FROM r LEFT JOIN enterprises e ON e.province_code = r.province_code AND e.size_class IS NOT NULL
    AND (r.chain_id IS NULL OR e.chain_id = r.chain_id)
  WHERE r.measure = 'sme share' GROUP BY r.check_id)
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
