"""The staging database: a scratch DuckDB file holding the typed rows of every file being ingested.

Rows wait here while every check runs, including those across files (crosscheck.py); the snapshot is
built from it only when nothing blocks. It lives beside the snapshots as `.ingest-staging-<hex>.duckdb.tmp`
(ignored by list_snapshots; a killed ingest's leftovers are removed by the next ingest).
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import duckdb
import pandas as pd

from dashboard.schema import CONTRACT
from dashboard.sql_ident import fill_identifiers, row_count
from dashboard.sql_macros import open_duckdb

STAGING_PREFIX = ".ingest-staging-"
MEMORY_LIMIT = "400MB"  # DuckDB spills to disk beyond this: ingest memory stays bounded
# Where each staged row came from (source index, row number in the file) and whether it passed.
_BOOKKEEPING_COLUMNS = (
    "ALTER TABLE {t} ADD COLUMN _src INTEGER",
    "ALTER TABLE {t} ADD COLUMN _row BIGINT",
    "ALTER TABLE {t} ADD COLUMN _ok BOOLEAN",
)


def stored_columns(table_name: str) -> list[str]:
    """The columns a snapshot stores for a contract table (contract columns, then derived ones)."""
    table = CONTRACT[table_name]
    return [c.name for c in (*table.columns, *table.extra_columns)]


class Staging:
    def __init__(self, directory: Path) -> None:
        self.path = directory / f"{STAGING_PREFIX}{uuid.uuid4().hex[:12]}.duckdb.tmp"
        self.con: duckdb.DuckDBPyConnection | None = open_duckdb(self.path)
        self.con.execute("SET memory_limit = $limit", {"limit": MEMORY_LIMIT})
        self.con.execute("SET preserve_insertion_order = false")
        for table in CONTRACT.values():
            self.con.execute(table.ddl())
            for template in _BOOKKEEPING_COLUMNS:
                self.con.execute(fill_identifiers(template, t=table.name))
        self.con.execute("CREATE TABLE _base_officers (officer_id VARCHAR)")

    def append(self, table_name: str, typed: pd.DataFrame, src: int) -> None:
        """Add a validated chunk (typed contract columns plus `_row` and `_ok`) read from source `src`."""
        frame = typed.assign(_src=src)
        columns = [c for c in stored_columns(table_name) if c in frame.columns]
        con = self._open()
        con.register("_incoming", frame)
        try:
            con.execute(
                fill_identifiers(
                    "INSERT INTO {t} ({c}, _src, _row, _ok) SELECT {c}, _src, _row, _ok FROM _incoming",
                    t=table_name,
                    c=columns,
                )
            )
        finally:
            con.unregister("_incoming")

    def set_base_officers(self, officer_ids: pd.DataFrame) -> None:
        con = self._open()
        con.register("_ids", officer_ids)
        con.execute("INSERT INTO _base_officers SELECT DISTINCT officer_id FROM _ids")
        con.unregister("_ids")

    def row_counts(self) -> dict[str, int]:
        con = self._open()
        return {name: row_count(con, name) for name in CONTRACT}

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        return self._open()

    def _open(self) -> duckdb.DuckDBPyConnection:
        if self.con is None:
            raise RuntimeError("the staging database is closed")
        return self.con

    def close(self) -> None:
        if self.con is not None:
            self.con.execute("CHECKPOINT")
            self.con.close()
            self.con = None

    def remove(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None
        for suffix in ("", ".wal"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        shutil.rmtree(f"{self.path}.tmp", ignore_errors=True)  # DuckDB's spill directory
