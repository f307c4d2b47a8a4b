-- params: month_from, month_to
-- Response times of 102 calls in the months $month_from..$month_to (whole months: dashboard.periods), per
-- hromada (the whole oblast's row is added by the wrapper, from the histogram of queries/response_times.py).
-- Calls without an arrival, or arriving before the call, have no response time (they count in n_calls
-- only). The times are whole seconds (date_diff), as in the histogram: quantile_cont of the same values.
WITH timed AS (
    SELECT
        hromada,
        CASE WHEN arrived_at >= received_at THEN date_diff('second', received_at, arrived_at) END AS seconds
    FROM calls
    WHERE received_at >= $month_from AND received_at < $month_to::DATE + INTERVAL 1 MONTH
)
SELECT
    hromada,
    count(*)::INTEGER AS n_calls,
    count(seconds)::INTEGER AS n_timed,
    quantile_cont(seconds, [0.5, 0.9]) AS seconds
FROM timed
GROUP BY hromada
ORDER BY hromada
