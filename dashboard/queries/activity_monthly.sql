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
  AND in_scope(hromada, $raion, $hromada)
GROUP BY month, activity_type
ORDER BY month, activity_type
