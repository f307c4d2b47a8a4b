-- params: month_from, month_to, category
-- The balanced panel of the rollout event study (dashboard/event_study.py): every hromada of the oblast
-- × every month from $month_from to $month_to, with its offences that month (0 where none; $category NULL
-- = all categories), its population and its deployment month (the month of its first officer's
-- deployed_on, as crime_deployment.sql; NULL = never covered). Always the whole oblast, whatever the
-- sidebar scope: the comparison is every hromada not yet covered in the same month.
WITH months AS (
    SELECT unnest(generate_series($month_from::DATE, $month_to::DATE, INTERVAL 1 MONTH))::DATE AS month
),
deployment AS (
    SELECT
        h.katottg AS hromada,
        h.population_2022 AS population,
        date_trunc('month', min(o.deployed_on))::DATE AS deployment_month
    FROM hromadas AS h
    LEFT JOIN officers AS o ON o.hromada = h.katottg AND o.deployed_on IS NOT NULL
    GROUP BY h.katottg, h.population_2022
),
counts AS (
    SELECT hromada, month, sum(n) AS n
    FROM agg_offence_month
    WHERE month BETWEEN $month_from AND $month_to
      AND ($category::VARCHAR IS NULL OR category = $category)
    GROUP BY hromada, month
)
SELECT d.hromada, d.population, d.deployment_month, m.month, coalesce(c.n, 0)::BIGINT AS n
FROM deployment AS d
CROSS JOIN months AS m
LEFT JOIN counts AS c ON c.hromada = d.hromada AND c.month = m.month
ORDER BY d.hromada, m.month
