-- name: dashboard-ratings
-- title: Dashboard: rating distribution
-- engines: duckdb, spark
-- description: Projects per acceptance rating, all years and provinces.
-- drill: ratings-by-year rating=rating
SELECT rating, any_value(rating_zh) AS rating_zh, count(*) AS projects, bool_or(is_synthetic) AS includes_synthetic
FROM ratings
GROUP BY rating
ORDER BY CASE rating WHEN 'excellent' THEN 1 WHEN 'good' THEN 2 WHEN 'pass' THEN 3 ELSE 4 END
