"""Officer activity page: what community officers do, per officer-week on duty, where, and the council
reports against the two-a-year target. Communities are compared; officers are never ranked."""

from __future__ import annotations

import streamlit as st

from dashboard.charts.activity import (
    activity_mix_figure,
    calendar_heatmap_figure,
    calendar_window,
    hromada_table,
    kpi_delta,
    type_table,
)
from dashboard.formatting import fmt_int, fmt_month, fmt_num, fmt_pct
from dashboard.indicators import COUNCIL_REPORTS_TARGET
from dashboard.queries.activity import activity_by_type, activity_calendar, activity_monthly, activity_summary
from dashboard.ui.context import get_context
from dashboard.ui.layout import Kpi, chart_box, empty_state, kpi_row, page_header, show_chart
from dashboard.ui.tables import data_table

ctx = get_context()
page_header(ctx, "activity")
lang, scope = ctx.lang, ctx.scope_params()
area = {"raion": ctx.raion, "hromada": ctx.hromada}

comparison = ctx.comparison().params()  # the same months a year earlier, whole months (periods.py)
summary = ctx.query(
    activity_summary, **scope, prev_from=comparison["prev_from"], prev_to=comparison["prev_to"]
)
totals = summary[summary["is_total"]]
if totals.empty or (totals.iloc[0]["officer_days"] == 0 and totals.iloc[0]["minutes"] == 0):
    empty_state(ctx)
    st.stop()
total = totals.iloc[0]
# Compare with a year earlier only if officers were on duty and logged activity then: before the tablets
# (or the officers) there is no baseline, and a change from nothing would mislead.
has_prev = bool(total["officer_days_prev"] > 0 and total["n_activities_prev"] > 0)

st.info(ctx.t("notice.no_officer_ranking"), icon=":material/balance:")


by_type = ctx.query(activity_by_type, **comparison, **area).set_index("activity_type")


def type_count(code: str, column: str = "n") -> float:
    return float(by_type[column].get(code, 0))


weeks_text = fmt_num(total["officer_weeks"], 0, lang)
kpi_row(
    [
        Kpi(
            ctx.t("pg.activity.kpi_activities_pow"),
            fmt_num(total["activities_per_officer_week"], 1, lang),
            kpi_delta(total, "activities_per_officer_week", lang=lang, enabled=has_prev),
            ctx.t(
                "pg.activity.help_activities_pow", weeks=weeks_text, n=fmt_int(total["n_activities"], lang)
            ),
        ),
        Kpi(
            ctx.t("pg.activity.kpi_patrol_pow"),
            fmt_num(total["patrol_hours_per_officer_week"], 1, lang),
            kpi_delta(total, "patrol_hours_per_officer_week", lang=lang, enabled=has_prev),
            ctx.t(
                "pg.activity.help_patrol_pow", weeks=weeks_text, hours=fmt_int(total["patrol_hours"], lang)
            ),
        ),
        Kpi(
            ctx.t("pg.activity.kpi_inside"),
            fmt_pct(total["inside_share"], 0, lang),
            kpi_delta(total, "inside_share", lang=lang, enabled=has_prev, points=True, better=True),
            ctx.t("pg.activity.help_inside", located=fmt_pct(total["located_share"], 0, lang)),
        ),
        Kpi(
            ctx.t("pg.activity.kpi_council"),
            ctx.t(
                "pg.activity.reached_of",
                reached=fmt_int(total["council_reached"], lang),
                eligible=fmt_int(total["council_eligible"], lang),
            ),
            None,
            ctx.t(
                "pg.activity.help_council",
                target=COUNCIL_REPORTS_TARGET,
                month=fmt_month(ctx.period.month_to, lang),
            ),
        ),
        Kpi(
            ctx.t("pg.activity.col_meetings"),
            fmt_int(total["n_meetings"], lang),
            kpi_delta(total, "n_meetings", lang=lang, enabled=has_prev, digits=0),
            ctx.t("pg.activity.help_meetings", participants=fmt_int(total["meeting_participants"], lang)),
        ),
        Kpi(
            ctx.t("pg.activity.kpi_attendance"),
            fmt_num(total["mean_attendance"], 1, lang),
            kpi_delta(total, "mean_attendance", lang=lang, enabled=has_prev),
            ctx.t("pg.activity.help_attendance"),
        ),
        Kpi(
            ctx.t("pg.activity.kpi_reception_hours"),
            fmt_int(type_count("reception_hours", "hours"), lang),
            None,
            ctx.t("pg.activity.help_reception", n=fmt_int(type_count("reception_hours"), lang)),
        ),
        Kpi(
            ctx.t("pg.activity.kpi_calls"),
            fmt_int(type_count("call_response"), lang),
            None,
            ctx.t("pg.activity.help_calls"),
        ),
    ]
)
if has_prev:
    st.caption(ctx.t("pg.activity.summary.kpi_caption"))

with chart_box(ctx.t("chart.activity_mix.title"), ctx.t("pg.activity.mix_question")):
    monthly = ctx.query(activity_monthly, **ctx.period.params(), **area)
    show_chart(activity_mix_figure(monthly, lang=lang), key="activity_mix")

with chart_box(ctx.t("pg.activity.types_title"), ctx.t("pg.activity.types_question")):
    styler, labels = type_table(
        by_type.reset_index(),
        lang=lang,
        officer_days=float(total["officer_days"]),
        officer_days_prev=float(total["officer_days_prev"]),
    )
    data_table(styler, name="activity_types", column_config=labels)
    st.caption(ctx.t("pg.activity.types_caption"))

cal_from, cal_to = calendar_window(ctx.period.month_from, ctx.period.month_to, ctx.period.key)
with chart_box(ctx.t("pg.activity.calendar_title"), ctx.t("pg.activity.calendar_question")):
    days = ctx.query(
        activity_calendar, month_from=cal_from, month_to=cal_to, **area, reporting_date=ctx.reporting_date
    )
    show_chart(calendar_heatmap_figure(days, lang=lang), key="activity_calendar")
    st.caption(
        ctx.t("pg.activity.calendar_caption", start=fmt_month(cal_from, lang), end=fmt_month(cal_to, lang))
    )

with chart_box(ctx.t("pg.activity.hromadas_title"), ctx.t("pg.activity.hromadas_question")):
    names = dict(zip(ctx.hromadas["katottg"], ctx.hromadas[ctx.name_column()], strict=True))
    styler, labels = hromada_table(summary[~summary["is_total"]], lang=lang, names=names)
    data_table(styler, name="activity_hromadas", column_config=labels)
    st.caption(ctx.t("pg.activity.hromadas_caption", target=COUNCIL_REPORTS_TARGET))
