-- params: month_to, raion, hromada
-- The latest survey wave of the scope up to the end of month $month_to: residents are surveyed in two
-- waves a year (spring, autumn), so a wave is a half-year (January–June, July–December). Returns one
-- row (none when the scope has no survey by then): the wave's first day, the last survey date in it,
-- hromadas surveyed, respondents and "yes" counts summed over the hromadas (the pooled share is
-- Σ yes ÷ Σ respondents; its margin of error is computed in dashboard.indicators).
WITH scoped AS MATERIALIZED (
    SELECT
        s.*,
        make_date(year(s.survey_date), CASE WHEN month(s.survey_date) <= 6 THEN 1 ELSE 7 END, 1) AS wave
    FROM surveys AS s
    JOIN hromadas AS h ON h.katottg = s.hromada
    WHERE s.survey_date < $month_to::DATE + INTERVAL 1 MONTH
      AND in_scope(s.hromada, $raion, $hromada)
)
SELECT
    wave,
    max(survey_date) AS last_survey_date,
    count(DISTINCT hromada)::INTEGER AS n_hromadas,
    sum(respondents)::BIGINT AS respondents,
    sum(trust_yes)::BIGINT AS trust_yes,
    sum(feel_safe_yes)::BIGINT AS feel_safe_yes,
    sum(knows_officer_yes)::BIGINT AS knows_officer_yes
FROM scoped
WHERE wave = (SELECT max(wave) FROM scoped)
GROUP BY wave
