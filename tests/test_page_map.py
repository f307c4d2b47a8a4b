"""The map page on the hand-made fixture: colours, tooltips, legend, table, filters, language, profile link.

Hand-computed at 2026-10-31, period 2025-11 .. 2026-10 (tests/fixture_snapshot.py):
  A Бобринецька (urban, pilot, 11 158): O1 on duty (O2 left 2026-10-15) → deployed; 11 158 residents per
    officer > 7 000 (ratio 1.59 → "more than 1.5 times the norm"); offences 9 + 1 = 10 vs 4 a year
    earlier: rate 10 / 11 158 × 10 000 = 8.96, z = 2(√10 − √4) = 2.32; trust 120 / 200 = 60 %,
    moe 1.96·√(0.6·0.4/200) = 6.8 pp; passport: P1, P2 due (P4 cancelled) → 1 of 2 done, P2 overdue.
  B Ганнівська (rural, pilot, 3 473): O3 on duty, 3 473 ≤ 6 000 (ratio 0.58 → "within the norm, up to
    75 %"); 3 domestic-violence reports vs 1 → z = 2(√3 − 1) = 1.46; trust 60 / 80 (n < 100: unreliable).
  C Аджамська (rural, 5 851): O4 selected 2026-09-01, training from 2026-10-01 → in training; 2 frauds vs 0
    → rate 3.42, z = 2√2 = 2.83.
  The other 46 hromadas have no data: uncovered, no offence data (grey).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import maps
from dashboard.charts.common import GREEN, LIGHT_GREY, SKY, VERMILION
from dashboard.i18n import t
from dashboard.queries import map as q
from tests.fixture_snapshot import LATEST_DATE, A, B, C

APP = Path(__file__).resolve().parent.parent / "app.py"
NBSP = "\u00a0"
PERIOD = {"month_from": dt.date(2025, 11, 1), "month_to": dt.date(2026, 10, 1)}
# The period and the window compared with (periods.year_on_year: the same months a year earlier).
COMPARED = {**PERIOD, "prev_from": dt.date(2024, 11, 1), "prev_to": dt.date(2025, 10, 1)}


def open_map(**state) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page("dashboard/pages/map.py")
    at.run()
    assert not at.exception
    # The error boundary turns an exception into a friendly message: that must not appear either.
    assert t("notice.error", "uk") not in [e.value for e in at.error]
    return at


def deck(at: AppTest) -> dict:
    """The desktop view's spec; the phone view is the same deck with another initial view."""
    charts = at.get("deck_gl_json_chart")
    assert [c.key for c in charts] == ["map_deck", "map_deck_phone"]
    desktop, phone = (json.loads(c.proto.json) for c in charts)
    assert {k: v for k, v in desktop.items() if k != "initialViewState"} == {
        k: v for k, v in phone.items() if k != "initialViewState"
    }
    assert phone["initialViewState"]["zoom"] < desktop["initialViewState"]["zoom"]
    return desktop


def layer(spec: dict, layer_id: str) -> list[dict]:
    return next(lay for lay in spec["layers"] if lay["id"] == layer_id)["data"]


def by_hromada(spec: dict) -> dict[str, dict]:
    return {row["hromada"]: row for row in layer(spec, maps.LAYER_HROMADAS)}


