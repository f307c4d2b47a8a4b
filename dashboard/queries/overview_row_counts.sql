-- params: raion, hromada
-- Rows per contract table in the scope. The three large event tables are counted from their agg_*
-- tables (the sums of n equal the row counts) so that no raw table of millions of rows is scanned.
WITH scope AS MATERIALIZED (
    SELECT katottg
    FROM hromadas
    WHERE ($raion::VARCHAR IS NULL OR raion_katottg = $raion)
      AND ($hromada::VARCHAR IS NULL OR katottg = $hromada)
)
SELECT 'officers' AS "table", 1 AS table_order, count(*)::BIGINT AS n_rows
FROM officers WHERE hromada IN (SELECT katottg FROM scope)
UNION ALL
SELECT 'stations', 2, count(*)::BIGINT FROM stations WHERE hromada IN (SELECT katottg FROM scope)
UNION ALL
SELECT 'resources', 3, count(*)::BIGINT FROM resources WHERE hromada IN (SELECT katottg FROM scope)
UNION ALL
SELECT 'activities', 4, coalesce(sum(n), 0)::BIGINT FROM agg_activity_month WHERE hromada IN (SELECT katottg FROM scope)
UNION ALL
SELECT 'offences', 5, coalesce(sum(n), 0)::BIGINT FROM agg_offence_month WHERE hromada IN (SELECT katottg FROM scope)
UNION ALL
SELECT 'calls', 6, coalesce(sum(n), 0)::BIGINT FROM agg_call_month WHERE hromada IN (SELECT katottg FROM scope)
UNION ALL
SELECT 'surveys', 7, count(*)::BIGINT FROM surveys WHERE hromada IN (SELECT katottg FROM scope)
UNION ALL
SELECT 'passport_items', 8, count(*)::BIGINT FROM passport_items WHERE hromada IN (SELECT katottg FROM scope)
ORDER BY table_order
