-- params: raion, hromada
-- The status of every safety-passport measure of the scope (no free text): run on two snapshots, it
-- tells which measures were completed in between. Unordered: only compared.
SELECT item_id, hromada, status
FROM passport_items
WHERE ($raion::VARCHAR IS NULL OR hromada IN (SELECT katottg FROM hromadas WHERE raion_katottg = $raion))
  AND ($hromada::VARCHAR IS NULL OR hromada = $hromada)
