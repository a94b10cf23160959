-- name: programme-overview
-- title: Programmes of a province
-- title_zh: 一个省的各项计划
-- engines: duckdb, spark
-- description: Each programme with its years, projects, rated projects and how many amounts of money the lake
-- description: records against it (the funding pane shows them by kind; amounts of different kinds are not added).
-- description_zh: 某省的各项计划：年份、项目数、已评价项目数和记录的资金。
-- param province: choice of programs.province_code optional | Province code (empty: the lake's province with the most programmes)
-- param_zh province: 省代码（留空：湖仓中计划最多的省）
-- drill: projects-of-programme program_id=program_id
SELECT g.program_id, g.name_zh, g.name_en, g.kind, g.start_year, g.end_year,
       (SELECT count(*) FROM projects p WHERE p.program_id = g.program_id) AS projects,
       (SELECT count(*) FROM ratings r JOIN projects p USING (project_id) WHERE p.program_id = g.program_id) AS rated_projects,
       (SELECT count(*) FROM funding f WHERE f.program_id = g.program_id AND NOT f.is_synthetic) AS funding_amounts,
       g.source_id, g.source_quote, g.province_code
FROM programs g
-- The province asked for, else the lake's own with the most programmes: the same query on any lake.
WHERE g.province_code = coalesce(CAST($province AS STRING),
  (SELECT province_code FROM (SELECT province_code, count(*) AS n FROM programs GROUP BY province_code) AS t
   ORDER BY n DESC, province_code LIMIT 1))
ORDER BY g.start_year NULLS LAST, g.program_id
