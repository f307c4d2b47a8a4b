-- The project's SQL rules, defined once as DuckDB macros and used by every dashboard/queries/*.sql file.
-- Created as TEMP macros on every connection by dashboard.sql_macros.create_macros (a snapshot is opened
-- read-only, so nothing can be stored in it). Not a query: sql_names() skips files starting with "_".
-- One statement per macro, each ending with ";" at the end of a line. DuckDB inlines a scalar macro
-- into the query, so a macro costs nothing when the query runs (no function call per row).

-- An officer is on duty at date d when deployed on or before d and not yet left at d:
-- the day an officer leaves is the first day off duty. NULL deployed_on (not deployed yet) gives NULL,
-- which FILTER / WHERE read as false.
CREATE OR REPLACE TEMP MACRO on_duty(deployed_on, left_on, d) AS
    deployed_on <= d AND (left_on IS NULL OR left_on > d);

-- A hromada (its KATOTTG code) is in the sidebar scope: in raion $raion (NULL = the whole oblast) and
-- equal to $hromada (NULL = every hromada of the raion or oblast). KATOTTG codes are hierarchical
-- (UA + 2 oblast digits + 2 raion digits + ...): a hromada lies in a raion when their codes share the
-- first 6 characters (tests/test_page_overview.py checks this on the reference list). The prefix test
-- needs no join or semi-join with the hromadas table, so it filters the large tables cheaply.
CREATE OR REPLACE TEMP MACRO in_scope(hromada_code, raion_param, hromada_param) AS
    (raion_param::VARCHAR IS NULL OR left(hromada_code, 6) = left(raion_param::VARCHAR, 6))
    AND (hromada_param::VARCHAR IS NULL OR hromada_code = hromada_param::VARCHAR);
