-- params: month_from, month_to, raion, hromada
-- Officers' activities per type and month in scope for the months $month_from..$month_to, with the first
-- month of activity data in the snapshot: the monthly history that the dispersion of the activity change
-- tests is estimated from. Months without an activity of a type have no row (they are 0).
SELECT
    a.activity_type,
    a.month,
    sum(a.n)::BIGINT AS n,
    (SELECT min(month) FROM agg_activity_month) AS first_month
FROM agg_activity_month AS a
WHERE a.month BETWEEN $month_from AND $month_to
  AND in_scope(a.hromada, $raion, $hromada)
GROUP BY a.activity_type, a.month
ORDER BY a.activity_type, a.month
