-- params: month_from, month_to, prev_from, prev_to, raion, hromada, reporting_date
-- Officer activity per hromada in scope plus one total row (hromada NULL, via ROLLUP): time on duty,
-- activity counts and minutes, time inside the community and the council-report target, for the period
-- and (columns *_prev) for the window it is compared with, $prev_from..$prev_to (dashboard.periods.
-- year_on_year: the same months a year earlier, whole months; both NULL = no comparison, the *_prev are
-- then 0), read in one pass over agg_activity_month.
-- On duty on day D: the on_duty macro (_macros.sql: deployed_on <= D < left_on), so the days on duty
-- in [day_from, day_to) are [max(deployed_on, day_from), min(left_on, day_to)).
WITH scope AS (
    SELECT katottg AS hromada
    FROM hromadas
    WHERE in_scope(katottg, $raion, $hromada)
),
bounds AS (
    SELECT
        $month_from::DATE AS day_from,
        -- The period ends with its last month, or at the reporting date when that month is in progress.
        least($month_to::DATE + INTERVAL 1 MONTH, $reporting_date::DATE + INTERVAL 1 DAY)::DATE AS day_to,
        $prev_from::DATE AS prev_from,
        ($prev_to::DATE + INTERVAL 1 MONTH)::DATE AS prev_to,  -- exclusive
        -- The council-report target is "two a year": the 12 months ending with the period's last month.
        ($month_to::DATE - INTERVAL 11 MONTH)::DATE AS year_from
),
duty AS (
    SELECT
        o.hromada,
        o.officer_id,
        greatest(
            date_diff('day', greatest(o.deployed_on, b.day_from), least(coalesce(o.left_on, b.day_to), b.day_to)),
            0
        ) AS days_on_duty,
        greatest(
            date_diff('day', greatest(o.deployed_on, b.prev_from), least(coalesce(o.left_on, b.prev_to), b.prev_to)),
            0
        ) AS days_on_duty_prev,
        on_duty(o.deployed_on, o.left_on, b.day_to - 1) AS on_duty_at_end,  -- the period's last day
        -- Only officers on duty for the whole 12 months can be held to the yearly target.
        o.deployed_on <= b.year_from AND (o.left_on IS NULL OR o.left_on >= b.day_to) AS council_eligible
    FROM officers AS o, bounds AS b
    WHERE o.deployed_on IS NOT NULL AND o.hromada IN (SELECT hromada FROM scope)
),
council AS (
    SELECT a.officer_id, sum(a.n) AS reports
    FROM agg_activity_month AS a, bounds AS b
    WHERE a.activity_type = 'council_report' AND a.month BETWEEN b.year_from AND $month_to::DATE
    GROUP BY a.officer_id
),
officer_rows AS (
    SELECT
        d.hromada,
        sum(d.days_on_duty) AS officer_days,
        sum(d.days_on_duty_prev) AS officer_days_prev,
        count(*) FILTER (WHERE d.on_duty_at_end) AS officers_on_duty,
        count(*) FILTER (WHERE d.council_eligible) AS council_eligible,
        count(*) FILTER (WHERE d.council_eligible AND coalesce(c.reports, 0) >= 2) AS council_reached
    FROM duty AS d
    LEFT JOIN council AS c USING (officer_id)
    GROUP BY d.hromada
),
by_period AS (
    -- Administrative protocols are enforcement, not engagement: left out of the activity count so that
    -- no figure here rewards writing protocols (INDICATORS.md: never rank officers by protocols).
    -- Grouped by (hromada, period) first: cheaper than filtering every sum on the period as well.
    SELECT
        hromada,
        month BETWEEN $month_from AND $month_to AS cur,
        sum(n) FILTER (WHERE activity_type <> 'admin_protocol') AS n_activities,
        sum(minutes) FILTER (WHERE activity_type = 'patrol') AS patrol_minutes,
        sum(n) FILTER (WHERE activity_type = 'resident_meeting') AS n_meetings,
        sum(participants) FILTER (WHERE activity_type = 'resident_meeting') AS meeting_participants,
        sum(minutes) AS minutes,
        sum(minutes_inside) AS minutes_inside,
        sum(minutes_located) AS minutes_located
    FROM agg_activity_month
    WHERE (month BETWEEN $month_from AND $month_to OR month BETWEEN $prev_from AND $prev_to)
      AND hromada IN (SELECT hromada FROM scope)
    GROUP BY ALL
),
activity_rows AS (
    SELECT
        hromada,
        sum(n_activities) FILTER (WHERE cur) AS n_activities,
        sum(patrol_minutes) FILTER (WHERE cur) AS patrol_minutes,
        sum(n_meetings) FILTER (WHERE cur) AS n_meetings,
        sum(meeting_participants) FILTER (WHERE cur) AS meeting_participants,
        sum(minutes) FILTER (WHERE cur) AS minutes,
        sum(minutes_inside) FILTER (WHERE cur) AS minutes_inside,
        sum(minutes_located) FILTER (WHERE cur) AS minutes_located,
        sum(n_activities) FILTER (WHERE NOT cur) AS n_activities_prev,
        sum(patrol_minutes) FILTER (WHERE NOT cur) AS patrol_minutes_prev,
        sum(n_meetings) FILTER (WHERE NOT cur) AS n_meetings_prev,
        sum(meeting_participants) FILTER (WHERE NOT cur) AS meeting_participants_prev,
        sum(minutes_inside) FILTER (WHERE NOT cur) AS minutes_inside_prev,
        sum(minutes_located) FILTER (WHERE NOT cur) AS minutes_located_prev
    FROM by_period
    GROUP BY hromada
),
per_hromada AS (
    SELECT
        coalesce(o.hromada, a.hromada) AS hromada,
        coalesce(o.officers_on_duty, 0) AS officers_on_duty,
        coalesce(o.officer_days, 0) AS officer_days,
        coalesce(a.n_activities, 0) AS n_activities,
        coalesce(a.patrol_minutes, 0) AS patrol_minutes,
        coalesce(a.n_meetings, 0) AS n_meetings,
        coalesce(a.meeting_participants, 0) AS meeting_participants,
        coalesce(a.minutes, 0) AS minutes,
        coalesce(a.minutes_inside, 0) AS minutes_inside,
        coalesce(a.minutes_located, 0) AS minutes_located,
        coalesce(o.council_eligible, 0) AS council_eligible,
        coalesce(o.council_reached, 0) AS council_reached,
        coalesce(o.officer_days_prev, 0) AS officer_days_prev,
        coalesce(a.n_activities_prev, 0) AS n_activities_prev,
        coalesce(a.patrol_minutes_prev, 0) AS patrol_minutes_prev,
        coalesce(a.n_meetings_prev, 0) AS n_meetings_prev,
        coalesce(a.meeting_participants_prev, 0) AS meeting_participants_prev,
        coalesce(a.minutes_inside_prev, 0) AS minutes_inside_prev,
        coalesce(a.minutes_located_prev, 0) AS minutes_located_prev
    FROM officer_rows AS o
    FULL OUTER JOIN activity_rows AS a USING (hromada)
),
rolled AS (
    -- ROLLUP gives the total row even for an empty scope; its sums are then NULL, read as 0.
    SELECT
        hromada,
        coalesce(sum(officers_on_duty), 0)::BIGINT AS officers_on_duty,
        coalesce(sum(officer_days), 0)::BIGINT AS officer_days,
        coalesce(sum(n_activities), 0)::BIGINT AS n_activities,
        coalesce(sum(patrol_minutes), 0)::BIGINT AS patrol_minutes,
        coalesce(sum(n_meetings), 0)::BIGINT AS n_meetings,
        coalesce(sum(meeting_participants), 0)::BIGINT AS meeting_participants,
        coalesce(sum(minutes), 0)::BIGINT AS minutes,
        coalesce(sum(minutes_inside), 0)::BIGINT AS minutes_inside,
        coalesce(sum(minutes_located), 0)::BIGINT AS minutes_located,
        coalesce(sum(council_eligible), 0)::BIGINT AS council_eligible,
        coalesce(sum(council_reached), 0)::BIGINT AS council_reached,
        coalesce(sum(officer_days_prev), 0)::BIGINT AS officer_days_prev,
        coalesce(sum(n_activities_prev), 0)::BIGINT AS n_activities_prev,
        coalesce(sum(patrol_minutes_prev), 0)::BIGINT AS patrol_minutes_prev,
        coalesce(sum(n_meetings_prev), 0)::BIGINT AS n_meetings_prev,
        coalesce(sum(meeting_participants_prev), 0)::BIGINT AS meeting_participants_prev,
        coalesce(sum(minutes_inside_prev), 0)::BIGINT AS minutes_inside_prev,
        coalesce(sum(minutes_located_prev), 0)::BIGINT AS minutes_located_prev
    FROM per_hromada
    GROUP BY ROLLUP (hromada)
)
SELECT *
FROM rolled
-- The total row (hromada NULL) counts every hromada; a hromada row is listed only when it has officers
-- on duty or activity in the period (not for activity a year earlier alone).
WHERE hromada IS NULL OR officer_days > 0 OR minutes > 0 OR n_activities > 0
ORDER BY hromada NULLS FIRST
