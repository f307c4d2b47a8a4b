-- params: reporting_date, month_from
-- The headline figures of a snapshot at its reporting date (the `diff` command and the data page).
-- On duty at D: the on_duty macro (_macros.sql). The last 12 months: from $month_from (the first day
-- of the month 11 months before D's month) to the end of D.
WITH on_duty AS (
    SELECT officer_id, hromada
    FROM officers
    WHERE on_duty(deployed_on, left_on, $reporting_date)
)
SELECT
    (SELECT count(DISTINCT hromada) FROM on_duty) AS hromadas_covered,
    (SELECT count(*) FROM on_duty) AS officers_on_duty,
    -- From the monthly aggregate (its sums equal the row counts): the partner view rounds its sensitive cells.
    (
        SELECT coalesce(sum(n), 0) FROM agg_offence_month
        WHERE month >= $month_from AND month <= date_trunc('month', $reporting_date::DATE)
    ) AS offences_12m,
    (
        SELECT count(*) FROM activities
        WHERE started_at >= $month_from AND started_at < $reporting_date::DATE + INTERVAL 1 DAY
    ) AS activities_12m
