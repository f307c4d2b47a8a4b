"""Карта: the hromadas coloured by a chosen indicator, with raion borders, stations and the 20 pilots.

Layout only: the data come from dashboard.queries.map, the deck and legend from dashboard.maps.
Clicking (or tapping) a hromada, or choosing it in the list under the map, selects it on this page only: a
chip "Map selection: X ✕" says so and undoes it, its indicators appear under the map, and a button opens
its profile. The sidebar's filter, which every page shares, is not changed by a click.
"""

from __future__ import annotations

import streamlit as st

from dashboard.charts.profile_tables import md_escape
from dashboard.formatting import fmt_date, fmt_month
from dashboard.maps import (
    MAP_HEIGHT,
    METRICS,
    build_map,
    overlay_legend,
    phone_deck,
    selected_hromada,
    tooltip_text,
    values_table,
)
from dashboard.queries.map import map_indicators, map_stations
from dashboard.ui.context import get_context
from dashboard.ui.layout import chart_box, empty_state, page_header
from dashboard.ui.legend import map_legend
from dashboard.ui.styles import MAP_NARROW_KEY, MAP_WIDE_KEY
from dashboard.ui.tables import data_table
from dashboard.ui.url_state import mirror_to_url, seed_from_url, shared_params

PROFILE_PAGE = "dashboard/pages/profile.py"
OPEN_FLAG = "map_open_profile"  # set by a callback, acted on in the next run's page body
PICK = "map_pick"  # the map selection: the list under the map holds it, a click on the map sets it
METRIC_VALUE = {
    "coverage": "coverage_status",
    "offence_rate": "offence_rate",
    "residents_per_officer": "residents_per_officer",
    "trust": "trust_share",
    "passport": "passport_done_share",
}


def _on_map_select(deck_key: str) -> None:
    # Callbacks run before the widgets are drawn, so the list's value may be set here.
    if code := selected_hromada(st.session_state.get(deck_key)):
        st.session_state[PICK] = code


def _clear_pick() -> None:
    st.session_state[PICK] = None


def _open_profile() -> None:
    st.session_state[OPEN_FLAG] = st.session_state.get(PICK)


ctx = get_context()
if code := st.session_state.pop(OPEN_FLAG, None):
    # An explicit "open the profile": the profile's link carries the shared filters and this hromada.
    st.switch_page(PROFILE_PAGE, query_params={**shared_params(), "hromada": code})

page_header(ctx, "map")
seed_from_url("map_metric", "metric", METRICS, METRICS[0])
metric = st.selectbox(
    ctx.t("map.metric"),
    METRICS,
    key="map_metric",
    format_func=lambda m: ctx.t(f"pg.map.metric.{m}"),
    placeholder=ctx.t("common.choose_one"),
)
mirror_to_url({"metric": metric if metric != METRICS[0] else None})

scope = ctx.scope_params()
# The period and the same months a year earlier (periods.year_on_year: equal, aligned, whole months).
df = ctx.query(
    map_indicators, **ctx.comparison().params(), raion=ctx.raion, reporting_date=ctx.reporting_date
)
stations = ctx.query(
    map_stations, month_to=scope["month_to"], raion=ctx.raion, reporting_date=ctx.reporting_date
)
hromadas = ctx.hromadas
names = dict(zip(hromadas["katottg"], hromadas[ctx.name_column()], strict=True))
raion_col = "raion_en" if ctx.lang == "en" else "raion"
raions = dict(zip(hromadas["raion_katottg"], hromadas[raion_col], strict=False))

period = ctx.t(
    "period.range", start=fmt_month(scope["month_from"], ctx.lang), end=fmt_month(scope["month_to"], ctx.lang)
)
as_of = df["as_of"].iloc[0] if not df.empty else ctx.reporting_date
st.caption(ctx.t("pg.map.period_caption", period=period, date=fmt_date(as_of, ctx.lang)))
if df.empty or df[METRIC_VALUE[metric]].isna().all():
    empty_state(ctx)

options = sorted(df["hromada"], key=lambda code: names.get(code, code))
if st.session_state.get(PICK) not in options:
    st.session_state[PICK] = None  # nothing selected yet, or not on this map (another raion, snapshot)
pick = st.session_state[PICK]
if not df.empty:
    deck, legend = build_map(
        df, stations, metric=metric, lang=ctx.lang, names=names, raions=raions, highlight=pick or ctx.hromada
    )
    with chart_box(ctx.t(f"pg.map.metric.{metric}"), ctx.t(f"pg.map.question.{metric}")):
        map_col, legend_col = st.columns([4, 1])
        with map_col:
            # Two views of one deck: the desktop's and the phone's (the whole oblast at a phone's width); the
            # style sheet shows one of them by the screen's width (dashboard/ui/styles.py).
            phone, phone_height = phone_deck(deck, list(df["hromada"].astype(str)))
            for box_key, view, deck_key, height in ((MAP_WIDE_KEY, deck, "map_deck", MAP_HEIGHT),
                                                    (MAP_NARROW_KEY, phone, "map_deck_phone", phone_height)):  # fmt: skip
                with st.container(key=box_key):
                    st.pydeck_chart(
                        view,
                        on_select=lambda key=deck_key: _on_map_select(key),
                        selection_mode="single-object",
                        key=deck_key,
                        height=height,
                        alt=ctx.t(f"pg.map.metric.{metric}"),  # for screen readers; the table has the values
                    )
            st.caption(f"{ctx.t('pg.map.click_hint')} {ctx.t('map.osm_credit')}")
        with legend_col:
            map_legend(legend.title, legend.items, legend.note)
            map_legend(
                ctx.t("map.layer.hromadas"),
                overlay_legend(lang=ctx.lang, highlighted=bool(pick or ctx.hromada)),
            )

    # The selection: the list (also the keyboard's way), the chip that undoes it, the values, the profile.
    pick_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
    pick_col.selectbox(
        ctx.t("pg.map.pick"),
        options,
        index=None,  # the selection is in the session state (a click on the map sets it)
        key=PICK,
        format_func=lambda code: names.get(code, code),
        placeholder=ctx.t("common.choose_one"),
    )
    button_col.button(ctx.t("pg.map.open_profile"), on_click=_open_profile, icon=":material/location_city:",
                      disabled=pick is None, key="map_open")  # fmt: skip
    if pick is not None:
        st.button(ctx.t("pg.map.selection", name=names.get(pick, pick)), on_click=_clear_pick, key="map_clear",
                  icon=":material/close:", icon_position="right", help=ctx.t("pg.map.selection_clear"))  # fmt: skip
        row = df[df["hromada"] == pick].iloc[0]
        tip = tooltip_text(
            row, lang=ctx.lang, name=names.get(pick, pick), raion=raions.get(row["raion_katottg"], "")
        )
        st.markdown("  \n".join(md_escape(line) for line in tip.splitlines()))

    with chart_box(ctx.t("pg.map.table_title"), ctx.t("pg.map.table_question")):
        styler, labels = values_table(df, metric=metric, lang=ctx.lang, names=names, raions=raions)
        data_table(styler, name="map_values", column_config=labels)
