"""The app's one style sheet for text that fits and for phones, drawn on every run by app.py.

Streamlit offers no parameter for these; each rule says why it is needed. The sheet is a constant (no data
in it). `PHONE_MAX_PX` is Streamlit's own breakpoint: below it, columns stack one under another.
- Card labels and values wrap instead of ending in «…» («Мешканців на одного офіц…», «85,6 ± …»); long words (a 2,000-character
  name, a URL) break instead of widening the page.
- On phones: KPI cards two per row (not one per row: eight cards took three screens); the chart toolbar
  is hidden (it covered the legends; the PNG download under each chart stays); the map shows its phone
  view (dashboard/maps.py, `narrow_view`: the whole oblast fitted to a phone's width).
"""

from __future__ import annotations

import streamlit as st

PHONE_MAX_PX = 640
KPI_ROW_KEY = "kpis"  # prefix of the KPI rows' container keys (ui.layout.kpi_row): class st-key-kpis_…
MAP_WIDE_KEY, MAP_NARROW_KEY = "map_wide", "map_narrow"  # the map's desktop and phone views (pages/map.py)

CSS = f"""
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *,
[data-testid="stMetricValue"], [data-testid="stMetricValue"] *,
[data-testid="stMetricDelta"], [data-testid="stMetricDelta"] * {{
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  height: auto !important;
}}
[data-testid="stMain"] [data-testid="stMarkdownContainer"],
[data-testid="stMain"] [data-testid="stMetricValue"] {{ overflow-wrap: anywhere; }}
.st-key-{MAP_NARROW_KEY} {{ display: none !important; }}
@media (max-width: {PHONE_MAX_PX}px) {{
  [class*="st-key-{KPI_ROW_KEY}_"] [data-testid="stHorizontalBlock"] {{ flex-wrap: wrap !important; }}
  [class*="st-key-{KPI_ROW_KEY}_"] [data-testid="stColumn"] {{
    flex: 1 1 calc(50% - 1rem) !important; min-width: calc(50% - 1rem) !important;
    width: calc(50% - 1rem) !important;
  }}
  [class*="st-key-{KPI_ROW_KEY}_"] [data-testid="stColumn"]:not(:has([data-testid="stMetric"])) {{
    display: none !important;
  }}
  .js-plotly-plot .modebar-container {{ display: none !important; }}
  .st-key-{MAP_WIDE_KEY} {{ display: none !important; }}
  .st-key-{MAP_NARROW_KEY} {{ display: flex !important; }}
}}
"""


def is_phone() -> bool:
    """Whether the browser says it is a phone (the User-Agent's «Mobi», as browsers mark phones; tablets and
    desktops do not): the server cannot see the screen's width, and this is only a default (long pages open
    their secondary sections collapsed), never a limit."""
    try:
        agent = st.context.headers.get("User-Agent") or ""
    except Exception:  # no request (bare mode, tests): not a phone
        return False
    return "Mobi" in agent


def app_styles() -> None:
    """Draw the style sheet (an invisible element; a constant, so no escaping is needed)."""
    st.html(f"<style>{CSS}</style>")
