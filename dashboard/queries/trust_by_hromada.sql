-- params: date_from, date_to, raion
-- Every hromada of the raion (or oblast) with its latest survey in $date_from .. $date_to (NULLs when
-- it was not surveyed then) and its previous survey before $date_from, for the change.
WITH latest AS (
    SELECT *
    FROM surveys
    WHERE survey_date BETWEEN $date_from AND $date_to
    QUALIFY row_number() OVER (PARTITION BY hromada ORDER BY survey_date DESC) = 1
),
previous AS (
    SELECT *
    FROM surveys
    WHERE survey_date < $date_from
    QUALIFY row_number() OVER (PARTITION BY hromada ORDER BY survey_date DESC) = 1
)
SELECT
    h.katottg AS hromada,
    h.name_uk,
    h.name_en,
    l.survey_date,
    l.respondents,
    l.trust_yes,
    l.feel_safe_yes,
    l.knows_officer_yes,
    p.survey_date AS prev_survey_date,
    p.respondents AS prev_respondents,
    p.trust_yes AS prev_trust_yes,
    p.feel_safe_yes AS prev_feel_safe_yes,
    p.knows_officer_yes AS prev_knows_officer_yes
FROM hromadas AS h
LEFT JOIN latest AS l ON l.hromada = h.katottg
LEFT JOIN previous AS p ON p.hromada = h.katottg
WHERE in_scope(h.katottg, $raion, NULL)
ORDER BY h.name_uk
