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
-- The sensitive category (schema.SENSITIVE_OFFENCE_CATEGORIES) is counted apart as well: the partner view
-- leaves it out of totals, which would otherwise give away its suppressed «<5».
counts AS (
    SELECT
        month,
        sum(n) AS n,
        sum(solved) AS solved,
        sum(n) FILTER (WHERE category = 'domestic_violence') AS sensitive
    FROM agg_offence_month
    WHERE hromada = $hromada
    GROUP BY month
)
SELECT
    m.month,
    coalesce(c.n, 0)::INTEGER AS n,
    coalesce(c.solved, 0)::INTEGER AS solved,
    coalesce(c.sensitive, 0)::INTEGER AS sensitive
FROM months AS m
LEFT JOIN counts AS c ON c.month = m.month
ORDER BY m.month