# --- query wrappers ------------------------------------------------------------------------------------------
def test_map_indicators_by_hand(con) -> None:
    df = q.map_indicators(con, **COMPARED, raion=None, reporting_date=LATEST_DATE).set_index("hromada")
    assert len(df) == 49
    a, b, c = df.loc[A], df.loc[B], df.loc[C]
    assert [a.coverage_status, b.coverage_status, c.coverage_status] == [
        "deployed",
        "deployed",
        "in_training",
    ]
    assert (df.drop(index=[A, B, C])["coverage_status"] == "uncovered").all()
    assert (a.officers_on_duty, a.officers_ever_deployed, c.officers_in_pipeline) == (1, 2, 1)
    assert a.residents_per_officer == 11_158 and a.exceeds_norm and a.norm == 7_000
    assert b.norm_ratio == pytest.approx(3_473 / 6_000) and not b.exceeds_norm
    assert math.isnan(c.residents_per_officer)
    assert (a.offences, a.offences_prev) == (10, 4)
    assert a.offence_rate == pytest.approx(10 / 11_158 * 10_000)
    assert a.offence_z == pytest.approx(2**0.5 * (10**0.5 - 2))  # √2(√10 − √4) = 1.6437
    assert b.offence_z == pytest.approx(2**0.5 * (3**0.5 - 1))  # √2(√3 − √1) = 1.0353
    assert c.offence_rate == pytest.approx(2 / 5_851 * 10_000) and c.offence_z == pytest.approx(2.0)  # √2·√2
    assert not a.small_number and b.small_number  # A: 10 cases (≥ 10); B: 3 cases, 3 473 residents
    uncovered = df.loc[df.index.difference([A, B, C])]
    assert not uncovered["has_offence_data"].any() and uncovered["offence_rate"].isna().all()
    assert a.trust_share == pytest.approx(0.6) and a.trust_moe == pytest.approx(1.96 * (0.24 / 200) ** 0.5)
    assert a.trust_reliable and not b.trust_reliable
    assert (a.passport_items, a.passport_due, a.passport_done_due, a.passport_overdue) == (4, 2, 1, 1)
    assert a.passport_done_share == pytest.approx(0.5) and math.isnan(b.passport_done_share)


def test_map_indicators_before_the_data_begin_is_no_data(con) -> None:
    # The fixture's offences begin in 2019-01: 2018 is "no data", not a rate of 0.
    df = q.map_indicators(
        con,
        month_from=dt.date(2018, 1, 1),
        month_to=dt.date(2018, 12, 1),
        prev_from=None,  # periods.year_on_year: no window before the data begin
        prev_to=None,
        raion=None,
        reporting_date=LATEST_DATE,
    )
    assert df["offence_rate"].isna().all() and df["offence_z"].isna().all()


def test_map_stations(con) -> None:
    stations = q.map_stations(con, month_to=PERIOD["month_to"], raion=None, reporting_date=LATEST_DATE)
    assert stations["hromada"].tolist() == [A]
    # Opened 2020-01-15: not there at the end of 2019.
    assert q.map_stations(con, month_to=dt.date(2019, 12, 1), raion=None, reporting_date=LATEST_DATE).empty


def test_selected_hromada_reads_the_event_shape() -> None:
    event = {
        "selection": {"indices": {"hromadas": [3]}, "objects": {"hromadas": [{"hromada": A, "tip": "x"}]}}
    }
    assert maps.selected_hromada(event) == A
    assert (
        maps.selected_hromada({"selection": {"indices": {}, "objects": {"stations": [{"hromada": B}]}}}) == B
    )
    assert maps.selected_hromada({"selection": {"indices": {}, "objects": {}}}) is None
    assert maps.selected_hromada(None) is None


def test_legend_html_escapes_every_text() -> None:
    from dashboard.ui.legend import legend_html

    html_text = legend_html("<b>", [maps.LegendItem(GREEN, "<script>x</script>")], "a & b")
    assert "<script>" not in html_text and "&lt;script&gt;" in html_text and "a &amp; b" in html_text
    with pytest.raises(ValueError):
        legend_html("t", [maps.LegendItem("red;background:url(x)", "x")])


def test_fit_view_shows_the_whole_oblast() -> None:
    from dashboard import geo

    view = maps.fit_view(geo.oblast_bbox(), width=640)
    # 4.15° of longitude must fit in 640 px of a 512-px-per-zoom-0 world.
    assert 512 * 2**view.zoom * (33.89 - 29.75) / 360 <= 640


