-- params: month_from, month_to, raion, hromada
-- The period counts of the scope in one row: population, offences and calls in the months
-- $month_from..$month_to (both included), from the agg_* tables.
-- Scope on the large tables: KATOTTG codes are hierarchical (UA + 2 oblast digits + 2 raion digits + …),
-- so a hromada lies in a raion when their codes share the first 6 characters. A prefix test costs a
-- fraction of a semi-join on a national snapshot (tests/test_page_overview.py checks the rule on the
-- reference list).
SELECT
    (
        SELECT count(*) FROM hromadas
        WHERE ($raion::VARCHAR IS NULL OR raion_katottg = $raion) AND ($hromada::VARCHAR IS NULL OR katottg = $hromada)
    )::INTEGER AS n_hromadas,
    (
        SELECT coalesce(sum(population_2022), 0) FROM hromadas
        WHERE ($raion::VARCHAR IS NULL OR raion_katottg = $raion) AND ($hromada::VARCHAR IS NULL OR katottg = $hromada)
    )::BIGINT AS population,
    (
        SELECT coalesce(sum(n), 0) FROM agg_offence_month
        WHERE month BETWEEN $month_from AND $month_to
          AND ($raion::VARCHAR IS NULL OR starts_with(hromada, left($raion, 6)))
          AND ($hromada::VARCHAR IS NULL OR hromada = $hromada)
    )::BIGINT AS offences,
    (
        SELECT coalesce(sum(n), 0) FROM agg_call_month
        WHERE month BETWEEN $month_from AND $month_to
          AND ($raion::VARCHAR IS NULL OR starts_with(hromada, left($raion, 6)))
          AND ($hromada::VARCHAR IS NULL OR hromada = $hromada)
    )::BIGINT AS calls
