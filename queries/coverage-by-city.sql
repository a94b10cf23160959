-- name: coverage-by-city
-- title: Coverage against targets by city
-- description: 万/千/百 targets per city (and province-wide) with what was reached where the sources say,
-- description: and the share of the target reached; beside them, the enterprises of that tier the lake holds for the
-- description: city (or province) under that year's projects, and how many of them are real.
-- param year: integer optional | Year of the targets (empty: the latest year the province has targets for)
-- param province: choice(CN-HB, CN-AH, CN-JS, CN-GD, CN-FJ, CN-SD, CN-LN, CN-SN) = CN-HB | Province code
SELECT v.year, coalesce(c.name_zh, '全省') AS city_zh, coalesce(c.name_en, 'province-wide') AS city_en,
       v.tier, v.tier_en, v.target, v.actual, v.actual_qualifier,
       CASE WHEN v.actual IS NOT NULL THEN round(100.0 * v.actual / v.target, 1) END AS reached_pct,
       (SELECT count(*) FROM enterprises e JOIN projects j USING (project_id)
        WHERE e.province_code = v.province_code AND e.tier = v.tier AND j.year = v.year
          AND (v.city_code IS NULL OR e.city_code = v.city_code)) AS in_lake,
       (SELECT count(*) FROM enterprises e JOIN projects j USING (project_id)
        WHERE e.province_code = v.province_code AND e.tier = v.tier AND j.year = v.year AND NOT e.is_synthetic
          AND (v.city_code IS NULL OR e.city_code = v.city_code)) AS in_lake_real,
       v.program_id, v.is_synthetic, v.source_id, v.source_quote
FROM coverage v LEFT JOIN cities c USING (city_code)
WHERE v.year = coalesce($year, (SELECT max(year) FROM coverage WHERE province_code = $province))
  AND v.province_code = $province
ORDER BY v.city_code NULLS LAST, CASE v.tier WHEN '万' THEN 1 WHEN '千' THEN 2 WHEN '百' THEN 3 WHEN '十' THEN 4 ELSE 5 END
