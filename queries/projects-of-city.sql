-- name: projects-of-city
-- title: Projects of a city
-- title_zh: 一个城市的项目
-- engines: duckdb, spark
-- description: Every project in one city, any chain, with its rating.
-- description_zh: 某市某年的每个项目及其评价。
-- param city_code: text | City code, e.g. 420100 (Wuhan)
-- param_zh city_code: 城市代码，如 420100（武汉）
-- param year: integer optional | Only this year
-- param_zh year: 只看该年
-- drill: enterprises-of-project project_id=project_id
SELECT p.project_id, p.year, p.title_zh, p.title_en, ch.name_en AS chain, r.rating, r.rating_zh, p.budget_yuan,
       p.is_synthetic, p.source_id, p.source_quote
FROM projects p
LEFT JOIN chains ch USING (chain_id)
LEFT JOIN ratings r ON r.project_id = p.project_id AND r.year = p.year
WHERE p.city_code = $city_code AND ($year IS NULL OR p.year = $year)
ORDER BY p.year, p.project_id
