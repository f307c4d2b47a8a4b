-- params: month_from, month_to, raion, hromada
-- Completeness per source: how many hromadas in scope sent at least one record dated in the period.
-- The event sources are read from their monthly aggregates; one count per source keeps it cheap.
WITH scope AS (
    SELECT katottg
    FROM hromadas
    WHERE in_scope(katottg, $raion, $hromada)
),
bounds AS (
    SELECT $month_from::DATE AS day_from, ($month_to::DATE + INTERVAL 1 MONTH)::DATE AS day_after
)
SELECT source, n_with_data::INTEGER AS n_with_data, (SELECT count(*) FROM scope)::INTEGER AS n_hromadas
FROM (
    SELECT 'activities' AS source, 1 AS sort_order, (
        SELECT count(DISTINCT hromada) FROM agg_activity_month
        WHERE month BETWEEN $month_from AND $month_to AND hromada IN (SELECT katottg FROM scope)
    ) AS n_with_data
    UNION ALL
    SELECT 'offences', 2, (
        SELECT count(DISTINCT hromada) FROM agg_offence_month
        WHERE month BETWEEN $month_from AND $month_to AND hromada IN (SELECT katottg FROM scope)
    )
    UNION ALL
    SELECT 'calls', 3, (
        SELECT count(DISTINCT hromada) FROM agg_call_month
        WHERE month BETWEEN $month_from AND $month_to AND hromada IN (SELECT katottg FROM scope)
    )
    UNION ALL
    SELECT 'surveys', 4, (
        SELECT count(DISTINCT hromada) FROM surveys, bounds
        WHERE survey_date >= day_from AND survey_date < day_after AND hromada IN (SELECT katottg FROM scope)
    )
    UNION ALL
    SELECT 'passport_items', 5, (
        SELECT count(DISTINCT hromada) FROM passport_items, bounds
        WHERE updated_on >= day_from AND updated_on < day_after AND hromada IN (SELECT katottg FROM scope)
    )
    UNION ALL
    SELECT 'resources', 6, (
        SELECT count(DISTINCT hromada) FROM resources, bounds
        WHERE date >= day_from AND date < day_after AND hromada IN (SELECT katottg FROM scope)
    )
)
ORDER BY sort_order
