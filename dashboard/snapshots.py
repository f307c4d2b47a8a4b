"""Immutable DuckDB snapshots, one file per reporting date: listing, opening read-only, building atomically.

A snapshot is built in a temporary file beside its final place and renamed into place only when it is
complete (`os.replace` is atomic on one filesystem), so readers never see a half-written file and a
failed build leaves nothing behind. Once in place a snapshot is only ever opened read-only.

Its SHA-256 is recorded when it is built (dashboard/publication.py) and verified the first time a
process lists it; a file that changed since, or that is not a readable snapshot at all (truncated, empty,
random bytes, a DuckDB database of another shape, a stray file), is skipped and reported
(`scan_snapshots(...).problems`) instead of taking a page or a command down. Which snapshots a person
may see (published or draft) is decided by dashboard/publication.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import re
import shutil
import sqlite3
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from dashboard import __version__, publication, reference
from dashboard.config import snapshots_dir
from dashboard.schema import CONTRACT, SCHEMA_VERSION
from dashboard.sql_ident import KNOWN_IDENTIFIERS, fill_identifiers, row_count
from dashboard.sql_macros import create_macros, open_duckdb

BUILD_SQL_DIR = Path(__file__).resolve().parent / "build"
_NAME_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.duckdb$")
log = logging.getLogger(__name__)


class SnapshotError(RuntimeError):
    """A snapshot cannot be built or opened; the message says why and what to do."""


# Why a file in the snapshots folder was skipped (locale keys `snapshot_problem.<code>`).
PROBLEM_CODES = ("empty", "unreadable", "not_snapshot", "wrong_date", "changed", "not_a_snapshot_name")


@dataclass(frozen=True)
class SnapshotProblem:
    """A file in the snapshots folder that is skipped: its name, why (`code`), and the technical detail."""

    name: str
    code: str
    detail: str = ""

    def message(self) -> str:
        """English, for logs and the command line."""
        return f"{self.name}: {_PROBLEM_TEXT[self.code]}{' (' + self.detail + ')' if self.detail else ''}"


_PROBLEM_TEXT = {
    "empty": "the file is empty",
    "unreadable": "not a readable DuckDB database (truncated or damaged)",
    "not_snapshot": "a DuckDB database, but not a snapshot of this dashboard",
    "wrong_date": "its reporting date does not match its file name",
    "changed": "the file changed after it was built (its SHA-256 differs from the one recorded): refused",
    "not_a_snapshot_name": "not named like a snapshot (YYYY-MM-DD.duckdb): ignored",
}


@dataclass(frozen=True)
class SnapshotScan:
    snapshots: list[SnapshotInfo]  # the good ones, oldest first
    problems: list[SnapshotProblem]  # every other file, by name


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
        return cls(path.name, table, file_sha256(path), rows, path.stat().st_size)


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


def connect_served(path: Path) -> duckdb.DuckDBPyConnection:
    """A snapshot as the app's pages read it, many sessions at once: an in-memory database ATTACHes it
    READ_ONLY as `snap` and holds a view named as each of its tables, and the project's macros are ordinary
    macros of that database, so every cursor sees them and `run_query` skips creating them per cursor
    (under load that step was ~8 % of a page's CPU time, issue 14). The query files need no change (the
    partner view, dashboard/disclosure.py, is built the same way)."""
    con = duckdb.connect(":memory:")
    try:
        create_macros(con, shared=True)
        con.execute("ATTACH $path AS snap (READ_ONLY)", {"path": str(path)})
        tables = con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'snap' AND schema_name = 'main'"
        ).fetchall()
        for (table,) in tables:  # the tables the project knows (the partner view passes the same on)
            if table in KNOWN_IDENTIFIERS:
                con.execute(
                    fill_identifiers("CREATE VIEW memory.main.{t} AS SELECT * FROM snap.{t}", t=table)
                )
        return con
    except Exception:
        con.close()
        raise


def read_info(path: Path) -> SnapshotInfo:
    with connect_readonly(path) as con:
        row = con.execute(
            "SELECT reporting_date, is_demo, created_at, schema_version, row_counts, rows_rejected "
            "FROM snapshot_meta"
        ).fetchone()
    if row is None:
        raise SnapshotError(f"{path.name}: snapshot_meta is empty; the file is not a valid snapshot")
    return SnapshotInfo(row[0], path, bool(row[1]), row[2], int(row[3]), json.loads(row[4]), int(row[5]))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# What this process found for each file, by (path, inode, size, mtime): a file is hashed and opened once
# per process, again only when it is replaced or touched.
_checked: dict[tuple[str, int, int, int], SnapshotInfo | SnapshotProblem] = {}


def _check_file(path: Path, directory: Path) -> SnapshotInfo | SnapshotProblem:
    try:
        stat = path.stat()
    except OSError as exc:
        return SnapshotProblem(path.name, "unreadable", exc.strerror or str(exc))
    key = (str(path), stat.st_ino, stat.st_size, stat.st_mtime_ns)
    if key in _checked:
        return _checked[key]
    found = _verify(path, directory, stat.st_size)
    if isinstance(found, SnapshotProblem):
        log.info("snapshot skipped: %s", found.message())  # the server log; pages and commands say it too
    if not (isinstance(found, SnapshotProblem) and found.code == "changed"):
        # A mismatch is checked again next time: a rebuild records its new checksum just after the rename.
        _checked[key] = found
    return found


def _verify(path: Path, directory: Path, size: int) -> SnapshotInfo | SnapshotProblem:
    """The file's info when it is the snapshot that was built for its date, else why not."""
    if size == 0:
        return SnapshotProblem(path.name, "empty")
    day = dt.date.fromisoformat(path.name[:10])
    try:
        recorded = publication.recorded_checksum(directory, day)
        actual = file_sha256(path)
    except (OSError, sqlite3.Error) as exc:
        return SnapshotProblem(path.name, "unreadable", str(exc)[:200])
    if recorded is not None and recorded[0] != actual:
        return SnapshotProblem(path.name, "changed", f"recorded {recorded[0][:12]}…, now {actual[:12]}…")
    try:
        info = read_info(path)
    except duckdb.IOException as exc:
        return SnapshotProblem(path.name, "unreadable", str(exc).splitlines()[0][:200])
    except (duckdb.Error, SnapshotError, ValueError, TypeError) as exc:
        return SnapshotProblem(path.name, "not_snapshot", str(exc).splitlines()[0][:200])
    if info.reporting_date != day:
        return SnapshotProblem(path.name, "wrong_date", info.reporting_date.isoformat())
    if recorded is None:
        # Built before checksums were recorded, or copied in by hand: recorded as it is now (it is a
        # draft until an administrator publishes it). Not possible in a read-only folder: then unrecorded.
        with contextlib.suppress(OSError, sqlite3.Error):
            publication.record_checksum(directory, day, actual, size, how="first_seen")
    return info


