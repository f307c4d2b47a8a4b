"""The overview page on the hand-made fixture: KPI values, deltas, funnel, trends, what changed.

Fixture (tests/fixture_snapshot.py): latest 2026-10-31, previous 2026-09-30; period 2025-11 .. 2026-10.
- Covered at 2026-10-31: A (O1) and B (O3) = 2 of 49; pilots 2 of 20; O2 left A on 2026-10-15.
  Population covered 11 158 + 3 473 = 14 631 of 903 712 = 1,619 % → «1,6 %».
- Residents per officer: 14 631 ÷ 2 = 7 315,5 → «7 316»; at 2026-09-30: 14 631 ÷ 3 = 4 877 → +2 438,5 → «+2 439».
  A alone: 11 158 per officer > 7 000 (urban) → 1 hromada above the norm.
- Kit (one office, vehicle, tablet per officer on duty): now A needs 1 (has 1, 1, 2 → 1, 1, 1), B needs 1
  (1, 0, 1) → 5 ÷ 6 = 83,3 %; at 2026-09-30 A needs 2 (1, 1, 2) + B (1, 0, 1) → 6 ÷ 9 = 66,7 % → +16,7 в. п.
- Offences 12 months: 15, the same months a year earlier 5 → z = √2(√15 − √5) = 2,31 → «2,3»; E-test
  p = 0,025 → watch (the old 2(√15 − √5) = 3,27 said signal).
  Rate 15 ÷ 903 712 × 10 000 = 0,166 → «0,2». Previous snapshot's 12 months (2025-10 .. 2026-09): 14.
- Response (minutes): now 10, 20, 30, 40 → median 25, P90 = 30 + 0,7 × 10 = 37; before 10, 20, 40 → 20.
- Trust, wave 2026 H1: A 120/200 + B 60/80 = 180/280 = 64,29 %; moe 1,96·√(p(1−p)/280) = 5,6 в. п.
- Funnel: selected 4 officers in 3 hromadas; training 4 (O4 started 2026-10-01), median of 61, 5, 61,
  30 days = 45,5; deployment 3 officers in 2 hromadas, median of 123, 46, 153 = 123 days; station open:
  A (first deployed 2019-09-01, station 2020-01-15) = 136 days, officers deployed there O1, O2 = 2.
- What changed since 2026-09-30: O2 left (A); nothing newly covered or vacant; rows: activities 3 → 6,
  offences 24 → 25, calls 4 → 5.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import reference
from dashboard.i18n import t
from dashboard.queries import overview as q
from dashboard.snapshots import connect_readonly
from dashboard.views import overview as view
from tests.fixture_snapshot import LATEST_DATE, PREVIOUS_DATE, A, B, C, S
from tests.page_helpers import open_app_page

APP = Path(__file__).resolve().parent.parent / "app.py"
PERIOD = {"month_from": dt.date(2025, 11, 1), "month_to": dt.date(2026, 10, 1)}
OBLAST = {"raion": None, "hromada": None}
NOVOUKRAINSKYI = "UA35060000000086172"  # B's raion
EMPTY_HROMADA = "UA35020010000028961"  # Благовіщенська: no record at all in the fixture


def open_page(**state) -> AppTest:
    return open_app_page("overview", **state)


def cards(at: AppTest) -> dict[str, tuple[str, str]]:
    """label → (value, delta) of the KPI cards."""
    return {m.label: (m.value, m.proto.delta) for m in at.metric}


@pytest.fixture()
def con_prev(fixture_data_dir: Path):
    with connect_readonly(
        fixture_data_dir / "snapshots" / f"{PREVIOUS_DATE.isoformat()}.duckdb"
    ) as connection:
        yield connection


# --- the page ---------------------------------------------------------------------------------------------
def test_kpis_against_the_previous_snapshot(fixture_env) -> None:
    at = open_page()
    kpis = cards(at)
    assert kpis["Охоплено громад"] == ("2 з 49", "0")
    assert kpis["Охоплено населення"] == ("1,6\u00a0%", "0,0\u00a0в. п.")
    assert kpis["Офіцерів на службі"] == ("2", "−1")
    assert kpis["Мешканців на одного офіцера"] == ("7\u00a0316", "+2\u00a0439")
    assert kpis["Забезпечення офіцерів"] == ("83,3\u00a0%", "+16,7\u00a0в. п.")
    assert kpis["Правопорушень на 10\u00a0тис."] == ("0,2", "0,0")
    assert kpis["Медіанний час реагування"] == ("25,0\u00a0хв", "+5,0")
    # Population-weighted (not 180/280 = 64,3 %); the previous snapshot shows the same wave: no delta.
    assert kpis["Довіра до поліції"] == ("63,6 ± 5,6\u00a0%", "")
    notes = next(c.value for c in at.caption if c.value.startswith("Зміни на картках"))
    assert "Правопорушень за період: 15, за той самий період минулого року: 5; зміна +10" in notes
    assert "z\u00a0=\u00a02,3 (увага)" in notes
    assert "за 4 викликами" in notes and "(без нього: 1)" in notes and "37,0\u00a0хв" in notes
    assert (
        "280 опитаних; зважено за населенням опитаних громад (2 громади), де живе 1,6\u00a0% мешканців"
        in notes
    )
    assert "Довіра: зміну не показано — база порівняння показує ту саму хвилю опитувань" in notes
    assert "Понад норму" in notes and "1 громада з 2 охоплених" in notes
    assert "Кабінет — 2 з 2; Службовий автомобіль — 1 з 2; Планшет — 2 з 2" in notes
    assert "Охоплено пілотних громад (з них проєкт почався 2019 року): 2 з 20." in notes
    # the rollout funnel, the coverage trend and the offence trend
    assert len(at.get("plotly_chart")) == 3
    # what changed since 2026-09-30
    changes = at.dataframe[1].value.set_index("what")
    assert changes.loc[t("pg.overview.change_officers_left"), "n"] == "1"
    assert changes.loc[t("pg.overview.change_officers_left"), "hromadas"] == "Бобринецька"
    assert changes.loc[t("pg.overview.change_newly_covered"), "n"] == "0"
    rows = at.dataframe[2].value.set_index("table")
    assert rows.loc[t("table.activities"), "change"] == "+3"
    assert rows.loc[t("table.offences"), "change"] == "+1"


def test_kpis_against_a_year_earlier(fixture_env) -> None:
    # 2025-10-31: O1, O2, O3 on duty (3), kit 6/9; offences 2024-11 .. 2025-10: 5; no calls; survey wave
    # 2025 H1 (A, S): the trust delta uses A only (in both waves), 60 % − 65 % = −5,0 pp, within ±9,5.
    at = open_page(overview_baseline="year")
    kpis = cards(at)
    assert kpis["Офіцерів на службі"] == ("2", "−1")
    assert kpis["Правопорушень на 10\u00a0тис."] == ("0,2", "+0,1")  # (15 − 5) ÷ 903 712 × 10⁴
    assert kpis["Медіанний час реагування"][1] == ""  # nothing to compare with: no delta at all
    assert kpis["Довіра до поліції"][1] == "−5,0\u00a0в. п."
    notes = next(c.value for c in at.caption if c.value.startswith("Зміни на картках"))
    assert "Зміна довіри порівняно з хвилею I півріччя 2025: −5,0 ± 9,5 в.\u00a0п." in notes
    assert "у межах похибки" in notes


def test_sidebar_hromada_changes_the_values(fixture_env) -> None:
    at = open_page(hromada=A, raion="UA35040000000034705")
    kpis = cards(at)
    assert kpis["Охоплено громад"][0] == "1 з 1"
    # A: 11 158 residents, 1 officer on duty, urban norm 7 000: flagged on the card itself
    assert kpis["Мешканців на одного офіцера"][0] == "11\u00a0158 · понад норму"
    assert kpis["Медіанний час реагування"][0] == "20,0\u00a0хв"  # A's calls: 10, 20, 30 minutes


def test_language_switch(fixture_env) -> None:
    at = open_page(lang="en")
    kpis = cards(at)
    assert kpis["Hromadas covered"] == ("2 of 49", "0")
    assert kpis["Residents per officer"][0] == "7,316"
    assert at.title[0].value == "Overview"


def test_a_hromada_without_data_shows_the_empty_state(fixture_env) -> None:
    at = open_page(raion="UA35020000000074289", hromada=EMPTY_HROMADA)
    assert [i.value for i in at.info] == [t("notice.empty_filter")]
    assert not at.metric


# --- query wrappers -----------------------------------------------------------------------------------------
def test_hromada_status_and_summary(con) -> None:
    status = q.hromada_status(con, **OBLAST, reporting_date=LATEST_DATE)
    assert len(status) == 49
    row = status.set_index("hromada").loc[[A, B, C]]
    assert row["officers_on_duty"].tolist() == [1, 1, 0]
    assert row["officers_ever_deployed"].tolist() == [2, 1, 0]
    assert row["officers_in_pipeline"].tolist() == [0, 0, 1]  # O4 in training
    assert row["vehicle_delivered"].tolist() == [1, 0, 0]  # B's vehicle is only planned
    summary = view.status_summary(status)
    assert (summary.n_covered, summary.n_hromadas, summary.pilot_covered, summary.n_pilot) == (2, 49, 2, 20)
    assert summary.population_covered == 14_631
    assert summary.residents_per_officer == pytest.approx(7_315.5)
    assert summary.n_above_norm == 1  # A: 11 158 > 7 000
    assert summary.norm is None  # urban and rural hromadas: two norms
    assert summary.kit_delivered == {"office": 2, "vehicle": 1, "tablet": 2}
    assert summary.kit_completeness == pytest.approx(5 / 6)


def test_period_and_response(con) -> None:
    period = q.period_kpis(con, **OBLAST, **PERIOD).iloc[0]
    assert (period["offences"], period["calls"], period["population"]) == (15, 5, 903_712)
    response = q.response_times(con, **OBLAST, **PERIOD).iloc[0]
    assert response["n_response"] == 4  # K4 has no arrival time
    assert response["response_median_min"] == pytest.approx(25.0)
    assert response["response_p90_min"] == pytest.approx(37.0)
    scoped = q.response_times(con, raion=None, hromada=C, **PERIOD).iloc[0]
    assert scoped["n_response"] == 0 and pd.isna(scoped["response_median_min"])


def test_trust_wave(con) -> None:
    wave = q.trust_wave(con, **OBLAST, month_to=PERIOD["month_to"])
    assert (wave["wave"] == pd.Timestamp("2026-01-01")).all()
    assert dict(zip(wave["hromada"], wave["respondents"], strict=True)) == {A: 200, B: 80}
    assert wave["respondents"].sum() == 280 and wave["trust_yes"].sum() == 180
    assert dict(zip(wave["hromada"], wave["population"], strict=True)) == {A: 11_158, B: 3_473}
    assert (wave["scope_population"] == 903_712).all()
    # Population-weighted, not pooled: 11 158/14 631·0.60 + 3 473/14 631·0.75 = 0.635606 (pooled 0.642857).
    assert view.trust_estimate(wave).share == pytest.approx(0.635606, abs=1e-6)
    # up to October 2025 the latest wave is 2025 H1 (A and S); up to April 2025 there was none yet.
    year_ago = q.trust_wave(con, **OBLAST, month_to=dt.date(2025, 10, 1))
    assert set(year_ago["hromada"]) == {A, S} and (year_ago["wave"] == pd.Timestamp("2025-01-01")).all()
    assert view.trust_estimate(year_ago).share == pytest.approx(0.532179, abs=1e-6)  # INDICATORS.md: 53.2 %
    assert q.trust_wave(con, **OBLAST, month_to=dt.date(2025, 4, 1)).empty


def test_trust_delta_compares_the_same_hromadas(con) -> None:
    """The trust card's delta: only the hromadas surveyed in both waves, weighted alike, with its margin."""
    now = q.trust_wave(con, **OBLAST, month_to=PERIOD["month_to"])  # 2026 H1: A, B
    year_ago = q.trust_wave(con, **OBLAST, month_to=dt.date(2025, 10, 1))  # 2025 H1: A, S
    change = view.trust_change(now, year_ago)
    # Only A in both: 120/200 − 130/200 = −0.05, moe = 1.96·√(0.6·0.4/200 + 0.65·0.35/200) = 0.0948
    assert change.reason == "" and change.n_hromadas == 1
    assert change.change == pytest.approx(-0.05)
    assert change.moe == pytest.approx(1.96 * (0.24 / 200 + 0.2275 / 200) ** 0.5)
    assert not change.significant
    assert "0,1" not in view.trust_change_note(change, "uk")  # no pooled delta (0.6429 − 0.5667 = +7.6 pp)
    assert "±" in view.trust_change_note(change, "en")
    # The same wave at the baseline (a snapshot a month earlier): no delta, and the note says why.
    same = view.trust_change(now, now)
    assert same.reason == "same_wave" and math.isnan(same.change)
    assert view.trust_change_note(same, "en").startswith("Trust: no change shown")
    only_s = year_ago[year_ago["hromada"] == S]
    assert view.trust_change(now, only_s).reason == "no_overlap"
    assert view.trust_change(now, now.iloc[0:0]).reason == "no_base"


