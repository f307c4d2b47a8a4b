"""Typed query wrappers of the safety-passports page: items, per-hromada state, overdue measures, totals.

A passport is small (one row per measure, a few dozen per hromada), so the wrappers fetch the items of
the scope once in SQL and apply the definitions of ``dashboard.indicators`` (done ÷ due, overdue, days
since the last review) instead of restating them in SQL: the page, the profile page and the exports
then agree by construction. Statuses are the current ones, so everything is "at the reporting date".
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from dashboard import indicators as ind
from dashboard.queries import run_query
from dashboard.schema import PRIORITIES

# Display order of measure statuses: what is settled, what is running, what is late.
STATUS_ORDER = ("done", "in_progress", "planned", "overdue", "cancelled")


def _rows(con: duckdb.DuckDBPyConnection, raion: str | None, hromada: str | None) -> pd.DataFrame:
    return run_query(con, "passports_items", {"raion": raion, "hromada": hromada})


def passport_items(con: duckdb.DuckDBPyConnection, *, raion: str | None, hromada: str | None) -> pd.DataFrame:
    """The passport items (measures) of the hromadas in scope.

    Columns: hromada, name_uk, name_en, item_id, problem, priority, measure, responsible, due_on, status,
    updated_on. Problem, measure and responsible are free text from uploaded files: display them only
    through st.dataframe / st.text, never as HTML.
    """
    rows = _rows(con, raion, hromada)
    return rows[rows["item_id"].notna()].reset_index(drop=True)


def passport_hromadas(
    con: duckdb.DuckDBPyConnection, *, raion: str | None, hromada: str | None, reporting_date: dt.date
) -> pd.DataFrame:
    """The state of each hromada's passport at the reporting date, every hromada in scope included.

    Columns: hromada, name_uk, name_en, has_passport, n_items, n_open, n_due, n_done_due, done_share
    (done ÷ due, NaN when nothing is due), n_overdue, last_review (max updated_on), days_since_review,
    stale (more than ``indicators.PASSPORT_REVIEW_MAX_DAYS`` days). Hromadas without a passport have
    zeros, NaT and NaN. Sorted: most overdue measures first, then the longest without review.
    """
    rows = _rows(con, raion, hromada)
    names = rows.drop_duplicates("hromada")[["hromada", "name_uk", "name_en"]]
    items = rows[rows["item_id"].notna()]
    summary = ind.passport_summary_by_hromada(items, reporting_date) if not items.empty else None
    frame = names.merge(summary, on="hromada", how="left") if summary is not None else names.copy()
    for column in ("n_items", "n_open", "n_due", "n_done_due", "n_overdue"):
        frame[column] = frame[column].fillna(0).astype(int) if column in frame else 0
    for column in ("done_share", "days_since_review"):
        if column not in frame:
            frame[column] = float("nan")
    if "last_review" not in frame:
        frame["last_review"] = pd.NaT
    frame["has_passport"] = frame["n_items"] > 0
    frame["stale"] = ind.review_is_stale(frame["days_since_review"].astype(float))
    frame = frame.sort_values(["n_overdue", "days_since_review", "name_uk"], ascending=[False, False, True])
    columns = ["hromada", "name_uk", "name_en", "has_passport", "n_items", "n_open", "n_due", "n_done_due"]
    return frame[
        [*columns, "done_share", "n_overdue", "last_review", "days_since_review", "stale"]
    ].reset_index(drop=True)


def passport_totals(
    con: duckdb.DuckDBPyConnection, *, raion: str | None, hromada: str | None, reporting_date: dt.date
) -> pd.DataFrame:
    """The passport state of the whole scope at the reporting date. One row.

    Columns: n_hromadas, n_with_passport, n_items, n_open (measures), n_due, n_done_due, done_share,
    n_overdue, n_hromadas_overdue, last_review, median_days_since_review (over hromadas with a passport),
    max_days_since_review, max_days_hromada (KATOTTG of the longest unreviewed), n_stale.
    """
    items = passport_items(con, raion=raion, hromada=hromada)
    per = passport_hromadas(con, raion=raion, hromada=hromada, reporting_date=reporting_date)
    total = ind.passport_summary(items, reporting_date)
    with_passport = per[per["has_passport"]]
    longest = with_passport.sort_values("days_since_review", ascending=False).head(1)
    row = {
        "n_hromadas": len(per),
        "n_with_passport": len(with_passport),
        "n_items": total.n_items,
        "n_open": total.n_open,
        "n_due": total.n_due,
        "n_done_due": total.n_done_due,
        "done_share": total.done_share,
        "n_overdue": total.n_overdue,
        "n_hromadas_overdue": int((per["n_overdue"] > 0).sum()),
        "last_review": total.last_review,
        "median_days_since_review": with_passport["days_since_review"].median(),
        "max_days_since_review": longest["days_since_review"].max(),
        "max_days_hromada": longest["hromada"].iloc[0] if not longest.empty else None,
        "n_stale": int(per["stale"].sum()),
    }
    return pd.DataFrame([row])


def passport_overdue_measures(
    con: duckdb.DuckDBPyConnection, *, raion: str | None, hromada: str | None, reporting_date: dt.date
) -> pd.DataFrame:
    """Measures overdue at the reporting date (due_on < date, neither done nor cancelled), most overdue first.

    Columns: hromada, name_uk, name_en, problem, priority, measure, responsible, due_on, status,
    days_overdue (reporting date − due_on, days).
    """
    items = passport_items(con, raion=raion, hromada=hromada)
    late = items[ind.passport_overdue(items, reporting_date)].copy() if not items.empty else items.copy()
    late["days_overdue"] = (pd.Timestamp(reporting_date) - pd.to_datetime(late["due_on"])).dt.days.astype(int)
    columns = ["hromada", "name_uk", "name_en", "problem", "priority", "measure", "responsible", "due_on"]
    late = late.sort_values(["days_overdue", "name_uk"], ascending=[False, True])
    return late[[*columns, "status", "days_overdue"]].reset_index(drop=True)


def passport_status_counts(
    con: duckdb.DuckDBPyConnection, *, raion: str | None, hromada: str | None, reporting_date: dt.date
) -> pd.DataFrame:
    """Measures by priority and status at the reporting date; an overdue measure counts as 'overdue',
    not as planned / in progress. Every priority × status pair is present (0 when none).

    Columns: priority (high, medium, low), status (STATUS_ORDER), n.
    """
    items = passport_items(con, raion=raion, hromada=hromada)
    shown = items["status"].astype(str).where(~ind.passport_overdue(items, reporting_date), "overdue")
    counts = pd.crosstab(items["priority"].astype(str), shown) if not items.empty else pd.DataFrame()
    counts = counts.reindex(index=list(PRIORITIES), columns=list(STATUS_ORDER), fill_value=0)
    long = counts.rename_axis(index="priority", columns="status").stack().rename("n").reset_index()
    long["n"] = long["n"].astype(int)
    return long


def passport_open_problems(
    con: duckdb.DuckDBPyConnection, *, raion: str | None, hromada: str | None
) -> pd.DataFrame:
    """Open problems (any measure neither done nor cancelled) by their highest open priority.

    Columns: priority (high, medium, low: always all three), n_problems, n_hromadas.
    """
    return run_query(con, "passports_open_problems", {"raion": raion, "hromada": hromada})
