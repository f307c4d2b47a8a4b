"""The overdispersion of the offence change tests: φ per hromada, per category or for the scope total,
from the monthly history before the compared windows (indicators.dispersion_frame).

The wrappers that test a change (compare, crime, profile) call ``offence_dispersion`` on their own
connection, so a partner's φ comes from the same rounded counts as the test it widens; pages that test a
change themselves (the overview's and the profile's totals) get it through ``ctx.query``.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from dashboard import indicators as ind
from dashboard.periods import add_months
from dashboard.queries import run_query
from dashboard.queries.columns import Role, declare

BY = {"hromada": "hromada", "category": "category", "total": None}


@declare(key=Role.KEY, phi=Role.DERIVED, own=Role.SAFE)
def offence_dispersion(
    con: duckdb.DuckDBPyConnection,
    *,
    before: dt.date | None,
    raion: str | None,
    hromada: str | None,
    by: str,
    category: str | None = None,
) -> pd.DataFrame:
    """φ ≥ 1 of the offences in scope (``category`` None = all), one row per hromada (``by="hromada"``),
    per category (``"category"``) or one row keyed "total" (``"total"``: the scope's total).

    ``before``: the first month of the compared windows (``Comparison.previous.month_from``); φ comes from
    the 24 months before it (indicators.DISPERSION_MONTHS). None (no comparison): no rows.
    Columns: key, phi, own (False: too few cases of its own, the φ pooled over the rows).
    """
    if by not in BY:
        raise ValueError(f"unknown dispersion grouping {by!r}; expected one of {sorted(BY)}")
    empty = pd.DataFrame(
        {"key": pd.Series(dtype=str), "phi": pd.Series(dtype=float), "own": pd.Series(dtype=bool)}
    )
    if before is None:
        return empty
    params = {
        "month_from": add_months(before, -ind.DISPERSION_MONTHS),
        "month_to": add_months(before, -1),
        "raion": raion,
        "hromada": hromada,
        "category": category,
    }
    history = run_query(con, "offence_history", params)
    if history.empty and by != "total":
        return empty
    first = history["first_month"].iloc[0] if len(history) else None
    frame = ind.dispersion_frame(history, before=before, first_month=first, key=BY[by])
    return frame.rename_axis("key").reset_index()


def phi_of(dispersion: pd.DataFrame, keys: pd.Series) -> pd.Series:
    """φ for each of ``keys`` (1 where a key has no history: no offence in 24 months), on keys' index."""
    phi = dispersion.set_index("key")["phi"]
    return keys.astype(str).map(phi).fillna(1.0).astype(float)


def total_phi(dispersion: pd.DataFrame) -> float:
    """φ of an ``offence_dispersion(..., by="total")`` result (1 without a comparison)."""
    return float(phi_of(dispersion, pd.Series(["total"])).iloc[0])