def test_rollout_funnel(con) -> None:
    funnel = q.rollout_funnel(con, **OBLAST, reporting_date=LATEST_DATE).set_index("stage")
    assert list(funnel.index) == ["selection", "training", "deployment", "station_open"]
    assert funnel["officers"].tolist() == [4, 4, 3, 2]
    assert funnel["hromadas"].tolist() == [3, 3, 2, 1]
    assert funnel.loc["training", "median_days"] == pytest.approx(45.5)
    assert funnel.loc["deployment", "median_days"] == pytest.approx(123)
    assert funnel.loc["station_open", "median_days"] == pytest.approx(136)


def test_trends(con) -> None:
    coverage = q.coverage_trend(con, **OBLAST, reporting_date=LATEST_DATE).set_index("month")
    assert coverage.index[0] == pd.Timestamp("2019-01-01") and len(coverage) == 94
    assert coverage.loc["2019-09-01", ["officers_on_duty", "hromadas_covered"]].tolist() == [1, 1]  # O1
    assert coverage.loc["2026-09-01", ["officers_on_duty", "hromadas_covered"]].tolist() == [3, 2]
    assert coverage.loc["2026-10-01", ["officers_on_duty", "hromadas_covered"]].tolist() == [2, 2]
    offences = q.offence_trend(con, **OBLAST, reporting_date=LATEST_DATE).set_index(["month", "group"])
    # January 2019: A's 5 old thefts, before any deployment, among all 49 hromadas
    assert offences.loc[("2019-01-01", "not_covered"), ["n_hromadas", "offences"]].tolist() == [49, 5]
    march = offences.loc[("2026-03-01", "covered")]
    assert (march["n_hromadas"], march["population"], march["offences"]) == (2, 14_631, 9)
    assert march["rate_per_10k"] == pytest.approx(9 / 14_631 * 10_000)


