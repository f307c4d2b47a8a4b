-- params: raion, hromada, reporting_date
-- Offences per month since January 2019 in two groups of hromadas: those already covered (first officer
-- deployed by the end of the month) and those not yet covered (later waves, the natural comparison
-- group). Population and hromada counts are per group and month, so the monthly rate per 10,000 is
-- Σ offences ÷ Σ population × 10,000 (computed in dashboard.indicators). Only whole months up to the
-- reporting date: a half-observed month would look like a drop. The covered group's size is a running
-- sum over first-deployment months (no hromada × month grid: cheap on a national snapshot).
WITH scope AS MATERIALIZED (
    SELECT katottg, population_2022
    FROM hromadas
    WHERE in_scope(katottg, $raion, $hromada)
),
months AS MATERIALIZED (
    SELECT m::DATE AS month
    FROM range(DATE '2019-01-01', date_trunc('month', $reporting_date::DATE) + INTERVAL 1 MONTH, INTERVAL 1 MONTH)
        AS r(m)
    WHERE last_day(m::DATE) <= $reporting_date
),
first_deployment AS MATERIALIZED (
    SELECT s.katottg AS hromada, s.population_2022, date_trunc('month', min(o.deployed_on))::DATE AS month
    FROM officers AS o
    JOIN scope AS s ON s.katottg = o.hromada
    WHERE o.deployed_on <= $reporting_date
    GROUP BY ALL
),
covered_size AS (
    SELECT
        m.month,
        count(f.hromada) AS n_hromadas,
        coalesce(sum(f.population_2022), 0) AS population
    FROM months AS m
    LEFT JOIN first_deployment AS f ON f.month <= m.month
    GROUP BY m.month
),
counts AS (
    SELECT
        a.month,
        CASE WHEN f.month <= a.month THEN 'covered' ELSE 'not_covered' END AS grp,
        sum(a.n) AS n
    FROM agg_offence_month AS a
    LEFT JOIN first_deployment AS f ON f.hromada = a.hromada
    WHERE a.month >= DATE '2019-01-01' AND last_day(a.month) <= $reporting_date
      -- in_scope is a KATOTTG prefix test, not a join (_macros.sql)
      AND in_scope(a.hromada, $raion, $hromada)
    GROUP BY ALL
),
sizes AS (
    SELECT month, 'covered' AS grp, n_hromadas, population FROM covered_size
    UNION ALL
    SELECT
        month, 'not_covered',
        (SELECT count(*) FROM scope) - n_hromadas,
        (SELECT coalesce(sum(population_2022), 0) FROM scope) - population
    FROM covered_size
)
SELECT
    z.month,
    z.grp AS "group",
    z.n_hromadas::INTEGER AS n_hromadas,
    z.population::BIGINT AS population,
    coalesce(c.n, 0)::BIGINT AS offences
FROM sizes AS z
LEFT JOIN counts AS c ON c.month = z.month AND c.grp = z.grp
WHERE z.n_hromadas > 0
ORDER BY z.month, "group"
