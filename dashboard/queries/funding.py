"""Typed query wrappers of the funding page: what was bought, for which hromada, from which source.

Amounts are UAH as paid (not adjusted for inflation), counted by the date paid, up to the reporting date.
Funding is public money and donors' grants, not personal data: no column is withheld. `source_name` is
the name of an organisation or a budget (as in ProZorro and budget reports), so it is plain free text.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd

from dashboard.queries import run_query
from dashboard.queries.columns import Role, declare


@declare(
    funding_id=Role.KEY,
    hromada=Role.KEY,
    name_uk=Role.KEY,
    name_en=Role.KEY,
    item=Role.KEY,
    quantity=Role.SAFE,
    amount_uah=Role.SAFE,
    source_type=Role.KEY,
    source_name=Role.FREE_TEXT,
    paid_on=Role.SAFE,
    prozorro_id=Role.SAFE,
)
def funding_rows(
    con: duckdb.DuckDBPyConnection, *, raion: str | None, hromada: str | None, reporting_date: dt.date
) -> pd.DataFrame:
    """Every payment in scope, newest first.

    Columns: funding_id, hromada, name_uk, name_en, item, quantity, amount_uah, source_type, source_name,
    paid_on, prozorro_id (the ProZorro tender id as text; NULL when the row has none).
    """
    params = {"raion": raion, "hromada": hromada, "reporting_date": reporting_date}
    return run_query(con, "funding_rows", params)


@declare(
    year=Role.KEY,
    source_type=Role.KEY,
    item=Role.KEY,
    quantity=Role.SAFE,
    amount_uah=Role.SAFE,
    n_payments=Role.SAFE,
)
def funding_by_year(
    con: duckdb.DuckDBPyConnection, *, raion: str | None, hromada: str | None, reporting_date: dt.date
) -> pd.DataFrame:
    """Spending by year paid, source type and item (only the combinations that occur).

    Columns: year, source_type, item, quantity, amount_uah, n_payments.
    """
    params = {"raion": raion, "hromada": hromada, "reporting_date": reporting_date}
    return run_query(con, "funding_by_year", params)


@declare(
    hromada=Role.KEY,
    name_uk=Role.KEY,
    name_en=Role.KEY,
    amount_uah=Role.SAFE,
    donor_uah=Role.SAFE,
    n_payments=Role.SAFE,
    officers_on_duty=Role.SAFE,
    cost_per_officer=Role.DERIVED,
)
def funding_by_hromada(
    con: duckdb.DuckDBPyConnection, *, raion: str | None, hromada: str | None, reporting_date: dt.date
) -> pd.DataFrame:
    """Spending per hromada (only those with spending), most spent first.

    Columns: hromada, name_uk, name_en, amount_uah, donor_uah (of which donors), n_payments,
    officers_on_duty (at the reporting date), cost_per_officer (amount_uah ÷ officers_on_duty: all that
    was spent on the hromada's posts to date per officer serving there now; NaN without an officer).
    """
    params = {"raion": raion, "hromada": hromada, "reporting_date": reporting_date}
    frame = run_query(con, "funding_by_hromada", params)
    officers = frame["officers_on_duty"].astype("float64")
    frame["cost_per_officer"] = frame["amount_uah"].astype("float64") / officers.where(officers > 0, np.nan)
    return frame


@declare(
    source_type=Role.KEY,
    source_name=Role.FREE_TEXT,
    item=Role.KEY,
    quantity=Role.SAFE,
    amount_uah=Role.SAFE,
    n_hromadas=Role.SAFE,
    prozorro_ids=Role.SAFE,
    source_total=Role.SAFE,
)
def funding_by_source(
    con: duckdb.DuckDBPyConnection, *, raion: str | None, hromada: str | None, reporting_date: dt.date
) -> pd.DataFrame:
    """What each source paid for: one row per source (type and name) and item, largest sources first.

    Columns: source_type, source_name, item, quantity, amount_uah, n_hromadas (that received it),
    prozorro_ids (the ProZorro tender ids, comma-separated; empty text when none), source_total (the
    source's whole amount, for sorting and shares).
    """
    params = {"raion": raion, "hromada": hromada, "reporting_date": reporting_date}
    return run_query(con, "funding_by_source", params)
