-- name: ratings-by-year
-- title: Project ratings by year and province
-- title_zh: 各年各省的项目验收评价
-- engines: duckdb, spark
-- description: Acceptance ratings (优秀 excellent, 良好 good, 合格 pass, 延迟验收 deferred) of demonstration
-- description: projects, one row per project, with the province, city and the source of each rating.
-- description_zh: 示范项目的验收评价（优秀、良好、合格、延迟验收），每个项目一行，附省、市和评价出处。
-- param year: integer optional | Year of the projects rated (all years when empty)
-- param_zh year: 项目评价年份（留空：所有年份）
-- param province: choice of projects.province_code optional | Province code
-- param_zh province: 省代码
-- param rating: choice(excellent, good, pass, deferred) optional | Only this rating
-- param_zh rating: 只看该评价等次
-- drill: enterprises-of-project project_id=project_id
SELECT r.year, p.project_id, p.title_zh, p.title_en, r.rating, r.rating_zh,
       pr.name_zh AS province_zh, pr.name_en AS province_en, c.name_zh AS city_zh, c.name_en AS city_en,
       r.is_synthetic, r.source_id, r.source_quote
FROM ratings r
JOIN projects p ON p.project_id = r.project_id
JOIN provinces pr ON pr.province_code = p.province_code
LEFT JOIN cities c ON c.city_code = p.city_code
WHERE ($year IS NULL OR r.year = $year)
  AND ($province IS NULL OR p.province_code = $province)
  AND ($rating IS NULL OR r.rating = $rating)
ORDER BY r.year, p.project_id
