-- name: project-scores
-- title: Per-aspect scores of one rated project
-- title_zh: 一个已评价项目的分项得分
-- engines: duckdb, spark
-- description: The acceptance scores of a project in a year, aspect by aspect (the Ratings pane shows them under
-- description: the selected project).
-- description_zh: 某项目验收时各方面的得分（来源未公布的不列）。
-- param project_id: text | Project id, e.g. HB-2021-01
-- param_zh project_id: 项目编号，如 HB-2021-01
-- param year: integer | Year of the rating
-- param_zh year: 评价年份
SELECT aspect_zh, aspect_en, score, max_score, is_synthetic
FROM rating_scores
WHERE project_id = $project_id AND year = $year
ORDER BY aspect_no
