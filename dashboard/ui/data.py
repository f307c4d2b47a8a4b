"""Snapshot connections, the snapshots each person may see, and cached query results for the Streamlit app.

Two cache layers (STYLE.md §5): one read-only DuckDB connection per snapshot file and audience, shared by
all sessions (`cache_resource`; each query takes its own cursor), and query results keyed by the snapshot's
id, the audience, the query function and its plain parameters (`cache_data`). The audience is `controlled`
(the partner view: sensitive counts rounded at the source, dashboard/disclosure.py) or not.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from dashboard import publication
from dashboard.auth.users import User
from dashboard.config import auth_mode, snapshots_dir
from dashboard.disclosure import connect_for
from dashboard.snapshots import SnapshotInfo, SnapshotScan, connect_served, scan_snapshots


@st.cache_resource(show_spinner=False, max_entries=16)
def _connection(path: str, snapshot_id: str, controlled: bool) -> duckdb.DuckDBPyConnection:
    # snapshot_id is part of the key so that a replaced demo snapshot gets a fresh connection.
    # The full view: the snapshot behind views of an in-memory database with shared macros (cheaper per
    # query than the plain read-only file, snapshots.connect_served); the partner view is built that way.
    return connect_for(Path(path), controlled=True) if controlled else connect_served(Path(path))


def connection(snapshot: SnapshotInfo, *, controlled: bool) -> duckdb.DuckDBPyConnection:
    return _connection(str(snapshot.path), snapshot.snapshot_id, controlled)


@st.cache_data(ttl=600, max_entries=8, show_spinner=False)
def _scan(directory: str, stamp: tuple[tuple[str, int, int], ...]) -> SnapshotScan:
    return scan_snapshots(Path(directory))


def _folder_stamp(directory: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, mtime and size of every visible file of the folder: changes whenever a snapshot is added,
    replaced or removed, so that a snapshot written by another server process (`make serve` runs several)
    shows up at the next run of every process, not a minute later. Hidden files (builds in progress, the
    status store) are left out, as scan_snapshots leaves them out. A few stat calls: well under a ms."""
    try:
        entries = [e for e in os.scandir(directory) if not e.name.startswith(".")]
        return tuple(sorted((e.name, e.stat().st_mtime_ns, e.stat().st_size) for e in entries))
    except OSError:
        return ()


def snapshot_scan() -> SnapshotScan:
    """Every good snapshot file whatever its status (oldest first) and every skipped file with why
    (re-listed when the folder changes; each file is verified once per process)."""
    directory = snapshots_dir()
    return _scan(str(directory), _folder_stamp(directory))


def available_snapshots() -> list[SnapshotInfo]:
    """Every good snapshot file, whatever its status: for administrators' screens only."""
    return snapshot_scan().snapshots


def forget_snapshot_list() -> None:
    """Re-list the snapshots on the next call (after a new snapshot was written)."""
    _scan.clear()


def snapshot_statuses() -> dict[dt.date, publication.Status]:
    """The publication status of every date, read fresh on every run (a few ms): a snapshot withdrawn in
    another server process disappears from this one at its next run, not a minute later."""
    return publication.statuses(snapshots_dir())


def sees_drafts(user: User | None) -> bool:
    """Administrators (and everyone with login off, a local demo) see drafts; every other role does not."""
    return auth_mode() == "off" or (user is not None and user.role == "admin")


def visible_snapshots(user: User | None) -> tuple[list[SnapshotInfo], frozenset[dt.date]]:
    """The snapshots `user` may see, oldest first, and the dates among them that are published.

    Viewers: published ones only. Administrators: drafts too. Withdrawn ones: nobody (the data page
    lists them for administrators, to publish again).
    """
    statuses = snapshot_statuses()
    published = frozenset(d for d, s in statuses.items() if s.status == publication.PUBLISHED)
    withdrawn = {d for d, s in statuses.items() if s.status == publication.WITHDRAWN}
    drafts = sees_drafts(user)
    shown = [
        s
        for s in available_snapshots()
        if s.reporting_date in published or (drafts and s.reporting_date not in withdrawn)
    ]
    return shown, published


def default_snapshot(snapshots: list[SnapshotInfo], published: frozenset[dt.date]) -> SnapshotInfo:
    """The newest published snapshot; the newest draft only when nothing is published yet."""
    chosen = [s for s in snapshots if s.reporting_date in published] or snapshots
    return chosen[-1]


@st.cache_data(ttl=3600, max_entries=2000, show_spinner=False)
def _cached_call(
    path: str, snapshot_id: str, controlled: bool, func_path: str, kwargs: tuple[tuple[str, Any], ...]
) -> pd.DataFrame:
    module_name, func_name = func_path.rsplit(":", 1)
    func = getattr(importlib.import_module(module_name), func_name)
    result: pd.DataFrame = func(_connection(path, snapshot_id, controlled), **dict(kwargs))
    return result


def cached_query(
    snapshot: SnapshotInfo, func: Callable[..., pd.DataFrame], *, controlled: bool, **kwargs: Any
) -> pd.DataFrame:
    """Call a query wrapper `func(con, **kwargs)` through the result cache.

    The wrapper must be a module-level function of `dashboard.queries`; its keyword arguments must be
    plain hashable values (dates, strings, numbers, None, tuples). The returned frame is shared:
    never mutate it in place (copy first).
    """
    func_path = f"{func.__module__}:{func.__name__}"
    key = tuple(sorted(kwargs.items()))
    return _cached_call(str(snapshot.path), snapshot.snapshot_id, controlled, func_path, key)
