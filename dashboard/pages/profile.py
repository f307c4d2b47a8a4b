"""Профіль громади: everything about one hromada, opened by a deep link (?hromada=UA35…) or the map.

Layout only: queries in dashboard.queries.profile (through `ctx.query`), KPI cards, tables and figures
from the views in dashboard.views.profile. Personal data (officer names, phones) are fetched only when
the context allows them (`show_personal`); the data policy of ctx.query applies on top.
"""

from __future__ import annotations

import streamlit as st

from dashboard.charts import profile as charts
from dashboard.charts import profile_tables as tables
from dashboard.formatting import fmt_date, fmt_num, fmt_pct
from dashboard.i18n import label
from dashboard.periods import comparison_text
from dashboard.proper_names import proper_name
from dashboard.queries import profile as q
from dashboard.queries.dispersion import offence_dispersion, total_dispersion
from dashboard.ui.context import get_context
from dashboard.ui.layout import chart_box, empty_state, kpi_row, page_header, show_chart
from dashboard.ui.officer_cards import officers_section
from dashboard.ui.tables import data_table
from dashboard.views import profile as view

# A constant stylesheet, no data in it: hides the sidebar (and its toggle) for printing.
PRINT_CSS = "<style>[data-testid='stSidebar'],[data-testid='stSidebarCollapsedControl']{display:none}</style>"


def _on_pick() -> None:
    # Callbacks run before the sidebar draws its widgets, so the sidebar's `hromada` may be set here.
    st.session_state["hromada"] = st.session_state.get("profile_pick")


def _sections(n: int = 2) -> list:
    """Sections side by side on screen, one under another in the print view."""
    return [st.container() for _ in range(n)] if print_view else list(st.columns(n))


ctx = get_context()
page_header(ctx, "profile")
print_view = st.toggle(
    ctx.t("pg.profile.print_view"), key="profile_print", help=ctx.t("pg.profile.print_help")
)
if print_view:
    st.markdown(PRINT_CSS, unsafe_allow_html=True)
fold = not print_view  # secondary sections collapsible (closed on phones), all open for printing

if not ctx.hromada:
    in_scope = ctx.hromadas if not ctx.raion else ctx.hromadas[ctx.hromadas["raion_katottg"] == ctx.raion]
    names = dict(zip(in_scope["katottg"], in_scope[ctx.name_column()], strict=True))
    st.selectbox(
        ctx.t("pg.profile.pick"),
        sorted(names, key=lambda code: names[code]),
        index=None,
        key="profile_pick",
        format_func=lambda code: names[code],
        placeholder=ctx.t("pg.profile.pick_placeholder"),
        on_change=_on_pick,
    )
    st.info(ctx.t("pg.profile.pick_hint"), icon=":material/location_city:")
    st.stop()

hromada, day, lang = ctx.hromada, ctx.reporting_date, ctx.lang
period = ctx.period.params()
facts = ctx.query(q.hromada_facts, hromada=hromada, reporting_date=day)
if facts.empty:
    empty_state(ctx)
    st.stop()
f = facts.iloc[0]
st.header(ctx.hromada_name(hromada))
type_label = label("hromada_type", f["type_en"], lang)
raion = f["raion_en"] if lang == "en" else f["raion"]
center = proper_name(f["center"], lang)  # the reference has no English names of settlements
st.caption(ctx.t("pg.profile.header_caption", type=type_label, raion=raion, center=center))
head = view.header(f, lang=lang)
st.markdown(head.badges)
kpi_row(head.kpis)

officers = ctx.query(q.officer_timeline, hromada=hromada, reporting_date=day)
trend = ctx.query(q.offence_trend, hromada=hromada, reporting_date=day)
mix = ctx.query(q.activity_mix, **period, hromada=hromada, reporting_date=day)
calls = ctx.query(q.response_times, **period, hromada=hromada, reporting_date=day)
surveys = ctx.query(q.survey_results, hromada=hromada, reporting_date=day)
items = ctx.query(q.passport_items, hromada=hromada, reporting_date=day)
if all(df.empty for df in (officers, mix, calls, surveys, items)) and not trend["n"].sum():
    empty_state(ctx)
    st.stop()

left, right = _sections()
with left, chart_box(ctx.t("pg.profile.officers_title"), ctx.t("pg.profile.officers_question")):
    officers_section(ctx, officers, hromada)
