-- params: month_from, month_to, hromada, reporting_date
-- What the officers of one hromada did in the period, by activity type, per officer per week on duty.
-- Officer-weeks: the days each officer was on duty inside the period (deployed_on <= D < left_on,
-- clipped to the period, which ends at the reporting date at the latest), summed, ÷ 7.
WITH bounds AS (
    SELECT
        $month_from::DATE AS first_day,
        least(last_day($month_to::DATE), $reporting_date::DATE) + 1 AS end_day  -- exclusive
),
duty AS (
    SELECT sum(greatest(
        date_diff('day', greatest(o.deployed_on, b.first_day), least(coalesce(o.left_on, b.end_day), b.end_day)),
        0
    )) AS officer_days
    FROM officers AS o, bounds AS b
    WHERE o.hromada = $hromada AND o.deployed_on IS NOT NULL
),
mix AS (
    SELECT activity_type, sum(n) AS n, sum(minutes) AS minutes, sum(participants) AS participants
    FROM agg_activity_month
    WHERE hromada = $hromada AND month BETWEEN $month_from AND $month_to
    GROUP BY activity_type
)
SELECT
    m.activity_type,
    m.n::BIGINT AS n,
    m.minutes / 60.0 AS hours,
    m.participants::BIGINT AS participants,
    coalesce(d.officer_days, 0) / 7.0 AS officer_weeks,
    CASE WHEN d.officer_days > 0 THEN m.n / (d.officer_days / 7.0) END AS per_officer_week,
    CASE WHEN d.officer_days > 0 THEN m.minutes / 60.0 / (d.officer_days / 7.0) END AS hours_per_officer_week
FROM mix AS m, duty AS d
ORDER BY m.n DESC, m.activity_type
