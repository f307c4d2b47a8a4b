"""The trust page on the hand-made fixture: survey shares ± margin, the wave change, DV reports, filters.

Fixture surveys (tests/fixture_snapshot.py): A (population 11 158) and S (9 946) 2025-05-15 (200 asked,
trust 130; 100 asked, trust 40), A 2025-11-15 (200 asked; trust 100, safe 110, knows 60),
A 2026-05-15 (200; 120, 130, 90), B (3 473) 2026-05-15 (80; 60, 50, 40: n < 100). Period: 2025-11 .. 2026-10.
Oblast figures are population-weighted over the hromadas surveyed (stratified), never pooled:
- 2025 H1 (A + S): w_A = 11 158 / 21 104 = 0.528715, w_S = 0.471285;
  p = 0.528715·0.65 + 0.471285·0.40 = 0.532179 (pooled 170/300 = 0.566667 would be wrong);
  Var = 0.528715²·0.65·0.35/200 + 0.471285²·0.40·0.60/100 = 0.000318 + 0.000533 = 0.000851,
  moe = 1.96·√0.000851 = 0.057178 → 53.2 % ± 5.7 pp, the INDICATORS.md example.
- Latest wave 2026 H1 (A + B): w_A = 11 158 / 14 631 = 0.762628, w_B = 0.237372;
  trust p = 0.762628·0.60 + 0.237372·0.75 = 0.635606 (pooled 180/280 = 0.642857),
  Var = 0.762628²·0.24/200 + 0.237372²·0.1875/80 = 0.000830, moe = 0.056466.
The change vs 2025 H2 uses A only (the one hromada in both waves, weight 1): 120/200 − 100/200 = +0.10,
moe = 1.96·√(0.6·0.4/200 + 0.5·0.5/200) = 0.0970 → beyond the margin (green).
Domestic violence: B, 3 reports in 2026-06 (period) vs 1 in 2025-06: change +2, z = 2(√3 − 1) = 1.46.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.auth.policy import DataPolicy
from dashboard.charts.trust import dv_kpi, hromada_share_figure, trust_dv_figure
from dashboard.disclosure import connect_partner_view
from dashboard.formatting import fmt_int
from dashboard.i18n import t
from dashboard.queries import trust as q
from tests.fixture_snapshot import A, B, C
from tests.page_helpers import open_app_page

APP = Path(__file__).resolve().parent.parent / "app.py"
NBSP = "\u00a0"
MONTH_FROM, MONTH_TO = dt.date(2025, 11, 1), dt.date(2026, 10, 1)
# The window compared with (periods.year_on_year): the same months a year earlier.
PREV = {"prev_from": dt.date(2024, 11, 1), "prev_to": dt.date(2025, 10, 1)}
WHOLE = {"raion": None, "hromada": None}


def open_page(**state) -> AppTest:
    return open_app_page("trust", **state)


def metrics(at: AppTest) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.proto.delta) for m in at.metric}


# --- query wrappers ---------------------------------------------------------------------------------------
def test_waves_are_population_weighted(con) -> None:
    waves = q.trust_waves(con, month_to=MONTH_TO, **WHOLE)
    assert [pd.Timestamp(w).date() for w in waves["wave"]] == [
        dt.date(2025, 1, 1),
        dt.date(2025, 7, 1),
        dt.date(2026, 1, 1),
    ]
    # The INDICATORS.md example, worked by hand in the module docstring: 53.2 % ± 5.7 pp, not 56.7 %.
    first = waves.iloc[0]
    assert (first["respondents"], first["n_hromadas"], first["population_surveyed"]) == (300, 2, 21_104)
    assert first["trust_share"] == pytest.approx(0.532179, abs=1e-6)
    assert first["trust_moe"] == pytest.approx(0.057178, abs=1e-6)
    assert round(first["trust_share"] * 100, 1) == 53.2 and round(first["trust_moe"] * 100, 1) == 5.7
    assert first["resident_share"] == pytest.approx(21_104 / 903_712)
    last = waves.iloc[-1]
    assert (last["respondents"], last["n_hromadas"], last["population_surveyed"]) == (280, 2, 14_631)
    assert last["trust_share"] == pytest.approx(0.635606, abs=1e-6)
    assert last["trust_moe"] == pytest.approx(0.056466, abs=1e-6)
    # knows: 0.762628·0.45 + 0.237372·0.50 = 0.461869
    assert last["knows_officer_share"] == pytest.approx(0.461869, abs=1e-6)
    # The raion of A and S (Кропивницький): in 2025 H1 the same two hromadas, so the same figure.
    raion = q.trust_waves(con, month_to=MONTH_TO, raion=A[:6], hromada=None)
    assert raion.iloc[0]["trust_share"] == pytest.approx(first["trust_share"])
    assert raion.iloc[0]["resident_share"] > first["resident_share"]
    # Scoped to B alone: 80 respondents, below the reliability threshold of 100.
    only_b = q.trust_waves(con, month_to=MONTH_TO, raion=None, hromada=B)
    assert len(only_b) == 1 and not only_b.iloc[0]["trust_reliable"]


def test_latest_wave_and_matched_change(con) -> None:
    waves = q.trust_waves(con, month_to=MONTH_TO, **WHOLE)
    wave = q.latest_wave(waves, MONTH_FROM, MONTH_TO)
    assert wave == q.Wave(dt.date(2026, 1, 1), dt.date(2026, 6, 30), dt.date(2026, 5, 15), True)
    change = q.trust_wave_change(con, date_from=wave.start, date_to=wave.end, **WHOLE).iloc[0]
    assert pd.Timestamp(change["prev_wave"]).date() == dt.date(2025, 7, 1)
    assert change["n_hromadas"] == 1  # only A was surveyed in both waves
    assert change["trust_change"] == pytest.approx(0.10)
    assert change["trust_change_moe"] == pytest.approx(0.0970151, abs=1e-6)
    assert bool(change["trust_significant"])
    # 2025 H2 against 2025 H1: again only A (S was not surveyed again): 100/200 − 130/200 = −0.15,
    # moe = 1.96·√(0.5·0.5/200 + 0.65·0.35/200) = 0.0962.
    earlier = q.trust_wave_change(con, date_from=dt.date(2025, 7, 1), date_to=dt.date(2025, 12, 31), **WHOLE)
    assert earlier.iloc[0]["n_hromadas"] == 1
    assert earlier.iloc[0]["trust_change"] == pytest.approx(-0.15)
    assert earlier.iloc[0]["trust_change_moe"] == pytest.approx(1.96 * (0.25 / 200 + 0.2275 / 200) ** 0.5)
    # The first wave has no earlier one: no row of hromadas, prev_wave empty.
    first = q.trust_wave_change(con, date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 6, 30), **WHOLE)
    assert first.iloc[0]["n_hromadas"] == 0 and pd.isna(first.iloc[0]["prev_wave"])
    assert pd.isna(first.iloc[0]["trust_change"]) and not first.iloc[0]["trust_significant"]
    # A 3-month period (2026-08 .. 2026-10) holds no survey: the latest wave before it, flagged.
    short = q.latest_wave(waves, dt.date(2026, 8, 1), MONTH_TO)
    assert short is not None and not short.in_period
    assert q.latest_wave(waves.iloc[0:0], MONTH_FROM, MONTH_TO) is None


def test_by_hromada_latest_survey_and_previous(con) -> None:
    frame = q.trust_by_hromada(con, date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 6, 30), raion=None)
    assert len(frame) == 49  # every hromada, surveyed or not
    a = frame.set_index("hromada").loc[A]
    assert a["trust_share"] == pytest.approx(0.6) and a["trust_moe"] == pytest.approx(0.0678964, abs=1e-6)
    assert a["prev_respondents"] == 200 and a["trust_change"] == pytest.approx(0.10)
    b = frame.set_index("hromada").loc[B]
    assert not b["trust_reliable"] and pd.isna(b["trust_change"])  # no earlier survey of B
    assert frame["survey_date"].notna().sum() == 2


def test_domestic_violence_wrappers(con) -> None:
    period = q.trust_dv_period(con, month_from=MONTH_FROM, month_to=MONTH_TO, **PREV, **WHOLE).iloc[0]
    assert (period["n_current"], period["n_previous"], period["change"]) == (3, 1, 2)
    assert period["z"] == pytest.approx(2**0.5 * (3**0.5 - 1))  # 3 vs 1: 1.0353; E-test p = 0.444
    assert period["level"] == "none"
    halves = q.trust_dv_half_years(con, month_to=MONTH_TO, **WHOLE).set_index("half_year")
    h1 = halves.loc[pd.Timestamp("2026-01-01")]
    assert h1["n"] == 3 and h1["rate_per_10k"] == pytest.approx(3 / 903_712 * 10_000)
    current = halves.loc[pd.Timestamp("2026-07-01")]
    assert current["n"] == 0 and current["n_months"] == 4 and current["partial"]  # Jul..Oct 2026


def test_partner_view_reads_rounded_dv_counts(fixture_data_dir) -> None:
    """The partner's connection rounds each DV cell to base 5 (dashboard/disclosure.py); the card shows the
    rounded count, says the change test is withheld, and the figure draws the rounded rates."""
    partner = DataPolicy(role="partner")
    path = fixture_data_dir / "snapshots" / "2026-10-31.duckdb"
    with connect_partner_view(path, key="trust-test") as view:
        kwargs = {"month_from": MONTH_FROM, "month_to": MONTH_TO, **PREV, **WHOLE}
        period = partner.run(view, q.trust_dv_period, **kwargs).iloc[0]
        halves = partner.run(view, q.trust_dv_half_years, month_to=MONTH_TO, **WHOLE)
        waves = partner.run(view, q.trust_waves, month_to=MONTH_TO, **WHOLE)
    assert period["n_current"] % 5 == 0 and period["n_previous"] % 5 == 0
    assert period["z"] is None and period["level"] is None
    card = dv_kpi(period, lang="uk")
    assert card["value"] == fmt_int(period["n_current"], "uk")
    assert t("notice.tests_withheld", "uk") in card["help"]
    assert (halves["n"] % 5 == 0).all()
    fig = trust_dv_figure(waves, halves, lang="en", period_from=MONTH_FROM, period_to=MONTH_TO)
    bars = next(trace for trace in fig.data if trace.type == "bar")
    assert len(bars.x) == len(halves)


# --- the page ---------------------------------------------------------------------------------------------
def test_page_shows_the_latest_wave_with_margins(fixture_env) -> None:
    at = open_page()
    cards = metrics(at)
    assert cards["Довіра до поліції"] == (f"63,6{NBSP}% ± 5,6", "+10,0 в. п.")  # weighted, see above
    assert cards["Знають свого офіцера"][0] == f"46,2{NBSP}% ± 5,9"
    assert cards["Домашнє насильство"] == ("3", "+2")
    assert len(at.get("plotly_chart")) == 2
    assert any("Не опитано в цій хвилі (47)" in c.value for c in at.caption)
    assert any("Мала кількість" in c.value for c in at.caption)  # 3 reports: the small-numbers note


def test_hromada_filter_and_unreliable_flag(fixture_env) -> None:
    at = open_page(hromada=A)
    assert metrics(at)["Довіра до поліції"][0] == f"60,0{NBSP}% ± 6,8"
    at = open_page(hromada=B)
    labels = [m.label for m in at.metric]
    assert "Довіра до поліції :material/warning:" in labels  # n = 80 < 100
    assert any("менше ніж 100" in w.value for w in at.warning)


def test_language_switch(fixture_env) -> None:
    at = open_page(lang="en")
    assert metrics(at)["Trust in the police"][0] == "63.6% ± 5.6"
    assert at.get("plotly_chart")


def test_hromada_without_data_shows_the_empty_state(fixture_env) -> None:
    at = open_page(hromada=C)  # no survey, no domestic-violence report
    assert not at.get("plotly_chart")
    assert any("даних немає" in i.value for i in at.info)


def test_hromada_chart_is_capped_for_national_snapshots() -> None:
    # 100 hromadas with shares 0.00 .. 0.99: the chart draws the 30 lowest and the 30 highest only.
    n = 100
    frame = pd.DataFrame(
        {
            "hromada": [f"H{i:03d}" for i in range(n)],
            "name_uk": [f"Громада {i}" for i in range(n)],
            "name_en": [f"Hromada {i}" for i in range(n)],
            "survey_date": pd.Timestamp("2026-05-15"),
            "respondents": 150,
            "trust_share": [i / n for i in range(n)],
            "trust_moe": 0.05,
            "trust_reliable": True,
        }
    )
    fig = hromada_share_figure(
        frame, lang="uk", indicator="trust", reference=0.5, scope_label="область", highlight=None
    )
    shown = [y for trace in fig.data for y in trace.y]
    assert len(shown) == 60 and "Громада 0" in shown and "Громада 99" in shown and "Громада 50" not in shown


def test_shares_near_0_or_1_or_with_few_respondents_show_the_wilson_interval() -> None:
    from dashboard.charts.common import share_margin_text, share_with_margin_text
    from dashboard.charts.trust import hromada_table, share_text

    # p = 0 never shows «± 0», whatever n
    for n in (10, 100, 1_000):
        assert "±" not in share_margin_text(0.0, 0.0, n, "uk")
        assert "±" not in share_with_margin_text(1.0, 0.0, n, "en")
    assert share_with_margin_text(0.0, 0.0, 10, "uk") == f"0,0{NBSP}% (95{NBSP}% інтервал 0,0–27,8{NBSP}%)"
    assert share_margin_text(0.0, 0.0, 10, "en") == "95 % interval 0.0–27.8%"
    # n ≥ 100 and 10–90 %: share ± moe as before
    assert share_with_margin_text(0.532, 0.057, 300, "uk") == f"53,2{NBSP}% ± 5,7{NBSP}в. п."
    assert share_text(0.643, 0.056, 300, "uk") == f"64,3{NBSP}% ± 5,6"
    # the per-hromada table: 80 respondents (unreliable) and 0 of 150 get the Wilson interval
    frame = pd.DataFrame(
        {
            "name_uk": ["Перша", "Друга", "Третя"],
            "name_en": ["First", "Second", "Third"],
            "survey_date": pd.to_datetime(["2026-05-15"] * 3),
            "respondents": [200, 80, 150],
            "trust_share": [0.6, 0.75, 0.0],
            "trust_moe": [0.0679, 0.0949, 0.0],
            "trust_change": [float("nan")] * 3,
            "trust_significant": [False] * 3,
            "trust_reliable": [True, False, True],
        }
    )
    margins = hromada_table(frame, lang="uk", indicator="trust").set_index("hromada")["margin"]
    assert margins["Перша"].startswith("± 6,8")
    assert margins["Друга"] == f"95{NBSP}% інтервал 64,5–83,2{NBSP}%"  # statsmodels: (0.6452, 0.8319)
    assert margins["Третя"].startswith(f"95{NBSP}% інтервал 0,0–2,")
