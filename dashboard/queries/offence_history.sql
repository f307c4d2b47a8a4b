-- params: month_from, month_to, raion, hromada, category
-- Offences per hromada, category and month in scope for the months $month_from..$month_to ($category NULL
-- = every category), with the first month of offence data in the snapshot (months before it were never
-- recorded): the monthly history that the dispersion of the change tests is estimated from. Months
-- without offences have no row (they are 0).
SELECT hromada, category, month, n, first_month
FROM monthly_history('agg_offence_month', ['hromada', 'category'], $month_from, $month_to, $raion, $hromada)
WHERE $category::VARCHAR IS NULL OR category = $category
ORDER BY hromada, category, month
