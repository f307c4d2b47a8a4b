-- params: raion, hromada, reporting_date
-- Hromadas covered and officers on duty at the end of every month from January 2019 (the pilot) to the
-- reporting date's month; the last point is taken at the reporting date itself.
-- On duty at D: the on_duty macro (_macros.sql), as events. Rather than testing every officer
-- against every month (slow on a national snapshot), count events: +1 on deployment, −1 on leaving; a
-- month's figure is the running sum of the events up to its end. A hromada is covered while its own
-- running count of officers is above 0, so its coverage changes are events too.
WITH officer_events AS MATERIALIZED (
    SELECT hromada, day, sum(delta) AS delta
    FROM (
        SELECT hromada, deployed_on AS day, 1 AS delta FROM officers WHERE deployed_on IS NOT NULL
        UNION ALL
        -- leaving before the deployment date would be a data error: such an officer is never on duty
        SELECT hromada, greatest(left_on, deployed_on), -1 FROM officers
        WHERE deployed_on IS NOT NULL AND left_on IS NOT NULL
    ) AS e
    WHERE day <= $reporting_date
      AND in_scope(hromada, $raion, $hromada)
    GROUP BY ALL
),
hromada_events AS (
    -- +1 when a hromada's count rises from 0, −1 when it falls back to 0
    SELECT
        day,
        CASE WHEN running > 0 AND running - delta <= 0 THEN 1
             WHEN running <= 0 AND running - delta > 0 THEN -1 ELSE 0 END AS delta
    FROM (
        SELECT day, delta, sum(delta) OVER (PARTITION BY hromada ORDER BY day) AS running
        FROM officer_events
    )
),
by_month AS (
    -- events before 2019 (none expected) count from the first month shown
    SELECT greatest(date_trunc('month', day), DATE '2019-01-01')::DATE AS month, sum(delta) AS officers, 0 AS hromadas
    FROM officer_events GROUP BY ALL
    UNION ALL
    SELECT greatest(date_trunc('month', day), DATE '2019-01-01')::DATE, 0, sum(delta)
    FROM hromada_events GROUP BY ALL
),
months AS (
    SELECT m::DATE AS month
    FROM range(DATE '2019-01-01', date_trunc('month', $reporting_date::DATE) + INTERVAL 1 MONTH, INTERVAL 1 MONTH)
        AS r(m)
)
SELECT
    m.month,
    coalesce(sum(sum(b.officers)) OVER (ORDER BY m.month), 0)::INTEGER AS officers_on_duty,
    coalesce(sum(sum(b.hromadas)) OVER (ORDER BY m.month), 0)::INTEGER AS hromadas_covered
FROM months AS m
LEFT JOIN by_month AS b ON b.month = m.month
GROUP BY m.month
ORDER BY m.month
