-- params: raion, hromada, reporting_date
-- Every officer of the scope known at $reporting_date, without personal data (the id is an internal
-- code): hromada, dates, and whether the officer is on duty at that date. Run on two snapshots, it
-- tells who was deployed and who left in between (dashboard.queries.overview.what_changed).
SELECT
    o.officer_id,
    o.hromada,
    o.selected_on,
    o.deployed_on,
    o.left_on,
    coalesce(o.deployed_on <= $reporting_date AND (o.left_on IS NULL OR o.left_on > $reporting_date), false)
        AS on_duty
FROM officers AS o
JOIN hromadas AS h ON h.katottg = o.hromada
WHERE ($raion::VARCHAR IS NULL OR h.raion_katottg = $raion)
  AND ($hromada::VARCHAR IS NULL OR o.hromada = $hromada)
ORDER BY o.officer_id
