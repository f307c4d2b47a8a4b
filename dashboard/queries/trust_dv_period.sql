-- params: month_from, month_to, prev_from, prev_to, raion, hromada
-- Domestic-violence reports in the period and in the window it is compared with, $prev_from..$prev_to
-- (dashboard.periods.year_on_year: the same months a year earlier; both NULL = no comparison, n_previous
-- is then NULL), in the scope.
SELECT
    coalesce(sum(o.n) FILTER (WHERE o.month BETWEEN $month_from AND $month_to), 0)::INTEGER AS n_current,
    CASE WHEN $prev_from::DATE IS NOT NULL THEN
        coalesce(sum(o.n) FILTER (WHERE o.month BETWEEN $prev_from AND $prev_to), 0)
    END::INTEGER AS n_previous,
    (
        SELECT sum(population_2022) FROM hromadas
        WHERE in_scope(katottg, $raion, $hromada)
    )::BIGINT AS population
FROM agg_offence_month AS o
WHERE o.category = 'domestic_violence'
    AND (o.month BETWEEN $month_from AND $month_to OR o.month BETWEEN $prev_from AND $prev_to)
    AND in_scope(o.hromada, $raion, $hromada)
