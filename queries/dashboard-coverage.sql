-- name: dashboard-coverage
-- title: Dashboard: coverage against targets
-- title_zh: 总览：目标完成情况
-- engines: duckdb, spark
-- tile: gauges
-- description: Province-wide 万/千/百 targets with what was reached, where the sources give both.
-- description_zh: 各省万、千、百目标的完成情况。
SELECT v.province_code, v.year, v.tier, v.tier_en, v.target, v.actual,
       round(100.0 * v.actual / v.target, 1) AS reached_pct, v.actual_qualifier
FROM coverage v
WHERE v.city_code IS NULL AND v.actual IS NOT NULL
ORDER BY v.province_code, v.year, CASE v.tier WHEN '万' THEN 1 WHEN '千' THEN 2 WHEN '百' THEN 3 ELSE 4 END
