-- params: raion, hromada, reporting_date
-- Measures by priority and status at the reporting date; an overdue measure (due_on < date, neither
-- done nor cancelled) counts as 'overdue', not as planned or in progress. Every priority × status pair
-- is returned, 0 when empty, in display order.
WITH shown AS (
    SELECT
        p.priority,
        CASE
            WHEN p.due_on < $reporting_date AND p.status NOT IN ('done', 'cancelled') THEN 'overdue'
            ELSE p.status
        END AS status
    FROM passport_items AS p
    JOIN hromadas AS h ON h.katottg = p.hromada
    WHERE in_scope(p.hromada, $raion, $hromada)
),
grid AS (
    SELECT *
    FROM (VALUES ('high', 1), ('medium', 2), ('low', 3)) AS pr (priority, priority_rank)
    CROSS JOIN (
        VALUES ('done', 1), ('in_progress', 2), ('planned', 3), ('overdue', 4), ('cancelled', 5)
    ) AS st (status, status_rank)
)
SELECT grid.priority, grid.status, count(shown.status)::INTEGER AS n
FROM grid
LEFT JOIN shown ON shown.priority = grid.priority AND shown.status = grid.status
GROUP BY grid.priority, grid.status, grid.priority_rank, grid.status_rank
ORDER BY grid.priority_rank, grid.status_rank
