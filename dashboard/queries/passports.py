"""Typed query wrappers of the safety-passports page: per-hromada state, totals, statuses, overdue measures.

Statuses are the current ones, so everything is "at the reporting date". Counting happens in SQL with
the rules of ``indicators.passport_summary`` / ``passport_overdue`` (tests/test_page_passports.py checks
that the SQL and the indicator functions agree); shares and flags come from ``dashboard.indicators``.
"""

from __future__ import annotations

import datetime as dt
import math

import duckdb
import pandas as pd

from dashboard import indicators as ind
from dashboard.queries import run_query
from dashboard.queries.columns import Role, declare

# Display order of measure statuses: what is settled, what is running, what is late.
STATUS_ORDER = ("done", "in_progress", "planned", "overdue", "cancelled")


@declare(
    hromada=Role.KEY,
    name_uk=Role.KEY,
    name_en=Role.KEY,
    has_passport=Role.SAFE,
    n_items=Role.SAFE,
    n_open=Role.SAFE,
    n_due=Role.SAFE,
    n_done_due=Role.SAFE,
    n_overdue=Role.SAFE,
    last_review=Role.SAFE,
    review_dated=Role.SAFE,
    days_since_review=Role.SAFE,
    stale=Role.SAFE,
    reviewed_recently=Role.SAFE,
    done_share=Role.DERIVED,
)
def passport_hromadas(
    con: duckdb.DuckDBPyConnection, *, raion: str | None, hromada: str | None, reporting_date: dt.date
) -> pd.DataFrame:
    """The state of each hromada's passport at the reporting date, every hromada in scope included.

    Columns: hromada, name_uk, name_en, has_passport, n_items, n_open, n_due, n_done_due, done_share
    (done ÷ due, NaN when nothing is due), n_overdue, last_review (max reviewed_on, or max updated_on
    when the items carry no review date; NaT without a passport), review_dated (the items carry review
    dates), days_since_review (NaN without), stale (more than ``indicators.PASSPORT_REVIEW_MAX_DAYS``
    days), reviewed_recently (within ``indicators.PASSPORT_RECENT_REVIEW_MONTHS`` months). Sorted: most
    overdue measures first, then the longest without review.
    """
    params = {"raion": raion, "hromada": hromada, "reporting_date": reporting_date}
    frame = run_query(con, "passports_hromadas", params)
    frame["has_passport"] = frame["n_items"] > 0
    frame["done_share"] = frame["n_done_due"] / frame["n_due"].where(frame["n_due"] > 0)  # NaN if none due
    frame["days_since_review"] = frame["days_since_review"].astype("float64")
    frame["last_review"] = pd.to_datetime(frame["last_review"])
    frame["stale"] = ind.review_is_stale(frame["days_since_review"])
    frame["reviewed_recently"] = ind.reviewed_recently(frame["last_review"], reporting_date)
    frame["review_dated"] = frame["review_dated"].astype(bool)
    columns = ["hromada", "name_uk", "name_en", "has_passport", "n_items", "n_open", "n_due", "n_done_due"]
    review = ["last_review", "review_dated", "days_since_review", "stale", "reviewed_recently"]
    return frame[[*columns, "done_share", "n_overdue", *review]]


@declare(
    n_hromadas=Role.SAFE,
    n_with_passport=Role.SAFE,
    n_items=Role.SAFE,
    n_open=Role.SAFE,
    n_due=Role.SAFE,
    n_done_due=Role.SAFE,
    n_overdue=Role.SAFE,
    n_hromadas_overdue=Role.SAFE,
    last_review=Role.SAFE,
    median_days_since_review=Role.SAFE,
    max_days_since_review=Role.SAFE,
    n_stale=Role.SAFE,
    n_reviewed_recently=Role.SAFE,
    reviewed_recently_share=Role.DERIVED,
    done_share=Role.DERIVED,
    max_days_hromada=Role.KEY,
)
def passport_totals(
    con: duckdb.DuckDBPyConnection, *, raion: str | None, hromada: str | None, reporting_date: dt.date
) -> pd.DataFrame:
    """The passport state of the whole scope at the reporting date. One row.

    Columns: n_hromadas, n_with_passport, n_items, n_open (measures), n_due, n_done_due, done_share,
    n_overdue, n_hromadas_overdue, last_review, median_days_since_review (over hromadas with a passport),
    max_days_since_review, max_days_hromada (KATOTTG of the longest unreviewed; None), n_stale,
    n_reviewed_recently (hromadas whose passport was reviewed in the last 3 months) and
    reviewed_recently_share (÷ hromadas with a passport; NaN without any).
    """
    per = passport_hromadas(con, raion=raion, hromada=hromada, reporting_date=reporting_date)
    with_passport = per[per["has_passport"]]
    longest = with_passport.sort_values("days_since_review", ascending=False, kind="stable").head(1)
    n_due, n_done_due = int(per["n_due"].sum()), int(per["n_done_due"].sum())
    row = {
        "n_hromadas": len(per),
        "n_with_passport": len(with_passport),
        "n_items": int(per["n_items"].sum()),
        "n_open": int(per["n_open"].sum()),
        "n_due": n_due,
        "n_done_due": n_done_due,
        "done_share": n_done_due / n_due if n_due else math.nan,
        "n_overdue": int(per["n_overdue"].sum()),
        "n_hromadas_overdue": int((per["n_overdue"] > 0).sum()),
        "last_review": with_passport["last_review"].max(),
        "median_days_since_review": with_passport["days_since_review"].median(),
        "max_days_since_review": longest["days_since_review"].max(),
        "max_days_hromada": longest["hromada"].iloc[0] if not longest.empty else None,
        "n_stale": int(per["stale"].sum()),
        "n_reviewed_recently": int(with_passport["reviewed_recently"].sum()),
        "reviewed_recently_share": (
            with_passport["reviewed_recently"].mean() if len(with_passport) else math.nan
        ),
    }
    return pd.DataFrame([row])


