-- params: month_from, month_to, raion, hromada
-- Activities per type in scope: the period (n, minutes, participants) and the same months a year
-- earlier (n_prev, minutes_prev).
SELECT
    activity_type,
    coalesce(sum(n) FILTER (WHERE month >= $month_from), 0)::BIGINT AS n,
    coalesce(sum(minutes) FILTER (WHERE month >= $month_from), 0)::BIGINT AS minutes,
    coalesce(sum(participants) FILTER (WHERE month >= $month_from), 0)::BIGINT AS participants,
    coalesce(sum(n) FILTER (WHERE month < $month_from), 0)::BIGINT AS n_prev,
    coalesce(sum(minutes) FILTER (WHERE month < $month_from), 0)::BIGINT AS minutes_prev
FROM agg_activity_month
WHERE (
        month BETWEEN $month_from AND $month_to
        OR month BETWEEN ($month_from::DATE - INTERVAL 12 MONTH)::DATE
            AND ($month_to::DATE - INTERVAL 12 MONTH)::DATE
    )
  AND in_scope(hromada, $raion, $hromada)
GROUP BY activity_type
ORDER BY activity_type
