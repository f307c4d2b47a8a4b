-- params: hromada, reporting_date
-- The standard kit (office, vehicle, tablet) of one hromada: quantities delivered by the reporting date
-- and quantities planned (plans are not dated deliveries: every planned row counts).
SELECT
    k.resource,
    coalesce(sum(r.quantity) FILTER (WHERE r.status = 'delivered' AND r.date <= $reporting_date), 0)::INTEGER
        AS delivered,
    coalesce(sum(r.quantity) FILTER (WHERE r.status = 'planned'), 0)::INTEGER AS planned
FROM (VALUES ('office', 1), ('vehicle', 2), ('tablet', 3)) AS k(resource, position)
LEFT JOIN resources AS r ON r.resource = k.resource AND r.hromada = $hromada
GROUP BY k.resource, k.position
ORDER BY k.position