# --- the page ----------------------------------------------------------------------------------------------
def test_coverage_map_colours_tooltips_legend_and_credit(fixture_env: Path) -> None:
    at = open_map()
    spec = deck(at)
    rows = by_hromada(spec)
    assert len(rows) == 49  # every reference hromada has a polygon
    assert rows[A]["fill"][:3] == maps.rgba(GREEN)[:3]
    assert rows[C]["fill"][:3] == maps.rgba(SKY)[:3]
    assert all(rows[h]["fill"][:3] == maps.rgba(LIGHT_GREY)[:3] for h in rows if h not in (A, B, C))
    assert rows[A]["width"] > rows[C]["width"]  # the pilot's thick outline
    tip = rows[A]["tip"]
    assert tip.startswith("Бобринецька · пілотна")
    assert f"n{NBSP}={NBSP}10; рік тому 4; z{NBSP}={NBSP}+1,6" in tip  # √2(√10 − 2) (was 2(√10 − 2) = 2,3)
    assert "Довіра до поліції: 60\u00a0% ± 6,8" in tip
    assert "виконано 1 з 2" in tip
    assert {lay["id"] for lay in spec["layers"]} == {"hromadas", "raions", "stations"}
    assert [s["hromada"] for s in layer(spec, "stations")] == [A]
    # No basemap: pydeck's sentinel style tells Streamlit not to substitute an online Carto one.
    assert spec.get("mapStyle") == "__MAP_STYLE__" and "mapProvider" not in spec
    legend = " ".join(m.value for m in at.markdown)
    assert "Офіцер навчається" in legend and "Пілотна громада" in legend
    assert any("© OpenStreetMap contributors" in c.value for c in at.caption)
    assert at.get("deck_gl_json_chart")[0].proto.selection_mode  # clicking selects a hromada


def test_metric_changes_the_colours_and_the_url(fixture_env: Path) -> None:
    at = open_map()
    at.selectbox(key="map_metric").set_value("residents_per_officer").run()
    rows = by_hromada(deck(at))
    assert rows[A]["fill"][:3] == maps.rgba(VERMILION)[:3]  # 11 158 > 1.5 × 7 000
    assert rows[C]["fill"][:3] == maps.rgba(LIGHT_GREY)[:3]  # no officer on duty
    assert at.query_params["metric"] in ("residents_per_officer", ["residents_per_officer"])
    table = at.dataframe[0].value
    assert table["name"].iloc[0] == "Бобринецька"  # sorted by the metric, highest first
    # A column with a blank is written as text, «—» for the blank (never "None"): 11 158 the Ukrainian way.
    assert table.loc[table["name"] == "Бобринецька", "residents_per_officer"].iloc[0] == f"11{NBSP}158"


def test_table_holds_the_hand_computed_values(fixture_env: Path) -> None:
    at = open_map(map_metric="offence_rate")
    table = at.dataframe[0].value.set_index("name")
    assert table.loc["Бобринецька", "offences"] == "10"
    assert table.loc["Бобринецька", "offence_rate"] == "9,0"  # 8.962 per 10 000
    assert table.loc["Аджамська", "offence_z"] == "+2,0"  # 2 vs 0: √2·√2 = 2.0 (the old 2√2 = 2.828)
    assert table.loc["Благовіщенська", "offence_rate"] == "—"  # no offence data: blank, not "None"


def test_sidebar_period_changes_the_values(fixture_env: Path) -> None:
    at = open_map()
    at.sidebar.selectbox(key="period").set_value("y2025").run()
    tip = by_hromada(deck(at))[A]["tip"]
    assert f"n{NBSP}={NBSP}4;" in tip  # 2025: the four thefts of March


def test_raion_filter_draws_only_its_hromadas(fixture_env: Path) -> None:
    at = open_map()
    raion_b = at.session_state["_page_context"].hromadas.set_index("katottg").loc[B, "raion_katottg"]
    at.sidebar.selectbox(key="raion").set_value(raion_b).run()
    rows = by_hromada(deck(at))
    assert B in rows and A not in rows


def test_english(fixture_env: Path) -> None:
    at = open_map(lang="en")
    assert at.selectbox(key="map_metric").label == "Map indicator"
    tip = by_hromada(deck(at))[A]["tip"]
    assert "Officer on duty" in tip and "a year earlier 4" in tip


def test_a_period_without_data_shows_the_empty_notice(fixture_env: Path) -> None:
    at = open_map(map_metric="offence_rate")
    at.sidebar.selectbox(key="period").set_value("y2018").run()
    assert not at.exception
    assert any(t("notice.empty_filter", "uk") == i.value for i in at.info)


def test_open_profile_from_the_fallback_picker(fixture_env: Path) -> None:
    at = open_map()
    assert at.button(key="map_open").disabled  # nothing selected yet
    at.selectbox(key="map_pick").set_value(B).run()
    # The selection is the map page's own: shown as a chip that undoes it, the sidebar filter untouched.
    chip = at.button(key="map_clear")
    assert chip.label == t("pg.map.selection", "uk", name="Ганнівська")
    assert at.session_state["hromada"] == ""
    chip.click().run()
    assert at.session_state["map_pick"] is None and not [b for b in at.button if b.key == "map_clear"]
    at.selectbox(key="map_pick").set_value(B).run()
    at.button(key="map_open").click().run()
    assert not at.exception
    assert at.session_state["hromada"] == B
    assert [h.value for h in at.header] == ["Ганнівська"]  # the profile page's heading


