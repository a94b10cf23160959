-- name: funding-by-source
-- title: Funding by source and year
-- description: Money by where it came from (provincial, local match, special fund, enterprise, loan ...) and
-- description: year, in exact yuan and in 万元. Cumulative figures have no year.
-- param province: choice(CN-HB, CN-AH, CN-JS, CN-GD, CN-FJ, CN-SD, CN-LN, CN-SN) optional | Province code
-- param include_synthetic: boolean = false | Include synthetic project budgets
SELECT f.province_code, f.year, f.source, count(*) AS items, sum(f.amount_yuan) AS amount_yuan,
       round(sum(f.amount_yuan) / 10000, 2) AS amount_wan, bool_or(f.is_synthetic) AS includes_synthetic
FROM funding f
WHERE ($province IS NULL OR f.province_code = $province)
  AND ($include_synthetic OR NOT f.is_synthetic)
GROUP BY ALL
ORDER BY f.province_code, f.year NULLS LAST, amount_yuan DESC
