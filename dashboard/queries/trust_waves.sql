-- params: month_to, raion, hromada
-- Survey waves up to the end of the period, pooled over the hromadas in scope. A wave is a half-year
-- (the demo and the oblast survey in May and November); the pooled share of a wave is
-- Σ yes ÷ Σ respondents, computed by the wrapper with its margin of error.
SELECT
    make_date(year(s.survey_date), CASE WHEN month(s.survey_date) <= 6 THEN 1 ELSE 7 END, 1) AS wave,
    min(s.survey_date) AS first_survey,
    max(s.survey_date) AS last_survey,
    count(DISTINCT s.hromada)::INTEGER AS n_hromadas,
    sum(s.respondents)::BIGINT AS respondents,
    sum(s.trust_yes)::BIGINT AS trust_yes,
    sum(s.feel_safe_yes)::BIGINT AS feel_safe_yes,
    sum(s.knows_officer_yes)::BIGINT AS knows_officer_yes
FROM surveys AS s
JOIN hromadas AS h ON h.katottg = s.hromada
WHERE s.survey_date < $month_to::DATE + INTERVAL 1 MONTH
    AND in_scope(s.hromada, $raion, $hromada)
GROUP BY ALL
ORDER BY wave
