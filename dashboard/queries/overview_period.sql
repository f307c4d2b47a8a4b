-- params: month_from, month_to, raion, hromada
-- The period counts of the scope in one row: population, offences and calls in the months
-- $month_from..$month_to (both included), from the agg_* tables.
-- Scope: the in_scope macro (_macros.sql), a KATOTTG prefix test that costs a fraction of a semi-join
-- with hromadas on a national snapshot.
SELECT
    (
        SELECT count(*) FROM hromadas
        WHERE in_scope(katottg, $raion, $hromada)
    )::INTEGER AS n_hromadas,
    (
        SELECT coalesce(sum(population_2022), 0) FROM hromadas
        WHERE in_scope(katottg, $raion, $hromada)
    )::BIGINT AS population,
    (
        SELECT coalesce(sum(n), 0) FROM agg_offence_month
        WHERE month BETWEEN $month_from AND $month_to
          AND in_scope(hromada, $raion, $hromada)
    )::BIGINT AS offences,
    (
        SELECT coalesce(sum(n), 0) FROM agg_call_month
        WHERE month BETWEEN $month_from AND $month_to
          AND in_scope(hromada, $raion, $hromada)
    )::BIGINT AS calls
