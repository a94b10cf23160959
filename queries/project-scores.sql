-- name: project-scores
-- title: Per-aspect scores of one rated project
-- engines: duckdb, spark
-- description: The acceptance scores of a project in a year, aspect by aspect (the Ratings pane shows them under
-- description: the selected project).
-- param project_id: text | Project id, e.g. HB-2021-01
-- param year: integer | Year of the rating
SELECT aspect_zh, aspect_en, score, max_score, is_synthetic
FROM rating_scores
WHERE project_id = $project_id AND year = $year
ORDER BY aspect_no