@declare(
    hromada=Role.KEY,
    name_uk=Role.KEY,
    name_en=Role.KEY,
    item_id=Role.KEY,
    problem=Role.NARRATIVE,
    priority=Role.SAFE,
    measure=Role.NARRATIVE,
    responsible=Role.NAMED_TEXT,
    due_on=Role.SAFE,
    status=Role.SAFE,
    days_overdue=Role.SAFE,
)
def passport_overdue_measures(
    con: duckdb.DuckDBPyConnection, *, raion: str | None, hromada: str | None, reporting_date: dt.date
) -> pd.DataFrame:
    """Measures overdue at the reporting date (due_on < date, neither done nor cancelled), most overdue first.

    Columns: hromada, name_uk, name_en, item_id, problem, priority, measure, responsible, due_on, status,
    days_overdue (reporting date − due_on, days). Problem, measure and responsible are free text from
    uploaded files: display them only through st.dataframe / st.text, never as HTML.
    """
    params = {"raion": raion, "hromada": hromada, "reporting_date": reporting_date}
    return run_query(con, "passports_overdue", params)


@declare(
    hromada=Role.KEY,
    name_uk=Role.KEY,
    name_en=Role.KEY,
    item_id=Role.KEY,
    problem=Role.NARRATIVE,
    priority=Role.SAFE,
    problem_rank=Role.SAFE,
    measure=Role.NARRATIVE,
    responsible=Role.NAMED_TEXT,
    due_on=Role.SAFE,
    status=Role.SAFE,
    shown_status=Role.SAFE,
    updated_on=Role.SAFE,
    action_taken=Role.NARRATIVE,
    outcome=Role.NARRATIVE,
    reviewed_on=Role.SAFE,
)
def passport_measures(
    con: duckdb.DuckDBPyConnection, *, raion: str | None, hromada: str | None, reporting_date: dt.date
) -> pd.DataFrame:
    """Every measure of the passports in scope, grouped for reading: hromada, then problem (highest
    priority first), then its measures by priority and due date.

    Columns: hromada, name_uk, name_en, item_id, problem, priority, problem_rank (1 = the problem's
    highest priority is high), measure, responsible, due_on, status (as sent), shown_status (status, or
    'overdue' when due_on < date and neither done nor cancelled), updated_on, action_taken, outcome (what
    was done and with what result: free text, often dated notes; NULL in v1 files), reviewed_on.
    Problem, measure, action_taken and outcome are free text: the data policy masks in them what may
    identify a person for partners and heads of other hromadas; display as plain text only.
    """
    params = {"raion": raion, "hromada": hromada, "reporting_date": reporting_date}
    return run_query(con, "passport_measures", params)


@declare(
    priority=Role.KEY,
    status=Role.KEY,
    n=Role.SAFE,
)
def passport_status_counts(
    con: duckdb.DuckDBPyConnection, *, raion: str | None, hromada: str | None, reporting_date: dt.date
) -> pd.DataFrame:
    """Measures by priority and status at the reporting date; an overdue measure counts as 'overdue',
    not as planned / in progress. Every priority × status pair is present (0 when none).

    Columns: priority (high, medium, low), status (STATUS_ORDER), n.
    """
    params = {"raion": raion, "hromada": hromada, "reporting_date": reporting_date}
    return run_query(con, "passports_status", params)


@declare(
    priority=Role.KEY,
    n_problems=Role.SAFE,
    n_hromadas=Role.SAFE,
)
def passport_open_problems(
    con: duckdb.DuckDBPyConnection, *, raion: str | None, hromada: str | None
) -> pd.DataFrame:
    """Open problems (any measure neither done nor cancelled) by their highest open priority.

    Columns: priority (high, medium, low: always all three), n_problems, n_hromadas.
    """
    return run_query(con, "passports_open_problems", {"raion": raion, "hromada": hromada})
