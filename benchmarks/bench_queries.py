"""Query-layer benchmark at national scale (~1,400 communities, >10M activities).

Prints: build times (oblast and national demo), every query wrapper's warm median, the sum per query
module (one module per page), the peak memory of this query process, and three heavy aggregations
done the way a typical Streamlit app does them (pandas over full event tables held in memory) beside
the same answers from the snapshot, with the ratio.

    .venv/bin/python benchmarks/bench_queries.py [--rebuild]
"""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (
    OUT,
    build_demo,
    call_kwargs,
    ensure_demo,
    median_ms,
    peak_rss_mb,
    query_wrappers,
)

PAGE_BUDGET_MS = 150
# Wrappers a page runs only when the user asks (behind a toggle), and modules that are not pages.
ON_REQUEST = {"crime_response_station"}
# Values tried when a wrapper refuses the defaults (None = "all").
ALTERNATIVES = (
    {"category": "theft"},
    {"hromada": "UA35040030000074104"},
    {"category": "theft", "hromada": "UA35040030000074104"},
)

HEAVY_SQL = {
    "activities by month and type (12 months)": (
        "SELECT month, activity_type, sum(n) AS n FROM agg_activity_month "
        "WHERE month BETWEEN DATE '2025-11-01' AND DATE '2026-10-01' GROUP BY ALL"
    ),
    "offences per hromada and category, 12 months vs previous 12": (
        "SELECT hromada, category, sum(n) FILTER (WHERE month >= DATE '2025-11-01') AS cur, "
        "sum(n) FILTER (WHERE month < DATE '2025-11-01') AS prev FROM agg_offence_month "
        "WHERE month BETWEEN DATE '2024-11-01' AND DATE '2026-10-01' GROUP BY ALL"
    ),
    "median response time per hromada (12 months)": (
        "SELECT hromada, median(date_diff('second', received_at, arrived_at) / 60.0) AS med FROM calls "
        "WHERE received_at >= TIMESTAMP '2025-11-01' AND received_at < TIMESTAMP '2026-11-01' GROUP BY hromada"
    ),
}


def pandas_side(path: str, queue: multiprocessing.Queue) -> None:
    """The typical-app way, in its own process so its memory does not count against the query process."""
    import duckdb
    import pandas as pd

    from benchmarks.common import median_ms, peak_rss_mb

    con = duckdb.connect(path, read_only=True)
    started = time.perf_counter()
    acts = con.execute("SELECT started_at, activity_type FROM activities").df()
    offs = con.execute("SELECT hromada, registered_at, category FROM offences").df()
    calls = con.execute("SELECT hromada, received_at, arrived_at FROM calls").df()
    load_s = time.perf_counter() - started
    lo, hi = pd.Timestamp("2025-11-01"), pd.Timestamp("2026-11-01")

    def act() -> None:
        sub = acts[(acts.started_at >= lo) & (acts.started_at < hi)]
        sub.groupby([sub.started_at.dt.to_period("M"), "activity_type"]).size()

    def off() -> None:
        sub = offs[offs.registered_at >= pd.Timestamp("2024-11-01")]
        sub.assign(cur=sub.registered_at >= lo).groupby(["hromada", "category", "cur"]).size()

    def call() -> None:
        sub = calls[(calls.received_at >= lo) & (calls.received_at < hi)]
        ((sub.arrived_at - sub.received_at).dt.total_seconds() / 60).groupby(sub.hromada).median()

    queue.put({"load_s": load_s, "times": [median_ms(f, 3) for f in (act, off, call)], "rss": peak_rss_mb()})


def runnable_kwargs(con, func, kwargs: dict) -> dict | None:
    """The sample arguments, or with the first alternative a wrapper accepts (e.g. a category it needs)."""
    for alternative in ({}, *ALTERNATIVES):
        candidate = {**kwargs, **{k: v for k, v in alternative.items() if k in kwargs}}
        try:
            func(con, **candidate)
            return candidate
        except (ValueError, TypeError, KeyError):
            continue
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--rebuild", action="store_true", help="rebuild the demo snapshots under benchmarks/out"
    )
    args = parser.parse_args()
    if args.rebuild:
        shutil.rmtree(OUT, ignore_errors=True)

    with tempfile.TemporaryDirectory() as tmp:
        seconds = build_demo(Path(tmp), "oblast", 3)
        print(f"oblast demo build (3 snapshots): {seconds:.1f} s (target ≤ 60 s)")
    directory, build_s = ensure_demo("national")
    if build_s is not None:
        print(f"national demo build (1 snapshot): {build_s:.1f} s (target ≤ 300 s)")
    path = sorted(directory.glob("*.duckdb"))[-1]

    from dashboard.snapshots import connect_readonly

    con = connect_readonly(path)
    print(f"\nquery wrappers on {path.name} (national scale), warm median of 5 runs:")
    for module, funcs in sorted(query_wrappers().items()):
        total = 0.0
        for name, func in funcs:
            kwargs = call_kwargs(func)
            if kwargs is None:
                print(f"  {module}.{name}: skipped (parameters without sample values)")
                continue
            kwargs = runnable_kwargs(con, func, kwargs)
            if kwargs is None:
                print(f"  {module}.{name}: skipped (no sample arguments it accepts)")
                continue
            ms = median_ms(lambda func=func, kwargs=kwargs: func(con, **kwargs))
            if name in ON_REQUEST:
                print(f"  {module}.{name}: {ms:.1f} ms (only on request: not in the page's total)")
                continue
            total += ms
            print(f"  {module}.{name}: {ms:.1f} ms")
        verdict = "ok" if total <= PAGE_BUDGET_MS else "OVER BUDGET"
        print(f"  == {module}: {total:.1f} ms for all its queries (budget {PAGE_BUDGET_MS} ms) {verdict}")
    print(f"peak memory of the query process: {peak_rss_mb():.0f} MB (target ≤ 1536 MB)")

    print("\nheavy aggregations, snapshot (DuckDB) vs pandas over in-memory event tables:")
    duck = [median_ms(lambda sql=sql: con.execute(sql).fetchall(), 3) for sql in HEAVY_SQL.values()]
    con.close()
    queue: multiprocessing.Queue = multiprocessing.Queue()
    proc = multiprocessing.Process(target=pandas_side, args=(str(path), queue))
    proc.start()
    result = queue.get()
    proc.join()
    for label, d_ms, p_ms in zip(HEAVY_SQL, duck, result["times"], strict=True):
        print(f"  {label}: snapshot {d_ms:.1f} ms, pandas {p_ms:.1f} ms, ratio ×{p_ms / max(d_ms, 0.01):.0f}")
    print(f"  pandas process: {result['load_s']:.1f} s to load the event tables, peak {result['rss']:.0f} MB")


if __name__ == "__main__":
    main()
