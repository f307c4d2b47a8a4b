-- params: hromada
-- The safety passport of one hromada: every problem and measure with its current status and what was
-- done with what result (contract v1.1; empty in older files). The hromada column lets the data policy
-- decide who may read the details (problem, measure, responsible, action_taken, outcome). Problems in the
-- order of their highest priority (then earliest due date), the measures of each problem together.
SELECT
    item_id, hromada, problem, priority, measure, responsible, due_on, status, updated_on,
    action_taken, outcome, reviewed_on
FROM passport_items
WHERE hromada = $hromada
ORDER BY
    min(CASE priority WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END) OVER (PARTITION BY problem),
    min(due_on) OVER (PARTITION BY problem),
    problem,
    CASE priority WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END,
    due_on,
    item_id
