"""Immutable DuckDB snapshots, one file per reporting date: listing, opening read-only, building atomically.

A snapshot is built in a temporary file beside its final place and renamed into place only when it is
complete (`os.replace` is atomic on one filesystem), so readers never see a half-written file and a
failed build leaves nothing behind. Once in place a snapshot is only ever opened read-only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from dashboard import __version__, reference
from dashboard.config import snapshots_dir
from dashboard.schema import CONTRACT, SCHEMA_VERSION
from dashboard.sql_ident import fill_identifiers, row_count
from dashboard.sql_macros import open_duckdb

BUILD_SQL_DIR = Path(__file__).resolve().parent / "build"
_NAME_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.duckdb$")


class SnapshotError(RuntimeError):
    """A snapshot cannot be built or opened; the message says why and what to do."""


@dataclass(frozen=True)
class SourceFile:
    """A file a snapshot was built from, recorded with its checksum in `snapshot_meta`."""

    name: str
    table: str
    sha256: str
    rows: int
    size_bytes: int

    @classmethod
    def from_path(cls, path: Path, table: str, rows: int) -> SourceFile:
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        return cls(path.name, table, digest.hexdigest(), rows, path.stat().st_size)


@dataclass(frozen=True)
class SnapshotInfo:
    reporting_date: dt.date
    path: Path
    is_demo: bool
    created_at: dt.datetime
    schema_version: int
    row_counts: dict[str, int] = field(default_factory=dict)
    rows_rejected: int = 0

    @property
    def size_bytes(self) -> int:
        return self.path.stat().st_size

    @property
    def snapshot_id(self) -> str:
        """Identifies the file's content for caches: the date plus its creation time."""
        return f"{self.reporting_date.isoformat()}@{self.created_at.isoformat()}"


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise SnapshotError(f"'{text}' is not a date: write it as YYYY-MM-DD, e.g. 2026-10-31") from exc


def snapshot_path(reporting_date: dt.date, directory: Path | None = None) -> Path:
    return (directory or snapshots_dir()) / f"{reporting_date.isoformat()}.duckdb"


def connect_readonly(path: Path) -> duckdb.DuckDBPyConnection:
    """Open a snapshot read-only, with the project's SQL macros (`dashboard/sql_macros.py`) on it.

    The macros are TEMP: a cursor taken from this connection does not see them (`run_query` creates them
    on its cursor). Every connection the app, the reports and the ingest open on a snapshot comes here.
    """
    return open_duckdb(path, read_only=True)


def read_info(path: Path) -> SnapshotInfo:
    with connect_readonly(path) as con:
        row = con.execute(
            "SELECT reporting_date, is_demo, created_at, schema_version, row_counts, rows_rejected "
            "FROM snapshot_meta"
        ).fetchone()
    if row is None:
        raise SnapshotError(f"{path.name}: snapshot_meta is empty; the file is not a valid snapshot")
    return SnapshotInfo(row[0], path, bool(row[1]), row[2], int(row[3]), json.loads(row[4]), int(row[5]))


def list_snapshots(directory: Path | None = None) -> list[SnapshotInfo]:
    """All snapshots, oldest first. Temporary files of builds in progress are not listed."""
    directory = directory or snapshots_dir()
    if not directory.is_dir():
        return []
    found = [p for p in directory.iterdir() if _NAME_RE.match(p.name)]
    return sorted((read_info(p) for p in found), key=lambda info: info.reporting_date)


def latest_snapshot(directory: Path | None = None) -> SnapshotInfo | None:
    snaps = list_snapshots(directory)
    return snaps[-1] if snaps else None


def find_snapshot(reporting_date: dt.date, directory: Path | None = None) -> SnapshotInfo:
    path = snapshot_path(reporting_date, directory)
    if not path.exists():
        known = ", ".join(s.reporting_date.isoformat() for s in list_snapshots(directory)) or "none"
        raise SnapshotError(f"no snapshot for {reporting_date.isoformat()} (available: {known})")
    return read_info(path)


