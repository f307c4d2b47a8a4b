-- params: reporting_date
-- The latest event date of each source at the reporting date. Activities come from their daily
-- aggregate (far fewer rows than the raw table); offences and calls are stored in time order, so the
-- max over a recent window is read from a few row groups, with the whole table as a fallback.
-- Resources may carry future (planned) dates: only dates up to the reporting date count.
WITH recent AS (
    SELECT
        (SELECT max(registered_at) FROM offences
            WHERE registered_at >= $reporting_date::DATE - INTERVAL 90 DAY) AS offences,
        (SELECT max(received_at) FROM calls
            WHERE received_at >= $reporting_date::DATE - INTERVAL 90 DAY) AS calls
)
SELECT source, latest::DATE AS latest, sort_order
FROM (
    SELECT 'activities' AS source, (SELECT max(day) FROM agg_activity_day) AS latest, 1 AS sort_order
    UNION ALL
    SELECT 'offences', coalesce((SELECT offences FROM recent), (SELECT max(registered_at) FROM offences)), 2
    UNION ALL
    SELECT 'calls', coalesce((SELECT calls FROM recent), (SELECT max(received_at) FROM calls)), 3
    UNION ALL
    SELECT 'surveys', (SELECT max(survey_date) FROM surveys), 4
    UNION ALL
    SELECT 'passport_items', (SELECT max(updated_on) FROM passport_items), 5
    UNION ALL
    SELECT 'resources', (SELECT max(date) FROM resources WHERE date <= $reporting_date), 6
)
ORDER BY sort_order
