-- params: month_from, month_to, prev_from, prev_to, raion, reporting_date, category
-- One row per hromada of the raion (all hromadas when $raion is NULL) with the raw counts behind the
-- compare page's rates, for the months $month_from..$month_to and the window they are compared with,
-- $prev_from..$prev_to (dashboard.periods.year_on_year; both NULL = no comparison: the *_prev are NULL):
-- offences (all and of $category), calls to 102, officer activities with the officer-days served in the
-- period (on duty: deployed_on <= day < left_on, cut at the reporting date), officers on duty at the
-- reporting date, and the hromada's latest survey up to the end of the period. Rates, z and flags are
-- added by the wrapper (dashboard.indicators). Zero-filled: a hromada without events has zeros, not NULLs.
WITH scope AS MATERIALIZED (
    SELECT katottg, name_uk, name_en, type, type_en, raion, raion_en, raion_katottg, population_2022,
        is_pilot, peer_group
    FROM hromadas
    WHERE in_scope(katottg, $raion, NULL)
),
bounds AS (
    SELECT
        $month_from::DATE AS cur_from,
        ($month_to::DATE + INTERVAL 1 MONTH)::DATE AS cur_to,  -- exclusive
        $prev_from::DATE AS prev_from,
        $prev_to::DATE AS prev_month_to,
        least(($month_to::DATE + INTERVAL 1 MONTH)::DATE, $reporting_date::DATE + 1) AS duty_to  -- exclusive
),
offences AS (
    SELECT
        a.hromada,
        sum(a.n) FILTER (WHERE a.month >= b.cur_from) AS offences,
        sum(a.n) FILTER (WHERE a.month BETWEEN b.prev_from AND b.prev_month_to) AS offences_prev,
        sum(a.n) FILTER (WHERE a.month >= b.cur_from AND a.category = $category) AS category_n,
        sum(a.n) FILTER (WHERE a.month BETWEEN b.prev_from AND b.prev_month_to AND a.category = $category) AS category_prev
    FROM agg_offence_month AS a, bounds AS b
    WHERE (a.month BETWEEN b.cur_from AND $month_to OR a.month BETWEEN b.prev_from AND b.prev_month_to)
      AND a.hromada IN (SELECT katottg FROM scope)
    GROUP BY a.hromada
),
calls AS (
    SELECT
        c.hromada,
        sum(c.n) FILTER (WHERE c.month >= b.cur_from) AS calls,
        sum(c.n) FILTER (WHERE c.month BETWEEN b.prev_from AND b.prev_month_to) AS calls_prev
    FROM agg_call_month AS c, bounds AS b
    WHERE (c.month BETWEEN b.cur_from AND $month_to OR c.month BETWEEN b.prev_from AND b.prev_month_to)
      AND c.hromada IN (SELECT katottg FROM scope)
    GROUP BY c.hromada
),
activities AS (
    SELECT a.hromada, sum(a.n) AS activities
    FROM agg_activity_month AS a
    WHERE a.month BETWEEN $month_from AND $month_to AND a.hromada IN (SELECT katottg FROM scope)
    GROUP BY a.hromada
),
duty AS (
    SELECT
        o.hromada,
        count(*) FILTER (
            WHERE on_duty(o.deployed_on, o.left_on, $reporting_date)
        ) AS officers_on_duty,
        sum(greatest(
            least(coalesce(o.left_on, b.duty_to), b.duty_to) - greatest(o.deployed_on, b.cur_from), 0
        )) AS officer_days
    FROM officers AS o, bounds AS b
    WHERE o.deployed_on IS NOT NULL AND o.hromada IN (SELECT katottg FROM scope)
    GROUP BY o.hromada
),
surveys AS (
    SELECT s.hromada, s.survey_date, s.respondents, s.trust_yes
    FROM surveys AS s, bounds AS b
    WHERE s.survey_date < b.cur_to AND s.hromada IN (SELECT katottg FROM scope)
    QUALIFY row_number() OVER (PARTITION BY s.hromada ORDER BY s.survey_date DESC) = 1
)
SELECT
    s.katottg AS hromada,
    s.name_uk,
    s.name_en,
    s.type,
    s.type_en,
    s.raion,
    s.raion_en,
    s.raion_katottg,
    s.population_2022 AS population,
    s.is_pilot,
    s.peer_group,
    coalesce(d.officers_on_duty, 0)::INTEGER AS officers_on_duty,
    coalesce(d.officer_days, 0)::BIGINT AS officer_days,
    coalesce(o.offences, 0)::BIGINT AS offences,
    CASE WHEN $prev_from::DATE IS NOT NULL THEN coalesce(o.offences_prev, 0) END::BIGINT AS offences_prev,
    coalesce(o.category_n, 0)::BIGINT AS category_n,
    CASE WHEN $prev_from::DATE IS NOT NULL THEN coalesce(o.category_prev, 0) END::BIGINT AS category_prev,
    coalesce(c.calls, 0)::BIGINT AS calls,
    CASE WHEN $prev_from::DATE IS NOT NULL THEN coalesce(c.calls_prev, 0) END::BIGINT AS calls_prev,
    coalesce(a.activities, 0)::BIGINT AS activities,
    v.survey_date,
    v.respondents,
    v.trust_yes
FROM scope AS s
LEFT JOIN offences AS o ON o.hromada = s.katottg
LEFT JOIN calls AS c ON c.hromada = s.katottg
LEFT JOIN activities AS a ON a.hromada = s.katottg
LEFT JOIN duty AS d ON d.hromada = s.katottg
LEFT JOIN surveys AS v ON v.hromada = s.katottg
ORDER BY s.katottg
