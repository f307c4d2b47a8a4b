-- params: month_from, month_to, prev_month_from, prev_month_to, raion, hromada
-- Domestic-violence reports in the period and in the same months a year earlier, in the scope.
SELECT
    coalesce(sum(o.n) FILTER (WHERE o.month BETWEEN $month_from AND $month_to), 0)::INTEGER AS n_current,
    coalesce(sum(o.n) FILTER (WHERE o.month BETWEEN $prev_month_from AND $prev_month_to), 0)::INTEGER
        AS n_previous,
    (
        SELECT sum(population_2022) FROM hromadas
        WHERE in_scope(katottg, $raion, $hromada)
    )::BIGINT AS population
FROM agg_offence_month AS o
JOIN hromadas AS h ON h.katottg = o.hromada
WHERE o.category = 'domestic_violence'
    AND o.month BETWEEN $prev_month_from AND $month_to
    AND in_scope(o.hromada, $raion, $hromada)
