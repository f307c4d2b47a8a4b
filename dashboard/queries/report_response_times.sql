-- params: month_from, month_to
-- Response times of 102 calls in the months $month_from..$month_to (whole months: dashboard.periods), per hromada and for the whole
-- oblast (the row whose hromada is NULL). Calls without an arrival, or arriving before the call, have no
-- response time (they count in n_calls only).
WITH timed AS (
    SELECT
        hromada,
        CASE WHEN arrived_at >= received_at THEN date_diff('second', received_at, arrived_at) / 60.0 END
            AS minutes
    FROM calls
    WHERE received_at >= $month_from AND received_at < $month_to::DATE + INTERVAL 1 MONTH
)
SELECT
    hromada,
    count(*)::INTEGER AS n_calls,
    count(minutes)::INTEGER AS n_timed,
    median(minutes) AS median_min,
    quantile_cont(minutes, 0.9) AS p90_min
FROM timed
GROUP BY GROUPING SETS ((hromada), ())
ORDER BY hromada NULLS FIRST
