-- params: raion, hromada, reporting_date
-- The rollout funnel at $reporting_date: how many officers and hromadas reached each stage
-- (selection → training → deployment → station open), ever, and the median days each stage took to
-- reach from the one before:
--   training:     selected_on → training_from (waiting to be trained)
--   deployment:   training_from → deployed_on (training plus waiting for the posting)
--   station_open: a hromada's first deployment → its first station opening (per hromada; negative when
--                 the station opened before the officer arrived)
-- Officers reach "station_open" when their hromada has an open station and they were deployed.
WITH o AS MATERIALIZED (
    SELECT
        hromada,
        selected_on,
        CASE WHEN training_from <= $reporting_date THEN training_from END AS training_from,
        CASE WHEN deployed_on <= $reporting_date THEN deployed_on END AS deployed_on
    FROM officers
    WHERE selected_on <= $reporting_date
      AND in_scope(hromada, $raion, $hromada)
),
first_station AS MATERIALIZED (
    SELECT hromada, min(opened_on) AS opened_on
    FROM stations
    WHERE opened_on <= $reporting_date
      AND in_scope(hromada, $raion, $hromada)
    GROUP BY hromada
),
first_deployment AS MATERIALIZED (
    SELECT hromada, min(deployed_on) AS deployed_on FROM o WHERE deployed_on IS NOT NULL GROUP BY hromada
),
stages AS (
    SELECT 1 AS stage_order, 'selection' AS stage,
        count(*) AS officers, count(DISTINCT hromada) AS hromadas,
        NULL::DOUBLE AS median_days, 0 AS n_days
    FROM o
    UNION ALL
    SELECT 2, 'training',
        count(training_from), count(DISTINCT hromada) FILTER (WHERE training_from IS NOT NULL),
        median(training_from - selected_on), count(training_from)
    FROM o
    UNION ALL
    SELECT 3, 'deployment',
        count(deployed_on), count(DISTINCT hromada) FILTER (WHERE deployed_on IS NOT NULL),
        median(deployed_on - training_from), count(deployed_on - training_from)
    FROM o
    UNION ALL
    SELECT 4, 'station_open',
        (SELECT count(*) FROM o JOIN first_station AS s USING (hromada) WHERE o.deployed_on IS NOT NULL),
        (SELECT count(*) FROM first_station),
        median(s.opened_on - d.deployed_on), count(*)
    FROM first_deployment AS d
    JOIN first_station AS s USING (hromada)
)
SELECT
    stage,
    officers::INTEGER AS officers,
    hromadas::INTEGER AS hromadas,
    median_days::DOUBLE AS median_days,
    n_days::INTEGER AS n_days
FROM stages
ORDER BY stage_order
