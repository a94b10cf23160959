-- name: lake-columns
-- title: Tables and columns of the lake
-- title_zh: 湖仓的表和列
-- description: Every table of the lake with its columns and their types, in the order the table declares them. The SQL console lists these beside its editor and completes their names with Tab.
-- description_zh: 湖仓中每张表的列及其类型，按顺序列出。
SELECT table_name, column_name, data_type
FROM information_schema.columns
WHERE table_schema = 'main'
ORDER BY table_name, ordinal_position
