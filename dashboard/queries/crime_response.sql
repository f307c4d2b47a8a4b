-- params: month_from, month_to, raion, hromada
-- Calls to 102 in scope per month of the months $month_from..$month_to (months without calls have no row):
-- the n_calls of the crime page's response times. The times themselves come from the histogram of
-- queries/response_times.py (the quantiles of a period need every call's time, not monthly medians).
SELECT month, sum(n)::BIGINT AS n_calls
FROM agg_call_month
WHERE month BETWEEN $month_from AND $month_to
  AND in_scope(hromada, $raion, $hromada)
GROUP BY month
ORDER BY month
