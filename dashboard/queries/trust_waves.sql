-- params: month_to, raion, hromada
-- Survey waves up to the end of the period, one row per wave and hromada surveyed in it (the strata of the
-- population-weighted wave figure the wrapper computes: p = Σ w_h·p_h, w_h = population_2022 share among
-- the hromadas surveyed). A wave is a half-year (the demo and the oblast survey in May and November);
-- scope_population is the population of every hromada in the scope, surveyed or not.
WITH per_hromada AS (
    SELECT
        make_date(year(s.survey_date), CASE WHEN month(s.survey_date) <= 6 THEN 1 ELSE 7 END, 1) AS wave,
        s.hromada,
        min(s.survey_date) AS first_survey,
        max(s.survey_date) AS last_survey,
        sum(s.respondents)::BIGINT AS respondents,
        sum(s.trust_yes)::BIGINT AS trust_yes,
        sum(s.feel_safe_yes)::BIGINT AS feel_safe_yes,
        sum(s.knows_officer_yes)::BIGINT AS knows_officer_yes,
        any_value(h.population_2022)::BIGINT AS population
    FROM surveys AS s
    JOIN hromadas AS h ON h.katottg = s.hromada
    WHERE s.survey_date < $month_to::DATE + INTERVAL 1 MONTH
        AND in_scope(s.hromada, $raion, $hromada)
    GROUP BY ALL
)
SELECT
    p.*,
    (SELECT sum(population_2022) FROM hromadas WHERE in_scope(katottg, $raion, $hromada))::BIGINT
        AS scope_population
FROM per_hromada AS p
ORDER BY wave, hromada
