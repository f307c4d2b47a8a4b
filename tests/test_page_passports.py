"""The safety-passports page on the hand-made fixture.

Fixture passport (tests/fixture_snapshot.py), all in hromada A, at 2026-10-31:
  P1 high   due 2026-06-01 done         updated 2026-06-20
  P2 high   due 2026-09-01 in_progress  updated 2026-08-01  → overdue: 2026-10-31 − 2026-09-01 = 60 days
  P3 medium due 2026-12-01 planned      updated 2026-07-01  → open, not yet due
  P4 low    due 2026-03-01 cancelled    updated 2026-04-01  → neither due nor open
Open problems: P2 (high) and P3 (medium) = 2. Done ÷ due = P1 ÷ {P1, P2} = 1/2. Last review 2026-08-01:
2026-10-31 − 2026-08-01 = 91 days. 48 of the 49 hromadas have no passport.
At the previous snapshot (2026-09-30): 2026-09-30 − 2026-08-01 = 60 days; P2 overdue by 29 days.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import indicators as ind
from dashboard.auth.policy import DataPolicy, names_a_person
from dashboard.charts.passports import overdue_table
from dashboard.queries import passports as q
from tests.fixture_snapshot import LATEST_DATE, PREVIOUS_DATE, A, B
from tests.page_helpers import metrics, open_app_page

APP = Path(__file__).resolve().parent.parent / "app.py"
NBSP = "\u00a0"
WHOLE = {"raion": None, "hromada": None, "reporting_date": LATEST_DATE}


def open_page(**state) -> AppTest:
    return open_app_page("passports", **state)


# --- query wrappers ---------------------------------------------------------------------------------------
def test_totals(con) -> None:
    row = q.passport_totals(con, **WHOLE).iloc[0]
    assert (row["n_hromadas"], row["n_with_passport"], row["n_items"]) == (49, 1, 4)
    assert (row["n_open"], row["n_due"], row["n_done_due"], row["n_overdue"]) == (2, 2, 1, 1)
    assert row["done_share"] == pytest.approx(0.5)
    assert row["median_days_since_review"] == 91 and row["max_days_hromada"] == A
    assert row["n_stale"] == 0


def test_per_hromada_lists_hromadas_without_passport(con) -> None:
    frame = q.passport_hromadas(con, **WHOLE)
    assert len(frame) == 49 and frame["has_passport"].sum() == 1
    a = frame.iloc[0]  # most overdue first
    assert a["hromada"] == A and a["n_overdue"] == 1 and a["days_since_review"] == 91
    b = frame.set_index("hromada").loc[B]
    assert b["n_items"] == 0 and pd.isna(b["done_share"]) and not b["stale"]


def test_overdue_measures(con) -> None:
    late = q.passport_overdue_measures(con, **WHOLE)
    assert late[["problem", "responsible", "days_overdue"]].values.tolist() == [
        ["ДТП біля школи", "Виконком", 60]
    ]


def test_status_counts_and_open_problems(con) -> None:
    counts = q.passport_status_counts(con, **WHOLE).set_index(["priority", "status"])["n"]
    assert len(counts) == 15 and counts.sum() == 4
    assert counts[("high", "done")] == 1 and counts[("high", "overdue")] == 1
    assert counts[("high", "in_progress")] == 0  # P2 is shown as overdue, not in progress
    assert counts[("medium", "planned")] == 1 and counts[("low", "cancelled")] == 1
    problems = q.passport_open_problems(con, raion=None, hromada=None)
    assert problems[["priority", "n_problems"]].values.tolist() == [["high", 1], ["medium", 1], ["low", 0]]


def test_empty_scope(con) -> None:
    scoped = {**WHOLE, "hromada": B}
    assert q.passport_overdue_measures(con, **scoped).empty
    assert q.passport_status_counts(con, **scoped)["n"].sum() == 0
    assert q.passport_totals(con, **scoped).iloc[0]["n_items"] == 0


# --- the page ---------------------------------------------------------------------------------------------
def test_page_kpis_tables_and_charts(fixture_env) -> None:
    at = open_page()
    assert metrics(at) == {
        "Відкритих проблем": "2",
        "Прострочених заходів": "1",
        "Виконання заходів": f"50{NBSP}%",
        "Днів від перегляду": "91",
    }
    assert len(at.get("plotly_chart")) == 2
    tables = at.dataframe
    assert len(tables) == 2
    overdue = tables[0].value
    assert overdue["days_overdue"].tolist() == [60] and overdue["measure"].tolist() == ["Лежачі поліцейські"]
    assert any("Громади без паспорта безпеки (48)" in w.value for w in at.warning)
    # Uploaded free text reaches the page only inside dataframes, never as markdown.
    assert not any("Лежачі" in m.value for m in at.markdown)


def test_snapshot_filter_changes_values(fixture_env) -> None:
    at = open_page(snapshot=PREVIOUS_DATE.isoformat())
    assert metrics(at)["Днів від перегляду"] == "60"
    assert at.dataframe[0].value["days_overdue"].tolist() == [29]


def test_language_switch(fixture_env) -> None:
    at = open_page(lang="en")
    assert metrics(at)["Overdue measures"] == "1"
    assert metrics(at)["Measures done"] == "50%"


def test_hromada_without_passport_shows_the_empty_state(fixture_env) -> None:
    at = open_page(hromada=B)
    assert not at.metric and not at.get("plotly_chart")
    assert any("даних немає" in i.value for i in at.info)


@pytest.mark.parametrize("day", ["2026-06-01", "2026-09-01", "2026-09-02", "2026-10-31", "2026-12-02"])
def test_sql_rules_match_the_indicator_functions(con, day: str) -> None:
    # The SQL counts restate indicators.passport_summary / passport_overdue: both must agree, also on the
    # edges (P1 due 2026-06-01, P2 due 2026-09-01: due today is due but not yet overdue).
    on = dt.date.fromisoformat(day)
    items = con.execute("SELECT * FROM passport_items").df()
    expected = ind.passport_summary_by_hromada(items, on).set_index("hromada")
    got = q.passport_hromadas(con, raion=None, hromada=None, reporting_date=on).set_index("hromada")
    got = got.loc[got["has_passport"], expected.columns]
    pd.testing.assert_frame_equal(got.sort_index(), expected.sort_index(), check_dtype=False)
    late = q.passport_overdue_measures(con, raion=None, hromada=None, reporting_date=on)
    assert sorted(late["item_id"]) == sorted(items.loc[ind.passport_overdue(items, on), "item_id"])
    counts = q.passport_status_counts(con, raion=None, hromada=None, reporting_date=on)
    assert counts.loc[counts["status"] == "overdue", "n"].sum() == len(late)


def test_overdue_table_without_the_texts_a_role_may_not_see(con) -> None:
    # Partners see the problem and the measure (what donors need); `responsible` only where it names no person.
    raw = q.passport_overdue_measures(con, **WHOLE)
    late = DataPolicy(role="partner").checked(q.passport_overdue_measures, WHOLE, raw)
    assert late["problem"].tolist() == raw["problem"].tolist()
    assert late["measure"].tolist() == raw["measure"].tolist()
    for shown, original in zip(late["responsible"], raw["responsible"], strict=True):
        assert shown == original or (shown is None and names_a_person(original))
    table = overdue_table(late, lang="uk")
    assert table["days_overdue"].tolist() == [60]
