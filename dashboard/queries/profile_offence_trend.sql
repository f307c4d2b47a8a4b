-- params: hromada, reporting_date
-- Offences registered in one hromada per month over the whole span of the snapshot's offence data
-- (its first month to the reporting date's month), months without offences as 0, for the trend chart
-- and the before/after-deployment comparison.
WITH span AS (
    SELECT min(month) AS first_month, date_trunc('month', $reporting_date::DATE)::DATE AS last_month
    FROM agg_offence_month
),
months AS (
    SELECT unnest(generate_series(first_month, last_month, INTERVAL 1 MONTH))::DATE AS month
    FROM span
    WHERE first_month IS NOT NULL
),
counts AS (
    SELECT
        month,
        sum(n) AS n,
        sum(solved) AS solved
    FROM agg_offence_month
    WHERE hromada = $hromada
    GROUP BY month
)
SELECT
    m.month,
    coalesce(c.n, 0)::INTEGER AS n,
    coalesce(c.solved, 0)::INTEGER AS solved
FROM months AS m
LEFT JOIN counts AS c ON c.month = m.month
ORDER BY m.month
