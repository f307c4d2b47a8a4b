-- params: reporting_date
-- One row per hromada: reference attributes and the officers and stations at the reporting date.
-- On duty at D: the on_duty macro (_macros.sql). In training at D: training started, not yet deployed,
-- not left (the in_pipeline macro from training_from). A hromada is covered at D when it has at least one
-- officer on duty.
WITH per_hromada AS (
    SELECT
        hromada,
        count(*) FILTER (
            WHERE on_duty(deployed_on, left_on, $reporting_date)
        ) AS officers_on_duty,
        count(*) FILTER (
            WHERE in_pipeline(training_from, deployed_on, left_on, $reporting_date)
        ) AS officers_in_training,
        count(*) FILTER (WHERE deployed_on <= $reporting_date) AS officers_ever_deployed,
        min(deployed_on) FILTER (WHERE deployed_on <= $reporting_date) AS first_deployed_on
    FROM officers
    GROUP BY hromada
),
per_station AS (
    SELECT hromada, min(opened_on) AS station_opened_on, count(*) AS stations_open
    FROM stations
    WHERE opened_on <= $reporting_date
    GROUP BY hromada
)
SELECT
    h.katottg, h.name_uk, h.name_en, h.raion, h.raion_en, h.type, h.type_en, h.center,
    h.population_2022 AS population, h.area_km2, h.n_settlements, h.is_pilot,
    coalesce(p.officers_on_duty, 0)::INTEGER AS officers_on_duty,
    coalesce(p.officers_in_training, 0)::INTEGER AS officers_in_training,
    coalesce(p.officers_ever_deployed, 0)::INTEGER AS officers_ever_deployed,
    p.first_deployed_on,
    s.station_opened_on,
    coalesce(s.stations_open, 0)::INTEGER AS stations_open
FROM hromadas AS h
LEFT JOIN per_hromada AS p ON p.hromada = h.katottg
LEFT JOIN per_station AS s ON s.hromada = h.katottg
ORDER BY h.katottg