def scan_snapshots(directory: Path | None = None) -> SnapshotScan:
    """Every snapshot of the folder that can be used, and every other file with why it is skipped.

    Hidden files (temporary files of builds in progress, the ingest lock, the status store) are ignored.
    """
    directory = directory or snapshots_dir()
    if not directory.is_dir():
        return SnapshotScan([], [])
    good: list[SnapshotInfo] = []
    problems: list[SnapshotProblem] = []
    for path in sorted(directory.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        if not _NAME_RE.match(path.name) or not _is_date(path.name[:10]):
            problems.append(SnapshotProblem(path.name, "not_a_snapshot_name"))
            continue
        found = _check_file(path, directory)
        (problems if isinstance(found, SnapshotProblem) else good).append(found)  # type: ignore[arg-type]
    return SnapshotScan(sorted(good, key=lambda info: info.reporting_date), problems)


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def list_snapshots(directory: Path | None = None) -> list[SnapshotInfo]:
    """All good snapshots whatever their status, oldest first (bad files skipped: see scan_snapshots)."""
    return scan_snapshots(directory).snapshots


def latest_snapshot(directory: Path | None = None) -> SnapshotInfo | None:
    snaps = list_snapshots(directory)
    return snaps[-1] if snaps else None


def find_snapshot(reporting_date: dt.date, directory: Path | None = None) -> SnapshotInfo:
    """The good snapshot of that date; SnapshotError saying why when it is missing or skipped."""
    scan = scan_snapshots(directory)
    name = snapshot_path(reporting_date, directory).name
    for info in scan.snapshots:
        if info.reporting_date == reporting_date:
            return info
    for problem in scan.problems:
        if problem.name == name:
            raise SnapshotError(
                f"the snapshot of {reporting_date.isoformat()} cannot be used: {problem.message()}"
            )
    known = ", ".join(s.reporting_date.isoformat() for s in scan.snapshots) or "none"
    raise SnapshotError(f"no snapshot for {reporting_date.isoformat()} (available: {known})")


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
        replace_rejected: bool = False,
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
        # A rejected draft of the date (withdrawn, never published) may be replaced: it is kept, unchanged,
        # in rejected/ (publication.replacing_rejected_draft). Anything else of the date stays immutable.
        self.replace_rejected = replace_rejected
        self.set_aside_path: Path | None = None  # where the replaced rejected draft is kept
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
        if self.final_path.exists() and self.replace_rejected and not self.replace:
            verdict = publication.replace_verdict(self.directory, self.reporting_date)
            if verdict != publication.REPLACEABLE:
                raise SnapshotError(_KEEP_TEXT[verdict].format(date=self.reporting_date.isoformat()))
        elif self.final_path.exists() and not self.replace:
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
        # The build's Python steps need the statistics stack (scipy): imported here, not with this module,
        # so that reading snapshots does not pay for it.
        from dashboard.build.precompute import write_precomputed

        write_precomputed(con, self.reporting_date)
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
        sha256, size = file_sha256(self.tmp_path), self.tmp_path.stat().st_size
        if self.replace_rejected and not self.replace and self.final_path.exists():
            self._replace_rejected_draft(sha256, size)
            self._renamed = True
            _fsync(self.directory)
            return
        os.replace(self.tmp_path, self.final_path)
        # Recorded once the file is in place (a failed rename records nothing). A reader that finds the
        # file first records it itself ("first_seen", the same checksum) or, for a rebuilt date, refuses
        # it until this record lands: a "changed" verdict is never remembered (see _check_file).
        try:
            publication.record_checksum(self.directory, self.reporting_date, sha256, size, how="built")
        except sqlite3.Error as exc:  # e.g. a read-only status store: the file is still good, a draft
            log.warning("snapshot %s: its checksum could not be recorded: %s", self.final_path.name, exc)
        self._renamed = True
        _fsync(self.directory)

    def _replace_rejected_draft(self, sha256: str, size: int) -> None:
        """Keep the date's rejected draft in rejected/ (a hard link: the same bytes, no copy), then rename the
        new file into its place: one store transaction, so the draft cannot be published meanwhile, and a
        failure at any step leaves the old file where it was."""
        try:
            with publication.replacing_rejected_draft(self.directory, self.reporting_date) as replacement:
                kept_sha256, kept_size = file_sha256(self.final_path), self.final_path.stat().st_size
                if replacement.recorded is not None and replacement.recorded[0] != kept_sha256:
                    raise SnapshotError(
                        f"{self.final_path.name} changed after it was built (its SHA-256 differs from the "
                        "one recorded): it is not replaced; restore it from a backup first"
                    )
                kept = _keep_rejected(self.final_path, self.directory, kept_sha256)
                try:
                    os.replace(self.tmp_path, self.final_path)
                    replacement.record(kept.name, kept_sha256, kept_size, sha256, size)
                except BaseException:
                    if not self.final_path.exists() or file_sha256(self.final_path) != kept_sha256:
                        os.replace(kept, self.final_path)  # the old file goes back where it was
                    else:
                        kept.unlink(missing_ok=True)
                    Path(f"{kept}.sha256").unlink(missing_ok=True)
                    raise
        except publication.PublicationError as exc:  # published (or rebuilt) by someone else meanwhile
            raise SnapshotError(_KEEP_TEXT[exc.code.removeprefix("replace_")].format(
                date=self.reporting_date.isoformat())) from exc  # fmt: skip
        self.set_aside_path = kept


# Why a build may not replace the date's existing file (English, for the CLI and logs; the pages and the
# ingest report say it through `pg.ingest.kind.*`).
_KEEP_TEXT = {
    publication.KEEP_DRAFT: "a draft snapshot for {date} already exists and is not rejected: withdraw "
    "(reject) it first, then build again; or choose another reporting date",
    publication.KEEP_PUBLISHED: "the snapshot for {date} was published: published snapshots are never "
    "replaced, even after they are withdrawn; choose another reporting date",
}


def _keep_rejected(path: Path, directory: Path, sha256: str) -> Path:
    """A second name for the rejected draft under rejected/ (plus `<name>.sha256` in `sha256sum -c` format);
    a copy where hard links are not possible (then checked byte for byte by its hash)."""
    folder = directory / publication.REJECTED_DIR
    folder.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    kept = folder / f"{path.stem}.rejected-{stamp}.duckdb"
    try:
        os.link(path, kept)
    except OSError:
        shutil.copyfile(path, kept)
        if file_sha256(kept) != sha256:
            kept.unlink(missing_ok=True)
            raise SnapshotError(f"{path.name} could not be copied to {folder.name}/ intact") from None
    Path(f"{kept}.sha256").write_text(f"{sha256}  {kept.name}\n", encoding="ascii")
    return kept


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
