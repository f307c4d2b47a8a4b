-- params: hromada, reporting_date
-- Every resident survey of one hromada up to the reporting date.
SELECT survey_date, respondents, trust_yes, feel_safe_yes, knows_officer_yes
FROM surveys
WHERE hromada = $hromada AND survey_date <= $reporting_date
ORDER BY survey_date
