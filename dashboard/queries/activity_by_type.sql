-- params: month_from, month_to, prev_from, prev_to, raion, hromada
-- Activities per type in scope: the period (n, minutes, participants) and the window it is compared
-- with, $prev_from..$prev_to (dashboard.periods.year_on_year: the same months a year earlier; both NULL =
-- no comparison, n_prev and minutes_prev are then 0).
SELECT
    activity_type,
    coalesce(sum(n) FILTER (WHERE month BETWEEN $month_from AND $month_to), 0)::BIGINT AS n,
    coalesce(sum(minutes) FILTER (WHERE month BETWEEN $month_from AND $month_to), 0)::BIGINT AS minutes,
    coalesce(sum(participants) FILTER (WHERE month BETWEEN $month_from AND $month_to), 0)::BIGINT
        AS participants,
    coalesce(sum(n) FILTER (WHERE month BETWEEN $prev_from AND $prev_to), 0)::BIGINT AS n_prev,
    coalesce(sum(minutes) FILTER (WHERE month BETWEEN $prev_from AND $prev_to), 0)::BIGINT AS minutes_prev
FROM agg_activity_month
WHERE (month BETWEEN $month_from AND $month_to OR month BETWEEN $prev_from AND $prev_to)
  AND in_scope(hromada, $raion, $hromada)
GROUP BY activity_type
ORDER BY activity_type
