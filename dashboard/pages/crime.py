"""Crime and prevention page: offences by category and over time, before/after each deployment on event
time, the event study of the staggered rollout and the WDD of a deployment wave against not-yet-covered
communities, clearance and response times.

Layout only: the queries run through `ctx.query`, the views (dashboard/views/crime.py) build what is placed."""

from __future__ import annotations

import streamlit as st

from dashboard.charts.crime import clearance_figure, trend_figure, wave_windows
from dashboard.formatting import fmt_month
from dashboard.i18n import label
from dashboard.queries import crime as q
from dashboard.queries.dispersion import offence_dispersion, total_dispersion
from dashboard.ui.context import get_context
from dashboard.ui.layout import chart_box, empty_state, kpi_row, page_header, show_chart
from dashboard.ui.tables import data_table
from dashboard.ui.url_state import mirror_to_url, seed_from_url
from dashboard.views import crime as view
from dashboard.views.event_study import event_study

ctx = get_context()
page_header(ctx, "crime")
lang, period, comparison = ctx.lang, ctx.period.params(), ctx.comparison()  # aligned windows (periods.py)
area = {"raion": ctx.raion, "hromada": ctx.hromada}
names = dict(zip(ctx.hromadas["katottg"], ctx.hromadas[ctx.name_column()], strict=True))

by_category = ctx.query(q.crime_by_category, **comparison.params(), **area)
response = ctx.query(q.crime_response, **period, **area)
if view.is_empty(by_category, response):
    empty_state(ctx)
    st.stop()
total = ctx.query(offence_dispersion, before=comparison.compared_from, **area, by="total")
overview = ctx.view(view.categories, by_category, response, lang=lang,
                    withhold_total_test=ctx.policy.withholds_tests(None), dispersion=total_dispersion(total))  # fmt: skip
kpi_row(overview.kpis)
st.caption(ctx.t(overview.caption_key, legend=ctx.t("signal.legend"), population=ctx.t("notice.population")))

with chart_box(ctx.t("chart.offences_by_category.title"), ctx.t("chart.offences_by_category.question")):
    st.info(ctx.t("notice.dv_reporting"), icon=":material/diversity_1:")
    show_chart(overview.figure, key="crime_categories")
    data_table(overview.table.styler, name="crime_categories",
               column_config=overview.table.labels)  # fmt: skip
    st.caption(ctx.t("pg.crime.category_caption"))

# One category (or all) for every chart below; shareable, so it lives in the URL too.
seed_from_url("crime_category", "crime_category", overview.options, "")
chosen = st.selectbox(
    ctx.t("pg.crime.category_select"),
    overview.options,
    key="crime_category",
    format_func=lambda code: label("offence", code, lang) if code else ctx.t("pg.crime.all_categories"),
    help=ctx.t("pg.crime.category_help"),
    placeholder=ctx.t("common.choose_one"),
)
mirror_to_url({"crime_category": chosen or None})
category = chosen or None  # None: all categories
withhold_tests = ctx.policy.withholds_tests(category)

monthly = ctx.query(q.crime_monthly, **period, **area, category=category)
with chart_box(ctx.t("chart.offence_trend.title"), ctx.t("chart.offence_trend.question")):
    show_chart(ctx.view(trend_figure, monthly, lang=lang), key="crime_trend")

left, right = st.columns(2)
with left, chart_box(ctx.t("pg.crime.season_title"), ctx.t("pg.crime.season_question")):
    yearly = ctx.query(q.crime_seasonality, **area, category=category, reporting_date=ctx.reporting_date)
    season = ctx.view(view.seasonality, yearly, lang=lang)
    if season is None:
        st.info(ctx.t("pg.crime.season_no_years"), icon=":material/event_busy:")
    else:
        show_chart(season.figure, key="crime_season")
        st.caption(ctx.t("pg.crime.season_caption", first=season.first_year, last=season.last_year,
                         n=season.n_years))  # fmt: skip
with right, chart_box(ctx.t("pg.crime.clearance_title"), ctx.t("pg.crime.clearance_question")):
    show_chart(ctx.view(clearance_figure, monthly, lang=lang), key="crime_clearance")
    st.caption(ctx.t("indicator.clearance.notes"))

window = ctx.view(view.data_window, ctx.query(q.crime_data_range, reporting_date=ctx.reporting_date))
deployment = ctx.query(q.crime_deployment, **area)

