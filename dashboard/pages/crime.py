"""Crime and prevention page: offences by category and over time, before/after each deployment on event
time, the WDD of a deployment wave against not-yet-covered communities, clearance and response times."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import indicators as ind
from dashboard.auth.policy import numeric
from dashboard.charts.crime import (
    before_after_kpis,
    before_after_table,
    category_figure,
    category_table,
    clearance_figure,
    event_time_figure,
    offence_kpis,
    response_figure,
    seasonality_figure,
    station_table,
    trend_figure,
    wave_windows,
    wdd_figure,
    wdd_kpis,
    wdd_text,
)
from dashboard.formatting import fmt_month
from dashboard.i18n import label
from dashboard.queries.crime import (
    crime_by_category,
    crime_data_range,
    crime_deployment,
    crime_event_counts,
    crime_monthly,
    crime_response,
    crime_response_station,
    crime_seasonality,
    crime_wave_counts,
)
from dashboard.schema import OFFENCE_CATEGORIES, SENSITIVE_OFFENCE_CATEGORIES
from dashboard.ui.context import get_context
from dashboard.ui.layout import Kpi, chart_box, empty_state, kpi_row, page_header, show_chart
from dashboard.ui.url_state import mirror_to_url, seed_from_url

ctx = get_context()
page_header(ctx, "crime")
lang, period = ctx.lang, ctx.period.params()
area = {"raion": ctx.raion, "hromada": ctx.hromada}
partner = bool(ctx.extras.get("partner"))
names = dict(zip(ctx.hromadas["katottg"], ctx.hromadas[ctx.name_column()], strict=True))

by_category = ctx.query(crime_by_category, **period, **area)
response = ctx.query(crime_response, **period, **area)
# Totals use numbers only: cells the partner policy shows as «<5» are left out of them (and say so).
totals = by_category.assign(**{c: numeric(by_category[c]) for c in ("n", "n_prev", "solved")})
if totals["n"].sum() + totals["n_prev"].sum() == 0 and numeric(response["n_calls"]).sum() == 0:
    empty_state(ctx)
    st.stop()
response_total = response[response["is_total"] & (numeric(response["n"]) > 0)]
kpis = offence_kpis(totals, response_total.iloc[0] if len(response_total) else None, lang=lang)
kpi_row([Kpi(**kpi) for kpi in kpis])
baseline = "pg.crime.kpi_caption" if by_category["comparable"].any() else "pg.crime.kpi_caption_no_baseline"
st.caption(ctx.t(baseline, legend=ctx.t("signal.legend"), population=ctx.t("notice.population")))

with chart_box(ctx.t("chart.offences_by_category.title"), ctx.t("chart.offences_by_category.question")):
    st.info(ctx.t("notice.dv_reporting"), icon=":material/diversity_1:")
    show_chart(category_figure(by_category, lang=lang, suppress=partner), key="crime_categories")
    styler, labels = category_table(by_category, lang=lang, suppress=partner)
    st.dataframe(styler, hide_index=True, column_config=labels, width="stretch")
    st.caption(ctx.t("pg.crime.category_caption"))

# One category (or all) for every chart below; shareable, so it lives in the URL too.
options = ["", *(c for c in OFFENCE_CATEGORIES if c in set(by_category["category"]))]
seed_from_url("crime_category", "crime_category", options, "")
category = st.selectbox(
    ctx.t("pg.crime.category_select"),
    options,
    key="crime_category",
    format_func=lambda code: label("offence", code, lang) if code else ctx.t("pg.crime.all_categories"),
    help=ctx.t("pg.crime.category_help"),
)
mirror_to_url({"crime_category": category or None})
category = category or None
hide_small = partner and category in SENSITIVE_OFFENCE_CATEGORIES

monthly = ctx.query(crime_monthly, **period, **area, category=category)
with chart_box(ctx.t("chart.offence_trend.title"), ctx.t("chart.offence_trend.question")):
    show_chart(trend_figure(monthly, lang=lang, suppress=hide_small), key="crime_trend")

left, right = st.columns(2)
with left, chart_box(ctx.t("pg.crime.season_title"), ctx.t("pg.crime.season_question")):
    yearly = ctx.query(crime_seasonality, **area, category=category, reporting_date=ctx.reporting_date)
    if yearly.empty:
        st.info(ctx.t("pg.crime.season_no_years"), icon=":material/event_busy:")
    else:
        show_chart(seasonality_figure(ind.seasonal_profile(yearly), lang=lang), key="crime_season")
        years = sorted(yearly["year"].unique())
        st.caption(ctx.t("pg.crime.season_caption", first=years[0], last=years[-1], n=len(years)))
with right, chart_box(ctx.t("pg.crime.clearance_title"), ctx.t("pg.crime.clearance_question")):
    show_chart(clearance_figure(monthly, lang=lang, suppress=hide_small), key="crime_clearance")
    st.caption(ctx.t("indicator.clearance.notes"))

data_range = ctx.query(crime_data_range, reporting_date=ctx.reporting_date).iloc[0]
deployment = ctx.query(crime_deployment, **area)
deployed_on = deployment.set_index("hromada")["deployment_month"]
first_month, last_month = data_range["first_month"], data_range["last_month"]

with chart_box(ctx.t("chart.before_after.title"), ctx.t("chart.before_after.question")):
    scope = deployment[deployment["in_scope"]].set_index("hromada")
    events = ctx.query(crime_event_counts, **area, category=category)
    window = {"first_month": first_month, "last_month": last_month}
    before_after = (
        ind.before_after_deployment(events, scope["population"], scope["deployment_month"], **window)
        if pd.notna(first_month)
        else None
    )
    if before_after is None or before_after.pooled.n_hromadas == 0:
        st.info(ctx.t("pg.crime.ba_none", first=fmt_month(first_month, lang)), icon=":material/event_busy:")
    else:
        pooled = before_after.pooled
        kpi_row([Kpi(**kpi) for kpi in before_after_kpis(pooled, lang=lang)])
        series = ind.event_time_series(events, scope["population"], scope["deployment_month"], **window)
        show_chart(event_time_figure(series, pooled, lang=lang), key="crime_event_time")
        with st.expander(ctx.t("pg.crime.ba_per_hromada", n=pooled.n_hromadas)):
            styler, labels = before_after_table(
                before_after.per_hromada, lang=lang, names=names, suppress=hide_small
            )
            st.dataframe(styler, hide_index=True, column_config=labels, width="stretch")
    excluded = before_after.excluded if before_after is not None else pd.DataFrame({"reason": []})
    st.caption(
        ctx.t(
            "pg.crime.ba_caption",
            incomplete=int((excluded["reason"] == "incomplete_window").sum()),
            not_deployed=int((excluded["reason"] == "not_deployed").sum()),
        )
    )

with chart_box(ctx.t("pg.crime.wdd_title"), ctx.t("pg.crime.wdd_question")):
    waves = (
        ind.deployment_waves(deployed_on, first_month=first_month, last_month=last_month)
        if pd.notna(first_month)
        else []
    )
    if not waves:
        st.info(ctx.t("pg.crime.wdd_no_waves"), icon=":material/event_busy:")
    else:
        by_year = {str(w.year): w for w in waves}
        default = next((y for y, w in by_year.items() if w.complete), next(iter(by_year)))
        seed_from_url("crime_wave", "crime_wave", list(by_year), default)
        year = st.selectbox(
            ctx.t("pg.crime.wave_select"),
            list(by_year),
            key="crime_wave",
            format_func=lambda y: ctx.t("pg.crime.wave_option", year=y, n=len(by_year[y].hromadas)),
        )
        mirror_to_url({"crime_wave": year if year != default else None})
        wave = by_year[year]
        windows = wave_windows(wave, lang=lang)
        if not wave.complete:
            st.info(ctx.t("pg.crime.wave_incomplete", **windows), icon=":material/event_busy:")
        else:
            counts = ctx.query(
                crime_wave_counts,
                month_from=wave.pre[0].date(),
                month_to=wave.post[1].date(),
                category=category,
            )
            comparison = ind.wdd_vs_controls(
                counts, deployed_on, pre=wave.pre, post=wave.post, wave=wave.wave, **window
            )
            result = comparison.result
            kpi_row([Kpi(**kpi) for kpi in wdd_kpis(result, lang=lang)])
            if comparison.controls:
                st.markdown(wdd_text(result, lang=lang))
            else:
                st.warning(ctx.t("pg.crime.wdd_no_controls"), icon=":material/warning:")
            show_chart(wdd_figure(result, lang=lang), key="crime_wdd")
            treated, controls = len(comparison.treated), len(comparison.controls)
            st.caption(ctx.t("pg.crime.wdd_caption", treated=treated, controls=controls, **windows))

with chart_box(ctx.t("chart.response_time.title"), ctx.t("chart.response_time.question")):
    if response_total.empty:
        st.info(ctx.t("pg.crime.response_none"), icon=":material/timer_off:")
    else:
        show_chart(response_figure(response, lang=lang), key="crime_response")
        st.caption(ctx.t("indicator.response_time.notes"))
    if st.toggle(ctx.t("pg.crime.station_toggle"), key="crime_station", help=ctx.t("pg.crime.station_help")):
        stations = ctx.query(crime_response_station, **area, reporting_date=ctx.reporting_date)
        if not (~stations["is_total"]).any():
            st.info(ctx.t("pg.crime.station_none"), icon=":material/info:")
        else:
            styler, labels = station_table(stations, lang=lang, names=names)
            st.dataframe(styler, hide_index=True, column_config=labels, width="stretch")
            st.caption(ctx.t("pg.crime.station_caption"))
