"""Query-layer benchmark at national scale (~1,400 communities, >10M activities).

Prints: build times (oblast and national demo), every query wrapper's warm median, the sum per query
module (one module per page), the peak memory of this query process, and three heavy aggregations
done the way a typical Streamlit app does them (pandas over full event tables held in memory) beside
the same answers from the snapshot, with the ratio.

    .venv/bin/python benchmarks/bench_queries.py [--rebuild]
    .venv/bin/python benchmarks/bench_queries.py --queries-only --against REV [--rounds 3]

`--against REV` measures the query wrappers of this checkout and of git revision REV (exported with `git
archive` into a temporary folder; the repository is not touched) on the same national snapshot, in child
processes that alternate (this, REV, REV, this, ...) so that the load of a shared machine falls on both
alike; each wrapper's figure is the median over the rounds, with wall and CPU time (the process's CPU
time over all its threads: less sensitive to other processes than wall time) and the ratio. The load
average is printed before and after: wall times on a busy 2-core machine can be twice the quiet ones.
`--queries-only` skips the oblast build and the pandas comparison.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (
    OUT,
    ROOT,
    build_demo,
    call_kwargs,
    ensure_demo,
    export_revision,
    median_ms,
    peak_rss_mb,
)

PAGE_BUDGET_MS = 150
# The PDF report's and PPTX deck's queries (module `report`) are not a page: they run once per export, on
# the export page's button or `python -m dashboard report`, whose target is ≤ 30 s a file (bench_reports.py,
# most of it chromium drawing the charts). Their budget: 1 s, a thirtieth of that target.
REPORT_BUDGET_MS = 1000
BUDGETS = {"report": REPORT_BUDGET_MS}
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


def wall_and_cpu_ms(func: Callable[[], Any], repeat: int = 5) -> tuple[float, float]:
    """Warm medians of wall-clock and process CPU time (all threads) of `func`, in ms."""
    func()  # warm up
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        func()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def measure_wrappers(path: Path) -> dict[str, dict[str, Any]]:
    """ "module.wrapper" -> {"wall", "cpu"} (ms) or {"skipped": why}, for every query wrapper of the
    `dashboard` package importable here, on the snapshot `path`."""
    from benchmarks.common import query_wrappers
    from dashboard.snapshots import connect_readonly

    found: dict[str, dict[str, Any]] = {}
    with connect_readonly(path) as con:
        for module, funcs in sorted(query_wrappers().items()):
            for name, func in funcs:
                kwargs = call_kwargs(func)
                kwargs = None if kwargs is None else runnable_kwargs(con, func, kwargs)
                if kwargs is None:
                    found[f"{module}.{name}"] = {"skipped": "no sample arguments it accepts"}
                    continue
                wall, cpu = wall_and_cpu_ms(lambda func=func, kwargs=kwargs: func(con, **kwargs))
                found[f"{module}.{name}"] = {"wall": wall, "cpu": cpu}
    return found


def budget_of(module: str) -> int:
    return BUDGETS.get(module, PAGE_BUDGET_MS)


def print_module_table(results: dict[str, dict[str, dict[str, Any]]]) -> None:
    """Per wrapper and per module (its sum, wrappers ON_REQUEST left out) for each measured code version
    (label -> measure_wrappers result); with two, the ratio first / second of the wall and CPU sums."""
    labels = list(results)
    names = sorted({name for result in results.values() for name in result})
    header = "".join(f" | {label:>22}" for label in labels)
    print(f"  {'wall / cpu ms (warm medians)':<62}{header}")
    totals: dict[str, dict[str, list[float]]] = {}
    for name in names:
        module, wrapper = name.split(".", 1)
        cells = []
        for label in labels:
            row = results[label].get(name)
            if row is None or "skipped" in row:
                cells.append(f" | {'-' if row is None else 'skipped':>22}")
                continue
            cells.append(f" | {row['wall']:9.1f} / {row['cpu']:8.1f}")
            if wrapper not in ON_REQUEST:
                total = totals.setdefault(module, {}).setdefault(label, [0.0, 0.0])
                total[0] += row["wall"]
                total[1] += row["cpu"]
        note = " (on request: not in the total)" if wrapper in ON_REQUEST else ""
        print(f"  {name + note:<62}{''.join(cells)}")
    print("\n  per module (one module per page), sum of its wrappers:")
    for module in sorted(totals):
        cells, verdicts = [], []
        for label in labels:
            wall, cpu = totals[module].get(label, [0.0, 0.0])
            cells.append(f" | {wall:9.1f} / {cpu:8.1f}")
            # Wall time is what a viewer waits; on a busy machine it includes waiting for a core, which
            # CPU time does not: both verdicts, wall/cpu.
            verdicts.append("/".join("ok" if ms <= budget_of(module) else "OVER" for ms in (wall, cpu)))
        ratio = ""
        if len(labels) == 2 and all(label in totals[module] for label in labels):
            (w0, c0), (w1, c1) = (totals[module][label] for label in labels)
            ratio = f"  ratio {labels[1]}/{labels[0]}: wall ×{w1 / max(w0, 0.01):.2f}, cpu ×{c1 / max(c0, 0.01):.2f}"
        budget = f"(budget {budget_of(module)} ms, wall/cpu: {', '.join(verdicts)})"
        print(f"  == {module:<59}{''.join(cells)} {budget}{ratio}")


def measured_in_child(code: Path, snapshot: Path, out: Path) -> dict[str, dict[str, Any]]:
    """measure_wrappers run by this script in a child process that imports `dashboard` from `code`."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", str(snapshot), "--code", str(code),
           "--json", str(out)]  # fmt: skip
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return json.loads(out.read_text(encoding="utf-8"))


