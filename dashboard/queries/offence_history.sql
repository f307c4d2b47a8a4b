-- params: month_from, month_to, raion, hromada, category, by
-- Offences per month in scope for the months $month_from..$month_to ($category NULL = every category),
-- summed per key of the dispersion: per hromada ($by = 'hromada'), per category ('category') or the scope's
-- total (anything else, key 'total'), with the first month of offence data in the snapshot (months before
-- it were never recorded): the monthly history that the dispersion of the change tests is estimated from.
-- Summed here, not in pandas: at national scale the rows per hromada, category and month are ~200,000,
-- their sums per key a few dozen (the total, the categories) to ~30,000 (the hromadas).
-- Months without offences have no row (they are 0).
-- Over all categories per hromada or per category (the compare, map and crime pages) monthly_history sums
-- per that key at once; summing per hromada and category first and then again per key took 2–3× the CPU
-- (~40 ms at national scale). Of the three branches only the one whose parameters fit runs: the others'
-- conditions are on parameters alone, false, and DuckDB skips them.
SELECT hromada AS key, month, n, first_month
FROM monthly_history('agg_offence_month', ['hromada'], $month_from, $month_to, $raion, $hromada)
WHERE $category::VARCHAR IS NULL AND $by::VARCHAR = 'hromada'
UNION ALL
SELECT category AS key, month, n, first_month
FROM monthly_history('agg_offence_month', ['category'], $month_from, $month_to, $raion, $hromada)
WHERE $category::VARCHAR IS NULL AND $by::VARCHAR = 'category'
UNION ALL
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
WHERE ($category::VARCHAR IS NULL OR category = $category)
  AND NOT ($category::VARCHAR IS NULL AND $by::VARCHAR IN ('hromada', 'category'))
GROUP BY key, month
ORDER BY key, month
