-- params: raion, hromada, reporting_date
-- Hromadas covered and officers on duty at the end of every month from January 2019 (the pilot) to the
-- reporting date's month; the last point is taken at the reporting date itself.
WITH scope AS MATERIALIZED (
    SELECT katottg
    FROM hromadas
    WHERE ($raion::VARCHAR IS NULL OR raion_katottg = $raion)
      AND ($hromada::VARCHAR IS NULL OR katottg = $hromada)
),
months AS (
    SELECT
        m::DATE AS month,
        least(last_day(m::DATE), $reporting_date::DATE) AS as_of
    FROM range(DATE '2019-01-01', date_trunc('month', $reporting_date::DATE) + INTERVAL 1 MONTH, INTERVAL 1 MONTH)
        AS r(m)
),
o AS MATERIALIZED (
    SELECT officer_id, hromada, deployed_on, left_on
    FROM officers
    WHERE deployed_on IS NOT NULL AND hromada IN (SELECT katottg FROM scope)
)
SELECT
    m.month,
    count(o.officer_id)::INTEGER AS officers_on_duty,
    count(DISTINCT o.hromada)::INTEGER AS hromadas_covered
FROM months AS m
LEFT JOIN o ON o.deployed_on <= m.as_of AND (o.left_on IS NULL OR o.left_on > m.as_of)
GROUP BY m.month
ORDER BY m.month
