"""Applying the staged rows onto the base snapshot inside a snapshot being built.

The base is attached read-only and its contract tables copied; then each staged row replaces the row
with the same key (schema.Table.key) or is added. Everything happens in the new snapshot's temporary
file: the base file is never opened for writing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from dashboard.ingest.staging import stored_columns
from dashboard.schema import CONTRACT
from dashboard.sql_ident import fill_identifiers

_COUNT = """
SELECT
    count(*) FILTER (WHERE old.{k0} IS NULL) AS added,
    count(*) FILTER (WHERE old.{k0} IS NOT NULL AND new IS DISTINCT FROM old) AS updated,
    count(*) FILTER (WHERE old.{k0} IS NOT NULL AND new IS NOT DISTINCT FROM old) AS unchanged
FROM (SELECT {c} FROM stage.{t}) AS new
LEFT JOIN (SELECT {c} FROM {t}) AS old USING ({k})
"""
_DELETE_REPLACED = (
    "DELETE FROM {t} WHERE rowid IN (SELECT old.rowid FROM {t} AS old SEMI JOIN stage.{t} USING ({k}))"
)
_INSERT_STAGED = "INSERT INTO {t} ({s}) SELECT {s} FROM stage.{t} ORDER BY {k}"
_COPY_BASE = "INSERT INTO {t} ({s}) SELECT {s} FROM base.{t} ORDER BY {k}"
# SnapshotBuilder re-sorts these by time when it finishes: sorting millions of rows by key first would
# only cost time and memory.
_INSERT_STAGED_UNSORTED = "INSERT INTO {t} ({s}) SELECT {s} FROM stage.{t}"
_COPY_BASE_UNSORTED = "INSERT INTO {t} ({s}) SELECT {s} FROM base.{t}"
EVENT_TABLES = ("activities", "offences", "calls")


@dataclass(frozen=True)
class MergeCounts:
    added: int = 0
    updated: int = 0  # a known key whose values changed
    unchanged: int = 0  # a known key re-sent with the same values


def copy_base(con: duckdb.DuckDBPyConnection, base_path: Path) -> None:
    """Copy every contract table of the base snapshot (the columns both have) into `con`'s tables."""
    con.execute("ATTACH $path AS base (READ_ONLY)", {"path": str(base_path)})
    try:
        for name, table in CONTRACT.items():
            base_columns = {
                row[0]
                for row in con.execute(
                    "SELECT column_name FROM duckdb_columns() WHERE database_name = 'base' AND table_name = $t",
                    {"t": name},
                ).fetchall()
            }
            shared = [c for c in stored_columns(name) if c in base_columns]
            if shared:
                template = _COPY_BASE_UNSORTED if name in EVENT_TABLES else _COPY_BASE
                con.execute(fill_identifiers(template, t=name, s=shared, k=list(table.key)))
    finally:
        con.execute("DETACH base")


def upsert_staged(con: duckdb.DuckDBPyConnection, staging_path: Path) -> dict[str, MergeCounts]:
    """Replace-or-add the staged rows of every table; returns what happened per table."""
    con.execute("ATTACH $path AS stage (READ_ONLY)", {"path": str(staging_path)})
    counts: dict[str, MergeCounts] = {}
    try:
        for name, table in CONTRACT.items():
            key = list(table.key)
            contract = [c.name for c in table.columns]
            row = con.execute(fill_identifiers(_COUNT, t=name, c=contract, k=key, k0=key[0])).fetchone()
            counts[name] = MergeCounts(*(int(v) for v in row))  # type: ignore[union-attr]
            if sum(row):  # type: ignore[arg-type]
                con.execute(fill_identifiers(_DELETE_REPLACED, t=name, k=key))
                template = _INSERT_STAGED_UNSORTED if name in EVENT_TABLES else _INSERT_STAGED
                con.execute(fill_identifiers(template, t=name, s=stored_columns(name), k=key))
    finally:
        con.execute("DETACH stage")
    return counts
