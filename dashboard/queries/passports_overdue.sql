-- params: raion, hromada, reporting_date
-- Measures overdue at the reporting date, with their texts: due before it and neither done nor
-- cancelled (due today is not late yet). The same rule as indicators.passport_overdue; a test checks
-- that both agree. Most overdue first.
SELECT
    h.katottg AS hromada,
    h.name_uk,
    h.name_en,
    p.item_id,
    p.problem,
    p.priority,
    p.measure,
    p.responsible,
    p.due_on,
    p.status,
    date_diff('day', p.due_on, $reporting_date::DATE)::INTEGER AS days_overdue
FROM passport_items AS p
JOIN hromadas AS h ON h.katottg = p.hromada
WHERE p.due_on < $reporting_date
    AND p.status NOT IN ('done', 'cancelled')
    AND in_scope(p.hromada, $raion, $hromada)
ORDER BY days_overdue DESC, h.name_uk, p.item_id
