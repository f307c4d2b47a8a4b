-- params: raion, hromada, reporting_date
-- Every payment of the funding table in scope, paid by the reporting date, newest first: what was bought,
-- for which hromada, by whom, and the ProZorro tender id a reader can look up (empty when none).
SELECT
    f.funding_id,
    f.hromada,
    h.name_uk,
    h.name_en,
    f.item,
    f.quantity,
    f.amount_uah,
    f.source_type,
    f.source_name,
    f.paid_on,
    f.prozorro_id
FROM funding AS f
JOIN hromadas AS h ON h.katottg = f.hromada
WHERE f.paid_on <= $reporting_date
    AND in_scope(f.hromada, $raion, $hromada)
ORDER BY f.paid_on DESC, h.name_uk, f.funding_id
