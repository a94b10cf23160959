-- name: coverage-by-city
-- engines: duckdb, spark
-- title: Coverage against targets by city
-- title_zh: 各市“万千百”目标完成情况
-- description: 万/千/百 targets per city (and province-wide) with what was reached where the sources say,
-- description: and the share of the target reached; beside them, the enterprises of that tier the lake holds for the
-- description: city (or province) under that year's projects, and how many of them are real.
-- description_zh: 各市（及全省）万、千、百目标与完成数、完成率，旁列湖仓中该层级的企业数。
-- param year: integer optional | Year of the targets (empty: the latest year with actuals, else with targets)
-- param_zh year: 目标年份（留空：有实际数的最近一年，否则为有目标的最近一年）
-- param province: choice of coverage.province_code optional | Province code (empty: the lake's province with the most targets)
-- param_zh province: 省代码（留空：湖仓中目标最多的省）
WITH chosen AS (
  -- The province asked for, else the lake's own with the most targets: the same query on any lake.
  SELECT coalesce(CAST($province AS STRING),
    (SELECT province_code FROM (SELECT province_code, count(*) AS n FROM coverage GROUP BY province_code) AS t
     ORDER BY n DESC, province_code LIMIT 1)) AS code),
firms AS (
  -- The province's enterprises by city, tier and project year, read once.
  SELECT e.city_code, e.tier, j.year, count(*) AS n, count(*) FILTER (WHERE NOT e.is_synthetic) AS n_real
  FROM enterprises e JOIN projects j ON j.project_id = e.project_id
  WHERE e.province_code = (SELECT code FROM chosen) AND e.tier IS NOT NULL
  GROUP BY e.city_code, e.tier, j.year)
SELECT v.year, coalesce(c.name_zh, '全省') AS city_zh, coalesce(c.name_en, 'province-wide') AS city_en,
       v.tier, v.target, v.actual,
       coalesce(sum(f.n), 0) AS in_lake,
       coalesce(sum(f.n_real), 0) AS in_lake_real,
       CASE WHEN v.actual IS NOT NULL THEN round(100.0 * v.actual / v.target, 1) END AS reached_pct,
       v.actual_qualifier, v.tier_en, v.program_id, v.is_synthetic, v.source_id, v.source_quote, v.province_code,
       v.city_code
-- The firms of the target's tier and year, in its city (all of the province's for a province-wide target): a join
-- and one group per target row (every column of it), not a correlated subquery, so Sail can plan it as DuckDB does.
FROM coverage v LEFT JOIN cities c ON c.city_code = v.city_code
  LEFT JOIN firms f ON f.tier = v.tier AND f.year = v.year AND (v.city_code IS NULL OR f.city_code = v.city_code)
WHERE v.year = coalesce($year,
    (SELECT max(year) FROM coverage WHERE province_code = (SELECT code FROM chosen) AND actual IS NOT NULL),
    (SELECT max(year) FROM coverage WHERE province_code = (SELECT code FROM chosen)))
  AND v.province_code = (SELECT code FROM chosen)
GROUP BY v.province_code, v.city_code, v.program_id, v.year, v.tier, v.tier_en, v.target, v.actual, v.actual_qualifier,
         v.actual_quote, v.source_id, v.source_quote, v.is_synthetic, c.name_zh, c.name_en
ORDER BY v.city_code NULLS LAST, CASE v.tier WHEN '万' THEN 1 WHEN '千' THEN 2 WHEN '百' THEN 3 WHEN '十' THEN 4 ELSE 5 END
