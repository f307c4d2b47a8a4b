"""The compare page on the hand-made fixture: ranking with small numbers, funnel, peers, side by side.

Fixture (tests/fixture_snapshot.py), latest snapshot 2026-10-31, period 2025-11 .. 2026-10, category theft:
- A Бобринецька (urban, 11 158): offences 9 thefts + 1 burglary = 10, a year earlier 4 → rate
  10 ÷ 11 158 × 10 000 = 8,962 → «9,0»; change +6, z = 2(√10 − √4) = 2,325 → «+2,3», watch. 10 cases and
  11 158 residents: ranked (the only one). Thefts 9 (< 10): small for the theft rate.
  Officer-days: O1 365 + O2 348 (to 2026-10-15) = 713; activities 4 → 4 ÷ (713 ÷ 7) = 0,039 per week.
  1 officer on duty → 11 158 residents per officer, above the urban norm 7 000. Trust 120/200 = 60 %.
- B Ганнівська (rural, 3 473): 3 domestic-violence offences, 1 a year earlier; small (count and
  population). Trust 60/80 = 75 %, unreliable (n < 100).
- C Аджамська (rural, 5 851): 2 frauds, none a year earlier; small.
- The other 46 hromadas: no offences → small, not ranked.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.auth.policy import DataPolicy
from dashboard.disclosure import connect_partner_view
from dashboard.i18n import t
from dashboard.queries import compare as cq
from dashboard.snapshots import connect_readonly
from dashboard.views import compare as view
from tests.fixture_snapshot import LATEST_DATE, A, B, C
from tests.page_helpers import open_app_page

APP = Path(__file__).resolve().parent.parent / "app.py"
PERIOD = {
    "month_from": dt.date(2025, 11, 1),
    "month_to": dt.date(2026, 10, 1),
    "prev_from": dt.date(2024, 11, 1),
    "prev_to": dt.date(2025, 10, 1),
}
NOVOUKRAINSKYI = "UA35060000000086172"  # B's raion: 13 hromadas
HOLOVANIVSKYI = "UA35020000000074289"  # no data at all in the fixture


def open_page(**state) -> AppTest:
    return open_app_page("compare", **state)


@pytest.fixture()
def table(fixture_data_dir: Path) -> pd.DataFrame:
    path = fixture_data_dir / "snapshots" / f"{LATEST_DATE.isoformat()}.duckdb"
    with connect_readonly(path) as con:
        return cq.hromada_table(con, **PERIOD, raion=None, reporting_date=LATEST_DATE, category="theft")


# --- the page ---------------------------------------------------------------------------------------------
def test_ranking_scatter_and_side_by_side(fixture_env) -> None:
    at = open_page(compare_selected=[A, B])
    ranking = at.dataframe[0].value
    assert len(ranking) == 49
    first = ranking.iloc[0]
    assert (first["name"], first["rank"], first["offences"]) == ("Бобринецька", 1, 10)
    assert first["offence_rate"] == pytest.approx(10 / 11_158 * 10_000)
    assert first["rank_interval"] == "1"  # the only hromada ranked: its 90 % interval is its place
    # B and C follow by rate but are small numbers: no rank (sent as +inf, shown «—»), flagged
    assert ranking["name"].iloc[1:3].tolist() == ["Ганнівська", "Аджамська"]
    assert np.isinf(ranking["rank"].iloc[1:]).all() and ranking["small"].iloc[1:].all()
    assert len(at.get("plotly_chart")) == 1
    side = at.dataframe[1].value.set_index("indicator")
    assert list(side.columns) == [A, B]
    assert side.loc[t("pg.compare.row_offence_rate"), A] == "9,0"
    # 10 vs 4: z = √2(√10 − 2) = +1,6, E-test p = 0,120 (the old 2(√10 − 2) = +2,3 said «увага»)
    # Short, so that the cell fits: no words for "no signal" (a signal or watch keeps its word).
    assert side.loc[t("pg.compare.row_offence_change"), A] == "+6 (z\u00a0=\u00a0+1,6)"
    assert side.loc[t("kpi.residents_per_officer"), A] == "11\u00a0158 (понад норму)"
    assert side.loc[t("kpi.trust"), B].endswith(t("pg.compare.unreliable"))
    assert side.loc[t("hromada.population"), B] == "3\u00a0473"


def test_ranking_display_is_ukrainian_and_greys_small_numbers(table) -> None:
    ranked = view.rank_by(table, "offence_rate")
    html = view.ranking_styler(ranked, lang="uk", metric="offence_rate", mine=A).to_html()
    assert "11\u00a0158" in html and "8,96" not in html and "9,0" in html and "+1,6" in html
    assert "—" in html  # the ranks of small numbers
    assert view.MUTED_TEXT.lower() in html.lower() and view.MINE_BACKGROUND.lower() in html.lower()


def test_sidebar_raion_changes_the_ranking(fixture_env) -> None:
    at = open_page(raion=NOVOUKRAINSKYI)
    ranking = at.dataframe[0].value
    assert len(ranking) == 13
    assert ranking["name"].iloc[0] == "Ганнівська"
    assert np.isinf(ranking["rank"]).all()  # B is small: nobody ranked in this raion


def test_peer_group_of_my_hromada(fixture_env) -> None:
    # C is rural, under 7 500 residents: 14 such hromadas in the oblast (B among them).
    at = open_page(hromada=C, raion="UA35040000000034705", compare_group="peers")
    ranking = at.dataframe[0].value
    assert len(ranking) == 14 and {"Аджамська", "Ганнівська"} <= set(ranking["name"])
    # default side-by-side: my hromada and the two peers closest in population
    assert at.session_state["compare_selected"][0] == C and len(at.session_state["compare_selected"]) == 3


def test_peers_without_a_hromada_explain_what_to_do(fixture_env) -> None:
    at = open_page(compare_group="peers")
    infos = [i.value for i in at.info]
    assert t("pg.compare.peers_need_hromada") in infos
    assert len(at.dataframe[0].value) == 49  # falls back to all hromadas
    assert t("pg.compare.side_need_two") in infos  # nothing chosen for the side-by-side view yet


def test_language_switch(fixture_env) -> None:
    at = open_page(lang="en")
    assert at.title[0].value == "Compare hromadas"
    assert at.dataframe[0].value["name"].iloc[0] == "Bobrynetska"


def test_a_raion_without_data_shows_the_empty_state(fixture_env) -> None:
    at = open_page(raion=HOLOVANIVSKYI)
    assert t("notice.empty_filter") in [i.value for i in at.info]
    assert not at.dataframe


# --- wrapper and pure functions -----------------------------------------------------------------------------
def test_hromada_table_by_hand(table) -> None:
    rows = table.set_index("hromada")
    a, b, c = rows.loc[A], rows.loc[B], rows.loc[C]
    assert (a["offences"], a["offences_prev"], a["category_n"], a["category_prev"]) == (10, 4, 9, 4)
    assert a["offence_z"] == pytest.approx(math.sqrt(2) * (math.sqrt(10) - 2))  # 10 vs 4: 1.6437
    assert a["offence_level"] == "none"  # E-test p = 0.120 (the old 2(√10 − 2) = 2.32 said "watch")
    assert a["officer_days"] == 713 and a["activities"] == 4
    assert a["activities_per_officer_week"] == pytest.approx(4 / (713 / 7))
    assert a["residents_per_officer"] == 11_158 and bool(a["above_norm"])
    assert a["trust_share"] == pytest.approx(0.6) and bool(a["trust_reliable"])
    assert (b["offences"], b["offences_prev"], b["calls"]) == (3, 1, 1)
    assert b["trust_share"] == pytest.approx(0.75) and not bool(b["trust_reliable"])
    assert bool(b["small_offences"]) and bool(c["small_offences"]) and not bool(a["small_offences"])
    assert (c["offences"], c["officers_on_duty"], c["officer_days"]) == (2, 0, 0)
    assert math.isnan(c["activities_per_officer_week"]) and math.isnan(c["residents_per_officer"])


def test_rank_by_ranks_only_what_is_not_small(table) -> None:
    ranked = view.rank_by(table, "offence_rate")
    assert ranked["hromada"].iloc[:3].tolist() == [A, B, C]
    assert ranked["rank"].iloc[0] == 1 and ranked["rank"].iloc[1:].isna().all()
    # theft: A's 9 thefts are under 10 → nobody ranked
    assert view.rank_by(table, "category_rate")["rank"].isna().all()
    # trust: only A has ≥ 100 respondents; B (80) is shown but not ranked
    trust = view.rank_by(table, "trust")
    assert trust["hromada"].iloc[:2].tolist() == [B, A]  # 75 % before 60 %
    assert trust["rank"].iloc[:2].tolist()[1] == 1 and math.isnan(trust["rank"].iloc[0])
    # residents per officer: no small-number rule; hromadas without an officer are unranked
    residents = view.rank_by(table, "residents_per_officer")
    assert residents["hromada"].iloc[:2].tolist() == [A, B] and residents["rank"].iloc[:2].tolist() == [1, 2]


def test_partner_view_ranks_rounded_counts_without_tests(fixture_data_dir: Path) -> None:
    """On the partner's connection the DV column holds rounded counts; z is withheld, and a rate of a
    small number is never ranked."""
    path = fixture_data_dir / "snapshots" / f"{LATEST_DATE.isoformat()}.duckdb"
    partner = DataPolicy("partner")
    with connect_partner_view(path, key="compare-test") as con:
        dv = partner.run(con, cq.hromada_table, **PERIOD, raion=None, reporting_date=LATEST_DATE,
                         category="domestic_violence").set_index("hromada")  # fmt: skip
        theft = partner.run(con, cq.hromada_table, **PERIOD, raion=None, reporting_date=LATEST_DATE,
                            category="theft").set_index("hromada")  # fmt: skip
    assert (dv["category_n"] % 5 == 0).all() and (dv["category_prev"] % 5 == 0).all()
    assert dv["category_z"].isna().all()
    assert theft["category_z"].notna().any()  # other categories keep their test
    assert dv["offences"].equals(theft["offences"])  # one total, whichever category is chosen
    ranked = view.rank_by(dv.reset_index(), "category_rate")
    assert ranked["rank"].isna().all()  # every DV count here is small


def test_funnel_curve(table) -> None:
    curve = view.funnel_curve(table, "offence_rate")
    # reference: Σ offences ÷ Σ population × 10 000 = 15 ÷ 903 712 × 10 000
    assert curve["reference"].iloc[0] == pytest.approx(15 / 903_712 * 10_000)
    assert (curve["lower2"] <= curve["reference"]).all() and (curve["upper3"] >= curve["upper2"]).all()
    assert curve["population"].is_monotonic_increasing
    assert view.funnel_curve(table, "trust").empty


def test_rank_intervals_in_the_ranking(table) -> None:
    # Every hromada 10,000 residents and 90..138 offences, A 400: A stands out, the middling ones do not.
    frame = table.copy()
    frame["population"] = 10_000
    frame["offences"] = 90 + np.arange(len(frame))
    frame.loc[frame["hromada"] == A, "offences"] = 400
    frame["offence_rate"] = frame["offences"] / frame["population"] * 10_000
    ranked = view.rank_by(frame, "offence_rate")
    top = ranked.iloc[0]
    assert top["hromada"] == A and (top["rank"], top["rank_low"], top["rank_high"]) == (1, 1, 1)
    assert bool(top["distinguishable"])
    middle = ranked.iloc[len(ranked) // 2]
    assert middle["rank_low"] < middle["rank"] < middle["rank_high"] and not bool(middle["distinguishable"])
    # seeded and independent of the row order
    again = view.rank_by(frame.sample(frac=1, random_state=3), "offence_rate")
    assert again[["hromada", "rank_low", "rank_high", "distinguishable"]].equals(
        ranked[["hromada", "rank_low", "rank_high", "distinguishable"]]
    )
    html = view.ranking_styler(ranked, lang="uk", metric="offence_rate", mine=None).to_html()
    assert f">{t('pg.compare.rank_blurred')}<" in html  # «≈» in the narrow rank column, explained in its help
    low, high = int(middle["rank_low"]), int(middle["rank_high"])
    assert f">{low}–{high}<" in html
    english = view.ranking_styler(ranked, lang="en", metric="offence_rate", mine=None).to_html()
    assert f">{t('pg.compare.rank_blurred', 'en')}<" in english
    # small numbers keep no rank and no interval
    frame.loc[frame["hromada"] == B, "offences"] = 5
    small = view.rank_by(frame, "offence_rate").set_index("hromada").loc[B]
    assert np.isnan(small["rank"]) and np.isnan(small["rank_low"]) and not bool(small["distinguishable"])
    # a withheld test (rounded counts): no interval, the rank stands
    bare = view.rank_by(frame, "offence_rate", intervals=False)
    assert bare["rank_low"].isna().all() and bare.loc[bare["rank"].notna(), "distinguishable"].all()
