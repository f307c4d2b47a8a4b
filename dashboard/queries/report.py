"""Query wrappers of the exported deck and report (dashboard/reports/) where no page wrapper fits.

Each returns the frame of its `report_*.sql` file; columns are listed in the docstrings.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from dashboard.queries import run_query


def hromada_status(con: duckdb.DuckDBPyConnection, reporting_date: dt.date) -> pd.DataFrame:
    """One row per hromada.

    Columns: katottg, name_uk, name_en, raion, raion_en, type, type_en, center, population, area_km2,
    n_settlements, is_pilot, officers_on_duty, officers_in_training, officers_ever_deployed,
    first_deployed_on, station_opened_on, stations_open.
    """
    return run_query(con, "report_hromada_status", {"reporting_date": reporting_date})


def offence_month(con: duckdb.DuckDBPyConnection, hromada: str | None = None) -> pd.DataFrame:
    """Columns: hromada, month, category, n, solved (whole history; `hromada` None = all)."""
    return run_query(con, "report_offence_month", {"hromada": hromada})


def activity_month(con: duckdb.DuckDBPyConnection, month_from: dt.date, month_to: dt.date) -> pd.DataFrame:
    """Columns: hromada, month, activity_type, n, minutes, participants."""
    return run_query(con, "report_activity_month", {"month_from": month_from, "month_to": month_to})


def response_times(
    con: duckdb.DuckDBPyConnection, month_from: dt.date, reporting_date: dt.date
) -> pd.DataFrame:
    """Columns: hromada (None = the whole oblast), n_calls, n_timed, median_min, p90_min."""
    return run_query(
        con, "report_response_times", {"month_from": month_from, "reporting_date": reporting_date}
    )


def surveys(con: duckdb.DuckDBPyConnection, reporting_date: dt.date) -> pd.DataFrame:
    """Columns: hromada, survey_date, respondents, trust_yes, feel_safe_yes, knows_officer_yes."""
    return run_query(con, "report_surveys", {"reporting_date": reporting_date})


def passports(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Columns: hromada, priority, due_on, status, updated_on."""
    return run_query(con, "report_passports")


def resources(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Columns: hromada, resource, quantity, status, date."""
    return run_query(con, "report_resources")


def officers_on_duty(con: duckdb.DuckDBPyConnection, reporting_date: dt.date) -> pd.DataFrame:
    """Columns: officer_id, hromada, full_name, rank, phone, deployed_on (full_name, phone: personal)."""
    return run_query(con, "report_officers_on_duty", {"reporting_date": reporting_date})
