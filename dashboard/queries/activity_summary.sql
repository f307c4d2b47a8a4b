-- params: month_from, month_to, raion, hromada, reporting_date
-- Officer activity per hromada in scope plus one total row (hromada NULL, via ROLLUP): time on duty,
-- activity counts and minutes, time inside the community, and the council-report target.
-- On duty on day D: deployed_on <= D AND (left_on IS NULL OR left_on > D) (docs/ARCHITECTURE.md), so the
-- days on duty in [day_from, day_to) are [max(deployed_on, day_from), min(left_on, day_to)).
WITH scope AS (
    SELECT katottg AS hromada
    FROM hromadas
    WHERE ($raion::VARCHAR IS NULL OR raion_katottg = $raion)
      AND ($hromada::VARCHAR IS NULL OR katottg = $hromada)
),
bounds AS (
    SELECT
        $month_from::DATE AS day_from,
        -- The period ends with its last month, or at the reporting date when that month is in progress.
        least($month_to::DATE + INTERVAL 1 MONTH, $reporting_date::DATE + INTERVAL 1 DAY)::DATE AS day_to,
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
        o.deployed_on < b.day_to AND (o.left_on IS NULL OR o.left_on >= b.day_to) AS on_duty_at_end,
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
        count(*) FILTER (WHERE d.on_duty_at_end) AS officers_on_duty,
        count(*) FILTER (WHERE d.council_eligible) AS council_eligible,
        count(*) FILTER (WHERE d.council_eligible AND coalesce(c.reports, 0) >= 2) AS council_reached
    FROM duty AS d
    LEFT JOIN council AS c USING (officer_id)
    GROUP BY d.hromada
),
activity_rows AS (
    SELECT
        hromada,
        -- Administrative protocols are enforcement, not engagement: left out of the activity count so
        -- that no figure here rewards writing protocols (INDICATORS.md: never rank by protocols).
        sum(n) FILTER (WHERE activity_type <> 'admin_protocol') AS n_activities,
        sum(minutes) FILTER (WHERE activity_type = 'patrol') AS patrol_minutes,
        sum(n) FILTER (WHERE activity_type = 'resident_meeting') AS n_meetings,
        sum(participants) FILTER (WHERE activity_type = 'resident_meeting') AS meeting_participants,
        sum(minutes) AS minutes,
        sum(minutes_inside) AS minutes_inside,
        sum(minutes_located) AS minutes_located
    FROM agg_activity_month
    WHERE month BETWEEN $month_from AND $month_to AND hromada IN (SELECT hromada FROM scope)
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
        coalesce(o.council_reached, 0) AS council_reached
    FROM officer_rows AS o
    FULL OUTER JOIN activity_rows AS a USING (hromada)
    -- A hromada whose officers were all gone before the period and that logged nothing is not shown.
    WHERE coalesce(o.officer_days, 0) > 0 OR coalesce(a.minutes, 0) > 0 OR coalesce(a.n_activities, 0) > 0
)
SELECT
    hromada,
    sum(officers_on_duty)::BIGINT AS officers_on_duty,
    sum(officer_days)::BIGINT AS officer_days,
    sum(n_activities)::BIGINT AS n_activities,
    sum(patrol_minutes)::BIGINT AS patrol_minutes,
    sum(n_meetings)::BIGINT AS n_meetings,
    sum(meeting_participants)::BIGINT AS meeting_participants,
    sum(minutes)::BIGINT AS minutes,
    sum(minutes_inside)::BIGINT AS minutes_inside,
    sum(minutes_located)::BIGINT AS minutes_located,
    sum(council_eligible)::BIGINT AS council_eligible,
    sum(council_reached)::BIGINT AS council_reached
FROM per_hromada
GROUP BY ROLLUP (hromada)
-- The total row (hromada NULL) comes first.
ORDER BY hromada NULLS FIRST
