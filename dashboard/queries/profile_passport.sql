-- params: hromada
-- The safety passport of one hromada: every problem and measure with its current status. The hromada
-- column lets the data policy decide who may read the details (problem, measure, responsible).
SELECT item_id, hromada, problem, priority, measure, responsible, due_on, status, updated_on
FROM passport_items
WHERE hromada = $hromada
ORDER BY CASE priority WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END, due_on, item_id
