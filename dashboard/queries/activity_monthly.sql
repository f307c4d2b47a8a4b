-- params: month_from, month_to, raion, hromada
-- Activities per month and type in scope (the stacked monthly chart).
SELECT
    a.month,
    a.activity_type,
    sum(a.n)::BIGINT AS n,
    sum(a.minutes)::BIGINT AS minutes,
    sum(a.participants)::BIGINT AS participants
FROM agg_activity_month AS a
JOIN hromadas AS h ON h.katottg = a.hromada
WHERE a.month BETWEEN $month_from AND $month_to
  AND ($raion::VARCHAR IS NULL OR h.raion_katottg = $raion)
  AND ($hromada::VARCHAR IS NULL OR a.hromada = $hromada)
GROUP BY a.month, a.activity_type
ORDER BY a.month, a.activity_type
