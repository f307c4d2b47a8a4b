-- params: hromada, reporting_date
-- The police stations of one hromada opened by the reporting date.
SELECT station_id, name, opened_on, lat, lon
FROM stations
WHERE hromada = $hromada AND opened_on <= $reporting_date
ORDER BY opened_on, station_id
