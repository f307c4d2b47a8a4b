-- params: raion, hromada, reporting_date
-- One row per hromada in scope at $reporting_date: officers on duty, officers ever deployed, and the
-- standard kit (office, vehicle, tablet) delivered by that date. Coverage KPIs, residents per officer,
-- equipment completeness and "newly covered / newly vacant" are computed from it (dashboard.indicators).
-- On duty at D, in the pipeline at D and the scope: the on_duty, in_pipeline and in_scope macros
-- (_macros.sql).
WITH scope AS (
    SELECT katottg, name_uk, name_en, type, type_en, population_2022, is_pilot
    FROM hromadas
    WHERE in_scope(katottg, $raion, $hromada)
),
staff AS (
    SELECT
        hromada,
        count(*) FILTER (
            WHERE on_duty(deployed_on, left_on, $reporting_date)
        ) AS officers_on_duty,
        count(*) FILTER (WHERE deployed_on <= $reporting_date) AS officers_ever_deployed,
        count(*) FILTER (
            WHERE in_pipeline(selected_on, deployed_on, left_on, $reporting_date)
        ) AS officers_in_pipeline
    FROM officers
    GROUP BY hromada
),
kit AS (
    SELECT
        hromada,
        sum(quantity) FILTER (WHERE resource = 'office') AS office_delivered,
        sum(quantity) FILTER (WHERE resource = 'vehicle') AS vehicle_delivered,
        sum(quantity) FILTER (WHERE resource = 'tablet') AS tablet_delivered
    FROM resources
    WHERE status = 'delivered' AND date <= $reporting_date
    GROUP BY hromada
)
SELECT
    s.katottg AS hromada,
    s.name_uk,
    s.name_en,
    s.type,
    s.population_2022 AS population,
    s.is_pilot,
    coalesce(st.officers_on_duty, 0)::INTEGER AS officers_on_duty,
    coalesce(st.officers_ever_deployed, 0)::INTEGER AS officers_ever_deployed,
    coalesce(st.officers_in_pipeline, 0)::INTEGER AS officers_in_pipeline,
    coalesce(k.office_delivered, 0)::INTEGER AS office_delivered,
    coalesce(k.vehicle_delivered, 0)::INTEGER AS vehicle_delivered,
    coalesce(k.tablet_delivered, 0)::INTEGER AS tablet_delivered
FROM scope AS s
LEFT JOIN staff AS st ON st.hromada = s.katottg
LEFT JOIN kit AS k ON k.hromada = s.katottg
ORDER BY s.katottg
