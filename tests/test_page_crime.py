"""The crime-and-prevention page and its query wrappers on the hand-made fixture (tests/fixture_snapshot.py).

Hand computation at 2026-10-31, default period 2025-11 .. 2026-10 against 2024-11 .. 2025-10:
  theft (A) 9 vs 4: change +5, z = 2(√9 − √4) = 2.0 → watch; solved 3 → 33 %
  domestic violence (B) 3 vs 1: +2, z = 2(√3 − 1) = 1.46; solved 3 → 100 %
  fraud (C) 2 vs 0: z = 2√2 = 2.83 → watch; burglary (A) 1 vs 0: z = 2.0 → watch
  All: 15 vs 5 → +10, z = 2(√15 − √5) = 3.27 → «+3,3», signal; per 10 000: 15 ÷ 903 712 × 10 000 = 0.166
  → «0,2»; clearance (3 + 3) ÷ 15 = 40 %. No % change anywhere: every year-earlier count is below 20.
  Calls with an arrival: 10, 20, 30 (A), 40 (B) min → median 25, P90 = 30 + 0.7 × 10 = 37; n = 4 of 5.
  Hromada A only: 9 + 1 = 10 offences vs 4 → +6; calls 10, 20, 30 → median 20 min.
Deployment months: A 2019-09 (O1), B 2019-10 (O3); C never. Offence data start in 2019-01 (A-old), so
neither hromada has 12 months of data before deployment: before/after includes none, and the 2019 wave
(pre 2018-09 .. 2019-08) cannot be compared: the page says so instead of computing on a partial window.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import indicators as ind
from dashboard.auth.policy import DataPolicy
from dashboard.charts.crime import category_table, offence_kpis, trend_figure
from dashboard.disclosure import connect_partner_view
from dashboard.formatting import fmt_int, fmt_minutes, fmt_pct
from dashboard.i18n import t
from dashboard.queries import crime as q
from tests.fixture_snapshot import LATEST_DATE, A, B, C
from tests.page_helpers import metrics, open_app_page

APP = Path(__file__).resolve().parent.parent / "app.py"
PERIOD = {"month_from": dt.date(2025, 11, 1), "month_to": dt.date(2026, 10, 1)}
# The period and the window compared with (periods.year_on_year: the same months a year earlier).
COMPARED = {**PERIOD, "prev_from": dt.date(2024, 11, 1), "prev_to": dt.date(2025, 10, 1)}
WHOLE = {"raion": None, "hromada": None}
EMPTY_HROMADA = "UA35020010000028961"  # Благовіщенська: no offence, no call in the fixture


def open_page(**state) -> AppTest:
    return open_app_page("crime", **state)


def infos(at: AppTest) -> str:
    return "\n".join(info.value for info in at.info)


# --- query wrappers ------------------------------------------------------------------------------------
def test_by_category(con) -> None:
    df = q.crime_by_category(con, **COMPARED, **WHOLE).set_index("category")
    assert list(df.index) == ["theft", "domestic_violence", "fraud", "burglary"]  # most frequent first
    assert df["n"].tolist() == [9, 3, 2, 1] and df["n_prev"].tolist() == [4, 1, 0, 0]
    assert df["change"].tolist() == [5, 2, 2, 1]
    # theft 9 vs 4: z = √2(3 − 2) = 1.414214, E-test p = 0.183 → none (the old 2(3 − 2) = 2 said "watch")
    assert df.loc["theft", "z"] == pytest.approx(1.414214) and df.loc["theft", "level"] == "none"
    assert df.loc["theft", "p"] == pytest.approx(0.182978, abs=1e-5)
    # domestic violence 3 vs 1: √2(√3 − 1) = 1.035276, p = 0.444
    assert (
        df.loc["domestic_violence", "z"] == pytest.approx(1.035276)
        and df.loc["domestic_violence", "level"] == "none"
    )
    # fraud 2 vs 0: √2·√2 = 2.0 (was 2√2 = 2.828427), p = 0.197 → none
    assert df.loc["fraud", "z"] == pytest.approx(2.0) and df.loc["fraud", "level"] == "none"
    assert df["pct_change"].isna().all()  # every year-earlier count < 20
    assert df.loc["theft", "clearance"] == pytest.approx(1 / 3)
    assert (df["population"] == 903_712).all() and df["small"].all()
    assert df.loc["theft", "rate_per_10k"] == pytest.approx(9 / 903_712 * 10_000)


def test_monthly_zero_filled_with_the_year_before(con) -> None:
    df = q.crime_monthly(con, **PERIOD, **WHOLE, category=None)
    assert len(df) == 24 and df["in_period"].sum() == 12
    assert df.loc[df["in_period"], "n"].sum() == 15 and df.loc[~df["in_period"], "n"].sum() == 5
    march = df.set_index("month").loc[pd.Timestamp("2026-03-01")]
    assert (march["n"], march["solved"]) == (9, 3)
    theft = q.crime_monthly(con, **PERIOD, raion=None, hromada=A, category="theft")
    assert theft["n"].sum() == 13


def test_response_times(con) -> None:
    df = q.crime_response(con, **PERIOD, **WHOLE)
    total = df[df["is_total"]].iloc[0]
    assert (total["n_calls"], total["n"], total["median_min"], total["p90_min"]) == (5, 4, 25.0, 37.0)
    may = df.set_index("month").loc[pd.Timestamp("2026-05-01")]
    assert may["n_calls"] == 1 and may["n"] == 0 and pd.isna(may["median_min"])
    a = q.crime_response(con, **PERIOD, raion=None, hromada=A)
    assert a[a["is_total"]].iloc[0]["median_min"] == 20.0


def test_response_around_station_needs_both_windows(con) -> None:
    # S1 opened in A in January 2020; calls start in February 2026: no complete window.
    df = q.crime_response_station(con, **WHOLE, reporting_date=LATEST_DATE)
    assert df["is_total"].all() and df.iloc[0]["n_before"] == 0


def test_deployment_range_and_event_counts(con) -> None:
    dep = q.crime_deployment(con, **WHOLE).set_index("hromada")
    assert len(dep) == 49 and dep["in_scope"].all()
    assert dep.loc[A, "deployment_month"] == pd.Timestamp("2019-09-01")
    assert dep.loc[B, "deployment_month"] == pd.Timestamp("2019-10-01")
    assert pd.isna(dep.loc[C, "deployment_month"]) and dep.loc[A, "population"] == 11_158
    scoped = q.crime_deployment(con, raion=None, hromada=B)
    assert scoped["in_scope"].sum() == 1

    span = q.crime_data_range(con, reporting_date=LATEST_DATE).iloc[0]
    assert (span["first_month"], span["last_month"]) == (
        pd.Timestamp("2019-01-01"),
        pd.Timestamp("2026-10-01"),
    )
    events = q.crime_event_counts(con, **WHOLE, category=None)
    assert events.values.tolist() == [[A, pd.Timestamp("2019-01-01"), 5]]  # A-old, 8 months before deployment

    waves = ind.deployment_waves(
        dep["deployment_month"], first_month=span["first_month"], last_month=span["last_month"]
    )
    assert [(w.year, w.hromadas, w.complete) for w in waves] == [(2019, (A, B), False)]
    wave_counts = q.crime_wave_counts(con, **PERIOD, category="theft")
    assert wave_counts.values.tolist() == [[A, pd.Timestamp("2026-03-01"), 9]]


def test_seasonality_complete_years(con) -> None:
    yearly = q.crime_seasonality(con, raion=None, hromada=A, category="theft", reporting_date=LATEST_DATE)
    assert sorted(yearly["year"].unique()) == list(range(2019, 2026)) and len(yearly) == 84
    profile = ind.seasonal_profile(yearly).set_index("month_of_year")
    # January: 5 thefts in 2019 and none in the 6 other years → 5 ÷ 7; March: 4 in 2025 → 4 ÷ 7
    assert profile.loc[1, "mean"] == pytest.approx(5 / 7) and profile.loc[3, "mean"] == pytest.approx(4 / 7)


PARTNER = DataPolicy("partner")


# --- pure builders -------------------------------------------------------------------------------------
def test_partner_view_rounds_domestic_violence_and_withholds_its_test(fixture_data_dir) -> None:
    """The partner's connection rounds each DV cell to base 5 at the source: the table shows the rounded
    count, no z and no verdict for it («—»), and the other categories unchanged."""
    path = fixture_data_dir / "snapshots" / "2026-10-31.duckdb"
    with connect_partner_view(path, key="crime-test") as view:
        df = PARTNER.run(view, q.crime_by_category, **COMPARED, **WHOLE)
        monthly = PARTNER.run(
            view, q.crime_monthly, **PERIOD, raion=None, hromada=B, category="domestic_violence"
        )
    shown = category_table(df, lang="uk")[0].data.set_index("category")
    dv = shown.loc[t("offence.domestic_violence")]
    assert dv["n"] % 5 == 0 and dv["n_prev"] % 5 == 0  # 3 and 1 in truth
    assert dv["z"] == "—" and dv["signal"] == "—"
    assert shown.loc[t("offence.theft"), "n"] == 9
    assert (monthly["n"].dropna() % 5 == 0).all()
    assert all(pd.isna(y) or y % 5 == 0 for y in trend_figure(monthly, lang="uk").data[1].y)


def test_kpis_from_the_category_frame(con) -> None:
    df = q.crime_by_category(con, **COMPARED, **WHOLE)
    kpis = {k["label"]: k for k in offence_kpis(df, None, lang="uk")}
    assert kpis[t("kpi.offences")]["value"] == "15"
    assert kpis[t("kpi.offences")]["delta"]["delta"] == "+10"
    assert kpis[t("kpi.offences")]["delta"]["delta_color"] == "red"  # more offences is worse
    assert kpis[t("kpi.poisson_z")]["value"] == "+2,3"  # 15 vs 5: √2(√15 − √5) = 2.3149
    assert t("kpi.median_response") not in kpis  # no response figures without calls


# --- the page ------------------------------------------------------------------------------------------
def test_page_shows_hand_computed_values(fixture_env) -> None:
    at = open_page()
    values = metrics(at)
    assert values[t("kpi.offences")] == "15"
    assert values[t("pg.crime.kpi_rate")] == "0,2"
    assert values[t("kpi.poisson_z")] == "+2,3"  # √2(√15 − √5) = 2.3149 (the old 2(√15 − √5) = 3.27)
    assert values[t("kpi.clearance")] == fmt_pct(0.4, 0)
    assert values[t("kpi.median_response")] == fmt_minutes(25)
    assert values[t("kpi.p90_response")] == fmt_minutes(37)
    z_card = next(m for m in at.metric if m.label == t("kpi.poisson_z"))
    assert z_card.delta == t("signal.watch")  # E-test 15 vs 5: p = 0.0250 < 0.05 (was "signal" at |z| ≥ 3)
    # categories, trend, seasonality, clearance, the rollout event study, response times
    assert len(at.get("plotly_chart")) == 6
    text = infos(at)
    assert t("notice.dv_reporting") in text
    assert t("pg.crime.ba_none", first="січень 2019") in text
    assert "2019" in at.selectbox(key="crime_wave").value


def test_hromada_filter_and_category_choice(fixture_env) -> None:
    at = open_page(hromada=A)
    values = metrics(at)
    assert values[t("kpi.offences")] == "10"
    assert values[t("kpi.median_response")] == fmt_minutes(20)
    at.selectbox(key="crime_category").set_value("theft").run()
    assert not at.exception
    assert at.query_params["crime_category"] == "theft"  # a shareable link reopens the same view
    at.toggle(key="crime_station").set_value(True).run()
    assert t("pg.crime.station_none") in infos(at)


def test_english_labels(fixture_env) -> None:
    at = open_page(lang="en")
    assert at.title[0].value == t("page.crime.title", "en")
    assert metrics(at)[t("kpi.offences", "en")] == "15"
    assert metrics(at)[t("kpi.median_response", "en")] == fmt_minutes(25, "en")


def test_empty_hromada_shows_the_empty_state(fixture_env) -> None:
    at = open_page(hromada=EMPTY_HROMADA)
    assert t("notice.empty_filter") in infos(at)
    assert not at.get("plotly_chart") and not at.metric


def test_wdd_view_scales_the_controls_and_says_k() -> None:
    # The fixture has no complete wave: a hand-made one. Treated T (10,000 residents) deployed 2020-01;
    # controls C1 + C2 (40,000) never: k = 0.25.
    from dashboard.views import crime as view

    months = pd.date_range("2019-01-01", "2020-12-01", freq="MS")
    rows = [("T", m.date(), 2 if m.year == 2019 else 1) for m in months]
    rows += [(h, m.date(), 2 if m.year == 2019 else 4) for h in ("C1", "C2") for m in months]
    counts = pd.DataFrame(rows, columns=["hromada", "month", "n"])
    deployment = pd.DataFrame(
        {
            "hromada": ["T", "C1", "C2"],
            "deployment_month": pd.to_datetime(["2020-01-01", None, None]),
            "population": [10_000, 15_000, 25_000],
        }
    )
    window = {"first_month": dt.date(2019, 1, 1), "last_month": dt.date(2020, 12, 1), "window": 11}
    (wave,) = ind.deployment_waves(deployment.set_index("hromada")["deployment_month"], **window)
    del window["window"]
    out = view.wdd(counts, deployment, wave, window, lang="uk", withhold_tests=False)
    values = {k.label: k.value for k in out.kpis}
    # wave 2020-01, pre 2019-02..2019-12, post 2020-02..2020-12: T 22 → 11, controls 44 → 88
    assert values["WDD"] == "−22"  # −11 − 0.25 × 44
    assert out.scaling == t(
        "pg.crime.wdd_scaling", k="0,250", pop_treated=fmt_int(10_000), pop_controls=fmt_int(40_000)
    )
    assert "k = 0,250" in out.scaling
