-- params: raion, hromada, reporting_date
-- Spending by year of payment, source type and item, paid by the reporting date (UAH, as paid; not
-- adjusted for inflation). Only the combinations that occur.
SELECT
    year(f.paid_on)::INTEGER AS year,
    f.source_type,
    f.item,
    sum(f.quantity)::INTEGER AS quantity,
    sum(f.amount_uah) AS amount_uah,
    count(*)::INTEGER AS n_payments
FROM funding AS f
WHERE f.paid_on <= $reporting_date
    AND in_scope(f.hromada, $raion, $hromada)
GROUP BY ALL
ORDER BY year, f.source_type, f.item
