-- name: enterprises-of-chain
-- title: Enterprises of a chain or cluster
-- title_zh: 一条产业链或集群的企业
-- engines: duckdb, spark
-- description: The enterprises of one chain or cluster, chain masters first.
-- description_zh: 某产业链或产业集群的企业，链主企业在前。
-- param chain_id: text | Chain or cluster id, e.g. SN-CH-HYDROGEN
-- param_zh chain_id: 产业链或产业集群编号，如 SN-CH-HYDROGEN
-- param role: choice(chain master, chain member) optional | Only chain masters or members
-- param_zh role: 只看链主或链员
SELECT e.enterprise_id, e.name, e.name_en, e.chain_role, e.size_class, e.tier, e.has_cqo, e.project_id,
       e.is_synthetic, e.source_id, e.source_quote
FROM enterprises e
WHERE e.chain_id = $chain_id AND ($role IS NULL OR e.chain_role = $role)
ORDER BY e.chain_role NULLS LAST, e.enterprise_id
