-- params: month_from, month_to, raion, hromada
-- The period KPIs of the scope in one row: population, offences and calls in the months
-- $month_from..$month_to (both included), and the response time to 102 calls (median and P90 in
-- minutes, with n). Offence and call counts come from the agg_* tables. The response-time quantiles
-- need individual calls: to stay fast on a national snapshot they are read from a histogram of 0.1-minute
-- bins (one GROUP BY instead of sorting a million rows), with the same linear interpolation between
-- order statistics as quantile_cont / numpy. Arrivals before the call are data errors and left out.
WITH scope AS (
    SELECT katottg, population_2022
    FROM hromadas
    WHERE ($raion::VARCHAR IS NULL OR raion_katottg = $raion)
      AND ($hromada::VARCHAR IS NULL OR katottg = $hromada)
),
offences_n AS (
    SELECT coalesce(sum(o.n), 0)::BIGINT AS offences
    FROM agg_offence_month AS o
    WHERE o.month BETWEEN $month_from AND $month_to AND o.hromada IN (SELECT katottg FROM scope)
),
calls_n AS (
    SELECT coalesce(sum(c.n), 0)::BIGINT AS calls, coalesce(sum(c.n_arrived), 0)::BIGINT AS calls_arrived
    FROM agg_call_month AS c
    WHERE c.month BETWEEN $month_from AND $month_to AND c.hromada IN (SELECT katottg FROM scope)
),
hist AS MATERIALIZED (
    SELECT round((epoch(c.arrived_at) - epoch(c.received_at)) / 6.0)::INTEGER AS tenth_min, count(*) AS n
    FROM calls AS c
    WHERE c.received_at >= $month_from
      AND c.received_at < $month_to::DATE + INTERVAL 1 MONTH
      AND c.arrived_at >= c.received_at
      -- Written without the scope CTE: the whole-oblast case then needs no semi-join on a big table.
      AND ($raion::VARCHAR IS NULL OR c.hromada IN (SELECT katottg FROM hromadas WHERE raion_katottg = $raion))
      AND ($hromada::VARCHAR IS NULL OR c.hromada = $hromada)
    GROUP BY ALL
),
cum AS (
    -- Each bin holds the order statistics first_idx .. last_idx (0-based) of the sorted times.
    SELECT tenth_min, sum(n) OVER (ORDER BY tenth_min) - n AS first_idx, sum(n) OVER (ORDER BY tenth_min) - 1 AS last_idx
    FROM hist
),
total AS (SELECT coalesce(sum(n), 0)::BIGINT AS n_response FROM hist),
positions AS (
    SELECT q, q * (n_response - 1) AS pos FROM total, (VALUES (0.5), (0.9)) AS v(q) WHERE n_response > 0
),
quantiles AS (
    SELECT
        p.q,
        (lo.tenth_min + (p.pos - floor(p.pos)) * (hi.tenth_min - lo.tenth_min)) / 10.0 AS minutes
    FROM positions AS p
    JOIN cum AS lo ON floor(p.pos) BETWEEN lo.first_idx AND lo.last_idx
    JOIN cum AS hi ON ceil(p.pos) BETWEEN hi.first_idx AND hi.last_idx
)
SELECT
    (SELECT count(*) FROM scope)::INTEGER AS n_hromadas,
    (SELECT coalesce(sum(population_2022), 0) FROM scope)::BIGINT AS population,
    offences_n.offences,
    calls_n.calls,
    calls_n.calls_arrived,
    total.n_response,
    (SELECT minutes FROM quantiles WHERE q = 0.5) AS response_median_min,
    (SELECT minutes FROM quantiles WHERE q = 0.9) AS response_p90_min
FROM offences_n, calls_n, total
