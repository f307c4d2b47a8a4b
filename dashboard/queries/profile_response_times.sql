-- params: month_from, month_to, hromada, reporting_date
-- Every 102 call of one hromada in the period with its response time in minutes (NULL without an
-- arrival): the median and P90 of a period need the individual times, not monthly medians. The calls
-- table is stored in time order, so the time filter skips the other years' row groups.
SELECT
    received_at,
    date_diff('second', received_at, arrived_at) / 60.0 AS minutes
FROM calls
WHERE hromada = $hromada
  AND received_at >= $month_from
  AND received_at < least(last_day($month_to::DATE), $reporting_date::DATE) + 1
ORDER BY received_at
