-- params: month_from, month_to, raion, hromada
-- Officers' activities per type and month in scope for the months $month_from..$month_to, with the first
-- month of activity data in the snapshot: the monthly history that the dispersion of the activity change
-- tests is estimated from. Months without an activity of a type have no row (they are 0).
SELECT activity_type, month, n, first_month
FROM monthly_history('agg_activity_month', ['activity_type'], $month_from, $month_to, $raion, $hromada)
ORDER BY activity_type, month
