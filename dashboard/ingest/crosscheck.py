"""Checks across rows and files, run in SQL on the staging database once every file is read.

Duplicate ids (by each table's key, within one file or across files) and activities whose officer is
neither in the base snapshot nor among the ingested officers. Results are fetched in batches, so a
million problems do not fill the memory.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from dashboard.ingest.problems import Problem, ProblemCollector
from dashboard.schema import CONTRACT
from dashboard.sql_ident import fill_identifiers

BATCH = 10_000

_DUPLICATES = """
SELECT _src, _row, first_src, first_row, {k}
FROM (
    SELECT _src, _row, {k},
        first_value(_src) OVER w AS first_src,
        first_value(_row) OVER w AS first_row,
        row_number() OVER w AS n
    FROM {t}
    WINDOW w AS (PARTITION BY {k} ORDER BY _src, _row)
)
WHERE n > 1
ORDER BY _src, _row
"""

_UNKNOWN_OFFICERS = """
SELECT a._src, a._row, a.officer_id
FROM activities AS a
WHERE a.officer_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM officers AS o WHERE o.officer_id = a.officer_id)
  AND NOT EXISTS (SELECT 1 FROM _base_officers AS b WHERE b.officer_id = a.officer_id)
ORDER BY a._src, a._row
"""


def _show(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def check_duplicates(con: duckdb.DuckDBPyConnection, labels: list[str], collector: ProblemCollector) -> None:
    for table in CONTRACT.values():
        key = list(table.key)
        result = con.execute(fill_identifiers(_DUPLICATES, t=table.name, k=key))
        while batch := result.fetchmany(BATCH):
            problems = []
            for src, row, first_src, first_row, *values in batch:
                if any(v is None for v in values):
                    continue  # an empty key is reported as a missing value
                problems.append(
                    Problem(
                        "duplicate_id",
                        labels[src],
                        row,
                        ", ".join(key),
                        ", ".join(_show(v) for v in values),
                        f"{labels[first_src]}:{first_row}",
                    )
                )
            collector.extend(problems)


def check_officers(con: duckdb.DuckDBPyConnection, labels: list[str], collector: ProblemCollector) -> None:
    result = con.execute(_UNKNOWN_OFFICERS)
    while batch := result.fetchmany(BATCH):
        collector.extend(Problem("unknown_officer", labels[s], r, "officer_id", v) for s, r, v in batch)
