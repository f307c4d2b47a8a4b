-- params: raion, hromada, reporting_date
-- Spending per hromada paid by the reporting date, with the officers on duty there at that date: the
-- denominator of the cost per officer. Only hromadas with spending; most spent first.
WITH spent AS (
    SELECT
        hromada,
        sum(amount_uah) AS amount_uah,
        sum(amount_uah) FILTER (WHERE source_type = 'donor') AS donor_uah,
        count(*)::INTEGER AS n_payments
    FROM funding
    WHERE paid_on <= $reporting_date
        AND in_scope(hromada, $raion, $hromada)
    GROUP BY hromada
),
on_duty AS (
    SELECT hromada, count(*)::INTEGER AS officers_on_duty
    FROM officers
    WHERE on_duty(deployed_on, left_on, $reporting_date::DATE)
    GROUP BY hromada
)
SELECT
    s.hromada,
    h.name_uk,
    h.name_en,
    s.amount_uah,
    coalesce(s.donor_uah, 0) AS donor_uah,
    s.n_payments,
    coalesce(o.officers_on_duty, 0)::INTEGER AS officers_on_duty
FROM spent AS s
JOIN hromadas AS h ON h.katottg = s.hromada
LEFT JOIN on_duty AS o USING (hromada)
ORDER BY s.amount_uah DESC, h.name_uk
