-- params: raion, hromada, category
-- Offences per month of each covered hromada in scope, only the 25 months around its deployment month
-- (event time −12..+12): the input of before/after and the event-time chart. Missing months are 0.
WITH deployment AS (
    SELECT h.katottg AS hromada, date_trunc('month', min(o.deployed_on))::DATE AS deployment_month
    FROM hromadas AS h
    JOIN officers AS o ON o.hromada = h.katottg
    WHERE o.deployed_on IS NOT NULL
      AND in_scope(h.katottg, $raion, $hromada)
    GROUP BY h.katottg
)
SELECT a.hromada, a.month, sum(a.n)::BIGINT AS n
FROM agg_offence_month AS a
JOIN deployment AS d USING (hromada)
WHERE a.month BETWEEN (d.deployment_month - INTERVAL 12 MONTH)::DATE
    AND (d.deployment_month + INTERVAL 12 MONTH)::DATE
  AND ($category::VARCHAR IS NULL OR a.category = $category)
GROUP BY a.hromada, a.month
ORDER BY a.hromada, a.month
