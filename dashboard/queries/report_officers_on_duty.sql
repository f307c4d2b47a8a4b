-- params: reporting_date
-- Officers on duty at the reporting date. full_name and phone are personal data: the export policy
-- (dashboard/reports/access.py) removes them for partners and for heads of other hromadas.
SELECT officer_id, hromada, full_name, rank, phone, deployed_on
FROM officers
WHERE on_duty(deployed_on, left_on, $reporting_date)
ORDER BY hromada, deployed_on, officer_id
