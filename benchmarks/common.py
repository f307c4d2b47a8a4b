"""Shared pieces of the benchmark scripts: the national-scale demo snapshot, timing, memory."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import os
import pkgutil
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
LATEST = dt.date(2026, 10, 31)

# Values for the keyword parameters of query wrappers (the sidebar's defaults: rolling 12 months).
SAMPLE_KWARGS: dict[str, Any] = {
    "month_from": dt.date(2025, 11, 1),
    "month_to": dt.date(2026, 10, 1),
    # The window compared with (periods.year_on_year) and where the dispersion's history ends: the crime,
    # compare, map, trust and activity pages test changes against it.
    "prev_from": dt.date(2024, 11, 1),
    "prev_to": dt.date(2025, 10, 1),
    "before": dt.date(2024, 11, 1),
    "by": "hromada",  # the dispersion per hromada (compare, map): the largest of its groupings
    "reporting_date": LATEST,
    "as_of": LATEST,
    "raion": None,
    "hromada": None,
    "category": None,
    "year": 2026,
    "lang": "uk",
}


def ensure_demo(scale: str, dates: int = 1) -> tuple[Path, float | None]:
    """The snapshots folder of a demo at `scale` under benchmarks/out, built if missing; build seconds."""
    directory = OUT / scale / "snapshots"
    if any(directory.glob("*.duckdb")):
        return directory, None
    return directory, build_demo(OUT / scale, scale, dates)


def build_demo(data_dir: Path, scale: str, dates: int) -> float:
    """Build demo snapshots with the CLI in a child process (so its memory is not this process's)."""
    env = {**os.environ, "DASHBOARD_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "dashboard", "demo", "--scale", scale, "--dates", str(dates)]
    started = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def median_ms(func: Callable[[], Any], repeat: int = 5) -> float:
    func()  # warm up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def query_wrappers() -> dict[str, list[tuple[str, Callable[..., Any]]]]:
    """Every public query wrapper `f(con, **kwargs)` in dashboard.queries, grouped by module (≈ page)."""
    import dashboard.queries as pkg

    found: dict[str, list[tuple[str, Callable[..., Any]]]] = {}
    for info in pkgutil.iter_modules(pkg.__path__):
        module = importlib.import_module(f"dashboard.queries.{info.name}")
        for name, func in inspect.getmembers(module, inspect.isfunction):
            params = list(inspect.signature(func).parameters)
            if func.__module__ == module.__name__ and not name.startswith("_") and params[:1] == ["con"]:
                found.setdefault(info.name, []).append((name, func))
    return found


def call_kwargs(func: Callable[..., Any]) -> dict[str, Any] | None:
    """Keyword arguments for a wrapper from SAMPLE_KWARGS; None when a required one is unknown."""
    kwargs = {}
    for name, param in list(inspect.signature(func).parameters.items())[1:]:
        if name in SAMPLE_KWARGS:
            kwargs[name] = SAMPLE_KWARGS[name]
        elif param.default is inspect.Parameter.empty:
            return None
    return kwargs


def export_revision(rev: str, into: Path) -> Path:
    """`git archive REV` unpacked into a folder (the repository and its worktrees are left alone)."""
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into
