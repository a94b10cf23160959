-- name: rating-distribution
-- title: Rating distribution by year and province
-- title_zh: 各年各省的评价分布
-- engines: duckdb, spark
-- description: How many projects got each rating, and their share of the year's rated projects.
-- description_zh: 各年各省每个验收等级的项目数及占比。
-- param year: integer optional | Year (all years when empty)
-- param_zh year: 年份（留空：所有年份）
-- param province: choice of projects.province_code optional | Province code
-- param_zh province: 省代码
-- drill: ratings-by-year year=year rating=rating
WITH counted AS (
  SELECT r.year, p.province_code, r.rating, r.rating_zh, count(*) AS projects, bool_or(r.is_synthetic) AS includes_synthetic
  FROM ratings r JOIN projects p ON p.project_id = r.project_id
  WHERE ($year IS NULL OR r.year = $year)
    AND ($province IS NULL OR p.province_code = $province)
  GROUP BY r.year, p.province_code, r.rating, r.rating_zh)
SELECT year, province_code, rating, rating_zh, projects,
       round(100.0 * projects / sum(projects) OVER (PARTITION BY year, province_code), 1) AS share_pct,
       includes_synthetic
FROM counted
ORDER BY year, province_code, CASE rating WHEN 'excellent' THEN 1 WHEN 'good' THEN 2 WHEN 'pass' THEN 3 ELSE 4 END
