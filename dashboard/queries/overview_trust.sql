-- params: month_to, raion, hromada
-- The latest survey wave of the scope up to the end of month $month_to: residents are surveyed in two
-- waves a year (spring, autumn), so a wave is a half-year (January–June, July–December). One row per
-- hromada surveyed in that wave (none when the scope has no survey by then): the wave's first day, the
-- hromada's last survey date in it, respondents and "yes" counts, its population_2022 (the weight of the
-- population-weighted figure, computed in dashboard.indicators) and the population of the whole scope.
WITH scoped AS MATERIALIZED (
    SELECT
        s.*,
        h.population_2022,
        make_date(year(s.survey_date), CASE WHEN month(s.survey_date) <= 6 THEN 1 ELSE 7 END, 1) AS wave
    FROM surveys AS s
    JOIN hromadas AS h ON h.katottg = s.hromada
    WHERE s.survey_date < $month_to::DATE + INTERVAL 1 MONTH
      AND in_scope(s.hromada, $raion, $hromada)
)
SELECT
    wave,
    hromada,
    max(survey_date) AS last_survey_date,
    sum(respondents)::BIGINT AS respondents,
    sum(trust_yes)::BIGINT AS trust_yes,
    sum(feel_safe_yes)::BIGINT AS feel_safe_yes,
    sum(knows_officer_yes)::BIGINT AS knows_officer_yes,
    any_value(population_2022)::BIGINT AS population,
    (SELECT sum(population_2022) FROM hromadas WHERE in_scope(katottg, $raion, $hromada))::BIGINT
        AS scope_population
FROM scoped
WHERE wave = (SELECT max(wave) FROM scoped)
GROUP BY wave, hromada
ORDER BY hromada
