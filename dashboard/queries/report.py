"""Query wrappers of the exported deck and report (dashboard/reports/) where no page wrapper fits.

Each returns the frame of its `report_*.sql` file; columns are listed in the docstrings.
"""

from __future__ import annotations

import datetime as dt
import math

import duckdb
import pandas as pd

from dashboard.queries import run_query
from dashboard.queries.columns import OFFICER_CARD, Role, declare
from dashboard.queries.response_times import quantile_minutes, response_histogram


@declare(
    katottg=Role.KEY,
    name_uk=Role.KEY,
    name_en=Role.KEY,
    raion=Role.KEY,
    raion_en=Role.KEY,
    type=Role.SAFE,
    type_en=Role.SAFE,
    center=Role.KEY,
    population=Role.SAFE,
    area_km2=Role.SAFE,
    n_settlements=Role.SAFE,
    is_pilot=Role.SAFE,
    officers_on_duty=Role.SAFE,
    officers_in_training=Role.SAFE,
    officers_ever_deployed=Role.SAFE,
    first_deployed_on=Role.SAFE,
    station_opened_on=Role.SAFE,
    stations_open=Role.SAFE,
)
def hromada_status(con: duckdb.DuckDBPyConnection, reporting_date: dt.date) -> pd.DataFrame:
    """One row per hromada.

    Columns: katottg, name_uk, name_en, raion, raion_en, type, type_en, center, population, area_km2,
    n_settlements, is_pilot, officers_on_duty, officers_in_training, officers_ever_deployed,
    first_deployed_on, station_opened_on, stations_open.
    """
    return run_query(con, "report_hromada_status", {"reporting_date": reporting_date})


@declare(hromada=Role.KEY, month=Role.KEY, category=Role.KEY, n=Role.COUNT, solved=Role.COUNT)
def offence_month(con: duckdb.DuckDBPyConnection, hromada: str | None = None) -> pd.DataFrame:
    """Columns: hromada, month, category, n, solved (whole history; `hromada` None = all)."""
    return run_query(con, "report_offence_month", {"hromada": hromada})


@declare(
    hromada=Role.KEY,
    month=Role.KEY,
    activity_type=Role.KEY,
    n=Role.SAFE,
    minutes=Role.SAFE,
    participants=Role.SAFE,
)
def activity_month(con: duckdb.DuckDBPyConnection, month_from: dt.date, month_to: dt.date) -> pd.DataFrame:
    """Columns: hromada, month, activity_type, n, minutes, participants."""
    return run_query(con, "report_activity_month", {"month_from": month_from, "month_to": month_to})


@declare(
    hromada=Role.KEY, n_calls=Role.SAFE, n_timed=Role.SAFE, median_min=Role.DERIVED, p90_min=Role.DERIVED
)
def response_times(con: duckdb.DuckDBPyConnection, month_from: dt.date, month_to: dt.date) -> pd.DataFrame:
    """Calls of the months month_from..month_to, the whole oblast first. Columns: hromada (None = the whole
    oblast), n_calls, n_timed (with a response time), median_min, p90_min (minutes; NaN without times).

    The oblast's row comes from the response-time histogram (queries.response_times), as on the pages; a
    hromada's from quantile_cont of its calls' times in SQL (a histogram per hromada would hold as many rows
    as calls): the same whole-second times and interpolation (tests/test_response_times.py).
    """
    window = {"month_from": month_from, "month_to": month_to}
    per_hromada = run_query(con, "report_response_times", window)
    seconds = per_hromada.pop("seconds")
    per_hromada["median_min"] = [q[0] / 60.0 if q is not None else math.nan for q in seconds]
    per_hromada["p90_min"] = [q[1] / 60.0 if q is not None else math.nan for q in seconds]
    n_timed, median, p90 = quantile_minutes(response_histogram(con, **window, raion=None, hromada=None))
    oblast = pd.DataFrame({"hromada": [None], "n_calls": [int(per_hromada["n_calls"].sum())],
                           "n_timed": [n_timed], "median_min": [median], "p90_min": [p90]})  # fmt: skip
    df = pd.concat([oblast, per_hromada], ignore_index=True)
    return df.astype(
        {"hromada": "str", "n_calls": "int32", "n_timed": "int32", "median_min": float, "p90_min": float}
    )


@declare(
    hromada=Role.KEY,
    survey_date=Role.KEY,
    respondents=Role.SAFE,
    trust_yes=Role.SAFE,
    feel_safe_yes=Role.SAFE,
    knows_officer_yes=Role.SAFE,
)
def surveys(con: duckdb.DuckDBPyConnection, reporting_date: dt.date) -> pd.DataFrame:
    """Columns: hromada, survey_date, respondents, trust_yes, feel_safe_yes, knows_officer_yes."""
    return run_query(con, "report_surveys", {"reporting_date": reporting_date})


@declare(
    hromada=Role.KEY,
    priority=Role.SAFE,
    due_on=Role.SAFE,
    status=Role.SAFE,
    updated_on=Role.SAFE,
    reviewed_on=Role.SAFE,
)
def passports(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Columns: hromada, priority, due_on, status, updated_on, reviewed_on."""
    return run_query(con, "report_passports")


@declare(hromada=Role.KEY, resource=Role.KEY, quantity=Role.SAFE, status=Role.SAFE, date=Role.SAFE)
def resources(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Columns: hromada, resource, quantity, status, date."""
    return run_query(con, "report_resources")


@declare(OFFICER_CARD)
def officers_on_duty(con: duckdb.DuckDBPyConnection, reporting_date: dt.date) -> pd.DataFrame:
    """Columns: officer_id, hromada, full_name, rank, phone, deployed_on (full_name, phone: personal)."""
    return run_query(con, "report_officers_on_duty", {"reporting_date": reporting_date})
