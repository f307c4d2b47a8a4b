-- params: raion, hromada, reporting_date
-- Every officer of the scope known at $reporting_date, without personal data (the id is an internal
-- code): hromada and whether the officer is on duty at that date. Run on two snapshots, it tells who was
-- deployed and who left in between (dashboard.queries.overview.what_changed). Unordered: only compared.
SELECT
    officer_id,
    hromada,
    coalesce(on_duty(deployed_on, left_on, $reporting_date), false) AS on_duty
FROM officers
WHERE in_scope(hromada, $raion, $hromada)
