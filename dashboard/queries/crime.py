"""Query wrappers of the crime-and-prevention page: offences by category and month, seasonality, the
inputs of before/after deployment and of the WDD, clearance and response times."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from dashboard import event_study
from dashboard import indicators as ind
from dashboard.queries import run_query
from dashboard.queries.columns import (
    Role,
    declare,
    rows_of_category,
    when_param,
    when_param_includes_sensitive,
)
from dashboard.queries.dispersion import dispersion_of, offence_dispersion
from dashboard.queries.response_times import quantile_minutes, response_histogram


@declare(
    category=Role.KEY,
    n=Role.COUNT,
    solved=Role.COUNT,
    n_prev=Role.COUNT,
    solved_prev=Role.COUNT,
    population=Role.SAFE,
    comparable=Role.SAFE,
    rate_per_10k=Role.DERIVED,
    rate_prev_per_10k=Role.DERIVED,
    change=Role.DERIVED,
    z=Role.TEST,
    p=Role.TEST,
    level=Role.TEST,
    pct_change=Role.DERIVED,
    clearance=Role.DERIVED,
    small=Role.SAFE,
    sensitive_rows=rows_of_category("category"),
)
def crime_by_category(
    con: duckdb.DuckDBPyConnection,
    *,
    month_from: dt.date,
    month_to: dt.date,
    prev_from: dt.date | None,
    prev_to: dt.date | None,
    raion: str | None,
    hromada: str | None,
) -> pd.DataFrame:
    """One row per offence category (most frequent first), the period against the window it is compared
    with (``prev_from`` .. ``prev_to`` from ``periods.year_on_year(...).params()``: the same months a year
    earlier; both None = no comparison), in scope.

    Columns: category, n, solved, n_prev, solved_prev (NaN when not comparable), population (of the
    scope), comparable (there is a window to compare with), rate_per_10k and
    rate_prev_per_10k (over the period, not annualised), change, z, p (the E-test's p-value), level
    ('signal' / 'watch' / 'none'; indicators.count_change, widened by the category's overdispersion φ),
    pct_change (NaN where n_prev < 20), clearance (solved ÷ n, so far), small (n < 10 or population
    < 5 000: read counts and z, not the rate).
    """
    params = {"month_from": month_from, "month_to": month_to, "prev_from": prev_from, "prev_to": prev_to,
              "raion": raion, "hromada": hromada}  # fmt: skip
    df = run_query(con, "crime_by_category", params)
    # Without a window to compare with (periods.year_on_year) the year-earlier columns are unknown, not 0.
    df["comparable"] = pd.Series(prev_from is not None, index=df.index, dtype=bool)
    df["n_prev"] = df["n_prev"].astype(float)
    df["solved_prev"] = df["solved_prev"].astype(float)
    df["rate_per_10k"] = ind.rate_per_10k(df["n"], df["population"])
    df["rate_prev_per_10k"] = ind.rate_per_10k(df["n_prev"], df["population"])
    # Widened where a category's monthly history in scope is overdispersed (queries.dispersion).
    dispersion = offence_dispersion(con, before=prev_from, raion=raion, hromada=hromada, by="category")
    phi = dispersion_of(dispersion, df["category"])
    df = pd.concat([df, ind.count_changes(df["n"], df["n_prev"], dispersion=phi)], axis=1)
    df["clearance"] = ind.clearance(df["solved"], df["n"])
    df["small"] = ind.is_small_number(df["n"], df["population"])
    return df


@declare(
    month=Role.KEY,
    in_period=Role.SAFE,
    n=Role.COUNT,
    solved=Role.COUNT,
    clearance=Role.DERIVED,
    sensitive_rows=when_param("category"),
)
def crime_monthly(
    con: duckdb.DuckDBPyConnection,
    *,
    month_from: dt.date,
    month_to: dt.date,
    raion: str | None,
    hromada: str | None,
    category: str | None,
) -> pd.DataFrame:
    """Offences per month in scope from 12 months before month_from to month_to (zeros included).

    Columns: month, in_period (False for the year-earlier months), n, solved (<NA> before the first
    offence month of the snapshot: unknown, not zero), clearance (solved ÷ n so far; NaN without
    offences). ``category`` None = all categories.
    """
    df = run_query(
        con,
        "crime_monthly",
        {
            "month_from": month_from,
            "month_to": month_to,
            "raion": raion,
            "hromada": hromada,
            "category": category,
        },
    )
    df["clearance"] = ind.clearance(df["solved"], df["n"])
    return df


@declare(
    year=Role.KEY,
    month_of_year=Role.KEY,
    n=Role.COUNT,
    sensitive_rows=when_param("category"),
)
def crime_seasonality(
    con: duckdb.DuckDBPyConnection,
    *,
    raion: str | None,
    hromada: str | None,
    category: str | None,
    reporting_date: dt.date,
) -> pd.DataFrame:
    """Offences per month of every complete calendar year of the data, in scope (zeros included).

    Columns: year, month_of_year (1–12), n. Feed it to ``indicators.seasonal_profile``.
    """
    return run_query(
        con,
        "crime_seasonality",
        {"raion": raion, "hromada": hromada, "category": category, "reporting_date": reporting_date},
    )


@declare(
    hromada=Role.KEY,
    deployment_month=Role.SAFE,
    population=Role.SAFE,
    in_scope=Role.SAFE,
)
def crime_deployment(
    con: duckdb.DuckDBPyConnection, *, raion: str | None, hromada: str | None
) -> pd.DataFrame:
    """Every hromada of the snapshot. Columns: hromada, deployment_month (month of the first officer's
    deployed_on; NaT = never covered), population, in_scope (inside the raion / hromada filter)."""
    return run_query(con, "crime_deployment", {"raion": raion, "hromada": hromada})


@declare(
    hromada=Role.KEY,
    month=Role.KEY,
    n=Role.COUNT,
    sensitive_rows=when_param("category"),
)
def crime_event_counts(
    con: duckdb.DuckDBPyConnection, *, raion: str | None, hromada: str | None, category: str | None
) -> pd.DataFrame:
    """Offences per month of each covered hromada in scope, over its deployment month ± 12 months.

    Columns: hromada, month, n (months without offences have no row: they count as 0 in
    ``indicators.before_after_deployment`` / ``event_time_series``).
    """
    return run_query(con, "crime_event_counts", {"raion": raion, "hromada": hromada, "category": category})


@declare(
    hromada=Role.KEY,
    month=Role.KEY,
    n=Role.COUNT,
    sensitive_rows=when_param("category"),
)
def crime_wave_counts(
    con: duckdb.DuckDBPyConnection, *, month_from: dt.date, month_to: dt.date, category: str | None
) -> pd.DataFrame:
    """Offences per hromada and month from month_from to month_to in every hromada (WDD input).

    Columns: hromada, month, n (months without offences have no row).
    """
    return run_query(
        con, "crime_wave_counts", {"month_from": month_from, "month_to": month_to, "category": category}
    )


@declare(
    first_month=Role.SAFE,
    last_month=Role.SAFE,
)
def crime_data_range(con: duckdb.DuckDBPyConnection, *, reporting_date: dt.date) -> pd.DataFrame:
    """One row: first_month (the first month with an offence in the snapshot) and last_month (the last
    complete month at the reporting date). NaT first_month when there are no offences."""
    return run_query(con, "crime_data_range", {"reporting_date": reporting_date})


@declare(
    month=Role.KEY,
    is_total=Role.SAFE,
    n_calls=Role.SAFE,
    n=Role.SAFE,
    median_min=Role.DERIVED,
    p90_min=Role.DERIVED,
)
def crime_response(
    con: duckdb.DuckDBPyConnection,
    *,
    month_from: dt.date,
    month_to: dt.date,
    raion: str | None,
    hromada: str | None,
) -> pd.DataFrame:
    """Response times of 102 calls in scope: the whole period first (is_total, month NaT), then per month
    (months with calls).

    Columns: month, is_total, n_calls (all calls), n (calls with a response time: arrived, not before the
    call; the n of the times), median_min, p90_min (minutes from call to arrival; NaN without arrivals).
    The quantiles come from the histogram of the response times (queries.response_times: the one path of
    every page's and export's response times).
    """
    params = {"month_from": month_from, "month_to": month_to, "raion": raion, "hromada": hromada}
    calls = run_query(con, "crime_response", params)
    histogram = response_histogram(
        con, month_from=month_from, month_to=month_to, raion=raion, hromada=hromada
    )
    rows = [(pd.NaT, int(calls["n_calls"].sum()), *quantile_minutes(histogram))]
    by_month = dict(tuple(histogram.groupby("month", sort=False)))
    for month, n_calls in zip(calls["month"], calls["n_calls"], strict=True):
        part = by_month.get(month, histogram.iloc[:0])
        rows.append((month, int(n_calls), *quantile_minutes(part)))
    df = pd.DataFrame(rows, columns=["month", "n_calls", "n", "median_min", "p90_min"])
    df["month"] = pd.to_datetime(df["month"]).astype("datetime64[us]")
    df.insert(1, "is_total", df["month"].isna())
    return df


@declare(
    hromada=Role.KEY,
    is_total=Role.SAFE,
    opened_on=Role.SAFE,
    n_before=Role.SAFE,
    median_before=Role.DERIVED,
    n_after=Role.SAFE,
    median_after=Role.DERIVED,
    change=Role.DERIVED,
)
def crime_response_station(
    con: duckdb.DuckDBPyConnection, *, raion: str | None, hromada: str | None, reporting_date: dt.date
) -> pd.DataFrame:
    """Median response time in the 12 months before and after each hromada's first station opened.

    Only hromadas in scope whose both windows lie inside the call data; pooled row first (is_total).
    Columns: hromada (None on the pooled row), is_total, opened_on (the earliest on the pooled row),
    n_before, median_before, n_after, median_after, change (after − before, minutes). Reads the calls
    themselves: about half a second on a national-scale snapshot, so the page runs it on request.
    """
    df = run_query(
        con, "crime_response_station", {"raion": raion, "hromada": hromada, "reporting_date": reporting_date}
    )
    df.insert(1, "is_total", df["hromada"].isna())
    df["hromada"] = df["hromada"].astype(object).where(~df["is_total"], None)
    df["change"] = df["median_after"] - df["median_before"]
    return df


@declare(
    kind=Role.KEY,
    event_time=Role.KEY,
    att=Role.DERIVED,
    se=Role.DERIVED,
    ci_low=Role.DERIVED,
    ci_high=Role.DERIVED,
    p=Role.TEST,
    pre_trend_p=Role.TEST,
    n_hromadas=Role.SAFE,
    n_cohorts=Role.SAFE,
    n_never=Role.SAFE,
    n_dropped=Role.SAFE,
    sensitive_rows=when_param_includes_sensitive("category"),
)
def crime_event_study(
    con: duckdb.DuckDBPyConnection, *, category: str | None, reporting_date: dt.date
) -> pd.DataFrame:
    """The rollout event study of the monthly offence rate per 10,000 (dashboard/event_study.py): the whole
    oblast, every complete month of the offence data; ``category`` None = all categories.

    Columns: kind ('event' per event time, then 'post' and 'pre', the averages of event times 0…12 and
    −12…−2), event_time (−12…12; <NA> on the averages; −1 is the reference: att 0, no interval), att (the
    change in offences per 10,000 residents per month against the hromadas not yet covered), se, ci_low,
    ci_high (95 %, clustered by hromada), p (two-sided, of att), pre_trend_p (on the 'pre' row: the joint
    test that the pre-period is flat), n_hromadas, n_cohorts (covered hromadas and deployment months behind
    the estimate), n_never (not covered within the data: controls throughout), n_dropped (covered in the
    first month of the data or earlier, or without population: left out). Partners get it computed from
    their rounded cells (the controlled connection); its tests are withheld for the sensitive category and
    for all categories (a total that includes it).

    The result depends on the snapshot alone, so the snapshot build stores it for every category and for
    all categories (table agg_event_study, dashboard/build/precompute.py) and this reads it back (about
    2 ms); computed here (about 30 ms for the oblast, 0.3–0.5 s at national scale,
    benchmarks/bench_event_study.py) only when it was not stored: a snapshot built before the table, a
    category without offences at build time, or a partner's sensitive category or all categories (the
    stored rows come from exact counts; the partner view passes none of them on, dashboard/disclosure.py).
    Both ways give the same frame (tests/test_event_study_precompute.py).
    """
    stored = run_query(con, "crime_event_study", {"category": category, "reporting_date": reporting_date})
    if len(stored):
        return event_study.from_stored(stored)
    return _computed_event_study(con, category=category, reporting_date=reporting_date)


def _computed_event_study(
    con: duckdb.DuckDBPyConnection, *, category: str | None, reporting_date: dt.date
) -> pd.DataFrame:
    """`crime_event_study` computed from the offence counts on `con` (the audience's: a partner's are
    rounded), not read from the stored table."""
    data_range = run_query(con, "crime_data_range", {"reporting_date": reporting_date})
    first_month, last_month = data_range.iloc[0]["first_month"], data_range.iloc[0]["last_month"]
    if pd.isna(first_month) or first_month > last_month:
        return event_study.to_frame(event_study.empty_result())
    months = {"month_from": first_month.date(), "month_to": last_month.date()}
    # The WDD's inputs serve here too: every hromada's deployment month and population, and the offences
    # per hromada and month of the whole oblast (no rows for zeros: densified in numpy, 5× faster than a
    # zero-filled panel from SQL at national scale).
    deployment = run_query(con, "crime_deployment", {"raion": None, "hromada": None})
    counts = run_query(con, "crime_wave_counts", {**months, "category": category})
    result = event_study.rate_event_study(counts, deployment, first_month=first_month, last_month=last_month)
    return event_study.to_frame(result)
