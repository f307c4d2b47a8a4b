"""The safety-passports page on the hand-made fixture.

Fixture passport (tests/fixture_snapshot.py), all in hromada A, at 2026-10-31:
  P1 high   due 2026-06-01 done         updated 2026-06-20
  P2 high   due 2026-09-01 in_progress  updated 2026-08-01  → overdue: 2026-10-31 − 2026-09-01 = 60 days
  P3 medium due 2026-12-01 planned      updated 2026-07-01  → open, not yet due
  P4 low    due 2026-03-01 cancelled    updated 2026-04-01  → neither due nor open
Open problems: P2 (high) and P3 (medium) = 2. Done ÷ due = P1 ÷ {P1, P2} = 1/2. Last review (max
reviewed_on, contract v1.1) 2026-08-01: 2026-10-31 − 2026-08-01 = 91 days; within 3 months (since
2026-07-31), so 1 of the 1 hromada with a passport = 100 %. 48 of the 49 hromadas have no passport.
At the previous snapshot (2026-09-30): 2026-09-30 − 2026-08-01 = 60 days; P2 overdue by 29 days.
P1's note of what was done names an officer and a phone: partners and heads of other hromadas get «[…]».
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
        "Переглянуто за 3 місяці": f"100{NBSP}%",
    }
    assert len(at.get("plotly_chart")) == 2
    tables = at.dataframe
    assert len(tables) == 3
    overdue = tables[0].value
    assert overdue["days_overdue"].tolist() == [60] and overdue["measure"].tolist() == ["Лежачі поліцейські"]
    assert any("Громади без паспорта безпеки (48)" in w.value for w in at.warning)
    # Uploaded free text reaches the page only as plain text (st.text) or in dataframes, never as markdown.
    assert not any("Лежачі" in m.value for m in at.markdown)
    # Problem → measures: each problem once, followed by its measures with what was done and the result.
    plain = [x.value for x in at.text]
    # High priority first; of two high ones, the problem due earliest (P1 due 1 June before P2 due 1 Sept).
    assert (
        plain.index("Крадіжки з домоволодінь")
        < plain.index("ДТП біля школи")
        < plain.index("Вуличне освітлення")
    )
    p1 = next(x for x in plain if x.startswith("Камери на в'їздах"))
    assert "Зроблено: 15.06.2026: встановлено 4 камери" in p1 and "Петренко" in p1  # the admin sees all
    assert "Результат: За липень–вересень 2 крадіжки проти 5 роком раніше" in p1
    assert any(
        "Останній перегляд 01.08.2026 (91 день до звітної дати): переглянуто" in c.value for c in at.caption
    )
    every = tables[2].value
    assert len(every) == 4 and every["reviewed_on"].tolist() == ["20.06.2026", "01.08.2026", "—", "—"]


def test_snapshot_filter_changes_values(fixture_env) -> None:
    at = open_page(snapshot=PREVIOUS_DATE.isoformat())
    assert metrics(at)["Днів від перегляду"] == "60"
    assert metrics(at)["Переглянуто за 3 місяці"] == f"100{NBSP}%"
    assert at.dataframe[0].value["days_overdue"].tolist() == [29]


def test_language_switch(fixture_env) -> None:
    at = open_page(lang="en")
    assert metrics(at)["Overdue measures"] == "1"
    assert metrics(at)["Measures done"] == "50%"
    assert metrics(at)["Reviewed in the last 3 months"] == "100%"
    assert any("Done: 15.06.2026" in x.value for x in at.text)


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


# --- contract v1.1: review dates, what was done, and who may read it -------------------------------------
@pytest.mark.parametrize(
    ("last_review", "on", "recent"),
    [
        ("2026-07-31", "2026-10-31", True),  # exactly 3 months before
        ("2026-07-30", "2026-10-31", False),
        ("2026-02-28", "2026-05-31", True),  # 31 May − 3 months = 28 Feb (no 31 Feb)
        ("2026-02-27", "2026-05-31", False),
        (None, "2026-10-31", False),  # no passport, no review
    ],
)
def test_reviewed_recently_is_three_calendar_months(last_review, on, recent) -> None:
    day = dt.date.fromisoformat(on)
    assert ind.reviewed_recently(pd.Timestamp(last_review) if last_review else pd.NaT, day) is recent
    series = pd.Series([pd.Timestamp(last_review) if last_review else pd.NaT])
    assert ind.reviewed_recently(series, day).tolist() == [recent]


def test_last_review_falls_back_to_the_last_update_without_review_dates(con) -> None:
    # A v1 passport (no reviewed_on anywhere) is reviewed when it was last updated; with review dates, the
    # latest review counts, however recent an update.
    items = con.execute("SELECT * FROM passport_items").df()
    v1 = items.drop(columns=["action_taken", "outcome", "reviewed_on"]).assign(
        updated_on=pd.Timestamp("2026-10-01")
    )
    assert ind.passport_summary(v1, LATEST_DATE).last_review == pd.Timestamp("2026-10-01")
    v11 = items.assign(updated_on=pd.Timestamp("2026-10-01"))
    summary = ind.passport_summary(v11, LATEST_DATE)
    assert summary.last_review == pd.Timestamp("2026-08-01") and summary.reviewed_recently
    totals = q.passport_totals(con, **WHOLE).iloc[0]
    assert (totals["n_reviewed_recently"], totals["reviewed_recently_share"]) == (1, 1.0)


@pytest.mark.parametrize(
    ("policy", "sees_name"),
    [
        (DataPolicy(role="admin"), True),
        (DataPolicy(role="head", own_hromada=A), True),
        (DataPolicy(role="head", own_hromada=B), False),
        (DataPolicy(role="partner"), False),
    ],
    ids=["admin", "head-of-A", "head-of-B", "partner"],
)
def test_passport_notes_as_each_role_reads_them(con, policy, sees_name) -> None:
    # Partners see problems, measures and what was done — never a person's name or phone.
    raw = q.passport_measures(con, **WHOLE)
    shown = policy.checked(q.passport_measures, WHOLE, raw).set_index("item_id")
    note = shown.loc["P1", "action_taken"]
    assert note.startswith("15.06.2026: встановлено 4 камери на в'їздах")
    assert ("Петренко" in note and "067 123 45 67" in note) is sees_name
    assert ("[…]" in note) is not sees_name
    assert (
        shown.loc["P2", "problem"] == "ДТП біля школи" and shown.loc["P2", "measure"] == "Лежачі поліцейські"
    )
    assert shown.loc["P1", "outcome"] == "За липень–вересень 2 крадіжки проти 5 роком раніше"


def test_partner_page_masks_the_named_officer(fixture_env, monkeypatch) -> None:
    from tests.auth_helpers import make_auth_env, new_app, sign_in, texts

    make_auth_env(fixture_env, monkeypatch)
    at = sign_in(new_app(), "ptn")
    at.switch_page("dashboard/pages/passports.py").run()
    assert not at.exception
    text = texts(at)
    assert "встановлено 4 камери" in text and "[…]" in text
    assert "Петренко" not in text and "123 45 67" not in text
    assert "Лежачі поліцейські" in text  # measures are shown to partners


@pytest.mark.parametrize(
    ("text", "partner", "expected"),
    [
        ("Бесіда з Петренком О. та лейтенант Коваль", False, "Бесіда з […] та […]"),
        ("Виїзд на вул. Шевченка, 12 — сімейний конфлікт", False, "Виїзд на […] — сімейний конфлікт"),
        ("Відновити освітлення на вул. Миру", False, "Відновити освітлення на вул. Миру"),
        # A known place name stays; an inflected one is masked (the patterns err on the side of hiding).
        ("Рейди в Новій Празі та Мала Виска", False, "Рейди в […] та Мала Виска"),
        (
            "Зареєстровано 3 випадки домашнього насильства",
            True,
            "Зареєстровано […] випадки домашнього насильства",
        ),
        (
            "Зареєстровано 3 випадки домашнього насильства",
            False,
            "Зареєстровано 3 випадки домашнього насильства",
        ),
        ("Проведено 4 рейди", True, "Проведено 4 рейди"),
    ],
)
def test_redact_narrative(text, partner, expected) -> None:
    from dashboard.auth.policy import redact_narrative

    assert redact_narrative(text, partner=partner) == expected
