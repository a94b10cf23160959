-- name: cities-of-province
-- title: Cities of a province
-- description: Per city: chains, projects and enterprises. Rows without a city (province-wide chains and
-- description: projects) come last.
-- param province_code: text | Province code, e.g. CN-HB
-- drill: chains-of-city province_code=province_code city_code=city_code
WITH units AS (
  SELECT city_code FROM chains WHERE province_code = $province_code
  UNION SELECT city_code FROM projects WHERE province_code = $province_code
  UNION SELECT city_code FROM cities WHERE province_code = $province_code)
SELECT $province_code AS province_code, u.city_code,
       coalesce(c.name_zh, '（全省/未分市）') AS name_zh, coalesce(c.name_en, '(province-wide)') AS name_en,
       (SELECT count(*) FROM chains x WHERE x.province_code = $province_code AND x.city_code IS NOT DISTINCT FROM u.city_code) AS chains,
       (SELECT count(*) FROM projects x WHERE x.province_code = $province_code AND x.city_code IS NOT DISTINCT FROM u.city_code) AS projects,
       (SELECT count(*) FROM enterprises x WHERE x.province_code = $province_code AND x.city_code IS NOT DISTINCT FROM u.city_code) AS enterprises
FROM units u LEFT JOIN cities c USING (city_code)
ORDER BY u.city_code NULLS LAST
