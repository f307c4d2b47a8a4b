-- params: none
-- Resource deliveries and plans (the standard set per officer: office, vehicle, tablet).
SELECT hromada, resource, quantity, status, date
FROM resources
ORDER BY hromada, date
