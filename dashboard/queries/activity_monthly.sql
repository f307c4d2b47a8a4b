-- params: month_from, month_to, raion, hromada
-- Activities per month and type in scope (the stacked monthly chart).
SELECT
    month,
    activity_type,
    sum(n)::BIGINT AS n,
    sum(minutes)::BIGINT AS minutes,
    sum(participants)::BIGINT AS participants
FROM agg_activity_month
WHERE month BETWEEN $month_from AND $month_to
  AND ($raion::VARCHAR IS NULL OR hromada IN (SELECT katottg FROM hromadas WHERE raion_katottg = $raion))
  AND ($hromada::VARCHAR IS NULL OR hromada = $hromada)
GROUP BY month, activity_type
ORDER BY month, activity_type
