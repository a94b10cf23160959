-- name: cities-of-province
-- title: Cities of a province
-- title_zh: 一个省的各市
-- engines: duckdb, spark
-- description: Per city: chains, projects and enterprises. Rows without a city (province-wide chains and
-- description: projects) come last.
-- description_zh: 某省各市（及全省层面）的项目、产业链和企业数。
-- param province_code: text | Province code, e.g. CN-HB
-- param_zh province_code: 省代码，如 CN-HB
-- drill: chains-of-city province_code=province_code city_code=city_code
WITH units AS (
  SELECT city_code FROM chains WHERE province_code = $province_code
  UNION SELECT city_code FROM projects WHERE province_code = $province_code
  UNION SELECT city_code FROM cities WHERE province_code = $province_code),
ch AS (SELECT city_code, count(*) AS n FROM chains WHERE province_code = $province_code GROUP BY city_code),
pj AS (SELECT city_code, count(*) AS n FROM projects WHERE province_code = $province_code GROUP BY city_code),
en AS (SELECT city_code, count(*) AS n FROM enterprises WHERE province_code = $province_code GROUP BY city_code)
SELECT $province_code AS province_code, u.city_code,
       coalesce(c.name_zh, '（全省/未分市）') AS name_zh, coalesce(c.name_en, '(province-wide)') AS name_en,
       coalesce(ch.n, 0) AS chains, coalesce(pj.n, 0) AS projects, coalesce(en.n, 0) AS enterprises
FROM units u LEFT JOIN cities c ON c.city_code = u.city_code
LEFT JOIN ch ON ch.city_code IS NOT DISTINCT FROM u.city_code
LEFT JOIN pj ON pj.city_code IS NOT DISTINCT FROM u.city_code
LEFT JOIN en ON en.city_code IS NOT DISTINCT FROM u.city_code
ORDER BY u.city_code NULLS LAST
