-- params: month_to, raion, reporting_date
-- Police stations open at the end of the period (the last day of $month_to, or the reporting date if
-- earlier) in the hromadas in scope, with coordinates for the map.
SELECT s.station_id, s.hromada, s.name, s.lat, s.lon, s.opened_on
FROM stations AS s
JOIN hromadas AS h ON h.katottg = s.hromada
WHERE in_scope(s.hromada, $raion, NULL)
  AND s.opened_on <= least(last_day($month_to::DATE), $reporting_date::DATE)
  AND s.lat IS NOT NULL AND s.lon IS NOT NULL
ORDER BY s.station_id
