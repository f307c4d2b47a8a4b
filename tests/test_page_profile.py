"""The community profile page on the hand-made fixture: facts, officers, equipment, crime, surveys, passport.

Hand-computed at 2026-10-31, period 2025-11 .. 2026-10 (tests/fixture_snapshot.py), hromada A Бобринецька
(urban, pilot, 11 158 residents, 194.7 km², 9 settlements):
  officers: O1 on duty since 2019-09-01; O2 left on 2026-10-15 → 1 on duty, 11 158 per officer > 7 000.
  first deployment 2019-09-01; station S1 opened 2020-01-15 → stage «Відкриття станції».
  kit: office 1, vehicle 1, tablet 2 delivered; 1 officer needs 1 of each → completeness 100 %.
  activity: officer-days on duty in the period: O1 365 (2025-11-01 .. 2026-10-31) + O2 348 (2025-11-01 ..
    2026-10-14) = 713 → 101.86 officer-weeks; 2 patrols (240 min) → 0.0196 per officer-week.
  offences: 9 thefts (2026-03) + 1 burglary (2026-10) = 10 vs 4 thefts a year earlier → change +6,
    z = 2(√10 − √4) = 2.32, rate 10 / 11 158 × 10 000 = 9.0; theft alone: 9 vs 4 → z = 2(3 − 2) = 2.0.
  before/after: deployment 2019-09; the data begin 2019-01, so no full 12 months before → excluded.
  calls: 10, 20, 30 min and one without arrival → median 20, P90 = 20 + 0.8 × 10 = 28, n = 3.
  surveys: latest 2026-05-15, trust 120 / 200 = 60 % ± 6.8 pp.
  passport: due by the date P1 (done), P2 (in progress, overdue); P3 later; P4 cancelled → 1 of 2 = 50 %,
    1 overdue, 2 open, last update 2026-08-01 → 91 days.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import indicators as ind
from dashboard.charts import profile_tables
from dashboard.i18n import t
from dashboard.periods import make_period, year_on_year
from dashboard.queries import profile as q
from tests.fixture_snapshot import LATEST_DATE, A, B, C
from tests.page_helpers import metrics

APP = Path(__file__).resolve().parent.parent / "app.py"
NBSP = "\u00a0"
PERIOD = {"month_from": dt.date(2025, 11, 1), "month_to": dt.date(2026, 10, 1)}
COMPARED = {**PERIOD, "prev_from": dt.date(2024, 11, 1), "prev_to": dt.date(2025, 10, 1)}
NO_DATA_HROMADA = "UA35020010000028961"  # Благовіщенська: in the reference list, no data in the fixture


def open_profile(**state) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page("dashboard/pages/profile.py")
    at.run()
    assert not at.exception
    assert t("notice.error", "uk") not in [e.value for e in at.error]
    return at


# --- query wrappers ------------------------------------------------------------------------------------------
def test_facts_and_rollout_stage(con) -> None:
    a = q.hromada_facts(con, hromada=A, reporting_date=LATEST_DATE).iloc[0]
    assert (a.coverage_status, a.stage, a.officers_on_duty, a.officers_ever_deployed) == (
        "deployed",
        "station_open",
        1,
        2,
    )
    assert pd.Timestamp(a.first_deployed_on).date() == dt.date(2019, 9, 1)
    assert a.residents_per_officer == 11_158 and a.exceeds_norm
    c = q.hromada_facts(con, hromada=C, reporting_date=LATEST_DATE).iloc[0]
    assert (c.coverage_status, c.stage) == ("in_training", "training")  # training from 2026-10-01
    assert q.hromada_facts(con, hromada="UA00000000000000000", reporting_date=LATEST_DATE).empty


def test_personal_data_only_from_officer_cards(con) -> None:
    timeline = q.officer_timeline(con, hromada=A, reporting_date=LATEST_DATE)
    assert not {"full_name", "phone"} & set(timeline.columns)
    assert timeline.set_index("officer_id")["status"].to_dict() == {"O1": "on_duty", "O2": "left"}
    cards = q.officer_cards(con, hromada=A, reporting_date=LATEST_DATE)
    assert cards["full_name"].tolist() == ["Петренко Іван Петрович"]  # O2 has left
    assert set(cards["hromada"]) == {A}  # the data policy needs it to tell own from other hromadas


def test_activity_per_officer_week(con) -> None:
    mix = q.activity_mix(con, **PERIOD, hromada=A, reporting_date=LATEST_DATE).set_index("activity_type")
    assert mix.loc["patrol", "n"] == 2 and mix.loc["patrol", "hours"] == pytest.approx(4.0)
    assert mix["officer_weeks"].iloc[0] == pytest.approx(713 / 7)
    assert mix.loc["patrol", "per_officer_week"] == pytest.approx(2 / (713 / 7))


def test_offence_categories_and_trend(con) -> None:
    cats = q.offence_categories(con, **COMPARED, hromada=A).set_index("category")
    assert (cats.loc["theft", "n"], cats.loc["theft", "n_prev"], cats.loc["theft", "solved"]) == (9, 4, 3)
    # 9 vs 4: √2(3 − 2) = 1.414214, E-test p = 0.183 → none (the old 2(3 − 2) = 2 said "watch")
    assert cats.loc["theft", "z"] == pytest.approx(1.414214) and cats.loc["theft", "level"] == "none"
    assert cats.loc["theft", "rate_per_10k"] == pytest.approx(9 / 11_158 * 10_000)
    assert pd.isna(cats.loc["theft", "pct_change"])  # a year earlier 4 < 20: no % change
    trend = q.offence_trend(con, hromada=A, reporting_date=LATEST_DATE)
    assert (trend["month"].min(), trend["month"].max()) == (
        pd.Timestamp("2019-01-01"),
        pd.Timestamp("2026-10-01"),
    )
    assert len(trend) == 94 and trend["n"].sum() == 5 + 4 + 9 + 1
    first = trend["month"].min()
    assert profile_tables.period_counts(trend, year_on_year(make_period("12m", LATEST_DATE), first)) == (
        10.0,
        4.0,
    )
    # The same months a year before the data begin are unknown, not 0.
    early = profile_tables.period_counts(trend, year_on_year(make_period("y2019", LATEST_DATE), first))
    assert early[0] == 5 and pd.isna(early[1])


def test_before_after_reports_why_it_cannot_compare(con) -> None:
    a = q.before_after(con, hromada=A, reporting_date=LATEST_DATE).iloc[0]
    assert a["excluded"] == "incomplete_window"  # deployed 2019-09, data only from 2019-01
    assert pd.Timestamp(a["deployment_month"]) == pd.Timestamp("2019-09-01")
    assert q.before_after(con, hromada=C, reporting_date=LATEST_DATE).iloc[0]["excluded"] == "not_deployed"


def test_response_surveys_passport_kit(con) -> None:
    calls = q.response_times(con, **PERIOD, hromada=A, reporting_date=LATEST_DATE)
    stats = ind.response_time_stats(calls["minutes"])
    assert (stats.n, stats.n_missing, stats.median, stats.p90) == (3, 1, 20.0, pytest.approx(28.0))
    surveys = q.survey_results(con, hromada=A, reporting_date=LATEST_DATE)
    latest = surveys[surveys["survey_date"] == surveys["survey_date"].max()].set_index("measure")
    assert latest.loc["trust", "share"] == pytest.approx(0.6)
    assert latest.loc["trust", "moe"] == pytest.approx(1.96 * (0.24 / 200) ** 0.5)
    assert not q.survey_results(con, hromada=B, reporting_date=LATEST_DATE)["reliable"].any()  # n = 80
    items = q.passport_items(con, hromada=A, reporting_date=LATEST_DATE)
    assert items["item_id"].tolist()[:2] == ["P1", "P2"]  # high priority first
    assert items.set_index("item_id")["overdue"].to_dict() == {
        "P1": False,
        "P2": True,
        "P3": False,
        "P4": False,
    }
    kit = q.resource_kit(con, hromada=B, reporting_date=LATEST_DATE).set_index("resource")
    # B's vehicle is planned for 2026-12: not delivered (and not in a snapshot of 2026-10-31 at all).
    assert kit["delivered"].to_dict() == {"office": 1, "vehicle": 0, "tablet": 1}
    assert ind.resource_completeness(kit["delivered"].to_dict(), 1) == pytest.approx(2 / 3)


def test_md_escape_neutralises_markdown() -> None:
    assert profile_tables.md_escape("[x](javascript:alert(1)) *b* $1") == (
        r"\[x\]\(javascript\:alert\(1\)\) \*b\* \$1"
    )


# --- the page ----------------------------------------------------------------------------------------------
def test_profile_shows_the_hand_computed_values(fixture_env: Path) -> None:
    at = open_profile(hromada=A)
    assert [h.value for h in at.header] == ["Бобринецька"]
    m = metrics(at)
    assert m[t("hromada.population")] == f"11{NBSP}158"
    assert m[t("kpi.officers_on_duty")] == "1"
    assert m[t("kpi.residents_per_officer")] == f"11{NBSP}158"
    assert m[t("pg.profile.first_deployment")] == "01.09.2019"
    assert m[t("kpi.equipment_completeness")] == f"100{NBSP}%"
    assert m[t("kpi.offences")] == "10"
    assert m[t("kpi.poisson_z")] == "+1,6"  # 10 vs 4: √2(√10 − 2) = 1.6437 (the old 2(√10 − 2) = 2.32)
    assert m[t("pg.profile.offence_rate_period")] == "9,0"
    assert m[t("pg.profile.before_after")] == "—"
    assert m[t("kpi.median_response")] == f"20,0{NBSP}хв" and m[t("kpi.p90_response")] == f"28,0{NBSP}хв"
    assert m[t("kpi.trust")] == f"60{NBSP}%"
    assert m[t("indicator.measures_done.name")] == f"50{NBSP}%"
    assert m[t("kpi.overdue_measures")] == "1"
    assert m[t("indicator.days_since_review.name")] == "91 день"
    offences = next(x for x in at.metric if x.label == t("kpi.offences"))
    assert offences.proto.delta == "+6"  # an absolute change, never a % of a small count
    per_officer = next(x for x in at.metric if x.label == t("kpi.residents_per_officer"))
    assert per_officer.proto.delta == f"понад норму 7{NBSP}000"  # urban norm
    assert len(at.get("plotly_chart")) == 6
    text = " ".join(x.value for x in at.markdown)
    assert "Петренко Іван Петрович" in text and r"\+380 50 111 11 11" in text
    assert "Коваль" not in text  # left before the reporting date


def test_the_trend_marks_the_deployment_month(fixture_env: Path) -> None:
    at = open_profile(hromada=A)
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    trend = next(
        c for c in charts if any("офіцер з" in a.get("text", "") for a in c["layout"].get("annotations", []))
    )
    assert any(s.get("x0", "").startswith("2019-09-01") for s in trend["layout"]["shapes"])


def test_sidebar_period_changes_the_values(fixture_env: Path) -> None:
    at = open_profile(hromada=A)
    at.sidebar.selectbox(key="period").set_value("y2025").run()
    m = metrics(at)
    assert m[t("kpi.offences")] == "4"  # the four thefts of March 2025
    assert m[t("kpi.poisson_z")] == "+2,8"  # vs 0 in 2024: √2(√4 − 0) = 2.828 (the old 2(√4 − 0) = 4)


def test_english(fixture_env: Path) -> None:
    at = open_profile(hromada=A, lang="en")
    m = metrics(at)
    assert m["Population (2022 estimate)"] == "11,158"
    assert m[t("kpi.median_response", "en")] == "20.0\u00a0min"
    assert at.toggle(key="profile_print").label == "Print view"


def test_without_a_hromada_offers_a_picker(fixture_env: Path) -> None:
    at = open_profile()
    assert any(t("pg.profile.pick_hint") == i.value for i in at.info)
    at.selectbox(key="profile_pick").set_value(B).run()
    assert not at.exception
    assert at.session_state["hromada"] == B
    assert [h.value for h in at.header] == ["Ганнівська"]


def test_a_hromada_without_data_shows_the_empty_notice(fixture_env: Path) -> None:
    at = open_profile(hromada=NO_DATA_HROMADA)
    assert [h.value for h in at.header] == ["Благовіщенська"]  # the reference facts are still there
    assert any(t("notice.empty_filter") == i.value for i in at.info)
    assert not at.get("plotly_chart")


def test_in_training_and_small_survey(fixture_env: Path) -> None:
    at = open_profile(hromada=C)
    assert any(t("pg.profile.no_officer") == i.value for i in at.info)
    assert any(c.value == t("pg.profile.in_pipeline", n=1) for c in at.caption)
    at = open_profile(hromada=B)
    trust = next(x for x in at.metric if x.label == t("kpi.trust"))
    assert trust.value == f"75{NBSP}%" and t("pg.profile.unreliable") in trust.proto.delta


def test_print_view_hides_the_sidebar_and_stacks_sections(fixture_env: Path) -> None:
    at = open_profile(hromada=A)
    columns_on_screen = len(at.columns)
    at.toggle(key="profile_print").set_value(True).run()
    assert not at.exception
    assert any("stSidebar" in x.value and "display:none" in x.value for x in at.markdown)
    assert len(at.columns) < columns_on_screen


# --- the partner view (login on) ---------------------------------------------------------------------------
def test_partner_sees_no_personal_data_and_no_small_sensitive_counts(
    fixture_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboard.auth.ratelimit import reset_limiter
    from tests.auth_helpers import OFFICER_NEEDLES, PASSWORDS, element_texts, make_auth_env

    make_auth_env(fixture_data_dir, monkeypatch)
    try:
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.run()
        at.text_input(key="login_user").input("ptn")
        at.text_input(key="login_password").input(PASSWORDS["ptn"])
        next(b for b in at.button if b.label == t("auth.submit")).click().run()
        at.session_state["hromada"] = B
        at.switch_page("dashboard/pages/profile.py").run()
        assert not at.exception
        shown = "\n".join(element_texts(at))
        assert [n for n in OFFICER_NEEDLES[B] if n in shown] == []
        # B's only offences are 3 domestic-violence reports: rounded to base 5 at the source, the table
        # and the total both show the rounded count (so the total reveals nothing more), and no z.
        # (A rounded 0 leaves no category row at all: then there is no table.)
        for table in (d.value for d in at.dataframe if "category" in d.value.columns):
            assert (pd.to_numeric(table["n"], errors="coerce").dropna() % 5 == 0).all()
        offences = next(x for x in at.metric if x.label == t("kpi.offences", "en"))
        assert int(offences.value.replace(",", "")) % 5 == 0
        assert t("notice.partner_view", "en") in shown
    finally:
        reset_limiter()
