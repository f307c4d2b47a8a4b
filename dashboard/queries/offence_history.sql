-- params: month_from, month_to, raion, hromada, category, by
-- Offences per month in scope for the months $month_from..$month_to ($category NULL = every category),
-- summed per key of the dispersion: per hromada ($by = 'hromada'), per category ('category') or the scope's
-- total (anything else, key 'total'), with the first month of offence data in the snapshot (months before
-- it were never recorded): the monthly history that the dispersion of the change tests is estimated from.
-- Summed here, not in pandas: at national scale the rows per hromada, category and month are ~200,000,
-- their sums per key a few dozen (the total, the categories) to ~30,000 (the hromadas).
-- Months without offences have no row (they are 0).
SELECT
    CASE $by::VARCHAR
        WHEN 'hromada' THEN hromada
        WHEN 'category' THEN category
        ELSE 'total'
    END AS key,
    month,
    sum(n)::BIGINT AS n,
    any_value(first_month) AS first_month
FROM monthly_history('agg_offence_month', ['hromada', 'category'], $month_from, $month_to, $raion, $hromada)
WHERE $category::VARCHAR IS NULL OR category = $category
GROUP BY key, month
ORDER BY key, month