def compare_revisions(snapshot: Path, against: str, rounds: int) -> None:
    """This checkout and `against`, alternating in child processes, `rounds` times each."""
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as tmp:
        codes = {"this checkout": ROOT, against: export_revision(against, Path(tmp) / "rev")}
        runs: dict[str, list[dict[str, dict[str, Any]]]] = {label: [] for label in codes}
        for i in range(rounds):
            order = list(codes) if i % 2 == 0 else list(codes)[::-1]
            for label in order:
                runs[label].append(
                    measured_in_child(codes[label], snapshot, Path(tmp) / f"{i}-{len(runs[label])}.json")
                )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    results: dict[str, dict[str, dict[str, Any]]] = {}
    for label, measured in runs.items():
        merged: dict[str, dict[str, Any]] = {}
        for name in measured[0]:
            rows = [m[name] for m in measured if name in m and "skipped" not in m[name]]
            merged[name] = (
                {
                    "wall": statistics.median(r["wall"] for r in rows),
                    "cpu": statistics.median(r["cpu"] for r in rows),
                }
                if rows
                else measured[0][name]
            )
        results[label] = merged
    print(f"\nquery wrappers on {snapshot.name} (national scale), median of {rounds} alternating rounds:")
    print_module_table({against: results[against], "this checkout": results["this checkout"]})


def worker(snapshot: Path, code: Path, out: Path) -> None:
    """Child process: the wrappers of the `dashboard` package under `code`, measured, as JSON."""
    sys.path.insert(0, str(code))
    out.write_text(json.dumps(measure_wrappers(snapshot)), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--rebuild", action="store_true", help="rebuild the demo snapshots under benchmarks/out"
    )
    parser.add_argument(
        "--queries-only", action="store_true", help="skip the oblast build and pandas comparison"
    )
    parser.add_argument("--against", metavar="REV", help="also measure this git revision, alternating")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds with --against (default 3)")
    parser.add_argument(
        "--snapshot", type=Path, help="a national-scale snapshot file (default: benchmarks/out)"
    )
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--code", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.code, args.json)
        return
    if args.rebuild:
        shutil.rmtree(OUT, ignore_errors=True)

    if not args.queries_only:
        with tempfile.TemporaryDirectory() as tmp:
            seconds = build_demo(Path(tmp), "oblast", 3)
            print(f"oblast demo build (3 snapshots): {seconds:.1f} s (target ≤ 60 s)")
    if args.snapshot:
        path = args.snapshot
    else:
        directory, build_s = ensure_demo("national")
        if build_s is not None:
            print(f"national demo build (1 snapshot): {build_s:.1f} s (target ≤ 300 s)")
        path = sorted(directory.glob("*.duckdb"))[-1]

    if args.against:
        compare_revisions(path, args.against, args.rounds)
        return

    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"\nquery wrappers on {path.name} (national scale), warm median of 5 runs:")
    print_module_table({"this checkout": measure_wrappers(path)})
    print(f"peak memory of the query process: {peak_rss_mb():.0f} MB (target ≤ 1536 MB)")
    if args.queries_only:
        return

    from dashboard.snapshots import connect_readonly

    con = connect_readonly(path)
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
