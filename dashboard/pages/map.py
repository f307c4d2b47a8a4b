"""Карта: the hromadas coloured by a chosen indicator, with raion borders, stations and the 20 pilots.

Layout only: the data come from dashboard.queries.map, the deck and legend from dashboard.maps.
Clicking a hromada (or choosing it below the map) opens its profile.
"""

from __future__ import annotations

import streamlit as st

from dashboard.formatting import fmt_date, fmt_month
from dashboard.maps import MAP_HEIGHT, METRICS, build_map, overlay_legend, selected_hromada, values_table
from dashboard.queries.map import map_indicators, map_stations
from dashboard.ui.context import get_context
from dashboard.ui.layout import chart_box, empty_state, page_header
from dashboard.ui.legend import map_legend
from dashboard.ui.tables import data_table
from dashboard.ui.url_state import mirror_to_url, seed_from_url

PROFILE_PAGE = "dashboard/pages/profile.py"
OPEN_FLAG = "map_open_profile"  # set by a callback, acted on in the next run's page body
METRIC_VALUE = {
    "coverage": "coverage_status",
    "offence_rate": "offence_rate",
    "residents_per_officer": "residents_per_officer",
    "trust": "trust_share",
    "passport": "passport_done_share",
}


def _open_profile(code: str | None) -> None:
    # Callbacks run before the sidebar draws its widgets, so the sidebar's `hromada` may be set here.
    if code:
        st.session_state["hromada"] = code
        st.session_state[OPEN_FLAG] = code


def _on_map_select() -> None:
    _open_profile(selected_hromada(st.session_state.get("map_deck")))


def _on_pick() -> None:
    _open_profile(st.session_state.get("map_pick"))


ctx = get_context()
if (code := st.session_state.pop(OPEN_FLAG, None)) and ctx.hromada == code:
    params = {k: v for k, v in st.query_params.to_dict().items() if k != "metric"}
    st.switch_page(PROFILE_PAGE, query_params={**params, "hromada": code})

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
df = ctx.query(
    map_indicators,
    month_from=scope["month_from"],
    month_to=scope["month_to"],
    raion=ctx.raion,
    reporting_date=ctx.reporting_date,
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

if not df.empty:
    deck, legend = build_map(
        df, stations, metric=metric, lang=ctx.lang, names=names, raions=raions, highlight=ctx.hromada
    )
    with chart_box(ctx.t(f"pg.map.metric.{metric}"), ctx.t(f"pg.map.question.{metric}")):
        map_col, legend_col = st.columns([4, 1])
        with map_col:
            st.pydeck_chart(
                deck,
                on_select=_on_map_select,
                selection_mode="single-object",
                key="map_deck",
                height=MAP_HEIGHT,
                alt=ctx.t(f"pg.map.metric.{metric}"),  # for screen readers; the table below has the values
            )
            st.caption(f"{ctx.t('pg.map.click_hint')} {ctx.t('map.osm_credit')}")
        with legend_col:
            map_legend(legend.title, legend.items, legend.note)
            map_legend(
                ctx.t("map.layer.hromadas"), overlay_legend(lang=ctx.lang, highlighted=bool(ctx.hromada))
            )

    # A keyboard-friendly way to the profile, for those who cannot click the map.
    pick_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
    options = sorted(df["hromada"], key=lambda code: names.get(code, code))
    pick_col.selectbox(
        ctx.t("pg.map.pick"),
        options,
        index=options.index(ctx.hromada) if ctx.hromada in options else 0,
        key="map_pick",
        format_func=lambda code: names.get(code, code),
        placeholder=ctx.t("common.choose_one"),
    )
    button_col.button(ctx.t("pg.map.open_profile"), on_click=_on_pick, icon=":material/location_city:")

    with chart_box(ctx.t("pg.map.table_title"), ctx.t("pg.map.table_question")):
        styler, labels = values_table(df, metric=metric, lang=ctx.lang, names=names, raions=raions)
        data_table(styler, name="map_values", column_config=labels)
