-- params: raion, hromada
-- Open problems by priority: a problem (per hromada, by its text) is open while any of its measures is
-- neither done nor cancelled; it counts once, under the highest priority among its open measures.
WITH open_problems AS (
    SELECT
        p.hromada,
        p.problem,
        min(CASE p.priority WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 END) AS rank
    FROM passport_items AS p
    JOIN hromadas AS h ON h.katottg = p.hromada
    WHERE p.status NOT IN ('done', 'cancelled')
        AND in_scope(p.hromada, $raion, $hromada)
    GROUP BY ALL
),
priorities AS (
    SELECT * FROM (VALUES ('high', 1), ('medium', 2), ('low', 3)) AS v (priority, rank)
)
SELECT
    priorities.priority,
    count(open_problems.problem)::INTEGER AS n_problems,
    count(DISTINCT open_problems.hromada)::INTEGER AS n_hromadas
FROM priorities
LEFT JOIN open_problems USING (rank)
GROUP BY priorities.priority, priorities.rank
ORDER BY priorities.rank
