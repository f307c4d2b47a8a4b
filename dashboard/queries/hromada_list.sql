-- params: none
-- The hromadas of the snapshot with the reference attributes pages need for labels and filters.
SELECT
    katottg, name_uk, name_en, type, type_en, raion, raion_en, raion_katottg,
    center, center_lat, center_lon, n_settlements, area_km2, population_2022,
    is_pilot, peer_group
FROM hromadas
ORDER BY raion, name_uk
