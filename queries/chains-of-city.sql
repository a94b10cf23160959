-- name: chains-of-city
-- title: Chains and clusters of a city
-- title_zh: 一个城市的产业链与产业集群
-- engines: duckdb, spark
-- description: Per chain or cluster of one city: projects and enterprises. Projects with no chain come last.
-- description_zh: 某市（或全省层面）的产业链和产业集群，及其项目数和企业数。
-- param province_code: text | Province code
-- param_zh province_code: 省代码
-- param city_code: text optional | City code (empty: province-wide)
-- param_zh city_code: 城市代码（留空：全省）
-- drill: enterprises-of-chain chain_id=chain_id when projects=0
-- drill: projects-of-chain province_code=province_code city_code=city_code chain_id=chain_id
WITH units AS (
  SELECT chain_id FROM chains WHERE province_code = $province_code AND city_code IS NOT DISTINCT FROM $city_code
  UNION SELECT chain_id FROM projects WHERE province_code = $province_code AND city_code IS NOT DISTINCT FROM $city_code),
pj AS (SELECT chain_id, count(*) AS n FROM projects
  WHERE province_code = $province_code AND city_code IS NOT DISTINCT FROM $city_code GROUP BY chain_id),
en AS (SELECT chain_id, count(*) AS n FROM enterprises
  WHERE province_code = $province_code AND chain_id IN (SELECT chain_id FROM units) GROUP BY chain_id)
SELECT $province_code AS province_code, $city_code AS city_code, u.chain_id,
       coalesce(ch.name_zh, '（无产业链）') AS name_zh, coalesce(ch.name_en, '(no chain)') AS name_en, ch.kind, ch.industry,
       coalesce(pj.n, 0) AS projects, coalesce(en.n, 0) AS enterprises, ch.is_synthetic,
       -- The chain's own source, for `i` (the grid leaves these columns to the popup).
       ch.source_id, ch.source_quote
FROM units u LEFT JOIN chains ch ON ch.chain_id = u.chain_id
LEFT JOIN pj ON pj.chain_id IS NOT DISTINCT FROM u.chain_id
LEFT JOIN en ON en.chain_id = u.chain_id
ORDER BY u.chain_id NULLS LAST
