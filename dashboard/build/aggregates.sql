-- Pre-aggregated tables built once per snapshot, so that pages query thousands of rows, not millions.

-- Activities per officer, month and type (the officer-activity and overview pages).
CREATE TABLE agg_activity_month AS
SELECT
    hromada,
    officer_id,
    date_trunc('month', started_at)::DATE AS month,
    activity_type,
    count(*)::INTEGER AS n,
    sum(duration_min)::BIGINT AS minutes,
    sum(coalesce(participants, 0))::BIGINT AS participants,
    sum(CASE WHEN inside_hromada THEN duration_min ELSE 0 END)::BIGINT AS minutes_inside,
    sum(CASE WHEN inside_hromada IS NOT NULL THEN duration_min ELSE 0 END)::BIGINT AS minutes_located
FROM activities
GROUP BY ALL
ORDER BY month, hromada;

-- Activities per hromada and day (the calendar heatmap).
CREATE TABLE agg_activity_day AS
SELECT hromada, started_at::DATE AS day, count(*)::INTEGER AS n, sum(duration_min)::BIGINT AS minutes
FROM activities
GROUP BY ALL
ORDER BY day, hromada;

-- Offences per hromada, month and category, with how many of them are solved (so far).
CREATE TABLE agg_offence_month AS
SELECT
    hromada,
    date_trunc('month', registered_at)::DATE AS month,
    category,
    count(*)::INTEGER AS n,
    count(solved_on)::INTEGER AS solved
FROM offences
GROUP BY ALL
ORDER BY month, hromada;

-- Calls per hromada and month with response-time statistics in minutes.
CREATE TABLE agg_call_month AS
SELECT
    hromada,
    date_trunc('month', received_at)::DATE AS month,
    count(*)::INTEGER AS n,
    count(arrived_at)::INTEGER AS n_arrived,
    median(date_diff('second', received_at, arrived_at) / 60.0) AS response_median_min,
    quantile_cont(date_diff('second', received_at, arrived_at) / 60.0, 0.9) AS response_p90_min
FROM calls
GROUP BY ALL
ORDER BY month, hromada;
