-- params: date_from, date_to, raion, hromada
-- The change of a wave ($date_from .. $date_to, both included) against the previous wave, over the
-- hromadas surveyed in both only: comparing different sets of hromadas would show a change in who was
-- asked as a change in what people think. One row per hromada surveyed in both waves (the strata the
-- wrapper weights by population_2022, alike in both waves); a single row with a NULL hromada when there is
-- none. prev_wave (on every row) is NULL when there is no earlier wave.
WITH scoped AS (
    SELECT
        s.*,
        make_date(year(s.survey_date), CASE WHEN month(s.survey_date) <= 6 THEN 1 ELSE 7 END, 1) AS wave
    FROM surveys AS s
    JOIN hromadas AS h ON h.katottg = s.hromada
    WHERE s.survey_date <= $date_to
        AND in_scope(s.hromada, $raion, $hromada)
),
previous_wave AS (
    SELECT max(wave) AS wave FROM scoped WHERE survey_date < $date_from
),
cur AS (
    SELECT hromada, sum(respondents) AS n, sum(trust_yes) AS t, sum(feel_safe_yes) AS f,
        sum(knows_officer_yes) AS k
    FROM scoped
    WHERE survey_date >= $date_from
    GROUP BY hromada
),
prev AS (
    SELECT hromada, sum(respondents) AS n, sum(trust_yes) AS t, sum(feel_safe_yes) AS f,
        sum(knows_officer_yes) AS k
    FROM scoped
    WHERE wave = (SELECT wave FROM previous_wave) AND survey_date < $date_from
    GROUP BY hromada
),
matched AS (
    SELECT
        cur.hromada,
        h.population_2022::BIGINT AS population,
        cur.n::BIGINT AS respondents,
        cur.t::BIGINT AS trust_yes,
        cur.f::BIGINT AS feel_safe_yes,
        cur.k::BIGINT AS knows_officer_yes,
        prev.n::BIGINT AS prev_respondents,
        prev.t::BIGINT AS prev_trust_yes,
        prev.f::BIGINT AS prev_feel_safe_yes,
        prev.k::BIGINT AS prev_knows_officer_yes
    FROM cur
    JOIN prev USING (hromada)
    JOIN hromadas AS h ON h.katottg = cur.hromada
)
SELECT pw.wave AS prev_wave, m.*
FROM previous_wave AS pw
LEFT JOIN matched AS m ON true
ORDER BY m.hromada
