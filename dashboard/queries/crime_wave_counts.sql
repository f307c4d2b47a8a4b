-- params: month_from, month_to, category
-- Offences per hromada and month from $month_from to $month_to in the whole oblast (the WDD of a
-- deployment wave compares its hromadas with all those not yet covered). Missing months are 0.
SELECT hromada, month, sum(n)::BIGINT AS n
FROM agg_offence_month
WHERE month BETWEEN $month_from AND $month_to
  AND ($category::VARCHAR IS NULL OR category = $category)
GROUP BY hromada, month
ORDER BY hromada, month
