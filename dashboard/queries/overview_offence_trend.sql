-- params: raion, hromada, reporting_date
-- Offences per month since January 2019 in two groups of hromadas: those already covered (first officer
-- deployed by the end of the month) and those not yet covered (later waves, the natural comparison
-- group). Population and hromada counts are per group and month, so the monthly rate per 10,000 is
-- Σ offences ÷ Σ population × 10,000 (computed in dashboard.indicators). Only whole months up to the
-- reporting date: a half-observed month would look like a drop.
WITH scope AS MATERIALIZED (
    SELECT katottg, population_2022
    FROM hromadas
    WHERE ($raion::VARCHAR IS NULL OR raion_katottg = $raion)
      AND ($hromada::VARCHAR IS NULL OR katottg = $hromada)
),
months AS (
    SELECT m::DATE AS month
    FROM range(DATE '2019-01-01', date_trunc('month', $reporting_date::DATE) + INTERVAL 1 MONTH, INTERVAL 1 MONTH)
        AS r(m)
    WHERE last_day(m::DATE) <= $reporting_date
),
first_deployment AS (
    SELECT hromada, min(deployed_on) AS deployed_on
    FROM officers
    WHERE deployed_on <= $reporting_date
    GROUP BY hromada
),
counts AS (
    SELECT hromada, month, sum(n) AS n
    FROM agg_offence_month
    WHERE month >= DATE '2019-01-01' AND hromada IN (SELECT katottg FROM scope)
    GROUP BY ALL
),
grid AS (
    SELECT
        m.month,
        s.katottg,
        s.population_2022,
        CASE WHEN f.deployed_on <= last_day(m.month) THEN 'covered' ELSE 'not_covered' END AS grp
    FROM months AS m
    CROSS JOIN scope AS s
    LEFT JOIN first_deployment AS f ON f.hromada = s.katottg
)
SELECT
    g.month,
    g.grp AS "group",
    count(*)::INTEGER AS n_hromadas,
    sum(g.population_2022)::BIGINT AS population,
    coalesce(sum(c.n), 0)::BIGINT AS offences
FROM grid AS g
LEFT JOIN counts AS c ON c.hromada = g.katottg AND c.month = g.month
GROUP BY ALL
ORDER BY g.month, "group"
