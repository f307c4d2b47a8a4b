-- params: month_from, month_to
-- Officer activities per hromada, month and type in the months $month_from .. $month_to.
SELECT
    hromada,
    month,
    activity_type,
    sum(n)::BIGINT AS n,
    sum(minutes)::BIGINT AS minutes,
    sum(participants)::BIGINT AS participants
FROM agg_activity_month
WHERE month BETWEEN $month_from AND $month_to
GROUP BY ALL
ORDER BY month, hromada, activity_type
