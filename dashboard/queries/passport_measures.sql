-- params: raion, hromada, reporting_date
-- Every safety-passport measure in scope, ordered for reading problem → measures: by hromada, then the
-- problem's highest priority (problem_rank) and earliest due date, the problem, then its measures by
-- priority and due date.
-- shown_status is 'overdue' for a measure due before the date and neither done nor cancelled (the rule of
-- indicators.passport_overdue), else the status as sent.
WITH items AS (
    SELECT
        p.*,
        CASE p.priority WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END AS priority_rank,
        min(p.due_on) OVER (PARTITION BY p.hromada, p.problem) AS problem_due
    FROM passport_items AS p
    WHERE in_scope(p.hromada, $raion, $hromada)
)
SELECT
    i.hromada,
    h.name_uk,
    h.name_en,
    i.item_id,
    i.problem,
    i.priority,
    min(i.priority_rank) OVER (PARTITION BY i.hromada, i.problem)::INTEGER AS problem_rank,
    i.measure,
    i.responsible,
    i.due_on,
    i.status,
    CASE
        WHEN i.due_on < $reporting_date AND i.status NOT IN ('done', 'cancelled') THEN 'overdue'
        ELSE i.status
    END AS shown_status,
    i.updated_on,
    i.action_taken,
    i.outcome,
    i.reviewed_on
FROM items AS i
JOIN hromadas AS h ON h.katottg = i.hromada
ORDER BY h.name_uk, problem_rank, i.problem_due, i.problem, i.priority_rank, i.due_on, i.item_id
