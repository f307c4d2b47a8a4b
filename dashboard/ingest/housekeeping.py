"""One ingest at a time, no leftovers, clear words on a failing folder: the ingest lock, the removal of
stale temporary files, and the problem that names a data folder that cannot be written.

A killed build leaves its temporary file (`.<date>.duckdb.tmp-<hex>`, with DuckDB's `.wal` and spill
directory) or the staging database (`.ingest-staging-<hex>.duckdb.tmp`). list_snapshots ignores them; the
next ingest removes them, under the lock, but only when no process still holds them open (DuckDB keeps
a lock on every database file it has open for writing).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

from dashboard.ingest.problems import Problem

LOCK_NAME = ".ingest.lock"
_TEMP = re.compile(
    r"^(\.\d{4}-\d{2}-\d{2}\.duckdb\.tmp-[0-9a-f]+|\.ingest-staging-[0-9a-f]+\.duckdb\.tmp)(\.wal|\.tmp)?$"
)


class IngestBusy(RuntimeError):
    """Another ingest holds the lock."""


@contextlib.contextmanager
def ingest_lock(directory: Path) -> Iterator[None]:
    """Hold the snapshots directory's ingest lock (released by the OS if the process dies)."""
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / LOCK_NAME, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IngestBusy(str(directory)) from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _in_use(path: Path) -> bool:
    """Whether another process has the database file open for writing (it holds a POSIX lock on it)."""
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # also releases the probe's lock
    return False


def stale_temp_files(directory: Path) -> list[Path]:
    """Temporary files of builds and ingests that no running process owns any more."""
    if not directory.is_dir():
        return []
    groups: dict[str, list[Path]] = {}
    for entry in directory.iterdir():
        match = _TEMP.match(entry.name)
        if match:
            groups.setdefault(match.group(1), []).append(entry)
    return sorted(
        path
        for main, members in groups.items()
        if not (directory / main).is_file() or not _in_use(directory / main)
        for path in members
    )


def remove_stale_temp_files(directory: Path) -> list[str]:
    """Remove the stale temporary files; returns their names. Call only while holding the ingest lock."""
    removed = []
    for path in stale_temp_files(directory):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path.name)
    return removed


def storage_problem(exc: BaseException, directory: Path) -> Problem:
    """The problem that names a failed write in the data folder: `disk_full` when the disk ran out of
    space, else `folder_unwritable`; the detail says which folder and the system's own reason."""
    text = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    full = (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or "No space left" in text
    where = exc.filename if isinstance(exc, OSError) and exc.filename else directory
    return Problem(
        "disk_full" if full else "folder_unwritable", detail=f"{where}: {text.splitlines()[0][:200]}"
    )
