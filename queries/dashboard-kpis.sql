-- name: dashboard-kpis
-- title: Dashboard: key figures per province
-- description: One card per province: projects, enterprises in the lake, recorded funding (real rows only), and
-- description: the share of rated projects rated excellent.
-- drill: cities-of-province province_code=province_code
SELECT p.province_code, p.name_zh, p.name_en,
       (SELECT count(*) FROM projects j WHERE j.province_code = p.province_code) AS projects,
       (SELECT count(*) FROM enterprises e WHERE e.province_code = p.province_code) AS enterprises,
       (SELECT coalesce(sum(f.amount_yuan), 0) FROM funding f WHERE f.province_code = p.province_code AND NOT f.is_synthetic) AS funding_yuan,
       (SELECT round(100.0 * count(*) FILTER (WHERE r.rating = 'excellent') / nullif(count(*), 0), 1)
          FROM ratings r JOIN projects j USING (project_id) WHERE j.province_code = p.province_code) AS excellent_pct
FROM provinces p
ORDER BY projects DESC, p.province_code
