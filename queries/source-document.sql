-- name: source-document
-- engines: duckdb, spark
-- title: One source document
-- title_zh: 一份来源文件
-- description: The title, publisher, date and file of a source document (the where-from popup shows it).
-- description_zh: 来源文件的标题、发布者和日期。
-- param source_id: text | Source id, e.g. hb-wqb-2020
-- param_zh source_id: 来源编号，如 hb-wqb-2020
SELECT title, publisher, CAST(published_on AS STRING) AS published_on, date_note, file
FROM sources
WHERE source_id = $source_id
