-- name: provinces-overview
-- title: Provinces
-- description: The top of the drill-down: per province, its cities, chains, projects and enterprises in the lake.
-- drill: cities-of-province province_code=province_code
SELECT p.province_code, p.name_zh, p.name_en,
       (SELECT count(*) FROM cities c WHERE c.province_code = p.province_code) AS cities,
       (SELECT count(*) FROM chains c WHERE c.province_code = p.province_code) AS chains,
       (SELECT count(*) FROM projects j WHERE j.province_code = p.province_code) AS projects,
       (SELECT count(*) FROM enterprises e WHERE e.province_code = p.province_code) AS enterprises
FROM provinces p
ORDER BY p.province_code
