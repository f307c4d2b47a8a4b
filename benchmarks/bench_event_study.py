"""Rollout event study benchmark: the cost of `queries.crime.crime_event_study` for all categories, domestic
violence and theft, in the full and the partner view, at oblast and national scale — read back where the
snapshot build stored it (dashboard/build/precompute.py: the full view, a partner's non-sensitive
categories), else computed (the offences read from the snapshot, then the group-time effects: a partner's
domestic violence and all categories, from the rounded cells) — and the computation itself (what the build
spends per category); how it splits into SQL and computation; the page's warm cost
(the result cached per snapshot, audience and category: ui.data.cached_query); and, for scale, the same
estimate through the `differences` library (the reference the tests compare with) at oblast scale.

    .venv/bin/python benchmarks/bench_event_study.py [--scales oblast national] [--data-dir DIR ...]

Target: ≤ 1 s cold (the first view of a category in a snapshot), a few ms warm.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import ensure_demo

TARGET_COLD_MS = 1000
CATEGORIES = (None, "domestic_violence", "theft")


def median_ms(func, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def time_scale(snapshot: Path, label: str, *, library: bool) -> None:
    from dashboard import event_study
    from dashboard.disclosure import connect_for
    from dashboard.queries import crime, run_query
    from dashboard.queries.crime import crime_event_study

    reporting_date = dt.date.fromisoformat(snapshot.stem)
    print(f"\n{label} ({snapshot.name}): crime_event_study, median of 3 cold calls")
    for controlled in (False, True):
        con = connect_for(snapshot, controlled=controlled)
        for category in CATEGORIES:
            ms = median_ms(
                lambda c=category, k=con: crime_event_study(k, category=c, reporting_date=reporting_date)
            )
            verdict = "ok" if ms <= TARGET_COLD_MS else "OVER TARGET"
            audience = "partner" if controlled else "full"
            computed = median_ms(lambda c=category, k=con: crime._computed_event_study(
                k, category=c, reporting_date=reporting_date))  # fmt: skip
            print(f"  {audience:7s} {category or 'all categories':18s} {ms:7.1f} ms  {verdict}"
                  f"  (computed: {computed:.1f} ms)")  # fmt: skip
    con = connect_for(snapshot, controlled=False)
    span = run_query(con, "crime_data_range", {"reporting_date": reporting_date}).iloc[0]
    months = {"month_from": span["first_month"].date(), "month_to": span["last_month"].date()}
    counts = run_query(con, "crime_wave_counts", {**months, "category": None})
    deployment = run_query(con, "crime_deployment", {"raion": None, "hromada": None})
    sql_ms = median_ms(lambda: run_query(con, "crime_wave_counts", {**months, "category": None}))

    def compute():
        return event_study.rate_event_study(counts, deployment, first_month=months["month_from"],
                                            last_month=months["month_to"])  # fmt: skip

    result = compute()
    print(f"  split: offences per hromada and month {sql_ms:.1f} ms ({len(counts):,} rows), "
          f"estimation {median_ms(compute):.1f} ms ({result.n_hromadas} covered hromadas in "
          f"{result.n_cohorts} deployment months, {result.n_never} never covered)")  # fmt: skip
    print(f"  warm (cached result): {time_cached(snapshot, reporting_date):.2f} ms")
    if library:
        print(
            f"  the same estimate through the differences library: {time_library(counts, deployment, months):.0f} ms"
        )


def time_cached(snapshot: Path, reporting_date: dt.date) -> float:
    """A page rerun's cost: the cached result (streamlit's cache_data works without a running app)."""
    import logging

    from dashboard.queries.crime import crime_event_study
    from dashboard.snapshots import list_snapshots
    from dashboard.ui.data import cached_query

    logging.getLogger("streamlit.runtime.caching.cache_data_api").setLevel(logging.ERROR)  # "no runtime"

    info = next(s for s in list_snapshots(snapshot.parent) if s.path == snapshot)
    cached_query(info, crime_event_study, controlled=False, category=None, reporting_date=reporting_date)
    return median_ms(lambda: cached_query(info, crime_event_study, controlled=False, category=None,
                                          reporting_date=reporting_date), repeat=20)  # fmt: skip


def time_library(counts, deployment, months) -> float:
    """differences.ATTgt on the same rates (window −12…12): the estimator this module reproduces."""
    import numpy as np
    import pandas as pd
    from differences import ATTgt

    grid = pd.MultiIndex.from_product(
        [deployment["hromada"], pd.date_range(months["month_from"], months["month_to"], freq="MS")],
        names=["hromada", "month"],
    )
    n = counts.assign(month=pd.to_datetime(counts["month"])).set_index(["hromada", "month"])["n"]
    panel = n.reindex(grid, fill_value=0).reset_index().merge(deployment, on="hromada")
    panel["y"] = panel["n"] / panel["population"] * 10_000
    number = lambda s: pd.to_datetime(s).dt.year * 12 + pd.to_datetime(s).dt.month  # noqa: E731
    panel["t"], panel["g"] = number(panel["month"]), number(panel["deployment_month"]).astype(float)
    panel.loc[panel["g"] > panel["t"].max(), "g"] = np.nan
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        att = ATTgt(
            data=panel.set_index(["hromada", "t"])[["y", "g"]], cohort_column="g", base_period="universal"
        )
        att.filter_gt(base_period="universal", relative_period_start=-12, relative_period_end=12)
        att.fit(formula="y", control_group="not_yet_treated", est_method="reg", progress_bar=False)
        att.aggregate("event")
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", nargs="+", default=["oblast", "national"], choices=["oblast", "national"])
    parser.add_argument(
        "--data-dir", nargs="+", type=Path, help="snapshots folders to use instead (one per scale)"
    )
    args = parser.parse_args()
    for index, scale in enumerate(args.scales):
        if args.data_dir:
            directory = args.data_dir[index]
        else:
            directory, _ = ensure_demo(scale, dates=3 if scale == "oblast" else 1)
        snapshot = sorted(directory.glob("*.duckdb"))[-1]
        time_scale(snapshot, f"{scale} scale", library=scale == "oblast")


if __name__ == "__main__":
    main()
