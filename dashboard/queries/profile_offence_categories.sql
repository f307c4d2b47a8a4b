-- params: month_from, month_to, hromada
-- Offences in one hromada by category: the period and the same months a year earlier, with solved.
WITH counts AS (
    SELECT
        category,
        sum(n) FILTER (WHERE month >= $month_from) AS n,
        sum(solved) FILTER (WHERE month >= $month_from) AS solved,
        sum(n) FILTER (WHERE month <= $month_to::DATE - INTERVAL 12 MONTH) AS n_prev
    FROM agg_offence_month
    WHERE hromada = $hromada
      AND month >= $month_from::DATE - INTERVAL 12 MONTH AND month <= $month_to
    GROUP BY category
)
SELECT
    c.category,
    coalesce(c.n, 0)::INTEGER AS n,
    coalesce(c.solved, 0)::INTEGER AS solved,
    coalesce(c.n_prev, 0)::INTEGER AS n_prev,
    h.population_2022 AS population
FROM counts AS c, hromadas AS h
WHERE h.katottg = $hromada
ORDER BY n DESC, c.category
