"""The overdispersion of the change tests: φ (with the degrees of freedom of its estimate) per hromada, per
category, per activity type or for the scope total, from the monthly history before the compared windows
(indicators.dispersion_frame: estimated over the rows together, moderated, read against t).

The wrappers that test a change (compare, crime, profile, map, trust, activity) call these on their own
connection, so a partner's φ comes from the same rounded counts as the test it widens; pages that test a
change themselves (the overview's, the crime page's and the profile's totals) get it through ``ctx.query``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import duckdb
import pandas as pd

from dashboard import indicators as ind
from dashboard.periods import add_months
from dashboard.queries import run_query
from dashboard.queries.columns import Role, declare

BY = {"hromada": "hromada", "category": "category", "total": None}


def _empty() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "key": pd.Series(dtype=str),
            "phi": pd.Series(dtype=float),
            "df": pd.Series(dtype=float),
            "own": pd.Series(dtype=bool),
        }
    )


def _dispersion(con: duckdb.DuckDBPyConnection, sql: str, before: dt.date | None, key: str | None,
                params: Mapping[str, object]) -> pd.DataFrame:  # fmt: skip
    """φ from the history query ``sql`` (columns <key>, month, n, first_month) over the 24 months before
    ``before``; no rows without a comparison (``before`` None)."""
    if before is None:
        return _empty()
    window = {"month_from": add_months(before, -ind.DISPERSION_MONTHS), "month_to": add_months(before, -1)}
    history = run_query(con, sql, {**window, **params})
    if history.empty and key is not None:
        return _empty()
    first = history["first_month"].iloc[0] if len(history) else None
    frame = ind.dispersion_frame(history, before=before, first_month=first, key=key)
    return frame.rename_axis("key").reset_index()


@declare(key=Role.KEY, phi=Role.DERIVED, df=Role.SAFE, own=Role.SAFE)
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

    ``before``: the first month of the compared windows (``Comparison.compared_from``); φ comes from
    the 24 months before it (indicators.DISPERSION_MONTHS). None (no comparison): no rows.
    Columns: key, phi, df (degrees of freedom of φ; ∞ = Poisson, nothing estimated), own (False: too few
    cases of its own, the φ the rows share).
    """
    if by not in BY:
        raise ValueError(f"unknown dispersion grouping {by!r}; expected one of {sorted(BY)}")
    # The history comes summed per key (column `key`; one row per month for the total).
    params = {"raion": raion, "hromada": hromada, "category": category, "by": by}
    return _dispersion(con, "offence_history", before, "key" if BY[by] else None, params)


@declare(key=Role.KEY, phi=Role.DERIVED, df=Role.SAFE, own=Role.SAFE)
def call_dispersion(
    con: duckdb.DuckDBPyConnection, *, before: dt.date | None, raion: str | None, hromada: str | None
) -> pd.DataFrame:
    """φ of the calls to 102 per hromada in scope, from the 24 months before ``before`` (as
    ``offence_dispersion``). Columns: key (hromada), phi, df, own."""
    return _dispersion(con, "call_history", before, "hromada", {"raion": raion, "hromada": hromada})


@declare(key=Role.KEY, phi=Role.DERIVED, df=Role.SAFE, own=Role.SAFE)
def activity_dispersion(
    con: duckdb.DuckDBPyConnection, *, before: dt.date | None, raion: str | None, hromada: str | None
) -> pd.DataFrame:
    """φ of the officers' activities per activity type in scope, from the 24 months before ``before``.

    Activity counts follow staffing (an officer more or less, a vacancy, leave), not chance alone: their
    monthly history is far more variable than Poisson, and a change test that ignored it would flag every
    change of staff. Columns: key (activity type), phi, df, own.
    """
    return _dispersion(con, "activity_history", before, "activity_type", {"raion": raion, "hromada": hromada})


def dispersion_of(dispersion: pd.DataFrame, keys: pd.Series) -> ind.Dispersion:
    """φ and its df for each of ``keys``, on keys' index (φ = 1, df = ∞ where a key has no history: no
    case in 24 months — the Poisson test)."""
    table = dispersion.set_index("key")
    on_keys = keys.astype(str)
    phi = on_keys.map(table["phi"]).fillna(1.0).astype(float)
    df = on_keys.map(table["df"]).fillna(float("inf")).astype(float)
    return ind.Dispersion(phi, df)


def dispersion_at(dispersion: pd.DataFrame, key: str) -> ind.Dispersion:
    """φ and df of one key, as scalars (1 and ∞ where it has none)."""
    both = dispersion_of(dispersion, pd.Series([key]))
    return ind.Dispersion(float(both.phi.iloc[0]), float(both.df.iloc[0]))


def total_dispersion(dispersion: pd.DataFrame) -> ind.Dispersion:
    """φ and df of an ``offence_dispersion(..., by="total")`` result (1 and ∞ without a comparison)."""
    return dispersion_at(dispersion, "total")
