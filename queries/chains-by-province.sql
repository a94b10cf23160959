-- name: chains-by-province
-- title: Quality chains and clusters by province
-- title_zh: 各省质量强链与产业集群
-- engines: duckdb, spark
-- description: Per province: the chains and clusters in the lake, their enterprises and chain masters, and the
-- description: published chain figures (key chains, chain enterprises). Money is on the funding pane, by kind.
-- description_zh: 各省的产业链和产业集群、链上企业与链主企业，以及公开发布的产业链数字。
-- param province: choice of chains.province_code optional | Province code
-- param_zh province: 省代码
-- drill: cities-of-province province_code=province_code
WITH chain_counts AS (
  SELECT province_code, count(*) AS chains_in_lake, count(*) FILTER (WHERE NOT is_synthetic) AS named_chains
  FROM chains GROUP BY province_code),
firms AS (
  SELECT province_code, count(*) FILTER (WHERE chain_id IS NOT NULL) AS chain_enterprises,
         count(*) FILTER (WHERE chain_role = 'chain master') AS chain_masters
  FROM enterprises GROUP BY province_code),
published AS (
  SELECT province_code,
         max(value) FILTER (WHERE metric = 'key_chains') AS published_key_chains,
         max(value) FILTER (WHERE metric IN ('chain_enterprises', 'chain_enterprises_helped', 'chain_member_enterprises')) AS published_chain_enterprises
  FROM indicators GROUP BY province_code)
SELECT p.province_code, p.name_zh, p.name_en, coalesce(cc.chains_in_lake, 0) AS chains_in_lake,
       coalesce(cc.named_chains, 0) AS named_chains, pub.published_key_chains,
       coalesce(fm.chain_enterprises, 0) AS chain_enterprises, coalesce(fm.chain_masters, 0) AS chain_masters,
       pub.published_chain_enterprises
FROM provinces p
LEFT JOIN chain_counts cc ON cc.province_code = p.province_code
LEFT JOIN firms fm ON fm.province_code = p.province_code
LEFT JOIN published pub ON pub.province_code = p.province_code
WHERE ($province IS NULL OR p.province_code = $province)
ORDER BY p.province_code