def test_partner_map_totals_include_the_rounded_sensitive_count(fixture_data_dir: Path) -> None:
    """The partner's map counts every offence, domestic violence rounded to base 5 at the source: its total
    agrees with the crime page's and reveals nothing the rounded count does not."""
    from dashboard.auth.policy import DataPolicy
    from dashboard.disclosure import connect_partner_view
    from dashboard.queries.crime import crime_by_category

    partner = DataPolicy("partner")
    with connect_partner_view(fixture_data_dir / "snapshots" / "2026-10-31.duckdb", key="map-test") as view:
        df = partner.run(view, q.map_indicators, **COMPARED, raion=None, reporting_date=LATEST_DATE)
        b = partner.run(view, crime_by_category, **COMPARED, raion=None, hromada=B)
    row = df.set_index("hromada").loc[B]
    assert row.offences == b["n"].sum() and row.offences % 5 == 0  # B's 3 reports are all domestic violence
    assert df.set_index("hromada").loc[A, "offences"] == 10  # A has none: unchanged


# --- real browser: AppTest cannot click a deck.gl canvas ----------------------------------------------------
@pytest.mark.browser
def test_clicking_a_hromada_selects_it_and_the_button_opens_its_profile(
    chromium_browser, open_app: str
) -> None:
    """On the app the read-only browser tests share (tests/conftest.open_app: fixture snapshots, login off)."""
    from dashboard import reference
    from tests.browser_server import wait_until_idle

    page = chromium_browser.new_page(viewport={"width": 1400, "height": 1400})
    try:
        page.goto(f"{open_app}/map")
        wait_until_idle(page)
        canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
        canvas.wait_for(timeout=30_000)
        page.wait_for_timeout(2000)  # the first WebGL frame
        box = canvas.bounding_box()
        view = maps.fit_view(maps._bbox(list(reference.hromadas()["katottg"])))
        centre = reference.hromadas().set_index("katottg").loc[A]

        def pixel(lon: float, lat: float) -> tuple[float, float]:
            # Web Mercator, 512 px per world at zoom 0 (deck.gl)
            scale = 512 * 2**view.zoom
            y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
            return (lon + 180) / 360 * scale, (1 - y / math.pi) / 2 * scale

        cx, cy = pixel(view.longitude, view.latitude)
        px, py = pixel(centre.center_lon, centre.center_lat)
        x, y = box["x"] + box["width"] / 2 + (px - cx), box["y"] + box["height"] / 2 + (py - cy)
        page.mouse.move(x, y)  # deck.gl picks on hover first; a bare click can arrive before it is ready
        page.wait_for_timeout(800)
        page.mouse.click(x, y)
        # The click selects the hromada on the map page only: a chip says so; the sidebar is unchanged.
        chip = page.get_by_role("button", name=t("pg.map.selection", "uk", name="Бобринецька"))
        chip.wait_for(timeout=30_000)
        assert "hromada=" not in page.url
        page.get_by_role("button", name=t("pg.map.open_profile", "uk")).click()
        # st.switch_page changes the URL with history.pushState: no load event to wait for.
        page.wait_for_function("() => location.pathname.endsWith('/profile')", timeout=30_000)
        wait_until_idle(page)
        assert f"hromada={A}" in page.url
        page.wait_for_selector("h2", timeout=30_000)
        assert "Бобринецька" in page.locator("h2").all_inner_texts()
    finally:
        page.close()


def test_quantile_classes_merge_ties_and_skip_missing() -> None:
    values = pd.Series([0, 0, 0, 0, 1, 2, 3, None], dtype=float)
    colours, items = maps._quantile_classes(values, lambda v: f"{v:.1f}")
    # quartiles 0, 0, 1.5: the empty "0–0" class is merged away, the missing value gets no colour
    assert [i.label for i in items] == ["0.0–1.5", "1.5–3.0"]
    assert (
        colours.iloc[0] == items[0].colour and colours.iloc[6] == items[1].colour and pd.isna(colours.iloc[7])
    )
