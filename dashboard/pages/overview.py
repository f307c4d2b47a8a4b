"""Огляд: headline KPIs with changes, the rollout funnel, trends since 2019 and what changed since the
previous snapshot. Coverage is at the reporting date; offences, calls and trust follow the sidebar period."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.charts import overview as charts
from dashboard.formatting import fmt_date
from dashboard.periods import last_complete_month, snapshot_baseline
from dashboard.queries import overview as q
from dashboard.queries.dispersion import offence_dispersion, total_dispersion
from dashboard.ui.context import get_context
from dashboard.ui.layout import chart_box, empty_state, kpi_row, page_header, show_chart
from dashboard.ui.tables import data_table
from dashboard.ui.url_state import mirror_to_url, seed_from_url
from dashboard.views import overview as view

ctx = get_context()
page_header(ctx, "overview")
lang, tr = ctx.lang, ctx.t
scope = {"raion": ctx.raion, "hromada": ctx.hromada}
# Equal, aligned windows (dashboard.periods): the same months a year earlier, or none before a full year.
period, comparison = ctx.period, ctx.comparison()
last_year = comparison.previous
prev = ctx.previous_snapshot()  # the published snapshot just before the one shown (not the latest one)

rows_now = ctx.query(q.row_counts, **scope)
if int(rows_now["n_rows"].sum()) == 0:  # a hromada without a single record: nothing to summarise
    empty_state(ctx)
    st.stop()

# --- the KPI row; its deltas compare with the previous snapshot or with a year earlier -----------------
options = ["prev", "year"] if prev else ["year"]
seed_from_url("overview_baseline", "overview_baseline", options, options[0])
prev_date = fmt_date(prev.reporting_date if prev else None, lang)
baseline = (
    st.segmented_control(
        tr("pg.overview.compare_with"),
        options,
        key="overview_baseline",
        format_func=lambda code: tr(f"pg.overview.baseline_{code}", date=prev_date),
    )
    or options[0]
)
mirror_to_url({"overview_baseline": None if baseline == options[0] else baseline})

status_now = ctx.query(q.hromada_status, **scope, reporting_date=ctx.reporting_date)
period_now = ctx.query(q.period_kpis, **scope, **period.params()).iloc[0]
response_now = ctx.query(q.response_times, **scope, **period.params()).iloc[0]
trust_now = ctx.query(q.trust_wave, **scope, month_to=period.month_to)
period_ly, response_ly = view.missing_like(period_now), view.missing_like(response_now)
if last_year is not None:
    period_ly = ctx.query(q.period_kpis, **scope, **last_year.params()).iloc[0]
    response_ly = ctx.query(q.response_times, **scope, **last_year.params()).iloc[0]
# The previous snapshot's window of the same kind and length; None for a running calendar year that has
# grown by a month since (Jan–Oct is never compared with Jan–Sep): its period figures use last year's.
prev_period = snapshot_baseline(period, prev.reporting_date) if baseline == "prev" and prev else None
period_base, response_base = period_ly, response_ly
if baseline == "prev" and prev is not None:
    status_base = ctx.query_on(prev, q.hromada_status, **scope, reporting_date=prev.reporting_date)
    trust_base = ctx.query_on(
        prev, q.trust_wave, **scope, month_to=min(period.month_to, last_complete_month(prev.reporting_date))
    )
    if prev_period is not None:
        period_base = ctx.query_on(prev, q.period_kpis, **scope, **prev_period.params()).iloc[0]
        response_base = ctx.query_on(prev, q.response_times, **scope, **prev_period.params()).iloc[0]
else:
    year_ago = (pd.Timestamp(ctx.reporting_date) - pd.DateOffset(years=1)).date()
    status_base = ctx.query(q.hromada_status, **scope, reporting_date=year_ago)
    trust_base = ctx.query(q.trust_wave, **scope, month_to=period.same_period_last_year().month_to)

figures = view.OverviewFigures(
    now=view.status_summary(status_now),
    base=view.status_summary(status_base),
    period_now=period_now,
    period_base=period_base,
    period_last_year=period_ly,
    response_now=response_now,
    response_base=response_base,
    trust_now=trust_now,
    trust_base=trust_base,
    n_months=period.n_months,
    comparison=comparison,
    # The offence z is widened where the scope's monthly history is overdispersed (queries.dispersion).
    dispersion=total_dispersion(
        ctx.query(offence_dispersion, before=comparison.compared_from, **scope, by="total")
    ),
    period_base_window=prev_period or last_year if baseline == "prev" else last_year,
    period_base_fallback=baseline == "prev" and prev_period is None,
)
kpi_row(view.kpi_cards(figures, lang))
st.caption(
    "  \n".join(
        view.kpi_notes(figures, lang, baseline=baseline, withhold_test=ctx.policy.withholds_tests(None))
    )
)

# --- rollout and trends ---------------------------------------------------------------------------------
shown = (period.month_from, period.month_to)
left, right = st.columns(2)
with left, chart_box(tr("chart.rollout_funnel.title"), tr("chart.rollout_funnel.question")):
    funnel = ctx.query(q.rollout_funnel, **scope, reporting_date=ctx.reporting_date)
    show_chart(ctx.view(charts.rollout_funnel, funnel, lang=lang), key="overview_funnel")
    data_table(
        ctx.view(view.stage_table, funnel, lang),
        name="overview_stages",
        column_config={
            "stage": tr("column.stage"),
            "officers": tr("column.officers"),
            "hromadas": tr("pg.overview.col_hromadas"),
            # A short header (the table cannot wrap one); the full one on hover.
            "days": st.column_config.Column(
                tr("pg.overview.col_days_short"), help=tr("pg.overview.col_days")
            ),
        },
    )
    st.caption(tr("pg.overview.funnel_note"))
with right, chart_box(tr("chart.coverage_over_time.title"), tr("chart.coverage_over_time.question")):
    trend = ctx.query(q.coverage_trend, **scope, reporting_date=ctx.reporting_date)
    show_chart(ctx.view(charts.coverage_trend, trend, lang=lang, period=shown), key="overview_coverage")
with chart_box(tr("pg.overview.offence_trend_title"), tr("pg.overview.offence_trend_question")):
    offences = ctx.query(q.offence_trend, **scope, reporting_date=ctx.reporting_date)
    show_chart(ctx.view(charts.offence_trend, offences, lang=lang, period=shown), key="overview_offences")
    st.caption(tr("pg.overview.offence_trend_note"))

# --- what changed since the previous snapshot (the same wrappers run on both files, then compared) ------
if prev is None:
    st.info(tr("pg.overview.no_previous"), icon=":material/history:")
    st.stop()
with chart_box(tr("pg.overview.changes_title", date=prev_date), tr("pg.overview.changes_question")):
    before = {"reporting_date": prev.reporting_date, **scope}
    changes = view.what_changed(
        status_now=status_now,
        status_before=ctx.query_on(prev, q.hromada_status, **before),
        officers_now=ctx.query(q.officer_status, **scope, reporting_date=ctx.reporting_date),
        officers_before=ctx.query_on(prev, q.officer_status, **before),
        passport_now=ctx.query(q.passport_status, **scope),
        passport_before=ctx.query_on(prev, q.passport_status, **scope),
    )
    names = dict(zip(ctx.hromadas["katottg"], ctx.hromadas[ctx.name_column()], strict=True))
    what, tables = st.columns(2)
    with what:
        data_table(
            view.change_table(changes, names, lang),
            name="overview_changes",
            column_config={
                "what": tr("pg.overview.col_change"),
                "n": tr("column.count"),
                "hromadas": tr("column.hromada"),
            },
        )
    rows = view.row_count_changes(rows_now, ctx.query_on(prev, q.row_counts, **scope))
    with tables:
        data_table(
            view.row_table(rows, lang),
            name="overview_rows",
            column_config={
                "table": tr("column.source"),
                "before": prev_date,
                "now": fmt_date(ctx.reporting_date, lang),
                "change": tr("column.change"),
            },
        )
