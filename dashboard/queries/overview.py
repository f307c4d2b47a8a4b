"""Queries of the overview page, and the small pure functions that summarise and compare their results.

Wrappers take the standard scope parameters (raion, hromada: KATOTTG or None) and return DataFrames whose
columns are listed in their docstrings. The page runs the same wrappers on the previous snapshot and on
dates a year earlier and compares the results with ``status_summary`` / ``what_changed`` /
``row_count_changes`` (pure: no DuckDB, no Streamlit), so that nothing is attached across files.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from dashboard import indicators as ind
from dashboard.queries import run_query
from dashboard.queries.columns import Role, declare
from dashboard.queries.response_times import quantile_minutes, response_histogram


@declare(
    hromada=Role.KEY,
    name_uk=Role.KEY,
    name_en=Role.KEY,
    type=Role.SAFE,
    population=Role.SAFE,
    is_pilot=Role.SAFE,
    officers_on_duty=Role.SAFE,
    officers_ever_deployed=Role.SAFE,
    officers_in_pipeline=Role.SAFE,
    office_delivered=Role.SAFE,
    vehicle_delivered=Role.SAFE,
    tablet_delivered=Role.SAFE,
)
def hromada_status(
    con: duckdb.DuckDBPyConnection, *, raion: str | None, hromada: str | None, reporting_date: dt.date
) -> pd.DataFrame:
    """One row per hromada in scope at `reporting_date`.

    Columns: hromada (KATOTTG), name_uk, name_en, type, population (2022 estimate), is_pilot,
    officers_on_duty, officers_ever_deployed, officers_in_pipeline (selected, not yet deployed),
    office_delivered, vehicle_delivered, tablet_delivered (delivered by the date).
    """
    params = {"raion": raion, "hromada": hromada, "reporting_date": reporting_date}
    return run_query(con, "overview_hromada_status", params)


@declare(n_hromadas=Role.SAFE, population=Role.SAFE, offences=Role.COUNT, calls=Role.SAFE)
def period_kpis(
    con: duckdb.DuckDBPyConnection,
    *,
    month_from: dt.date,
    month_to: dt.date,
    raion: str | None,
    hromada: str | None,
) -> pd.DataFrame:
    """One row: the scope's counts for months `month_from`..`month_to` (from the agg_* tables).

    Columns: n_hromadas, population (2022 estimate), offences, calls.
    """
    params = {"month_from": month_from, "month_to": month_to, "raion": raion, "hromada": hromada}
    return run_query(con, "overview_period", params)


@declare(n_response=Role.SAFE, response_median_min=Role.DERIVED, response_p90_min=Role.DERIVED)
def response_times(
    con: duckdb.DuckDBPyConnection,
    *,
    month_from: dt.date,
    month_to: dt.date,
    raion: str | None,
    hromada: str | None,
) -> pd.DataFrame:
    """One row: response time to 102 calls received in months `month_from`..`month_to`.

    Columns: n_response (calls with a valid arrival time: the n to show; ``period_kpis`` counts all
    calls), response_median_min, response_p90_min (minutes; NaN without such calls). The same figures as
    the crime page's total (queries.response_times: one path for every response time).
    """
    histogram = response_histogram(
        con, month_from=month_from, month_to=month_to, raion=raion, hromada=hromada
    )
    n, median, p90 = quantile_minutes(histogram)
    return pd.DataFrame({"n_response": [n], "response_median_min": [median], "response_p90_min": [p90]})


@declare(
    wave=Role.KEY,
    hromada=Role.KEY,
    last_survey_date=Role.SAFE,
    respondents=Role.SAFE,
    trust_yes=Role.SAFE,
    feel_safe_yes=Role.SAFE,
    knows_officer_yes=Role.SAFE,
    population=Role.SAFE,
    scope_population=Role.SAFE,
)
def trust_wave(
    con: duckdb.DuckDBPyConnection, *, month_to: dt.date, raion: str | None, hromada: str | None
) -> pd.DataFrame:
    """The latest survey wave (half-year) up to the end of `month_to`: one row per hromada surveyed in it.

    Columns: wave (first day of the half-year), hromada, last_survey_date, respondents, trust_yes,
    feel_safe_yes, knows_officer_yes, population (population_2022: the hromada's weight in the
    population-weighted figure, views.overview), scope_population (residents of the whole scope).
    """
    return run_query(con, "overview_trust", {"month_to": month_to, "raion": raion, "hromada": hromada})


@declare(stage=Role.KEY, officers=Role.SAFE, hromadas=Role.SAFE, median_days=Role.DERIVED, n_days=Role.SAFE)
def rollout_funnel(
    con: duckdb.DuckDBPyConnection, *, raion: str | None, hromada: str | None, reporting_date: dt.date
) -> pd.DataFrame:
    """Four rows, one per stage in order: selection, training, deployment, station_open.

    Columns: stage, officers and hromadas that ever reached it by `reporting_date`, median_days from the
    previous stage (NaN for selection) and n_days (how many durations the median is taken over).
    """
    params = {"raion": raion, "hromada": hromada, "reporting_date": reporting_date}
    return run_query(con, "overview_rollout", params)


@declare(month=Role.KEY, officers_on_duty=Role.SAFE, hromadas_covered=Role.SAFE)
def coverage_trend(
    con: duckdb.DuckDBPyConnection, *, raion: str | None, hromada: str | None, reporting_date: dt.date
) -> pd.DataFrame:
    """One row per month since January 2019: month, officers_on_duty, hromadas_covered (at month end)."""
    params = {"raion": raion, "hromada": hromada, "reporting_date": reporting_date}
    return run_query(con, "overview_coverage_trend", params)


@declare(
    month=Role.KEY,
    group=Role.KEY,
    n_hromadas=Role.SAFE,
    population=Role.SAFE,
    offences=Role.COUNT,
    rate_per_10k=Role.DERIVED,
)
def offence_trend(
    con: duckdb.DuckDBPyConnection, *, raion: str | None, hromada: str | None, reporting_date: dt.date
) -> pd.DataFrame:
    """Monthly offences since January 2019 in hromadas already covered vs not yet covered.

    Columns: month, group ('covered' / 'not_covered'), n_hromadas, population, offences, rate_per_10k
    (offences in the month per 10,000 residents of the group). A group without hromadas has no row.
    """
    params = {"raion": raion, "hromada": hromada, "reporting_date": reporting_date}
    frame = run_query(con, "overview_offence_trend", params)
    frame["rate_per_10k"] = ind.rate_per_10k(frame["offences"], frame["population"])
    return frame


@declare(officer_id=Role.KEY, hromada=Role.KEY, on_duty=Role.SAFE)
def officer_status(
    con: duckdb.DuckDBPyConnection, *, raion: str | None, hromada: str | None, reporting_date: dt.date
) -> pd.DataFrame:
    """Every officer of the scope, without personal data. Columns: officer_id, hromada, on_duty (at
    `reporting_date`). Unordered."""
    params = {"raion": raion, "hromada": hromada, "reporting_date": reporting_date}
    return run_query(con, "overview_officer_status", params)


@declare(item_id=Role.KEY, hromada=Role.KEY, status=Role.SAFE)
def passport_status(
    con: duckdb.DuckDBPyConnection, *, raion: str | None, hromada: str | None
) -> pd.DataFrame:
    """Every safety-passport measure of the scope. Columns: item_id, hromada, status. Unordered."""
    return run_query(con, "overview_passport_status", {"raion": raion, "hromada": hromada})


@declare(table=Role.KEY, table_order=Role.SAFE, n_rows=Role.COUNT)
def row_counts(con: duckdb.DuckDBPyConnection, *, raion: str | None, hromada: str | None) -> pd.DataFrame:
    """Rows per contract table in the scope, in contract order. Columns: table, table_order, n_rows."""
    return run_query(con, "overview_row_counts", {"raion": raion, "hromada": hromada})
