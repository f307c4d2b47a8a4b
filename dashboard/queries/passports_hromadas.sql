-- params: raion, hromada, reporting_date
-- The state of each hromada's safety passport at the reporting date; every hromada in scope, those
-- without a passport with zeros. The rules are those of indicators.passport_summary (a test checks that
-- both agree): open = neither done nor cancelled; due = due_on <= date and not cancelled; done of due =
-- due and done; overdue = due_on < date and open; last review = max(reviewed_on) (contract v1.1), or
-- max(updated_on) for a passport whose items carry no review date (v1 files).
WITH items AS (
    SELECT
        hromada,
        status,
        updated_on,
        reviewed_on,
        status NOT IN ('done', 'cancelled') AS is_open,
        due_on <= $reporting_date AND status <> 'cancelled' AS is_due,
        due_on < $reporting_date AND status NOT IN ('done', 'cancelled') AS is_overdue
    FROM passport_items
)
SELECT
    h.katottg AS hromada,
    h.name_uk,
    h.name_en,
    count(i.hromada)::INTEGER AS n_items,
    count(*) FILTER (WHERE i.is_open)::INTEGER AS n_open,
    count(*) FILTER (WHERE i.is_due)::INTEGER AS n_due,
    count(*) FILTER (WHERE i.is_due AND i.status = 'done')::INTEGER AS n_done_due,
    count(*) FILTER (WHERE i.is_overdue)::INTEGER AS n_overdue,
    coalesce(max(i.reviewed_on), max(i.updated_on)) AS last_review,
    count(i.reviewed_on) > 0 AS review_dated,
    date_diff('day', coalesce(max(i.reviewed_on), max(i.updated_on)), $reporting_date::DATE)::DOUBLE
        AS days_since_review
FROM hromadas AS h
LEFT JOIN items AS i ON i.hromada = h.katottg
WHERE in_scope(h.katottg, $raion, $hromada)
GROUP BY h.katottg, h.name_uk, h.name_en
ORDER BY n_overdue DESC, days_since_review DESC NULLS LAST, h.name_uk
