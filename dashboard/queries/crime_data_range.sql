-- params: reporting_date
-- The months the offence data cover: from the first month with an offence to the last complete month
-- (the reporting date's month if it is the month's last day, else the month before).
SELECT
    min(month) AS first_month,
    (date_trunc('month', $reporting_date::DATE + INTERVAL 1 DAY) - INTERVAL 1 MONTH)::DATE AS last_month
FROM agg_offence_month
