"""Response times of the calls to 102: the one path of their median and 90th percentile, for every page
and export that shows them (the crime page per month and for the period, the overview, the oblast report).

The quantiles of a set of calls come from the histogram of their response times in whole seconds
(`response_histogram`), with quantile_cont's interpolation (indicators.histogram_quantiles): exact, and a
histogram adds up over months where medians do not. For the whole oblast the snapshot build stores the
histogram per month (agg_call_response, ~7,500 rows a month at national scale instead of ~100,000 calls:
the crime page's response times fell from ~70 ms to a few ms, benchmarks/bench_queries.py); for a raion or
a hromada, and on a snapshot built before the table, the same SQL macro computes it from the calls in scope
(call_response_seconds, _macros.sql), which read only the period's rows. Both give the same frame
(tests/test_response_times.py).

No sensitive count enters: the histogram has no call category, and a partner's calls are all the calls
(only the category of domestic-violence calls is blanked, dashboard/disclosure.py), so a partner's stored
and computed histograms are the same as everyone's.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from dashboard import indicators as ind
from dashboard.queries import run_query
from dashboard.queries.columns import Role, declare

QUANTILES = (0.5, 0.9)  # the median and the 90th percentile (INDICATORS.md: response time)


@declare(month=Role.KEY, seconds=Role.KEY, n=Role.SAFE)
def response_histogram(
    con: duckdb.DuckDBPyConnection,
    *,
    month_from: dt.date,
    month_to: dt.date,
    raion: str | None,
    hromada: str | None,
) -> pd.DataFrame:
    """How many calls in scope, per month of the months month_from..month_to, police reached in each whole
    second (date_diff) after the call; calls without an arrival, or with one before the call, are not in
    it. Columns: month, seconds, n (only seconds that occur), ordered by month and seconds.

    The whole oblast reads what the snapshot build stored; a scope, or a snapshot without it, computes it.
    """
    window = {"month_from": month_from, "month_to": month_to}
    if raion is None and hromada is None:
        stored = run_query(con, "call_response_stored", window)
        if len(stored):
            return stored
        # Not stored (a snapshot built before agg_call_response) or no call in the window: computed, which
        # for an empty window is as empty and as fast.
    return run_query(con, "call_response_computed", {**window, "raion": raion, "hromada": hromada})


def quantile_minutes(histogram: pd.DataFrame) -> tuple[int, float, float]:
    """n, median and P90 in minutes of the calls a `response_histogram` (or part of it) counts."""
    median, p90 = ind.histogram_quantiles(histogram["seconds"], histogram["n"], QUANTILES) / 60.0
    return int(histogram["n"].sum()), float(median), float(p90)
