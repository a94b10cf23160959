-- name: lake-columns
-- title: Tables and columns of the lake
-- description: Every table of the lake with its columns and their types, in the order the table declares them. The SQL console lists these beside its editor and completes their names with Tab.
SELECT table_name, column_name, data_type
FROM information_schema.columns
WHERE table_schema = 'main'
ORDER BY table_name, ordinal_position
