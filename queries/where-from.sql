-- name: where-from
-- engines: duckdb, spark
-- title: Where a figure came from
-- title_zh: 数字的出处
-- description: Rows of any table whose source sentence mentions a text (a number such as 10324, a name), with the
-- description: source document, its publisher and date, and the quoted sentence.
-- description_zh: 出处原文提到某段文字的每一行，附文件、发布者、日期和原文。
-- param search: text | Text to find in the quoted sentences, e.g. 10324
-- param_zh search: 要在引文中查找的文字，如 10324
-- param source: choice of sources.source_id optional | Only this source
-- param_zh source: 只看该来源
WITH rows AS (
  -- A figure stands in its own column beside its qualifier, so every text output marks it (78+, ≈8.7亿).
  SELECT 'indicators' AS "table", metric || coalesce(' ' || year, '') || ' (' || unit || ')' AS "row",
         CAST(value AS STRING) AS figure, qualifier, is_synthetic, source_id, source_quote FROM indicators
  UNION ALL SELECT 'funding', funding_id || ' (yuan)', CAST(amount_yuan AS STRING), qualifier, is_synthetic, source_id,
         source_quote FROM funding
  UNION ALL SELECT 'coverage', coalesce(city_code, province_code) || ' ' || year || ' ' || tier || ' target ' || target, CAST(NULL AS STRING), CAST(NULL AS STRING), is_synthetic, source_id, source_quote FROM coverage
  UNION ALL SELECT 'ratings', project_id || ' ' || rating, CAST(NULL AS STRING), CAST(NULL AS STRING), is_synthetic, source_id, source_quote FROM ratings
  UNION ALL SELECT 'projects', project_id || ' ' || title_zh, CAST(NULL AS STRING), CAST(NULL AS STRING), is_synthetic, source_id, source_quote FROM projects
  UNION ALL SELECT 'chains', chain_id || ' ' || name_zh, CAST(NULL AS STRING), CAST(NULL AS STRING), is_synthetic, source_id, source_quote FROM chains
  UNION ALL SELECT 'programs', program_id || ' ' || name_zh, CAST(NULL AS STRING), CAST(NULL AS STRING), is_synthetic, source_id, source_quote FROM programs
  UNION ALL SELECT 'enterprises', enterprise_id || ' ' || name, CAST(NULL AS STRING), CAST(NULL AS STRING), is_synthetic, source_id, source_quote FROM enterprises WHERE NOT is_synthetic
  UNION ALL SELECT 'organisations', org_id || ' ' || name_zh, CAST(NULL AS STRING), CAST(NULL AS STRING), is_synthetic, source_id, source_quote FROM organisations
  UNION ALL SELECT 'cities', city_code || ' ' || name_zh, CAST(NULL AS STRING), CAST(NULL AS STRING), is_synthetic, source_id, source_quote FROM cities
  UNION ALL SELECT 'provinces', province_code || ' ' || name_zh, CAST(NULL AS STRING), CAST(NULL AS STRING), is_synthetic, source_id, source_quote FROM provinces)
SELECT r."table", r."row", r.figure, r.qualifier, r.is_synthetic, s.title AS source_title, s.publisher, s.published_on, s.file, r.source_quote
FROM rows r JOIN sources s USING (source_id)
WHERE contains(r.source_quote, CAST($search AS STRING)) AND ($source IS NULL OR r.source_id = $source)
-- One key, the table's name, a unit separator, then the row: the order of (table, row) (no table name holds the
-- separator), in a form Sail 0.7 can plan over the UNION (it fails to sort by the constant table column).
ORDER BY r."table" || chr(31) || r."row"
