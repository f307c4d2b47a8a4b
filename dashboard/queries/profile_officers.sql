-- params: hromada, reporting_date
-- The officers of one hromada with their rollout dates, WITHOUT personal data (no name, no phone): for
-- counts, ranks and the rollout timeline. Dates after the reporting date are not known yet.
SELECT
    officer_id,
    rank,
    selected_on,
    CASE WHEN training_from <= $reporting_date THEN training_from END AS training_from,
    CASE WHEN training_to <= $reporting_date THEN training_to END AS training_to,
    CASE WHEN deployed_on <= $reporting_date THEN deployed_on END AS deployed_on,
    CASE WHEN left_on <= $reporting_date THEN left_on END AS left_on,
    CASE
        WHEN on_duty(deployed_on, left_on, $reporting_date) THEN 'on_duty'
        WHEN left_on <= $reporting_date THEN 'left'
        ELSE 'in_training'
    END AS status
FROM officers
WHERE hromada = $hromada AND selected_on <= $reporting_date
ORDER BY selected_on, officer_id
