-- params: raion
-- The safety-passport items of the hromadas in scope, for passport completion (done ÷ due) per hromada.
-- Statuses are the current ones, so completion is computed at the reporting date (indicators.py).
SELECT p.hromada, p.due_on, p.status, p.updated_on, p.reviewed_on
FROM passport_items AS p
JOIN hromadas AS h ON h.katottg = p.hromada
WHERE in_scope(p.hromada, $raion, NULL)
ORDER BY p.hromada, p.item_id