with chart_box(ctx.t("chart.before_after.title"), ctx.t("chart.before_after.question")):
    events = ctx.query(q.crime_event_counts, **area, category=category)
    result = ctx.view(
        view.before_after, events, deployment, window, lang=lang, names=names, withhold_tests=withhold_tests
    )
    if result.view is None:
        st.info(
            ctx.t("pg.crime.ba_none", first=fmt_month(result.first_month, lang)), icon=":material/event_busy:"
        )
    else:
        kpi_row(result.view.kpis)
        show_chart(result.view.figure, key="crime_event_time")
        with st.expander(ctx.t("pg.crime.ba_per_hromada", n=result.view.n_hromadas)):
            table = result.view.table
            data_table(table.styler, name="crime_before_after", column_config=table.labels)
    st.caption(ctx.t("pg.crime.ba_caption", incomplete=result.incomplete, not_deployed=result.not_deployed))

# The rollout evaluation (whole oblast, cached per snapshot, audience and category), the WDD below it the
# simple version.
with chart_box(ctx.t("event_study.title"), ctx.t("event_study.question")):
    frame = ctx.query(q.crime_event_study, category=category, reporting_date=ctx.reporting_date)
    study = ctx.view(event_study, frame, lang=lang, withhold_tests=withhold_tests)
    if study is None:
        st.info(ctx.t("event_study.none"), icon=":material/event_busy:")
    else:
        kpi_row(study.kpis)
        show_chart(study.figure, key="crime_event_study")
        st.markdown("\n\n".join(study.reading))
        st.caption(study.caption)


# A fragment: choosing another wave reruns this section only, not the whole page (its queries and
# views come from the caches anyway, but the other charts need not be drawn again).
@st.fragment
def wdd_section() -> None:
    with chart_box(ctx.t("pg.crime.wdd_title"), ctx.t("pg.crime.wdd_question")):
        # The waves and the WDD read every hromada of the oblast whatever the scope (controls come from all):
        # asked without the scope, their result is one for every viewer of the same audience (ctx.view).
        everywhere = ctx.query(q.crime_deployment, raion=None, hromada=None)
        waves = ctx.view(view.deployment_waves, everywhere, window)
        if not waves:
            st.info(ctx.t("pg.crime.wdd_no_waves"), icon=":material/event_busy:")
        else:
            default = view.default_wave(waves)
            seed_from_url("crime_wave", "crime_wave", list(waves), default)
            year = st.selectbox(
                ctx.t("pg.crime.wave_select"),
                list(waves),
                key="crime_wave",
                format_func=lambda y: ctx.t("pg.crime.wave_option", year=y, n=len(waves[y].hromadas)),
                placeholder=ctx.t("common.choose_one"),
            )
            mirror_to_url({"crime_wave": year if year != default else None})
            wave = waves[year]
            windows = wave_windows(wave, lang=lang)
            if not wave.complete:
                st.info(ctx.t("pg.crime.wave_incomplete", **windows), icon=":material/event_busy:")
            else:
                counts = ctx.query(q.crime_wave_counts, month_from=wave.pre[0].date(), month_to=wave.post[1].date(),
                                   category=category)  # fmt: skip
                wdd = ctx.view(
                    view.wdd, counts, everywhere, wave, window, lang=lang, withhold_tests=withhold_tests
                )
                kpi_row(wdd.kpis)
                if withhold_tests:
                    st.info(ctx.t("notice.tests_withheld"), icon=":material/visibility_off:")
                elif wdd.text is not None:
                    st.markdown(wdd.text)
                else:
                    st.warning(ctx.t("pg.crime.wdd_no_controls"), icon=":material/warning:")
                show_chart(wdd.figure, key="crime_wdd")
                if wdd.scaling is not None:
                    st.caption(wdd.scaling)
                st.caption(
                    ctx.t("pg.crime.wdd_caption", treated=wdd.treated, controls=wdd.controls, **windows)
                )


wdd_section()

with chart_box(ctx.t("chart.response_time.title"), ctx.t("chart.response_time.question")):
    response_chart = ctx.view(view.response, response, lang=lang)
    if response_chart is None:
        st.info(ctx.t("pg.crime.response_none"), icon=":material/timer_off:")
    else:
        show_chart(response_chart, key="crime_response")
        st.caption(ctx.t("indicator.response_time.notes"))
    if st.toggle(ctx.t("pg.crime.station_toggle"), key="crime_station", help=ctx.t("pg.crime.station_help")):
        stations = view.stations(ctx.query(q.crime_response_station, **area, reporting_date=ctx.reporting_date),
                                 lang=lang, names=names)  # fmt: skip
        if stations is None:
            st.info(ctx.t("pg.crime.station_none"), icon=":material/info:")
        else:
            data_table(stations.styler, name="crime_stations",
                       column_config=stations.labels)  # fmt: skip
            st.caption(ctx.t("pg.crime.station_caption"))
