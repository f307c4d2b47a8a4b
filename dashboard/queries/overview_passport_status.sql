-- params: raion, hromada
-- The status of every safety-passport measure of the scope (no free text): run on two snapshots, it
-- tells which measures were completed in between. Unordered: only compared.
SELECT item_id, hromada, status
FROM passport_items
WHERE in_scope(hromada, $raion, $hromada)
