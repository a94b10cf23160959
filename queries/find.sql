-- name: find
-- title: Find by name
-- title_zh: 按名称查找
-- engines: duckdb, spark
-- description: Every province, city, programme, chain, project, enterprise and organisation whose name (Chinese or
-- description: English, any case, either script) contains a text, or is spelled by it in pinyin or pinyin initials, or
-- description: whose id is it; real rows first. In the TUI (`:find TEXT` or
-- description: `f`), Enter opens a hit at its place in Explore.
-- description_zh: 名称（中文或英文，简繁均可）含某段文字、或拼音及拼音首字母与之相符的省、市、项目、产业链、企业和机构，真实记录在前。
-- param text: search | Part of a name, e.g. 武汉, laser, 當陽, dangyang or dy
-- param_zh text: 名称的一部分，如 武汉、laser、當陽、dangyang 或 dy
WITH q AS (SELECT lower(trim($text)) AS t),
hits AS (
  SELECT 'province' AS kind, province_code AS id, name_zh, name_en, province_code, NULL AS city_code,
         NULL AS chain_id, NULL AS project_id, NULL AS program_id, is_synthetic, 1 AS level FROM provinces
  UNION ALL SELECT 'city', city_code, name_zh, name_en, province_code, city_code, NULL, NULL, NULL, is_synthetic, 2 FROM cities
  UNION ALL SELECT 'programme', program_id, name_zh, name_en, province_code, NULL, NULL, NULL, program_id, is_synthetic, 3
    FROM programs
  UNION ALL SELECT 'chain', chain_id, name_zh, name_en, province_code, city_code, chain_id, NULL, NULL, is_synthetic, 4
    FROM chains
  UNION ALL SELECT 'project', project_id, title_zh, title_en, province_code, city_code, chain_id, project_id, program_id,
    is_synthetic, 5 FROM projects
  UNION ALL SELECT 'enterprise', enterprise_id, name, name_en, province_code, city_code, chain_id, project_id, NULL,
    is_synthetic, 6 FROM enterprises
  UNION ALL SELECT 'organisation', org_id, name_zh, name_en, province_code, NULL, NULL, NULL, NULL, is_synthetic, 7
    FROM organisations)
-- Each hit with the names of the places it sits in (the breadcrumb Enter opens reads them).
SELECT h.kind, h.id, h.name_zh, h.name_en, p.name_zh AS province_zh, p.name_en AS province_en,
       c.name_zh AS city_zh, c.name_en AS city_en, ch.name_zh AS chain_zh, ch.name_en AS chain_en,
       j.title_zh AS project_zh, j.title_en AS project_en,
       h.province_code, h.city_code, h.chain_id, h.project_id, h.program_id, h.is_synthetic
FROM hits h CROSS JOIN q
LEFT JOIN provinces p ON p.province_code = h.province_code
LEFT JOIN cities c ON c.city_code = h.city_code
LEFT JOIN chains ch ON ch.chain_id = h.chain_id
LEFT JOIN projects j ON j.project_id = h.project_id
WHERE q.t <> ''
  AND (contains(lower(h.name_zh), q.t) OR contains(lower(coalesce(h.name_en, '')), q.t) OR lower(h.id) = q.t
       -- Pinyin (dangyang) or its initials (dy): the pattern qlake made of the characters they spell, used as the
       -- parameter itself (a constant, compiled once; read through a join it would be compiled for every row).
       OR ($text_pinyin IS NOT NULL AND regexp_extract(h.name_zh, $text_pinyin, 0) <> ''))
ORDER BY h.is_synthetic, h.level, h.id
