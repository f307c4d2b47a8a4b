-- params: raion, hromada, reporting_date
-- Response times in the 12 months before and the 12 months after each hromada's first police station
-- opened (hromadas in scope whose both windows lie inside the call data), per hromada and pooled
-- (the row with hromada NULL). The opening month itself belongs to neither window.
WITH bounds AS (
    SELECT
        date_trunc('month', min(received_at))::DATE AS first_month,
        (date_trunc('month', $reporting_date::DATE + INTERVAL 1 DAY) - INTERVAL 1 MONTH)::DATE AS last_month
    FROM calls
),
opening AS (
    SELECT s.hromada, min(s.opened_on) AS opened_on, date_trunc('month', min(s.opened_on))::DATE AS opened_month
    FROM stations AS s
    JOIN hromadas AS h ON h.katottg = s.hromada
    WHERE s.opened_on IS NOT NULL
      AND in_scope(s.hromada, $raion, $hromada)
    GROUP BY s.hromada
),
eligible AS (
    SELECT o.*
    FROM opening AS o, bounds AS b
    WHERE o.opened_month - INTERVAL 12 MONTH >= b.first_month
      AND o.opened_month + INTERVAL 12 MONTH <= b.last_month
),
timed AS (
    SELECT
        e.hromada,
        e.opened_on,
        c.received_at < e.opened_month AS before,
        date_diff('second', c.received_at, c.arrived_at) / 60.0 AS minutes
    FROM calls AS c
    JOIN eligible AS e ON c.hromada = e.hromada
    WHERE c.arrived_at IS NOT NULL
      AND (
            (c.received_at >= e.opened_month - INTERVAL 12 MONTH AND c.received_at < e.opened_month)
            OR (
                c.received_at >= e.opened_month + INTERVAL 1 MONTH
                AND c.received_at < e.opened_month + INTERVAL 13 MONTH
            )
        )
)
SELECT
    hromada,
    min(opened_on) AS opened_on,
    count(*) FILTER (WHERE before)::BIGINT AS n_before,
    median(minutes) FILTER (WHERE before) AS median_before,
    count(*) FILTER (WHERE NOT before)::BIGINT AS n_after,
    median(minutes) FILTER (WHERE NOT before) AS median_after
FROM timed
GROUP BY ROLLUP (hromada)
ORDER BY hromada NULLS FIRST
