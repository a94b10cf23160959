-- name: funding-by-kind
-- engines: duckdb, spark
-- title: Funding by kind, scope and year
-- title_zh: 按种类、范围和年份的资金
-- description: Money by what it is (grant, special fund, local match, award, services, spending, loan, credit line,
-- description: enterprises' own investment) and what it covers (one item, a year's total, a cumulative total), per
-- description: year. Only amounts of the same kind, scope and year are added; a part of a total is its own row,
-- description: never added to the total.
-- description_zh: 按资金种类和范围逐年列出；只把同种类、同范围、同年份的金额相加，总额的组成部分单独成行。
-- param province: choice of funding.province_code optional | Province code
-- param_zh province: 省代码
-- param year: integer optional | Year (a cumulative total is the year of the report it is as of)
-- param_zh year: 年份（累计合计取其截至的报告年份）
-- param include_synthetic: boolean = false | Include synthetic project budgets
-- param_zh include_synthetic: 包含合成的项目预算
-- drill: funding-items province=province_code year=year kind=kind scope=scope class=class part_of=part_of include_synthetic=includes_synthetic
SELECT f.province_code, f.year, f.kind, CAST(round(sum(f.amount_yuan) / 10000, 2) AS DOUBLE) AS amount_wan, count(*) AS items,
       bool_or(f.is_synthetic) AS includes_synthetic, f.scope, f.part_of, f.class, sum(f.amount_yuan) AS amount_yuan,
       CASE WHEN count(*) = 1 THEN any_value(f.qualifier) WHEN bool_and(f.qualifier = 'exact') THEN 'exact' ELSE 'mixed' END AS qualifier,
       CASE WHEN count(*) = 1 THEN any_value(f.note) END AS note,
       CASE WHEN count(*) = 1 THEN any_value(f.source_id) END AS source_id,
       CASE WHEN count(*) = 1 THEN any_value(f.source_quote) END AS source_quote
FROM funding f
WHERE ($province IS NULL OR f.province_code = $province)
  AND ($year IS NULL OR f.year = $year)
  AND ($include_synthetic OR NOT f.is_synthetic)
GROUP BY f.province_code, f.year, f.class, f.kind, f.scope, f.part_of
ORDER BY f.province_code, f.year, f.class, amount_yuan DESC
