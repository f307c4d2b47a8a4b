-- params: reporting_date
-- Resident surveys up to the reporting date (one row per hromada and survey date).
SELECT hromada, survey_date, respondents, trust_yes, feel_safe_yes, knows_officer_yes
FROM surveys
WHERE survey_date <= $reporting_date
ORDER BY survey_date, hromada
