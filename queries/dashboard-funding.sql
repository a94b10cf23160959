-- name: dashboard-funding
-- title: Dashboard: money by kind
-- title_zh: 总览：按种类的资金
-- engines: duckdb, spark
-- tile: money
-- description: The largest recorded amounts per province, each of one kind, scope and year (real rows only): public
-- description: money, credit and enterprises' own investment are listed apart and never added together, and no part
-- description: of a total is listed beside it.
-- description_zh: 按种类、范围和年份汇总的真实资金，不同种类从不相加。
-- drill: funding-by-kind province=province_code
SELECT f.province_code, p.name_zh, p.name_en, f.class, f.kind, f.scope, f.year, count(*) AS items,
       sum(f.amount_yuan) AS amount_yuan, round(sum(f.amount_yuan) / 10000, 1) AS amount_wan,
       CASE WHEN count(*) = 1 THEN any_value(f.qualifier) WHEN bool_and(f.qualifier = 'exact') THEN 'exact' ELSE 'mixed' END AS qualifier
FROM funding f JOIN provinces p ON p.province_code = f.province_code
WHERE NOT f.is_synthetic AND f.part_of IS NULL
GROUP BY f.province_code, p.name_zh, p.name_en, f.class, f.kind, f.scope, f.year
ORDER BY CASE f.class WHEN 'public money' THEN 1 WHEN 'credit' THEN 2 WHEN 'enterprise investment' THEN 3 ELSE 4 END,
         amount_yuan DESC
