-- params: hromada
-- Offences per hromada, month and category over the whole history of the snapshot (for trends, the
-- before/after comparison and the per-hromada charts); $hromada NULL = every hromada.
SELECT hromada, month, category, n, solved
FROM agg_offence_month
WHERE in_scope(hromada, NULL, $hromada)
ORDER BY month, hromada, category
