-- params: month_from, month_to
-- The histogram of response times of the whole oblast for the months $month_from..$month_to, as the
-- snapshot build stored it (agg_call_response: the call_response_seconds macro over all calls). Empty on a
-- snapshot built before the table (schema_compat): queries/response_times.py then computes it.
SELECT month, seconds, n
FROM agg_call_response
WHERE month BETWEEN $month_from AND $month_to
ORDER BY month, seconds
