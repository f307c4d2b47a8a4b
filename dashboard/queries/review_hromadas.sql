-- params: none
-- The hromadas a snapshot holds any data for (any row of a contract table), with how many rows: the
-- publication review (dashboard/snapshot_review.py) lists those the published snapshot has and a draft lacks.
SELECT hromada, sum(n)::BIGINT AS n_rows
FROM (
    SELECT hromada, count(*) AS n FROM officers GROUP BY hromada
    UNION ALL SELECT hromada, count(*) FROM stations GROUP BY hromada
    UNION ALL SELECT hromada, count(*) FROM resources GROUP BY hromada
    UNION ALL SELECT hromada, count(*) FROM activities GROUP BY hromada
    UNION ALL SELECT hromada, count(*) FROM offences GROUP BY hromada
    UNION ALL SELECT hromada, count(*) FROM calls GROUP BY hromada
    UNION ALL SELECT hromada, count(*) FROM surveys GROUP BY hromada
    UNION ALL SELECT hromada, count(*) FROM passport_items GROUP BY hromada
)
WHERE hromada IS NOT NULL
GROUP BY hromada
ORDER BY hromada
