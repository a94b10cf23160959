-- name: projects-of-programme
-- title: Projects of a programme
-- title_zh: 一项计划的项目
-- engines: duckdb, spark
-- description: Every project of one programme, with its city, chain, rating and budget.
-- description_zh: 某项计划的每个项目及其评价。
-- param program_id: text | Programme id, e.g. HB-WQB
-- param_zh program_id: 计划编号，如 HB-WQB
-- drill: enterprises-of-project project_id=project_id
SELECT p.project_id, p.year, p.title_zh, p.title_en, c.name_en AS city, ch.name_en AS chain, r.rating, r.rating_zh,
       p.budget_yuan, p.is_synthetic, p.source_id, p.source_quote
FROM projects p
LEFT JOIN cities c USING (city_code)
LEFT JOIN chains ch USING (chain_id)
LEFT JOIN ratings r ON r.project_id = p.project_id AND r.year = p.year
WHERE p.program_id = $program_id
ORDER BY p.year, p.project_id
