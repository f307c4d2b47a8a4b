-- params: month_from, month_to, prev_from, prev_to, raion, hromada
-- Offences per category in scope: the period (n, solved) and the window it is compared with,
-- $prev_from..$prev_to (dashboard.periods.year_on_year: the same months a year earlier, equal and aligned;
-- both NULL = no comparison, n_prev and solved_prev are then NULL), with the population of the scope for
-- rates. Every category seen in the snapshot is listed, with zeros, so that a category that fell to
-- nothing still shows its change.
WITH scope AS (
    SELECT katottg, population_2022
    FROM hromadas
    WHERE in_scope(katottg, $raion, $hromada)
),
counts AS (
    SELECT
        o.category,
        sum(o.n) FILTER (WHERE o.month BETWEEN $month_from AND $month_to) AS n,
        sum(o.solved) FILTER (WHERE o.month BETWEEN $month_from AND $month_to) AS solved,
        sum(o.n) FILTER (WHERE o.month BETWEEN $prev_from AND $prev_to) AS n_prev,
        sum(o.solved) FILTER (WHERE o.month BETWEEN $prev_from AND $prev_to) AS solved_prev
    FROM agg_offence_month AS o
    WHERE o.hromada IN (SELECT katottg FROM scope)
      AND (o.month BETWEEN $month_from AND $month_to OR o.month BETWEEN $prev_from AND $prev_to)
    GROUP BY o.category
),
categories AS (
    SELECT DISTINCT category FROM agg_offence_month
)
SELECT
    c.category,
    coalesce(k.n, 0)::BIGINT AS n,
    coalesce(k.solved, 0)::BIGINT AS solved,
    CASE WHEN $prev_from::DATE IS NOT NULL THEN coalesce(k.n_prev, 0) END::BIGINT AS n_prev,
    CASE WHEN $prev_from::DATE IS NOT NULL THEN coalesce(k.solved_prev, 0) END::BIGINT AS solved_prev,
    (SELECT sum(population_2022) FROM scope)::BIGINT AS population
FROM categories AS c
LEFT JOIN counts AS k USING (category)
ORDER BY coalesce(k.n, 0) DESC, c.category
