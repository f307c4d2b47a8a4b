-- params: month_from, month_to, raion, hromada
-- Calls to 102 per hromada and month in scope for the months $month_from..$month_to, with the first month
-- of call data in the snapshot (months before it were never recorded): the monthly history that the
-- dispersion of the calls' change test is estimated from. Months without calls have no row (they are 0).
SELECT
    c.hromada,
    c.month,
    sum(c.n)::BIGINT AS n,
    (SELECT min(month) FROM agg_call_month) AS first_month
FROM agg_call_month AS c
WHERE c.month BETWEEN $month_from AND $month_to
  AND in_scope(c.hromada, $raion, $hromada)
GROUP BY c.hromada, c.month
ORDER BY c.hromada, c.month
