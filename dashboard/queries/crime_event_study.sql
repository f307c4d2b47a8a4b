-- params: category, reporting_date
-- The rollout event study stored when the snapshot was built (dashboard/build/precompute.py) for $category
-- (NULL = all categories) at $reporting_date, in the order of the wrapper's frame. No rows when it was not
-- stored: a snapshot built before the table (schema_compat shows it empty), another reporting date, a
-- category without offences at build time, or, on a partner's connection, a sensitive category and the
-- all-categories total (dashboard/disclosure.py) — queries.crime.crime_event_study then computes it.
SELECT * EXCLUDE (reporting_date, category)
FROM agg_event_study
WHERE reporting_date = $reporting_date::DATE
  AND category IS NOT DISTINCT FROM $category::VARCHAR
ORDER BY row_index
