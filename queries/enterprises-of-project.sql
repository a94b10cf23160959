-- name: enterprises-of-project
-- title: Enterprises of a project
-- title_zh: 一个项目服务的企业
-- engines: duckdb, spark
-- description: The enterprises a project served, with size, participation tier and chief quality officer.
-- description_zh: 某项目服务的企业，及其规模、层级和首席质量官。
-- param project_id: text | Project id, e.g. HB-2021-03
-- param_zh project_id: 项目编号，如 HB-2021-03
SELECT e.enterprise_id, e.name, e.name_en, e.size_class, e.tier, e.chain_role, e.has_cqo, c.name_zh AS city_zh,
       c.name_en AS city_en,
       e.is_synthetic, e.source_id, e.source_quote
FROM enterprises e LEFT JOIN cities c USING (city_code)
WHERE e.project_id = $project_id
ORDER BY e.enterprise_id
