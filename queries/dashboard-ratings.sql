-- name: dashboard-ratings
-- title: Dashboard: ratings (+synth.)
-- title_zh: 总览：验收评价（含合成）
-- engines: duckdb, spark
-- tile: bars
-- description: Projects per acceptance rating, all years and provinces: the real ratings, and beside them (+N) the
-- description: synthetic ones (2019's, filling the published 5 excellent and 14 good).
-- description_zh: 各验收等级的项目数：真实评价，及其旁的合成评价数。
-- drill: ratings-by-year rating=rating
SELECT rating, any_value(rating_zh) AS rating_zh, count(*) AS projects, bool_or(is_synthetic) AS includes_synthetic,
       count(*) FILTER (WHERE NOT is_synthetic) AS projects_real, count(*) FILTER (WHERE is_synthetic) AS projects_synthetic
FROM ratings
GROUP BY rating
ORDER BY CASE rating WHEN 'excellent' THEN 1 WHEN 'good' THEN 2 WHEN 'pass' THEN 3 ELSE 4 END
