-- params: date_from, date_to, raion, hromada
-- The change of a wave ($date_from .. $date_to, both included) against the previous wave, over the
-- hromadas surveyed in both only: pooling different sets of hromadas would show a change in who was
-- asked as a change in what people think. One row; prev_wave is NULL when there is no earlier wave.
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
)
SELECT
    (SELECT wave FROM previous_wave) AS prev_wave,
    count(*)::INTEGER AS n_hromadas,
    coalesce(sum(cur.n), 0)::BIGINT AS respondents,
    coalesce(sum(cur.t), 0)::BIGINT AS trust_yes,
    coalesce(sum(cur.f), 0)::BIGINT AS feel_safe_yes,
    coalesce(sum(cur.k), 0)::BIGINT AS knows_officer_yes,
    coalesce(sum(prev.n), 0)::BIGINT AS prev_respondents,
    coalesce(sum(prev.t), 0)::BIGINT AS prev_trust_yes,
    coalesce(sum(prev.f), 0)::BIGINT AS prev_feel_safe_yes,
    coalesce(sum(prev.k), 0)::BIGINT AS prev_knows_officer_yes
FROM cur
JOIN prev USING (hromada)
