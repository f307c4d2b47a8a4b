-- params: hromada, reporting_date
-- PERSONAL DATA (full name, phone): the officers on duty in one hromada at the reporting date, for the
-- officer cards. Only queries.profile.officer_cards runs this, so that access rules can wrap it; the
-- hromada column lets the data policy tell a head's own hromada from the others.
SELECT officer_id, hromada, full_name, rank, phone, deployed_on
FROM officers
WHERE hromada = $hromada
  AND on_duty(deployed_on, left_on, $reporting_date)
ORDER BY deployed_on, officer_id
