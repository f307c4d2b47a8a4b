-- params: month_from, month_to, prev_from, prev_to, raion, reporting_date
-- One row per hromada in scope with the inputs of every map indicator. Staff and surveys are taken at
-- the end of the period: the last day of $month_to, or the reporting date if that is earlier.
-- Offences: the period's months and the window compared with, $prev_from..$prev_to (dashboard.periods.
-- year_on_year: the same months a year earlier; both NULL = no comparison) (agg_offence_month).
-- On duty at D: the on_duty macro (_macros.sql); in the pipeline: selected by D, not yet deployed,
-- not left (the in_pipeline macro, as on the overview page). Scope: the in_scope macro.
WITH period_end AS (
    SELECT least(last_day($month_to::DATE), $reporting_date::DATE) AS day
),
scope AS (
    SELECT katottg, raion_katottg, is_pilot, population_2022, type_en
    FROM hromadas
    WHERE in_scope(katottg, $raion, NULL)
),
staff AS (
    SELECT
        o.hromada,
        count(*) FILTER (WHERE on_duty(o.deployed_on, o.left_on, p.day))
            AS officers_on_duty,
        count(*) FILTER (WHERE in_pipeline(o.selected_on, o.deployed_on, o.left_on, p.day))
            AS officers_in_pipeline,
        count(*) FILTER (WHERE o.deployed_on <= p.day) AS officers_ever_deployed
    FROM officers AS o, period_end AS p
    GROUP BY o.hromada
),
offence_counts AS (
    SELECT
        hromada,
        sum(n) FILTER (WHERE month BETWEEN $month_from AND $month_to) AS offences,
        sum(n) FILTER (WHERE month BETWEEN $prev_from AND $prev_to) AS offences_prev
    FROM agg_offence_month
    WHERE month BETWEEN $month_from AND $month_to OR month BETWEEN $prev_from AND $prev_to
    GROUP BY hromada
),
-- Offence data come for the whole oblast at once (ЄРДР): the snapshot's first and last month bound
-- them. A period outside that span is "no data", not a rate of 0, and so is a hromada without a single
-- offence row; a month without offences inside the span is a real 0 (aggregates have no row for it).
offence_span AS (
    SELECT min(month) AS first_month, max(month) AS last_month FROM agg_offence_month
),
offence_reporting AS (
    SELECT DISTINCT hromada FROM agg_offence_month
),
latest_survey AS (
    SELECT s.hromada, s.survey_date, s.respondents, s.trust_yes
    FROM surveys AS s, period_end AS p
    WHERE s.survey_date <= p.day
    QUALIFY row_number() OVER (PARTITION BY s.hromada ORDER BY s.survey_date DESC) = 1
)
SELECT
    sc.katottg AS hromada,
    sc.raion_katottg,
    sc.is_pilot,
    p.day AS as_of,
    sc.population_2022 AS population,
    sc.type_en,
    coalesce(st.officers_on_duty, 0)::INTEGER AS officers_on_duty,
    coalesce(st.officers_in_pipeline, 0)::INTEGER AS officers_in_pipeline,
    coalesce(st.officers_ever_deployed, 0)::INTEGER AS officers_ever_deployed,
    coalesce(orep.hromada IS NOT NULL AND os.first_month <= $month_to AND os.last_month >= $month_from, FALSE)
        AS has_offence_data,
    -- periods.year_on_year gives no window when the data do not reach back to it.
    coalesce(os.first_month <= $prev_from::DATE, FALSE) AS has_previous_data,
    coalesce(oc.offences, 0)::INTEGER AS offences,
    coalesce(oc.offences_prev, 0)::INTEGER AS offences_prev,
    ls.survey_date,
    ls.respondents,
    ls.trust_yes
FROM scope AS sc
CROSS JOIN period_end AS p
CROSS JOIN offence_span AS os
LEFT JOIN staff AS st ON st.hromada = sc.katottg
LEFT JOIN offence_counts AS oc ON oc.hromada = sc.katottg
LEFT JOIN offence_reporting AS orep ON orep.hromada = sc.katottg
LEFT JOIN latest_survey AS ls ON ls.hromada = sc.katottg
ORDER BY sc.katottg
