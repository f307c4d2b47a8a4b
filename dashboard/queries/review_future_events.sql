-- params: reporting_date
-- Rows of the event tables dated after the snapshot's reporting date (the end of that day): a draft
-- holding any is flagged by the publication review (dashboard/snapshot_review.py).
SELECT 'activities' AS "table", count(*) AS n_rows FROM activities
WHERE started_at >= $reporting_date::DATE + INTERVAL 1 DAY
UNION ALL
SELECT 'offences', count(*) FROM offences WHERE registered_at >= $reporting_date::DATE + INTERVAL 1 DAY
UNION ALL
SELECT 'calls', count(*) FROM calls WHERE received_at >= $reporting_date::DATE + INTERVAL 1 DAY
UNION ALL
SELECT 'surveys', count(*) FROM surveys WHERE survey_date > $reporting_date::DATE