class SnapshotBuilder:
    """Builds one snapshot in a temporary file; renames it into place only on success.

    Usage::

        with SnapshotBuilder(date, is_demo=True) as builder:
            builder.insert("officers", frame)      # any pandas/arrow frame with the contract columns
        # here the file is in place, complete and closed

    Any exception inside the block removes the temporary file and leaves existing snapshots untouched.
    """

    def __init__(
        self,
        reporting_date: dt.date,
        *,
        is_demo: bool,
        directory: Path | None = None,
        replace: bool = False,
        hromadas: pd.DataFrame | None = None,
        sources: Iterable[SourceFile] = (),
        generator: str = "",
        base_snapshot: str = "",
        rows_rejected: int = 0,
        warnings: int = 0,
    ) -> None:
        self.reporting_date = reporting_date
        self.is_demo = is_demo
        self.directory = directory or snapshots_dir()
        self.final_path = snapshot_path(reporting_date, self.directory)
        self.replace = replace
        self.hromadas = hromadas if hromadas is not None else reference.hromadas()
        self.sources = list(sources)
        self.generator = generator
        self.base_snapshot = base_snapshot
        self.rows_rejected = rows_rejected
        self.warnings = warnings
        self.tmp_path = self.directory / f".{reporting_date.isoformat()}.duckdb.tmp-{uuid.uuid4().hex[:8]}"
        self._con: duckdb.DuckDBPyConnection | None = None

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            raise SnapshotError("the builder is not open: use it as a context manager")
        return self._con

    def __enter__(self) -> SnapshotBuilder:
        if self.final_path.exists() and not self.replace:
            raise SnapshotError(
                f"a snapshot for {self.reporting_date.isoformat()} already exists ({self.final_path.name}); "
                "snapshots are immutable: choose another reporting date"
            )
        self.directory.mkdir(parents=True, exist_ok=True)
        self._con = open_duckdb(self.tmp_path)
        for table in CONTRACT.values():
            self._con.execute(table.ddl())
        return self

    def insert(self, table: str, frame: object) -> None:
        """Append a frame (pandas or arrow) whose columns are the contract columns of `table`."""
        columns = [c.name for c in (*CONTRACT[table].columns, *CONTRACT[table].extra_columns)]
        # An Arrow table's `.columns` are its arrays, not its names.
        names = getattr(frame, "column_names", None) or list(frame.columns)  # type: ignore[attr-defined]
        present = [c for c in columns if c in names]
        self.con.register("_incoming", frame)
        sql = fill_identifiers("INSERT INTO {t} ({c}) SELECT {c} FROM _incoming", t=table, c=present)
        self.con.execute(sql)
        self.con.unregister("_incoming")

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self._finalize()
        finally:
            if self._con is not None:
                self._con.close()
                self._con = None
            if exc_type is not None or not self._renamed:
                self.tmp_path.unlink(missing_ok=True)
                Path(f"{self.tmp_path}.wal").unlink(missing_ok=True)

    _renamed = False

    def _finalize(self) -> None:
        con = self.con
        _write_reference_tables(con, self.hromadas)
        _sort_event_tables(con)
        con.execute(_build_sql("aggregates"))
        counts = {name: row_count(con, name) for name in CONTRACT}
        con.execute(
            "CREATE TABLE snapshot_meta AS SELECT $reporting_date::DATE AS reporting_date, "
            "now()::TIMESTAMP AS created_at, $schema_version::INTEGER AS schema_version, "
            "$is_demo::BOOLEAN AS is_demo, $generator AS generator, $app_version AS app_version, "
            "$row_counts AS row_counts, $source_files AS source_files, $base AS base_snapshot, "
            "$rows_rejected::INTEGER AS rows_rejected, $warnings::INTEGER AS warnings",
            {
                "reporting_date": self.reporting_date,
                "schema_version": SCHEMA_VERSION,
                "is_demo": self.is_demo,
                "generator": self.generator,
                "app_version": __version__,
                "row_counts": json.dumps(counts),
                "source_files": json.dumps([s.__dict__ for s in self.sources], ensure_ascii=False),
                "base": self.base_snapshot,
                "rows_rejected": self.rows_rejected,
                "warnings": self.warnings,
            },
        )
        con.execute("CHECKPOINT")
        con.close()
        self._con = None
        _fsync(self.tmp_path)
        os.replace(self.tmp_path, self.final_path)
        self._renamed = True
        _fsync(self.directory)


def _build_sql(name: str) -> str:
    return (BUILD_SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def _write_reference_tables(con: duckdb.DuckDBPyConnection, hromadas: pd.DataFrame) -> None:
    con.register("_hromadas", hromadas)
    con.execute("CREATE TABLE hromadas AS SELECT * FROM _hromadas ORDER BY katottg")
    con.unregister("_hromadas")
    for name, frame in (("settlements", reference.settlements()), ("otg_pre2020", reference.otg_pre2020())):
        con.register("_ref", frame)
        con.execute(fill_identifiers("CREATE TABLE {t} AS SELECT * FROM _ref", t=name))
        con.unregister("_ref")


# Event tables are stored in time order so that DuckDB's min/max zone maps skip old row groups
# when a query filters on a recent period.
_TIME_ORDER = {"activities": "started_at", "offences": "registered_at", "calls": "received_at"}


def _sort_event_tables(con: duckdb.DuckDBPyConnection) -> None:
    for table, column in _TIME_ORDER.items():
        con.execute(
            fill_identifiers(
                "CREATE TABLE _sorted AS SELECT * FROM {t} ORDER BY {c}, hromada", t=table, c=column
            )
        )
        con.execute(fill_identifiers("DROP TABLE {t}", t=table))
        con.execute(fill_identifiers("ALTER TABLE _sorted RENAME TO {t}", t=table))


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