def test_what_changed_on_the_fixture(con, con_prev) -> None:
    changes = view.what_changed(
        status_now=q.hromada_status(con, **OBLAST, reporting_date=LATEST_DATE),
        status_before=q.hromada_status(con_prev, **OBLAST, reporting_date=PREVIOUS_DATE),
        officers_now=q.officer_status(con, **OBLAST, reporting_date=LATEST_DATE),
        officers_before=q.officer_status(con_prev, **OBLAST, reporting_date=PREVIOUS_DATE),
        passport_now=q.passport_status(con, **OBLAST),
        passport_before=q.passport_status(con_prev, **OBLAST),
    ).set_index("change")
    assert list(changes.index) == list(view.CHANGE_CODES)
    assert changes.loc["officers_left", "n"] == 1 and changes.loc["officers_left", "hromadas"] == (A,)
    assert changes["n"].drop("officers_left").sum() == 0
    rows = view.row_count_changes(q.row_counts(con, **OBLAST), q.row_counts(con_prev, **OBLAST)).set_index(
        "table"
    )
    assert rows.loc["activities"].tolist() == [3, 6, 3]
    assert rows.loc["offences"].tolist() == [24, 25, 1]
    assert rows.loc["officers", "change"] == 0


def test_what_changed_by_hand() -> None:
    def status(covered: dict[str, int]) -> pd.DataFrame:
        return pd.DataFrame({"hromada": list(covered), "officers_on_duty": list(covered.values())})

    officers = pd.DataFrame(
        {"officer_id": ["o1", "o2", "o3"], "hromada": ["x", "y", "z"], "on_duty": [True, True, False]}
    )
    officers_now = pd.DataFrame(
        {
            "officer_id": ["o1", "o2", "o3", "o4"],
            "hromada": ["x", "y", "z", "z"],
            "on_duty": [True, False, True, False],
        }
    )
    passport = pd.DataFrame({"item_id": ["p1", "p2"], "hromada": ["x", "y"], "status": ["done", "planned"]})
    passport_now = pd.DataFrame(
        {"item_id": ["p1", "p2", "p3"], "hromada": ["x", "y", "z"], "status": ["done", "done", "done"]}
    )
    changes = view.what_changed(
        status_now=status({"x": 1, "y": 0, "z": 1}),
        status_before=status({"x": 1, "y": 1, "z": 0}),
        officers_now=officers_now,
        officers_before=officers,
        passport_now=passport_now,
        passport_before=passport,
    ).set_index("change")
    assert changes.loc["newly_covered"].tolist() == [1, ("z",)]
    assert changes.loc["newly_vacant"].tolist() == [1, ("y",)]
    assert changes.loc["officers_deployed"].tolist() == [1, ("z",)]  # o3
    assert changes.loc["officers_left"].tolist() == [1, ("y",)]  # o2
    assert changes.loc["officers_selected"].tolist() == [1, ("z",)]  # o4
    assert changes.loc["passport_done"].tolist() == [2, ("y", "z")]  # p2 finished, p3 new and done
    assert changes.loc["passport_new"].tolist() == [1, ("z",)]


def test_katottg_prefix_rule_of_the_scope_filters() -> None:
    # The in_scope macro (dashboard/queries/_macros.sql) scopes by raion with a 6-character KATOTTG prefix.
    hromadas = reference.hromadas()
    assert (hromadas["katottg"].str[:6] == hromadas["raion_katottg"].str[:6]).all()
    assert hromadas.groupby(hromadas["raion_katottg"].str[:6])["raion_katottg"].nunique().max() == 1
