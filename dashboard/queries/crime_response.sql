-- params: month_from, month_to, raion, hromada
-- Response times of 102 calls in scope, per month and for the whole period (the row with month NULL):
-- calls, calls with an arrival time, and the median and 90th percentile of arrival − call in minutes.
-- Computed from the calls themselves (filtered to the period): a median of monthly or per-hromada
-- medians is not the median of the period. One sort per group serves both quantiles (the list form),
-- and whole seconds sort faster than fractional minutes.
WITH per_group AS (
    SELECT
        date_trunc('month', c.received_at)::DATE AS month,
        count(*)::BIGINT AS n_calls,
        count(c.arrived_at)::BIGINT AS n,
        quantile_cont(date_diff('second', c.received_at, c.arrived_at), [0.5, 0.9]) AS seconds
    FROM calls AS c
    WHERE c.received_at >= $month_from
      AND c.received_at < $month_to::DATE + INTERVAL 1 MONTH
      AND in_scope(c.hromada, $raion, $hromada)
    GROUP BY GROUPING SETS ((date_trunc('month', c.received_at)::DATE), ())
)
SELECT
    month,
    n_calls,
    n,
    seconds[1] / 60.0 AS median_min,
    seconds[2] / 60.0 AS p90_min
FROM per_group
ORDER BY month NULLS FIRST
