"""What changed between two snapshots: rows added, changed and removed per contract table (by key),
and the headline indicators of each.

Both snapshots are attached read-only to a scratch in-memory DuckDB; nothing is written. A row is
"changed" when its key is in both snapshots and any contract column differs (the derived
`inside_hromada` is not compared: it follows from the coordinates).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from dashboard.periods import make_period
from dashboard.queries import run_query
from dashboard.schema import CONTRACT
from dashboard.snapshots import SnapshotInfo, connect_readonly
from dashboard.sql_ident import fill_identifiers
from dashboard.sql_macros import open_duckdb

HEADLINE = ("hromadas_covered", "officers_on_duty", "offences_12m", "activities_12m")

_CHANGES = """
WITH a AS (SELECT {c} FROM snap_a.{t} WHERE {where}), b AS (SELECT {c} FROM snap_b.{t} WHERE {where})
SELECT
    (SELECT count(*) FROM a) AS rows_a,
    (SELECT count(*) FROM b) AS rows_b,
    count(*) FILTER (WHERE a.{k0} IS NULL) AS added,
    count(*) FILTER (WHERE a.{k0} IS NOT NULL AND b.{k0} IS NOT NULL AND a IS DISTINCT FROM b) AS changed,
    count(*) FILTER (WHERE b.{k0} IS NULL) AS removed
FROM a
FULL JOIN b USING ({k})
"""
# Rows of excluded offence categories are left out of both sides (the partner view: its offences table has
# no sensitive events, so neither has the diff it is shown).
_ALL_ROWS = "TRUE"
_NOT_EXCLUDED = "category NOT IN (SELECT unnest($excluded::VARCHAR[]))"


@dataclass(frozen=True)
class TableChange:
    table: str
    rows_a: int
    rows_b: int
    added: int
    changed: int
    removed: int


@dataclass(frozen=True)
class HeadlineChange:
    indicator: str
    a: int
    b: int

    @property
    def change(self) -> int:
        return self.b - self.a


@dataclass(frozen=True)
class SnapshotDiff:
    date_a: dt.date
    date_b: dt.date
    tables: list[TableChange]
    headline: list[HeadlineChange]


def headline(con: duckdb.DuckDBPyConnection, reporting_date: dt.date) -> dict[str, int]:
    """Hromadas covered, officers on duty, offences and activities in the last 12 months, at the date."""
    params = {"reporting_date": reporting_date, "month_from": make_period("12m", reporting_date).month_from}
    row = run_query(con, "snapshot_headline", params).iloc[0]
    return {name: int(row[name]) for name in HEADLINE}


def table_changes(path_a: str, path_b: str, *, exclude_categories: tuple[str, ...] = ()) -> list[TableChange]:
    """Rows added, changed and removed per contract table; offences of `exclude_categories` left out."""
    with open_duckdb() as con:
        con.execute("ATTACH $path AS snap_a (READ_ONLY)", {"path": path_a})
        con.execute("ATTACH $path AS snap_b (READ_ONLY)", {"path": path_b})
        changes = []
        for name, table in CONTRACT.items():
            key = list(table.key)
            filtered = name == "offences" and bool(exclude_categories)
            template = _CHANGES.replace("{where}", _NOT_EXCLUDED if filtered else _ALL_ROWS)
            sql = fill_identifiers(template, t=name, c=table.column_names, k=key, k0=key[0])
            params = {"excluded": list(exclude_categories)} if filtered else {}
            changes.append(TableChange(name, *(int(v) for v in con.execute(sql, params).fetchone())))  # type: ignore[union-attr]
    return changes


def diff_snapshots(a: SnapshotInfo, b: SnapshotInfo) -> SnapshotDiff:
    heads = []
    for info in (a, b):
        with connect_readonly(info.path) as con:
            heads.append(headline(con, info.reporting_date))
    return SnapshotDiff(
        a.reporting_date,
        b.reporting_date,
        table_changes(str(a.path), str(b.path)),
        [HeadlineChange(name, heads[0][name], heads[1][name]) for name in HEADLINE],
    )
