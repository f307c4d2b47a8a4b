-- params: month_from, month_to, raion, hromada
-- Offences per category in scope: the period (n, solved) and the same months a year earlier (n_prev,
-- solved_prev, comparable = the data reach back that far), with the population of the scope for rates. Every category seen in the snapshot is
-- listed, with zeros, so that a category that fell to nothing still shows its change.
WITH scope AS (
    SELECT katottg, population_2022
    FROM hromadas
    WHERE in_scope(katottg, $raion, $hromada)
),
counts AS (
    SELECT
        o.category,
        sum(o.n) FILTER (WHERE o.month >= $month_from) AS n,
        sum(o.solved) FILTER (WHERE o.month >= $month_from) AS solved,
        sum(o.n) FILTER (WHERE o.month < $month_from) AS n_prev,
        sum(o.solved) FILTER (WHERE o.month < $month_from) AS solved_prev
    FROM agg_offence_month AS o
    WHERE o.hromada IN (SELECT katottg FROM scope)
      AND (
            o.month BETWEEN $month_from AND $month_to
            OR o.month BETWEEN ($month_from::DATE - INTERVAL 12 MONTH)::DATE
                AND ($month_to::DATE - INTERVAL 12 MONTH)::DATE
        )
    GROUP BY o.category
),
categories AS (
    SELECT DISTINCT category FROM agg_offence_month
)
SELECT
    c.category,
    coalesce(k.n, 0)::BIGINT AS n,
    coalesce(k.solved, 0)::BIGINT AS solved,
    coalesce(k.n_prev, 0)::BIGINT AS n_prev,
    coalesce(k.solved_prev, 0)::BIGINT AS solved_prev,
    (SELECT sum(population_2022) FROM scope)::BIGINT AS population,
    -- A year-earlier period that starts before the offence data is no baseline: its zeros are unknown.
    (SELECT min(month) FROM agg_offence_month) <= ($month_from::DATE - INTERVAL 12 MONTH)::DATE AS comparable
FROM categories AS c
LEFT JOIN counts AS k USING (category)
ORDER BY coalesce(k.n, 0) DESC, c.category
