-- params: raion, hromada, category, reporting_date
-- Offences per calendar year and month of year in scope, over the complete years of the data (from the
-- snapshot's first offence month to the last December before the reporting date), zeros included.
WITH bounds AS (
    SELECT
        min(month) AS first_month,
        -- The last complete year ends in the December before the reporting date's month.
        make_date(year($reporting_date::DATE) - 1, 12, 1) AS last_month
    FROM agg_offence_month
),
months AS (
    SELECT unnest(generate_series(first_month, last_month, INTERVAL 1 MONTH))::DATE AS month
    FROM bounds
    WHERE first_month <= last_month
),
counts AS (
    SELECT month, sum(n) AS n
    FROM agg_offence_month
    WHERE in_scope(hromada, $raion, $hromada)
      AND ($category::VARCHAR IS NULL OR category = $category)
    GROUP BY month
),
full_years AS (
    -- A year that starts mid-way (the first data month is not January) would bias its months.
    SELECT year(month) AS year FROM months GROUP BY 1 HAVING count(*) = 12
)
SELECT
    year(m.month)::INTEGER AS year,
    month(m.month)::INTEGER AS month_of_year,
    coalesce(c.n, 0)::BIGINT AS n
FROM months AS m
LEFT JOIN counts AS c USING (month)
WHERE year(m.month) IN (SELECT year FROM full_years)
ORDER BY year, month_of_year
