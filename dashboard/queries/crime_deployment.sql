-- params: raion, hromada
-- Every hromada with its deployment month (the month of its first officer's deployed_on; NULL = never
-- covered), its population and whether it is in the sidebar scope. WDD needs all of them (controls
-- come from the whole oblast); before/after uses those in scope.
SELECT
    h.katottg AS hromada,
    date_trunc('month', min(o.deployed_on))::DATE AS deployment_month,
    h.population_2022 AS population,
    in_scope(h.katottg, $raion, $hromada) AS in_scope
FROM hromadas AS h
LEFT JOIN officers AS o ON o.hromada = h.katottg AND o.deployed_on IS NOT NULL
GROUP BY h.katottg, h.population_2022, h.raion_katottg
ORDER BY h.katottg
