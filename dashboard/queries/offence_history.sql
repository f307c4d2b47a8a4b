-- params: month_from, month_to, raion, hromada, category
-- Offences per hromada, category and month in scope for the months $month_from..$month_to ($category NULL
-- = every category), with the first month of offence data in the snapshot (months before it were never
-- recorded): the monthly history that the dispersion of the change tests is estimated from. Months
-- without offences have no row (they are 0).
SELECT
    a.hromada,
    a.category,
    a.month,
    sum(a.n)::BIGINT AS n,
    (SELECT min(month) FROM agg_offence_month) AS first_month
FROM agg_offence_month AS a
WHERE a.month BETWEEN $month_from AND $month_to
  AND in_scope(a.hromada, $raion, $hromada)
  AND ($category::VARCHAR IS NULL OR a.category = $category)
GROUP BY a.hromada, a.category, a.month
ORDER BY a.hromada, a.category, a.month
