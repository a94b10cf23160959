-- name: dashboard-funding
-- title: Dashboard: funding by province
-- description: Money recorded per province (real rows only), in 万元, largest first.
-- drill: funding-by-source province=province_code
SELECT f.province_code, p.name_zh, p.name_en, sum(f.amount_yuan) AS amount_yuan,
       round(sum(f.amount_yuan) / 10000, 1) AS amount_wan
FROM funding f JOIN provinces p USING (province_code)
WHERE NOT f.is_synthetic
GROUP BY ALL
ORDER BY amount_yuan DESC
