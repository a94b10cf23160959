-- name: projects-of-chain
-- title: Projects of a chain or cluster
-- title_zh: 一条产业链或集群的项目
-- engines: duckdb, spark
-- description: The projects of one chain (or, with no chain, of one city), with rating, budget and service
-- description: organisation.
-- description_zh: 某产业链或产业集群的项目及其评价。
-- param province_code: text | Province code
-- param_zh province_code: 省代码
-- param city_code: text optional | City code
-- param_zh city_code: 城市代码
-- param chain_id: text optional | Chain or cluster id (empty: projects with no chain)
-- param_zh chain_id: 产业链或产业集群编号（留空：不属于任何产业链的项目）
-- drill: enterprises-of-project project_id=project_id
SELECT p.project_id, p.year, p.title_zh, p.title_en, r.rating, r.rating_zh, p.budget_yuan, p.service_org,
       (SELECT count(*) FROM enterprises e WHERE e.province_code = $province_code AND e.project_id = p.project_id) AS enterprises,
       p.is_synthetic, p.source_id, p.source_quote
FROM projects p LEFT JOIN ratings r ON r.project_id = p.project_id AND r.year = p.year
WHERE p.province_code = $province_code
  AND ($chain_id IS NOT NULL OR p.city_code IS NOT DISTINCT FROM $city_code)
  AND p.chain_id IS NOT DISTINCT FROM $chain_id
ORDER BY p.year, p.project_id