with right, chart_box(ctx.t("pg.profile.station_title"), ctx.t("pg.profile.station_question")):
    stations = ctx.query(q.hromada_stations, hromada=hromada, reporting_date=day)
    for station in stations.itertuples():
        name, opened = tables.md_escape(proper_name(station.name, lang)), fmt_date(station.opened_on, lang)
        st.markdown(f":material/local_police: {ctx.t('pg.profile.station_opened', name=name, date=opened)}")
    if stations.empty:
        st.caption(ctx.t("pg.profile.no_station"))
    kit = ctx.query(q.resource_kit, hromada=hromada, reporting_date=day)
    kit_view = ctx.view(view.equipment, kit, int(f["officers_on_duty"]), lang=lang)
    st.metric(
        ctx.t("kpi.equipment_completeness"),
        fmt_pct(kit_view.completeness, 0, lang),
        help=ctx.t("indicator.resource_completeness.formula"),
    )
    data_table(kit_view.table.styler, name="profile_equipment",
               column_config=kit_view.table.labels)  # fmt: skip

with chart_box(ctx.t("pg.profile.timeline_title"), ctx.t("pg.profile.timeline_question"), collapsible=fold):
    if officers.empty:
        st.caption(ctx.t("pg.profile.no_officer"))
    else:
        timeline = ctx.view(charts.rollout_timeline, officers, lang=lang, reporting_date=day,
                            station_opened_on=f["first_station_opened_on"])  # fmt: skip
        show_chart(timeline, key="profile_timeline")

left, right = _sections()
with (
    left,
    chart_box(ctx.t("chart.activity_mix.title"), ctx.t("pg.profile.activity_question"), collapsible=fold),
):
    if mix.empty:
        st.caption(ctx.t("pg.profile.no_activity"))
    else:
        st.caption(ctx.t("pg.profile.officer_weeks", weeks=fmt_num(mix["officer_weeks"].iloc[0], 1, lang)))
        show_chart(ctx.view(charts.activity_chart, mix, lang=lang), key="profile_activity")
with (
    right,
    chart_box(ctx.t("chart.response_time.title"), ctx.t("chart.response_time.question"), collapsible=fold),
):
    if calls.empty:
        st.caption(ctx.t("pg.profile.no_calls"))
    else:
        kpi_row(ctx.view(view.response, calls, lang=lang), per_row=2)  # half-width: two per row
        months = ctx.query(q.response_months, **period, hromada=hromada)
        show_chart(ctx.view(charts.response_chart, months, lang=lang), key="profile_response")

with chart_box(ctx.t("chart.offence_trend.title"), ctx.t("pg.profile.crime_question"), collapsible=fold):
    before_after = ctx.query(q.before_after, hromada=hromada, reporting_date=day).iloc[0]
    comparison = ctx.comparison()  # the same months a year earlier, or none before a full year of data
    phi = total_dispersion(ctx.query(offence_dispersion, before=comparison.compared_from, raion=None, hromada=hromada,
                              by="total"))  # fmt: skip
    kpi_row(view.crime(trend, before_after, comparison=comparison, population=float(f["population_2022"]),
                      dispersion=phi, lang=lang, withhold_test=ctx.policy.withholds_tests(None)))  # fmt: skip
    st.caption(comparison_text(comparison, lang))
    trend_chart = ctx.view(
        charts.offence_trend_chart, trend, lang=lang, deployment_month=f["first_deployed_on"]
    )
    show_chart(trend_chart, key="profile_trend")
    categories = ctx.query(q.offence_categories, **comparison.params(), hromada=hromada)
    category_table = ctx.view(view.categories, categories, lang=lang)
    if category_table is not None:
        st.caption(ctx.t("pg.profile.categories_caption"))
        data_table(category_table.styler, name="profile_categories",
                   column_config=category_table.labels)  # fmt: skip
        st.caption(f"{ctx.t('notice.dv_reporting')} {ctx.t('small_numbers.note')}")

left, right = _sections()
with left, chart_box(ctx.t("table.surveys"), ctx.t("pg.profile.survey_question"), collapsible=fold):
    if surveys.empty:
        st.caption(ctx.t("pg.profile.no_surveys"))
    else:
        survey_kpis, survey_chart = ctx.view(view.surveys, surveys, lang=lang)
        kpi_row(survey_kpis, per_row=2)
        show_chart(survey_chart, key="profile_surveys")
with (
    right,
    chart_box(ctx.t("pg.profile.passport_title"), ctx.t("pg.profile.passport_question"), collapsible=fold),
):
    if items.empty:
        st.caption(ctx.t("pg.profile.no_passport"))
    else:
        passport = ctx.view(view.passport, items, day=day, lang=lang)
        kpi_row(passport.kpis, per_row=2)
        show_chart(passport.figure, key="profile_passport")
        data_table(passport.table.styler, name="profile_passport",
                   column_config=passport.table.labels)  # fmt: skip
