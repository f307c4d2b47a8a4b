"""Snapshot connections and cached query results for the Streamlit app.

Two cache layers (STYLE.md §5): one read-only DuckDB connection per snapshot file and audience, shared by
all sessions (`cache_resource`; each query takes its own cursor), and query results keyed by the snapshot's
id, the audience, the query function and its plain parameters (`cache_data`). The audience is `controlled`
(the partner view: sensitive counts rounded at the source, dashboard/disclosure.py) or not.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from dashboard.config import snapshots_dir
from dashboard.disclosure import connect_for
from dashboard.snapshots import SnapshotInfo, list_snapshots


@st.cache_resource(show_spinner=False, max_entries=16)
def _connection(path: str, snapshot_id: str, controlled: bool) -> duckdb.DuckDBPyConnection:
    # snapshot_id is part of the key so that a replaced demo snapshot gets a fresh connection.
    return connect_for(Path(path), controlled=controlled)


def connection(snapshot: SnapshotInfo, *, controlled: bool) -> duckdb.DuckDBPyConnection:
    return _connection(str(snapshot.path), snapshot.snapshot_id, controlled)


@st.cache_data(ttl=600, max_entries=8, show_spinner=False)
def _snapshots_in(directory: str, stamp: tuple[int, tuple[str, ...]]) -> list[SnapshotInfo]:
    return list_snapshots(Path(directory))


def _folder_stamp(directory: Path) -> tuple[int, tuple[str, ...]]:
    """Changes whenever a snapshot file is added, replaced or removed in the folder (its mtime and the
    names in it): a snapshot written by another server process (`make serve` runs several) shows up at
    the next run of every process, not a minute later. A stat and a listing: well under a millisecond."""
    try:
        return directory.stat().st_mtime_ns, tuple(sorted(p.name for p in directory.glob("*.duckdb")))
    except OSError:
        return 0, ()


def available_snapshots() -> list[SnapshotInfo]:
    """The snapshots of the configured data directory, oldest first (re-listed when the folder changes)."""
    directory = snapshots_dir()
    return _snapshots_in(str(directory), _folder_stamp(directory))


def forget_snapshot_list() -> None:
    """Re-list the snapshots on the next call (after a new snapshot was written)."""
    _snapshots_in.clear()


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
