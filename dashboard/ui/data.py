"""Snapshot connections, the snapshots each person may see, and cached query results for the Streamlit app.

Two cache layers (STYLE.md §5): one read-only DuckDB connection per snapshot file and audience, shared by
all sessions (`cache_resource`; each query takes its own cursor), and query results keyed by the snapshot's
id, the audience, the query function and its plain parameters (`cache_data`). The audience is `controlled`
(the partner view: sensitive counts rounded at the source, dashboard/disclosure.py) or not.
"""

from __future__ import annotations

import datetime as dt
import importlib
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
from dashboard.snapshots import SnapshotInfo, SnapshotScan, scan_snapshots


@st.cache_resource(show_spinner=False, max_entries=16)
def _connection(path: str, snapshot_id: str, controlled: bool) -> duckdb.DuckDBPyConnection:
    # snapshot_id is part of the key so that a replaced demo snapshot gets a fresh connection.
    return connect_for(Path(path), controlled=controlled)


def connection(snapshot: SnapshotInfo, *, controlled: bool) -> duckdb.DuckDBPyConnection:
    return _connection(str(snapshot.path), snapshot.snapshot_id, controlled)


@st.cache_data(ttl=60, show_spinner=False)
def _scan(directory: str) -> SnapshotScan:
    return scan_snapshots(Path(directory))


def snapshot_scan() -> SnapshotScan:
    """Every good snapshot file whatever its status (oldest first) and every skipped file with why
    (re-listed at most once a minute; each file is verified once per process)."""
    return _scan(str(snapshots_dir()))


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
