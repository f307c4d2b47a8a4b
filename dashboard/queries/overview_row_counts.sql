-- params: raion, hromada
-- Rows per contract table in the scope. The three large event tables are counted from their agg_*
-- tables (the sums of n equal the row counts), so no raw table of millions of rows is scanned; the
-- scope is the in_scope macro, a KATOTTG prefix test (_macros.sql).
SELECT 'officers' AS "table", 1 AS table_order, count(*)::BIGINT AS n_rows FROM officers
WHERE in_scope(hromada, $raion, $hromada)
UNION ALL
SELECT 'stations', 2, count(*)::BIGINT FROM stations
WHERE in_scope(hromada, $raion, $hromada)
UNION ALL
SELECT 'resources', 3, count(*)::BIGINT FROM resources
WHERE in_scope(hromada, $raion, $hromada)
UNION ALL
SELECT 'activities', 4, coalesce(sum(n), 0)::BIGINT FROM agg_activity_month
WHERE in_scope(hromada, $raion, $hromada)
UNION ALL
SELECT 'offences', 5, coalesce(sum(n), 0)::BIGINT FROM agg_offence_month
WHERE in_scope(hromada, $raion, $hromada)
UNION ALL
SELECT 'calls', 6, coalesce(sum(n), 0)::BIGINT FROM agg_call_month
WHERE in_scope(hromada, $raion, $hromada)
UNION ALL
SELECT 'surveys', 7, count(*)::BIGINT FROM surveys
WHERE in_scope(hromada, $raion, $hromada)
UNION ALL
SELECT 'passport_items', 8, count(*)::BIGINT FROM passport_items
WHERE in_scope(hromada, $raion, $hromada)
ORDER BY table_order
