-- name: funding-items
-- title: The funding items a row of funding-by-kind adds up
-- title_zh: 资金汇总行所含的各笔金额
-- engines: duckdb, spark
-- description: Each amount of one province, year, kind, scope and class (and total it is part of), with the project
-- description: it went to, who paid, its qualifier and the source sentence it rests on.
-- description_zh: 某省某年某种类、某范围的每一笔金额，及其项目、出资方、限定词和出处原文。
-- param province: choice of funding.province_code | Province code
-- param_zh province: 省代码
-- param year: integer | Year
-- param_zh year: 年份
-- param kind: choice of funding.kind | Kind of money (special fund, local match, ...)
-- param_zh kind: 资金类别（专项资金、地方配套等）
-- param scope: choice of funding.scope | What it covers (item, annual total, cumulative total)
-- param_zh scope: 范围（单项、年度合计、累计合计）
-- param class: choice of funding.class | Class (public money, credit, enterprise investment, unspecified)
-- param_zh class: 资金性质（财政资金、信贷、企业投入、未说明）
-- param part_of: text optional | The total it is a part of (none when empty)
-- param_zh part_of: 所属的合计（留空：不属于任何合计）
-- param include_synthetic: boolean = false | Include synthetic project budgets
-- param_zh include_synthetic: 包含合成的项目预算
-- drill: enterprises-of-project project_id=project_id
SELECT f.funding_id, f.project_id, p.title_zh, p.title_en, f.amount_yuan, f.payer, f.qualifier, f.note,
       f.is_synthetic, f.source_id, f.source_quote
FROM funding f LEFT JOIN projects p ON p.project_id = f.project_id
WHERE f.province_code = $province
  AND f.year = $year
  AND f.kind = $kind
  AND f.scope = $scope
  AND f.class = $class
  AND f.part_of IS NOT DISTINCT FROM $part_of
  AND ($include_synthetic OR NOT f.is_synthetic)
ORDER BY f.amount_yuan DESC, f.funding_id
