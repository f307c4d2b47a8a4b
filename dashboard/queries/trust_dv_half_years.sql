-- params: month_to, raion, hromada
-- Domestic-violence reports per half-year up to the end of the period, in the hromadas in scope, with
-- the half-years without a report as 0 and the number of months of each half-year inside the data
-- (the first and the current half-year may be partial). Population: Σ population_2022 of the scope.
WITH scope AS (
    SELECT katottg, population_2022
    FROM hromadas
    WHERE in_scope(katottg, $raion, $hromada)
),
bounds AS (
    SELECT min(month) AS first_month FROM agg_offence_month
),
halves AS (
    SELECT
        unnest(generate_series(
            make_date(year(first_month), CASE WHEN month(first_month) <= 6 THEN 1 ELSE 7 END, 1),
            $month_to::DATE,
            INTERVAL 6 MONTH
        ))::DATE AS half_year,
        first_month
    FROM bounds
),
dv AS (
    SELECT
        make_date(year(o.month), CASE WHEN month(o.month) <= 6 THEN 1 ELSE 7 END, 1) AS half_year,
        sum(o.n) AS n
    FROM agg_offence_month AS o
    JOIN scope AS s ON s.katottg = o.hromada
    WHERE o.category = 'domestic_violence' AND o.month <= $month_to
    GROUP BY ALL
)
SELECT
    halves.half_year,
    coalesce(dv.n, 0)::INTEGER AS n,
    (date_diff('month', greatest(halves.half_year, halves.first_month),
        least((halves.half_year + INTERVAL 5 MONTH)::DATE, $month_to::DATE)) + 1)::INTEGER AS n_months,
    (SELECT sum(population_2022) FROM scope)::BIGINT AS population
FROM halves
LEFT JOIN dv USING (half_year)
ORDER BY halves.half_year
