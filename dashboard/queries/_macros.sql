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

-- An officer is on the way to duty at date d: started (started_on: selected_on = in the pipeline,
-- training_from = in training) on or before d, not yet deployed and not left at d. NULL started_on gives
-- NULL, which FILTER / WHERE read as false.
CREATE OR REPLACE TEMP MACRO in_pipeline(started_on, deployed_on, left_on, d) AS
    started_on <= d AND (deployed_on IS NULL OR deployed_on > d) AND (left_on IS NULL OR left_on > d);

-- A hromada (its KATOTTG code) is in the sidebar scope: in raion $raion (NULL = the whole oblast) and
-- equal to $hromada (NULL = every hromada of the raion or oblast). KATOTTG codes are hierarchical
-- (UA + 2 oblast digits + 2 raion digits + ...): a hromada lies in a raion when their codes share the
-- first 6 characters (tests/test_page_overview.py checks this on the reference list). The prefix test
-- needs no join or semi-join with the hromadas table, so it filters the large tables cheaply.
CREATE OR REPLACE TEMP MACRO in_scope(hromada_code, raion_param, hromada_param) AS
    (raion_param::VARCHAR IS NULL OR left(hromada_code, 6) = left(raion_param::VARCHAR, 6))
    AND (hromada_param::VARCHAR IS NULL OR hromada_code = hromada_param::VARCHAR);

-- The monthly history that the dispersion of a change test is estimated from (queries/dispersion.py):
-- sum(n) of the pre-aggregated table named agg_table ('agg_offence_month', ...) per key_columns (a list of
-- its column names, which keep their names in the result) and month, for the months month_from..month_to
-- in scope, with first_month: the first month of the whole table (months before it were never recorded;
-- a hromada with no case yet in its first months has zeros there, not gaps). Months without a count have
-- no row (they are 0). The caller orders the rows. query_table() reads the table as a plain name would, so
-- on a partner's connection it reads the same rounded view (dashboard/disclosure.py).
CREATE OR REPLACE TEMP MACRO monthly_history(
    agg_table, key_columns, month_from, month_to, raion_param, hromada_param
) AS TABLE
    SELECT
        COLUMNS(key_columns),
        month,
        sum(n)::BIGINT AS n,
        (SELECT min(month) FROM query_table(agg_table)) AS first_month
    FROM query_table(agg_table)
    WHERE month BETWEEN month_from AND month_to
      AND in_scope(hromada, raion_param, hromada_param)
    GROUP BY ALL;

-- The response times of the calls to 102 as a histogram: per month of the call and whole second from the
-- call to the arrival (date_diff: the seconds the clock ticked), how many calls (n); calls without an
-- arrival, or "arriving" before the call (a data error the ingest refuses), have no response time. For
-- the months month_from..month_to (NULL = from the first / to the last) in scope. The median and P90 of
-- any set of months come from it exactly (indicators.histogram_quantiles: quantile_cont's interpolation).
-- The snapshot build stores it for the whole oblast (agg_call_response, dashboard/build/precompute.py)
-- and queries/response_times.py reads that, or calls this where it was not stored or for a scope:
-- the same SQL either way. Exact quantiles need the exact values, so the histogram is fine only where many
-- calls share a second: for the whole oblast (~7,500 rows a month at national scale for ~100,000 calls),
-- not per hromada (as many rows as calls).
CREATE OR REPLACE TEMP MACRO call_response_seconds(
    month_from, month_to, raion_param, hromada_param, calls_table := 'calls'
) AS TABLE
    SELECT
        date_trunc('month', received_at)::DATE AS month,
        date_diff('second', received_at, arrived_at)::INTEGER AS seconds,
        count(*)::INTEGER AS n
    FROM query_table(calls_table)  -- a parameter: bound where the macro is called, not when it is created
    WHERE (month_from::DATE IS NULL OR received_at >= month_from::DATE)
      AND (month_to::DATE IS NULL OR received_at < month_to::DATE + INTERVAL 1 MONTH)
      AND arrived_at >= received_at
      AND in_scope(hromada, raion_param, hromada_param)
    GROUP BY ALL;
