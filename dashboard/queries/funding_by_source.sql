-- params: raion, hromada, reporting_date
-- What each source paid for, paid by the reporting date: per source (type and name) and item, the
-- quantity, the amount, the hromadas it went to and the ProZorro tender ids (sorted, comma-separated;
-- empty when none was given). Largest sources first.
WITH rows AS (
    SELECT *
    FROM funding
    WHERE paid_on <= $reporting_date
        AND in_scope(hromada, $raion, $hromada)
),
totals AS (
    SELECT source_type, source_name, sum(amount_uah) AS source_total
    FROM rows
    GROUP BY ALL
)
SELECT
    r.source_type,
    r.source_name,
    r.item,
    sum(r.quantity)::INTEGER AS quantity,
    sum(r.amount_uah) AS amount_uah,
    count(DISTINCT r.hromada)::INTEGER AS n_hromadas,
    coalesce(string_agg(DISTINCT r.prozorro_id, ', ' ORDER BY r.prozorro_id), '') AS prozorro_ids,
    any_value(t.source_total) AS source_total
FROM rows AS r
JOIN totals AS t USING (source_type, source_name)
GROUP BY r.source_type, r.source_name, r.item
ORDER BY source_total DESC, r.source_name, amount_uah DESC, r.item
