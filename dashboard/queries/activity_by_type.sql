-- params: month_from, month_to, raion, hromada
-- Activities per type in scope: the period and the same months a year earlier (n_prev, minutes_prev).
WITH rows AS (
    SELECT
        a.activity_type,
        a.month BETWEEN $month_from AND $month_to AS is_current,
        a.n,
        a.minutes,
        a.participants
    FROM agg_activity_month AS a
    JOIN hromadas AS h ON h.katottg = a.hromada
    WHERE (
            a.month BETWEEN $month_from AND $month_to
            OR a.month BETWEEN ($month_from::DATE - INTERVAL 12 MONTH)::DATE
                AND ($month_to::DATE - INTERVAL 12 MONTH)::DATE
        )
      AND ($raion::VARCHAR IS NULL OR h.raion_katottg = $raion)
      AND ($hromada::VARCHAR IS NULL OR a.hromada = $hromada)
)
SELECT
    activity_type,
    coalesce(sum(n) FILTER (WHERE is_current), 0)::BIGINT AS n,
    coalesce(sum(minutes) FILTER (WHERE is_current), 0)::BIGINT AS minutes,
    coalesce(sum(participants) FILTER (WHERE is_current), 0)::BIGINT AS participants,
    coalesce(sum(n) FILTER (WHERE NOT is_current), 0)::BIGINT AS n_prev,
    coalesce(sum(minutes) FILTER (WHERE NOT is_current), 0)::BIGINT AS minutes_prev
FROM rows
GROUP BY activity_type
ORDER BY activity_type
