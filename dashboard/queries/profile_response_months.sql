-- params: month_from, month_to, hromada
-- 102 calls of one hromada per month with the month's median and 90th percentile response time.
SELECT month, n, n_arrived, response_median_min, response_p90_min
FROM agg_call_month
WHERE hromada = $hromada AND month BETWEEN $month_from AND $month_to
ORDER BY month
