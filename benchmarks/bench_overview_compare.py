"""Benchmark: every query of the overview and compare pages, as one page view runs them (no result cache).

    .venv/bin/python benchmarks/bench_overview_compare.py SNAPSHOTS_DIR [--repeat 3]

SNAPSHOTS_DIR holds at least two snapshots (a national-scale pair: `DASHBOARD_DATA_DIR=/tmp/national
python -m dashboard demo --scale national --dates 2`). The newest is "now", the one before it "previous".
Each view is timed warm (the files are in the OS cache after a first run; connections are open, as the
app's cache_resource keeps them): the best of --repeat runs is printed. Target: ≤ 150 ms per page view.
Besides wall time the script prints the process CPU time: on a busy machine wall time measures the
neighbours too. With --threads 1 the CPU time is what the queries cost one core, i.e. about their wall
time on an idle machine running them single-threaded (DuckDB's parallelism only lowers it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.periods import make_period, year_on_year  # noqa: E402
from dashboard.queries import compare as cq  # noqa: E402
from dashboard.queries import overview as q  # noqa: E402
from dashboard.queries.crime import crime_data_range  # noqa: E402
from dashboard.queries.dispersion import offence_dispersion  # noqa: E402
from dashboard.snapshots import list_snapshots  # noqa: E402
from dashboard.sql_macros import open_duckdb  # noqa: E402

TARGET_MS = 150

FIRST_MONTH = dt.date(2018, 1, 1)  # the demo's offence data begin here (periods.year_on_year)


def overview_calls(now, prev) -> list[tuple[Any, Callable, dict]]:
    """The wrapper calls of one overview view (default period, whole oblast, baseline = previous)."""
    scope = {"raion": None, "hromada": None}
    period = make_period("12m", now.reporting_date)
    prev_period = make_period("12m", prev.reporting_date)
    last_year = year_on_year(period, FIRST_MONTH).previous
    assert last_year is not None
    at_now = {**scope, "reporting_date": now.reporting_date}
    at_prev = {**scope, "reporting_date": prev.reporting_date}
    return [
        (now, q.row_counts, scope),
        (now, q.hromada_status, at_now),
        (now, q.period_kpis, {**scope, **period.params()}),
        (now, q.period_kpis, {**scope, **last_year.params()}),
        (now, q.response_times, {**scope, **period.params()}),
        (now, q.trust_wave, {**scope, "month_to": period.month_to}),
        (now, crime_data_range, {"reporting_date": now.reporting_date}),
        (now, offence_dispersion, {**scope, "before": last_year.month_from, "by": "total"}),
        (prev, q.hromada_status, at_prev),
        (prev, q.period_kpis, {**scope, **prev_period.params()}),
        (prev, q.response_times, {**scope, **prev_period.params()}),
        (prev, q.trust_wave, {**scope, "month_to": prev_period.month_to}),
        (now, q.rollout_funnel, at_now),
        (now, q.coverage_trend, at_now),
        (now, q.offence_trend, at_now),
        (now, q.officer_status, at_now),
        (prev, q.officer_status, at_prev),
        (now, q.passport_status, scope),
        (prev, q.passport_status, scope),
        (prev, q.row_counts, scope),
    ]


def compare_calls(now) -> list[tuple[Any, Callable, dict]]:
    comparison = year_on_year(make_period("12m", now.reporting_date), FIRST_MONTH)
    params = {**comparison.params(), "raion": None, "reporting_date": now.reporting_date, "category": "theft"}
    return [(now, cq.hromada_table, params)]


def time_view(calls, connections, repeat: int) -> tuple[float, float, pd.DataFrame]:
    """Best wall ms, best CPU ms and the per-call (wall, cpu) ms of the run with the best wall time."""
    best_wall, best_cpu, best_parts = float("inf"), float("inf"), pd.DataFrame()
    for _ in range(repeat):
        parts: dict[str, list[float]] = {}
        wall0, cpu0 = time.perf_counter(), time.process_time()
        for snap, func, kwargs in calls:
            t0, c0 = time.perf_counter(), time.process_time()
            func(connections[snap.path], **kwargs)
            name = f"{func.__name__}@{snap.reporting_date}"
            spent = parts.setdefault(name, [0.0, 0.0])
            spent[0] += (time.perf_counter() - t0) * 1000
            spent[1] += (time.process_time() - c0) * 1000
        wall, cpu = (time.perf_counter() - wall0) * 1000, (time.process_time() - cpu0) * 1000
        best_cpu = min(best_cpu, cpu)
        if wall < best_wall:
            best_wall = wall
            best_parts = pd.DataFrame(parts, index=["wall_ms", "cpu_ms"]).T
    return best_wall, best_cpu, best_parts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("snapshots", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--threads",
        type=int,
        default=0,
        help="DuckDB threads (0: DuckDB's default); 1 makes CPU ≈ idle wall time",
    )
    args = parser.parse_args(argv)
    snaps = list_snapshots(args.snapshots)
    if len(snaps) < 2:
        print("need at least two snapshots", file=sys.stderr)
        return 2
    prev, now = snaps[-2], snaps[-1]
    connections = {s.path: open_duckdb(s.path, read_only=True) for s in (prev, now)}
    if args.threads:
        # SET on the open connection, not a `config=` at connect: DuckDB refuses a second connection to
        # the same file with a different configuration (the row count below, list_snapshots, a page's
        # connect_readonly), so `--threads 1` used to crash before it timed anything.
        for con in connections.values():
            con.execute(f"SET threads = {int(args.threads)}")
    n = (
        connections[now.path]
        .execute("SELECT (SELECT count(*) FROM hromadas), (SELECT count(*) FROM activities)")
        .fetchone()
    )
    print(f"snapshots {prev.reporting_date} → {now.reporting_date}: {n[0]:,} hromadas, {n[1]:,} activities")
    ok = True
    for page, calls in (("overview", overview_calls(now, prev)), ("compare", compare_calls(now))):
        wall, cpu, parts = time_view(calls, connections, args.repeat)
        ok &= min(wall, cpu) <= TARGET_MS
        print(f"\n{page}: wall {wall:.0f} ms, cpu {cpu:.0f} ms (target ≤ {TARGET_MS} ms)")
        print(parts.round(1).sort_values("wall_ms", ascending=False).to_string())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
