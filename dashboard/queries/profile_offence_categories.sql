-- params: month_from, month_to, prev_from, prev_to, hromada
-- Offences in one hromada by category: the period and the window it is compared with ($prev_from..$prev_to,
-- dashboard.periods.year_on_year; both NULL = no comparison: n_prev is NULL), with solved.
WITH counts AS (
    SELECT
        category,
        sum(n) FILTER (WHERE month >= $month_from) AS n,
        sum(solved) FILTER (WHERE month >= $month_from) AS solved,
        sum(n) FILTER (WHERE month BETWEEN $prev_from::DATE AND $prev_to::DATE) AS n_prev
    FROM agg_offence_month
    WHERE hromada = $hromada
      AND (month BETWEEN $month_from AND $month_to OR month BETWEEN $prev_from::DATE AND $prev_to::DATE)
    GROUP BY category
)
SELECT
    c.category,
    coalesce(c.n, 0)::INTEGER AS n,
    coalesce(c.solved, 0)::INTEGER AS solved,
    CASE WHEN $prev_from::DATE IS NOT NULL THEN coalesce(c.n_prev, 0) END::INTEGER AS n_prev,
    h.population_2022 AS population
FROM counts AS c, hromadas AS h
WHERE h.katottg = $hromada
ORDER BY n DESC, c.category
