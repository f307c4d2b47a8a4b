-- params: reporting_date
-- Hromadas covered and officers on duty at the end of each month, from the first deployment to the
-- reporting date (the last month ends at the reporting date).
WITH months AS (
    SELECT unnest(generate_series(
        date_trunc('month', (SELECT min(deployed_on) FROM officers WHERE deployed_on <= $reporting_date)),
        date_trunc('month', $reporting_date::DATE),
        INTERVAL 1 MONTH
    ))::DATE AS month
),
month_ends AS (
    SELECT month, least(month + INTERVAL 1 MONTH - INTERVAL 1 DAY, $reporting_date::DATE)::DATE AS day
    FROM months
)
SELECT
    e.month,
    count(DISTINCT o.hromada)::INTEGER AS hromadas_covered,
    count(o.officer_id)::INTEGER AS officers_on_duty
FROM month_ends AS e
LEFT JOIN officers AS o ON o.deployed_on <= e.day AND (o.left_on IS NULL OR o.left_on > e.day)
GROUP BY e.month
ORDER BY e.month
