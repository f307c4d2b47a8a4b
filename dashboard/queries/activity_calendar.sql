-- params: month_from, month_to, raion, hromada, reporting_date
-- Activities per day in scope for the calendar heatmap, one row per day from $month_from to the end of
-- $month_to: days without activity are 0, days after the reporting date are NULL (not yet known).
WITH days AS (
    SELECT unnest(generate_series(
        $month_from::DATE, ($month_to::DATE + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE, INTERVAL 1 DAY
    ))::DATE AS day
),
counts AS (
    SELECT day, sum(n)::BIGINT AS n, sum(minutes)::BIGINT AS minutes
    FROM agg_activity_day
    WHERE day BETWEEN $month_from AND ($month_to::DATE + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE
      AND in_scope(hromada, $raion, $hromada)
    GROUP BY day
)
SELECT
    days.day,
    CASE WHEN days.day <= $reporting_date THEN coalesce(counts.n, 0) END AS n,
    CASE WHEN days.day <= $reporting_date THEN coalesce(counts.minutes, 0) END AS minutes
FROM days
LEFT JOIN counts USING (day)
ORDER BY days.day
