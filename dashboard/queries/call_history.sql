-- params: month_from, month_to, raion, hromada
-- Calls to 102 per hromada and month in scope for the months $month_from..$month_to, with the first month
-- of call data in the snapshot (months before it were never recorded): the monthly history that the
-- dispersion of the calls' change test is estimated from. Months without calls have no row (they are 0).
SELECT hromada, month, n, first_month
FROM monthly_history('agg_call_month', ['hromada'], $month_from, $month_to, $raion, $hromada)
ORDER BY hromada, month
