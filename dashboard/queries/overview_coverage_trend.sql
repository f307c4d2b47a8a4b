-- params: raion, hromada, reporting_date
-- Hromadas covered and officers on duty at the end of every month from January 2019 (the pilot) to the
-- reporting date's month; the last point is taken at the reporting date itself.
-- On duty at D: deployed_on <= D AND (left_on IS NULL OR left_on > D). Rather than testing every
-- officer against every month (slow on a national snapshot), count events: +1 on deployment, −1 on
-- leaving, summed up to each month's end. A hromada is covered while its running count is above 0.
WITH scope AS MATERIALIZED (
    SELECT katottg
    FROM hromadas
    WHERE ($raion::VARCHAR IS NULL OR raion_katottg = $raion)
      AND ($hromada::VARCHAR IS NULL OR katottg = $hromada)
),
months AS MATERIALIZED (
    SELECT m::DATE AS month, least(last_day(m::DATE), $reporting_date::DATE) AS as_of
    FROM range(DATE '2019-01-01', date_trunc('month', $reporting_date::DATE) + INTERVAL 1 MONTH, INTERVAL 1 MONTH)
        AS r(m)
),
officer_events AS MATERIALIZED (
    SELECT hromada, day, sum(delta) AS delta
    FROM (
        SELECT hromada, deployed_on AS day, 1 AS delta FROM officers
        WHERE deployed_on IS NOT NULL AND hromada IN (SELECT katottg FROM scope)
        UNION ALL
        -- leaving before the deployment date would be a data error: such an officer is never on duty.
        SELECT hromada, greatest(left_on, deployed_on), -1 FROM officers
        WHERE deployed_on IS NOT NULL AND left_on IS NOT NULL AND hromada IN (SELECT katottg FROM scope)
    )
    GROUP BY ALL
),
running AS (
    SELECT hromada, day, delta, sum(delta) OVER (PARTITION BY hromada ORDER BY day) AS on_duty
    FROM officer_events
),
hromada_events AS MATERIALIZED (
    -- +1 when a hromada's count rises from 0, −1 when it falls back to 0.
    SELECT day, sum(CASE WHEN on_duty > 0 AND on_duty - delta <= 0 THEN 1
                         WHEN on_duty <= 0 AND on_duty - delta > 0 THEN -1 ELSE 0 END) AS delta
    FROM running
    GROUP BY day
),
officer_days AS MATERIALIZED (SELECT day, sum(delta) AS delta FROM officer_events GROUP BY day)
SELECT
    m.month,
    coalesce((SELECT sum(e.delta) FROM officer_days AS e WHERE e.day <= m.as_of), 0)::INTEGER
        AS officers_on_duty,
    coalesce((SELECT sum(e.delta) FROM hromada_events AS e WHERE e.day <= m.as_of), 0)::INTEGER
        AS hromadas_covered
FROM months AS m
ORDER BY m.month
