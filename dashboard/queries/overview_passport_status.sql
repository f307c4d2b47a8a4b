-- params: raion, hromada
-- The status of every safety-passport measure of the scope (no free text): run on two snapshots, it
-- tells which measures were completed in between.
SELECT p.item_id, p.hromada, p.status, p.updated_on
FROM passport_items AS p
JOIN hromadas AS h ON h.katottg = p.hromada
WHERE ($raion::VARCHAR IS NULL OR h.raion_katottg = $raion)
  AND ($hromada::VARCHAR IS NULL OR p.hromada = $hromada)
ORDER BY p.item_id
