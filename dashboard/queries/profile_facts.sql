-- params: hromada, reporting_date
-- The reference facts of one hromada and where its rollout stands at the reporting date: the first date
-- of each stage (an officer selected, in training, deployed; a station opened) and the officers now.
-- On duty at D: the on_duty macro; in the pipeline (selected by D, not yet deployed, not left): the
-- in_pipeline macro (_macros.sql).
WITH staff AS (
    SELECT
        min(selected_on) FILTER (WHERE selected_on <= $reporting_date) AS first_selected_on,
        min(training_from) FILTER (WHERE training_from <= $reporting_date) AS first_training_from,
        min(deployed_on) FILTER (WHERE deployed_on <= $reporting_date) AS first_deployed_on,
        count(*) FILTER (
            WHERE on_duty(deployed_on, left_on, $reporting_date)
        ) AS officers_on_duty,
        count(*) FILTER (
            WHERE in_pipeline(selected_on, deployed_on, left_on, $reporting_date)
        ) AS officers_in_pipeline,
        count(*) FILTER (WHERE deployed_on <= $reporting_date) AS officers_ever_deployed
    FROM officers
    WHERE hromada = $hromada
),
station AS (
    SELECT min(opened_on) AS first_station_opened_on, count(*) AS stations_open
    FROM stations
    WHERE hromada = $hromada AND opened_on <= $reporting_date
)
SELECT
    h.katottg AS hromada, h.name_uk, h.name_en, h.name_full_uk, h.type, h.type_en, h.raion, h.raion_en,
    h.raion_katottg, h.center, h.n_settlements, h.area_km2, h.population_2022, h.is_pilot,
    h.first_election_date, h.peer_group,
    s.first_selected_on, s.first_training_from, s.first_deployed_on,
    coalesce(s.officers_on_duty, 0)::INTEGER AS officers_on_duty,
    coalesce(s.officers_in_pipeline, 0)::INTEGER AS officers_in_pipeline,
    coalesce(s.officers_ever_deployed, 0)::INTEGER AS officers_ever_deployed,
    st.first_station_opened_on,
    coalesce(st.stations_open, 0)::INTEGER AS stations_open
FROM hromadas AS h, staff AS s, station AS st
WHERE h.katottg = $hromada
