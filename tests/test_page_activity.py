"""The officer-activity page and its query wrappers on the hand-made fixture (tests/fixture_snapshot.py).

Hand computation at 2026-10-31, default period = the 12 months 2025-11-01 .. 2026-10-31 (365 days):
  Days on duty: O1 (A, since 2019-09-01) 365; O2 (A, left 2026-10-15) 2025-11-01 .. 2026-10-14 = 348;
  O3 (B, since 2019-10-01) 365; O4 (C) never deployed → 1 078 officer-days = 154 officer-weeks.
  On duty at the end: O1, O3 = 2. Council target window 2025-11 .. 2026-10: O1 and O3 were on duty
  throughout (eligible); O2 left → not eligible. Reports: O1 1 (AC4), O3 0 → 0 of 2 reached two.
  Activities AC1..AC6, no protocols: 6. Patrol AC1 + AC2 + AC6 = 120 + 120 + 90 = 330 min = 5.5 h.
  Meetings: AC3 only, 25 participants → mean 25. Minutes 120 + 120 + 60 + 30 + 45 + 90 = 465.
  Located: AC1, AC2, AC3 inside (300 min) + AC5 outside (45) = 345 → inside 300 ÷ 345 = 86.96 % → «87 %».
  Hromada A: O1 + O2 = 713 days; AC1–AC4 = 4 activities; inside 300 ÷ 300 = 100 %; eligible 1, reached 0.
  Hromada B: 365 days; AC5, AC6 = 2; inside 0 ÷ 45 = 0 %; eligible 1, reached 0.
  A year earlier (2024-11 .. 2025-10): 365 days each for O1, O2, O3 = 1 095; no activities.
Period "3m" (2026-08 .. 2026-10, 92 days): O1 92, O2 2026-08-01 .. 10-14 = 75, O3 92 → 259 days = 37
  officer-weeks; activities AC1, AC2, AC3, AC5, AC6 = 5 → 5 ÷ 37 = 0.135 per officer-week.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.charts.activity import activity_mix_figure, calendar_heatmap_figure, calendar_window
from dashboard.formatting import fmt_pct
from dashboard.i18n import label, t
from dashboard.queries import activity as q
from tests.fixture_snapshot import LATEST_DATE, A, B
from tests.page_helpers import metrics, open_app_page

APP = Path(__file__).resolve().parent.parent / "app.py"
# The periods with the windows compared with (periods.year_on_year: the same months a year earlier).
PERIOD_12M = {"month_from": dt.date(2025, 11, 1), "month_to": dt.date(2026, 10, 1),
              "prev_from": dt.date(2024, 11, 1), "prev_to": dt.date(2025, 10, 1)}  # fmt: skip
PERIOD_3M = {"month_from": dt.date(2026, 8, 1), "month_to": dt.date(2026, 10, 1),
             "prev_from": dt.date(2025, 8, 1), "prev_to": dt.date(2025, 10, 1)}  # fmt: skip
MONTHS_12M = {k: PERIOD_12M[k] for k in ("month_from", "month_to")}  # wrappers that compare nothing
WHOLE = {"raion": None, "hromada": None}
EMPTY_HROMADA = "UA35020010000028961"  # Благовіщенська: no officer, no activity in the fixture


def open_page(**state) -> AppTest:
    return open_app_page("activity", **state)


# --- query wrappers ------------------------------------------------------------------------------------
def test_summary_total_and_hromadas(con) -> None:
    df = q.activity_summary(con, **PERIOD_12M, **WHOLE, reporting_date=LATEST_DATE)
    assert df["is_total"].tolist() == [True, False, False]
    assert df["hromada"].tolist() == [None, A, B]  # C has an officer in training only: not listed
    total = df.iloc[0]
    assert (total["officers_on_duty"], total["officer_days"], total["officer_weeks"]) == (2, 1078, 154)
    assert (total["n_activities"], total["patrol_minutes"], total["minutes"]) == (6, 330, 465)
    assert total["activities_per_officer_week"] == pytest.approx(6 / 154)
    assert total["patrol_hours_per_officer_week"] == pytest.approx(5.5 / 154)
    assert (total["minutes_inside"], total["minutes_located"]) == (300, 345)
    assert total["inside_share"] == pytest.approx(300 / 345)
    assert total["located_share"] == pytest.approx(345 / 465)
    assert (total["n_meetings"], total["meeting_participants"], total["mean_attendance"]) == (1, 25, 25)
    assert (total["council_eligible"], total["council_reached"]) == (2, 0)
    assert not total["council_target_met"]
    assert (total["officer_days_prev"], total["n_activities_prev"]) == (1095, 0)
    assert total["activities_per_officer_week_prev"] == 0 and pd.isna(total["inside_share_prev"])

    a, b = df.iloc[1], df.iloc[2]
    assert (a["officer_days"], a["n_activities"], a["inside_share"]) == (713, 4, 1.0)
    assert (b["officer_days"], b["n_activities"], b["inside_share"]) == (365, 2, 0.0)
    assert (a["council_eligible"], a["council_reached"], b["council_eligible"]) == (1, 0, 1)


def test_summary_officer_weeks_clipped_to_a_short_period(con) -> None:
    total = q.activity_summary(con, **PERIOD_3M, **WHOLE, reporting_date=LATEST_DATE).iloc[0]
    assert total["officer_days"] == 92 + 75 + 92
    assert total["officer_weeks"] == pytest.approx(37)
    assert total["activities_per_officer_week"] == pytest.approx(5 / 37)


def test_summary_scoped_to_one_hromada(con) -> None:
    df = q.activity_summary(con, **PERIOD_12M, raion=None, hromada=B, reporting_date=LATEST_DATE)
    assert df["hromada"].tolist() == [None, B]
    assert df.iloc[0]["officer_days"] == 365 and df.iloc[0]["inside_share"] == 0


def test_summary_empty_hromada_has_only_an_empty_total(con) -> None:
    df = q.activity_summary(con, **PERIOD_12M, raion=None, hromada=EMPTY_HROMADA, reporting_date=LATEST_DATE)
    assert df["is_total"].tolist() == [True]
    assert df.iloc[0]["officer_days"] == 0 and df.iloc[0]["minutes"] == 0


def test_by_type_and_monthly(con) -> None:
    by_type = q.activity_by_type(con, **PERIOD_12M, **WHOLE).set_index("activity_type")
    assert by_type["n"].to_dict() == {
        "council_report": 1,
        "patrol": 3,
        "resident_meeting": 1,
        "school_visit": 1,
    }
    assert by_type.loc["patrol", "hours"] == pytest.approx(5.5)
    assert by_type.loc["school_visit", "participants"] == 30 and by_type["n_prev"].sum() == 0

    monthly = q.activity_monthly(con, **MONTHS_12M, **WHOLE)
    october = monthly[monthly["month"] == pd.Timestamp("2026-10-01")].set_index("activity_type")["n"]
    assert october.to_dict() == {"patrol": 3}  # AC1, AC2 (O1) and AC6 (O3)


def test_calendar_days_and_unknown_future(con) -> None:
    days = q.activity_calendar(con, **MONTHS_12M, **WHOLE, reporting_date=LATEST_DATE)
    assert len(days) == 365 and days["n"].sum() == 6 and days["n"].notna().all()
    assert days.set_index("day").loc[pd.Timestamp("2026-10-06"), "n"] == 1
    # A reporting date mid-month: the days after it are unknown (missing), not zero.
    early = q.activity_calendar(con, **MONTHS_12M, **WHOLE, reporting_date=dt.date(2026, 10, 15))
    assert early["n"].isna().sum() == 16 and early["n"].sum() == 6  # AC1, AC2, AC6 are before 15 October


# --- pure builders -------------------------------------------------------------------------------------
def test_calendar_window() -> None:
    assert calendar_window(dt.date(2026, 8, 1), dt.date(2026, 10, 1), "3m") == (
        dt.date(2025, 11, 1),
        dt.date(2026, 10, 1),
    )
    assert calendar_window(dt.date(2025, 1, 1), dt.date(2025, 12, 1), "y2025") == (
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 1),
    )


def test_figures_translate_types_and_weekdays(con) -> None:
    monthly = q.activity_monthly(con, **MONTHS_12M, **WHOLE)
    names = {trace.name for trace in activity_mix_figure(monthly, lang="en").data}
    codes = ("patrol", "resident_meeting", "school_visit", "council_report")
    assert names == {label("activity_type", code, "en") for code in codes} and "Patrol" in names
    days = q.activity_calendar(con, **MONTHS_12M, **WHOLE, reporting_date=LATEST_DATE)
    heatmap = calendar_heatmap_figure(days, lang="uk").data[0]
    assert list(heatmap.y) == ["Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Нд"]


# --- the page ------------------------------------------------------------------------------------------
def test_page_shows_hand_computed_values(fixture_env) -> None:
    at = open_page()
    values = metrics(at)
    assert values[t("pg.activity.kpi_inside")] == fmt_pct(300 / 345, 0)  # «87 %»
    assert values[t("pg.activity.kpi_council")] == "0 з 2"
    assert values[t("pg.activity.col_meetings")] == "1"
    assert values[t("pg.activity.kpi_attendance")] == "25,0"
    assert values[t("pg.activity.kpi_activities_pow")] == "0,0"  # 6 ÷ 154
    # A year earlier the officers were on duty but logged nothing: no baseline, so no delta at all.
    assert not any(m.delta for m in at.metric)
    assert len(at.get("plotly_chart")) == 2  # activity mix and calendar
    assert len(at.dataframe) == 2  # by type and by hromada
    assert any(t("notice.no_officer_ranking") in info.value for info in at.info)


def test_short_period_and_hromada_filter_change_values(fixture_env) -> None:
    at = open_page(period="3m")
    assert metrics(at)[t("pg.activity.kpi_activities_pow")] == "0,1"  # 5 ÷ 37
    at = open_page(hromada=B)
    values = metrics(at)
    assert values[t("pg.activity.kpi_inside")] == fmt_pct(0, 0)  # AC5 was outside B
    assert values[t("pg.activity.kpi_council")] == "0 з 1"


def test_english_labels(fixture_env) -> None:
    at = open_page(lang="en")
    assert at.title[0].value == t("page.activity.title", "en")
    assert t("pg.activity.kpi_inside", "en") in metrics(at)
    assert metrics(at)[t("pg.activity.kpi_council", "en")] == "0 of 2"


def test_empty_hromada_shows_the_empty_state(fixture_env) -> None:
    at = open_page(hromada=EMPTY_HROMADA)
    assert any(t("notice.empty_filter") in info.value for info in at.info)
    assert not at.get("plotly_chart") and not at.metric
