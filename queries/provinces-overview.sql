-- name: provinces-overview
-- title: Provinces
-- title_zh: 各省
-- engines: duckdb, spark
-- description: The top of the drill-down: per province, its cities, chains, projects (demonstration and chain
-- description: projects; actions apart) and enterprises in the lake, with the real part. The published figures stand
-- description: on the overview, beside the lake's count of the same slice (`reconciliations`), not beside these totals.
-- description_zh: 各省的项目、产业链和企业数。
-- drill: cities-of-province province_code=province_code
SELECT p.province_code, p.name_zh, p.name_en,
       (SELECT count(*) FROM cities c WHERE c.province_code = p.province_code) AS cities,
       (SELECT count(*) FROM chains c WHERE c.province_code = p.province_code) AS chains,
       (SELECT count(*) FROM projects j WHERE j.province_code = p.province_code AND j.kind <> 'action') AS projects,
       (SELECT count(*) FROM projects j WHERE j.province_code = p.province_code AND j.kind = 'action') AS actions,
       (SELECT count(*) FROM enterprises e WHERE e.province_code = p.province_code) AS enterprises,
       (SELECT count(*) FROM enterprises e WHERE e.province_code = p.province_code AND NOT e.is_synthetic) AS enterprises_real
FROM provinces p
ORDER BY p.province_code
