-- params: raion, hromada, reporting_date
-- Every safety-passport measure in scope, ordered for reading problem → measures: by hromada, then the
-- problem's highest priority (problem_rank) and earliest due date, the problem, then its measures by
-- priority and due date.
-- shown_status is 'overdue' for a measure due before the date and neither done nor cancelled (the rule of
-- indicators.passport_overdue), else the status as sent.
WITH items AS (
    SELECT
        p.*,
        CASE p.priority WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END AS priority_rank
    FROM passport_items AS p
    WHERE in_scope(p.hromada, $raion, $hromada)
),
-- Per problem, grouped and joined back rather than as window functions: a window sorts every measure's
-- whole row (its free texts) and took ~40 ms of CPU at national scale (~12,000 measures), this ~3 ms.
problems AS (
    SELECT hromada, problem, min(priority_rank)::INTEGER AS problem_rank, min(due_on) AS problem_due
    FROM items
    GROUP BY hromada, problem
)
SELECT
    i.hromada,
    h.name_uk,
    h.name_en,
    i.item_id,
    i.problem,
    i.priority,
    pr.problem_rank,
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
JOIN problems AS pr ON pr.hromada = i.hromada AND pr.problem IS NOT DISTINCT FROM i.problem
JOIN hromadas AS h ON h.katottg = i.hromada
ORDER BY h.name_uk, pr.problem_rank, pr.problem_due, i.problem, i.priority_rank, i.due_on, i.item_id
