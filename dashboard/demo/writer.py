"""Write the demo as snapshots at month-end reporting dates, safely and idempotently.

A date whose demo snapshot exists is skipped (or replaced with `force`). Real data is never touched:
if the directory holds any non-demo snapshot the demo refuses to write at all, since a demo snapshot
beside real ones would pass itself off as the latest data.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.config import snapshots_dir
from dashboard.demo.build import DEFAULT_SEED, DemoData, generate
from dashboard.demo.timeline import HISTORY_END, month_end_dates
from dashboard.schema import CONTRACT_TABLE_NAMES
from dashboard.snapshots import SnapshotBuilder, SnapshotError, list_snapshots, read_info, snapshot_path

DEFAULT_DATES = 3


@dataclass(frozen=True)
class SnapshotResult:
    reporting_date: dt.date
    action: str  # "written", "replaced" or "skipped"
    seconds: float = 0.0
    row_counts: dict[str, int] = field(default_factory=dict)


def reporting_dates(dates: int | Sequence[dt.date]) -> list[dt.date]:
    """`dates` month-ends ending at the history's end (2026-10-31), or the given dates, oldest first."""
    if isinstance(dates, int):
        if dates < 1:
            raise ValueError("the number of reporting dates must be at least 1")
        return month_end_dates(dates)
    chosen = sorted(set(dates))
    if chosen and chosen[-1] > HISTORY_END:
        raise ValueError(f"the demo history ends on {HISTORY_END.isoformat()}")
    return chosen


def plan_actions(directory: Path, dates: Sequence[dt.date], force: bool) -> dict[dt.date, str]:
    """'write', 'replace' or 'skip' per date; SnapshotError if real snapshots are in the way."""
    real = [s for s in list_snapshots(directory) if not s.is_demo]
    if real:
        names = ", ".join(s.path.name for s in real)
        raise SnapshotError(
            f"{directory} holds real (non-demo) snapshots ({names}); the demo never writes beside or over "
            "real data. Point DASHBOARD_DATA_DIR at another directory to build the demo there."
        )
    actions = {}
    for date in dates:
        exists = snapshot_path(date, directory).exists()
        actions[date] = ("replace" if force else "skip") if exists else "write"
    return actions


def write_snapshot(data: DemoData, reporting_date: dt.date, directory: Path, replace: bool) -> dict[str, int]:
    """One demo snapshot of `data` as of `reporting_date`; returns its row counts."""
    path = snapshot_path(reporting_date, directory)
    # Checked again just before replacing: a real snapshot may have been ingested while we generated.
    if replace and path.exists() and not read_info(path).is_demo:
        raise SnapshotError(f"{path.name} is a real snapshot: the demo never replaces real data")
    tables = data.as_of(reporting_date)
    builder = SnapshotBuilder(
        reporting_date,
        is_demo=True,
        directory=directory,
        replace=replace,
        hromadas=data.hromadas,
        generator=data.generator,
    )
    with builder:
        # The generated history already sits in memory; keep DuckDB's share bounded (it spills to disk).
        builder.con.execute("SET memory_limit = '1GB'")
        for name in CONTRACT_TABLE_NAMES:
            builder.insert(name, tables[name])
    return {name: tables[name].num_rows for name in CONTRACT_TABLE_NAMES}


def write_demo_snapshots(
    directory: Path | None = None,
    seed: int = DEFAULT_SEED,
    scale: str = "oblast",
    dates: int | Sequence[dt.date] = DEFAULT_DATES,
    force: bool = False,
    log: Callable[[str], None] = lambda _message: None,
) -> list[SnapshotResult]:
    """Write demo snapshots into `directory` (default: the configured snapshots directory)."""
    directory = directory or snapshots_dir()
    chosen = reporting_dates(dates)
    actions = plan_actions(directory, chosen, force)
    results = {d: SnapshotResult(d, "skipped") for d, a in actions.items() if a == "skip"}
    for date in results:
        log(f"{date.isoformat()}: a demo snapshot exists, skipped (use --force to rebuild it)")
    todo = [d for d in chosen if actions[d] != "skip"]
    if todo:
        started = time.perf_counter()
        data = generate(seed, scale)
        log(f"history generated (seed {seed}, scale {scale}) in {time.perf_counter() - started:.1f} s")
        for date in todo:
            started = time.perf_counter()
            counts = write_snapshot(data, date, directory, replace=actions[date] == "replace")
            seconds = time.perf_counter() - started
            action = "replaced" if actions[date] == "replace" else "written"
            results[date] = SnapshotResult(date, action, seconds, counts)
            log(f"{date.isoformat()}: {action} in {seconds:.1f} s ({counts['activities']:,} activities)")
    return [results[d] for d in chosen]
