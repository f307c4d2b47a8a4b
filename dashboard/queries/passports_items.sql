-- params: raion, hromada
-- Every hromada in scope with its safety-passport items (one row per measure); a hromada without a
-- passport appears once with NULL item columns, so that the page can list it.
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
    p.updated_on
FROM hromadas AS h
LEFT JOIN passport_items AS p ON p.hromada = h.katottg
WHERE ($raion::VARCHAR IS NULL OR h.raion_katottg = $raion)
    AND ($hromada::VARCHAR IS NULL OR h.katottg = $hromada)
ORDER BY h.name_uk, p.due_on, p.item_id
