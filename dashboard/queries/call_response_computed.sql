-- params: month_from, month_to, raion, hromada
-- The histogram of response times in scope for the months $month_from..$month_to, computed from the calls
-- by the same macro the snapshot build stores it with (call_response_seconds, _macros.sql).
SELECT month, seconds, n
FROM call_response_seconds($month_from, $month_to, $raion, $hromada)
ORDER BY month, seconds
