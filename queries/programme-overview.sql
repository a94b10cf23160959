-- name: programme-overview
-- title: Programmes of a province
-- engines: duckdb, spark
-- description: Each programme with its years, projects, rated projects and how many amounts of money the lake
-- description: records against it (the funding pane shows them by kind; amounts of different kinds are not added).
-- param province: choice(CN-HB, CN-AH, CN-JS, CN-GD, CN-FJ, CN-SD, CN-LN, CN-SN) = CN-HB | Province code
-- drill: projects-of-programme program_id=program_id
SELECT g.program_id, g.name_zh, g.name_en, g.kind, g.start_year, g.end_year,
       (SELECT count(*) FROM projects p WHERE p.program_id = g.program_id) AS projects,
       (SELECT count(*) FROM ratings r JOIN projects p USING (project_id) WHERE p.program_id = g.program_id) AS rated_projects,
       (SELECT count(*) FROM funding f WHERE f.program_id = g.program_id AND NOT f.is_synthetic) AS funding_amounts,
       g.source_id, g.source_quote
FROM programs g
WHERE g.province_code = $province
ORDER BY g.start_year NULLS LAST, g.program_id
