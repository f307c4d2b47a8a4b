-- params: reporting_date
-- The rollout funnel at the reporting date (officers who reached each stage, stations opened) and the
-- median days each stage took.
SELECT
    count(*) FILTER (WHERE selected_on <= $reporting_date)::INTEGER AS selected,
    count(*) FILTER (WHERE training_from <= $reporting_date)::INTEGER AS trained,
    count(*) FILTER (WHERE deployed_on <= $reporting_date)::INTEGER AS deployed,
    (SELECT count(*) FROM stations WHERE opened_on <= $reporting_date)::INTEGER AS stations_opened,
    median(date_diff('day', selected_on, training_from))
        FILTER (WHERE training_from <= $reporting_date) AS days_to_training,
    median(date_diff('day', training_from, deployed_on))
        FILTER (WHERE deployed_on <= $reporting_date) AS days_training_to_deployment
FROM officers
