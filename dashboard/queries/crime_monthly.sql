-- params: month_from, month_to, raion, hromada, category
-- Offences per month in scope, from 12 months before $month_from to $month_to (the trend, the same
-- months last year and clearance), one row per month with zeros (NULL before the data start). $category NULL = all categories.
WITH months AS (
    SELECT unnest(generate_series(
        ($month_from::DATE - INTERVAL 12 MONTH)::DATE, $month_to::DATE, INTERVAL 1 MONTH
    ))::DATE AS month
),
counts AS (
    SELECT month, sum(n) AS n, sum(solved) AS solved
    FROM agg_offence_month
    WHERE month BETWEEN ($month_from::DATE - INTERVAL 12 MONTH)::DATE AND $month_to
      AND in_scope(hromada, $raion, $hromada)
      AND ($category::VARCHAR IS NULL OR category = $category)
    GROUP BY month
)
SELECT
    m.month,
    m.month >= $month_from AS in_period,
    -- Months before the first offence in the snapshot are unknown (NULL), not zero.
    CASE WHEN m.month >= (SELECT min(month) FROM agg_offence_month) THEN coalesce(c.n, 0) END::BIGINT AS n,
    CASE WHEN m.month >= (SELECT min(month) FROM agg_offence_month) THEN coalesce(c.solved, 0) END::BIGINT
        AS solved
FROM months AS m
LEFT JOIN counts AS c USING (month)
ORDER BY m.month
