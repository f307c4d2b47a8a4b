-- params: month_from, month_to, raion, hromada
-- Response time to 102 calls in the months $month_from..$month_to: median and P90 in minutes, with n
-- (calls with a valid arrival time; overview_period counts all calls). Quantiles need the individual
-- calls (a median of agg_call_month's monthly medians is not the period's median). To stay fast on a
-- national snapshot (millions of calls) the times are binned to 0.1 minute, one GROUP BY instead of a
-- sort, and the quantiles interpolate linearly between order statistics as quantile_cont / numpy do.
-- Arrivals before the call are data errors and left out. Scope: the in_scope macro (_macros.sql).
WITH hist AS MATERIALIZED (
    SELECT round((epoch(arrived_at) - epoch(received_at)) / 6.0)::INTEGER AS tenth_min, count(*) AS n
    FROM calls
    WHERE received_at >= $month_from
      AND received_at < $month_to::DATE + INTERVAL 1 MONTH
      AND arrived_at >= received_at
      AND in_scope(hromada, $raion, $hromada)
    GROUP BY ALL
),
cum AS MATERIALIZED (
    -- Each bin holds the order statistics first_idx .. last_idx (0-based) of the sorted times.
    SELECT
        tenth_min,
        sum(n) OVER (ORDER BY tenth_min) - n AS first_idx,
        sum(n) OVER (ORDER BY tenth_min) - 1 AS last_idx
    FROM hist
),
total AS (SELECT coalesce(sum(n), 0)::BIGINT AS n_response FROM hist),
positions AS (
    SELECT q, q * (n_response - 1) AS pos FROM total, (VALUES (0.5), (0.9)) AS v(q) WHERE n_response > 0
),
quantiles AS (
    SELECT p.q, (lo.tenth_min + (p.pos - floor(p.pos)) * (hi.tenth_min - lo.tenth_min)) / 10.0 AS minutes
    FROM positions AS p
    JOIN cum AS lo ON floor(p.pos) BETWEEN lo.first_idx AND lo.last_idx
    JOIN cum AS hi ON ceil(p.pos) BETWEEN hi.first_idx AND hi.last_idx
)
SELECT
    total.n_response,
    (SELECT minutes FROM quantiles WHERE q = 0.5) AS response_median_min,
    (SELECT minutes FROM quantiles WHERE q = 0.9) AS response_p90_min
FROM total
