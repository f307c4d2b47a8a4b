"""Safety-passports page: open problems by priority, measures by status, overdue measures, done ÷ due,
days since the last review and the share reviewed in the last 3 months, for the scope and per hromada, at
the reporting date; each hromada's problems with their measures, what was done and with what result."""

from __future__ import annotations

import streamlit as st

from dashboard.charts.passports import (
    hromada_table,
    open_problems_figure,
    overdue_full_texts,
    overdue_table,
    review_help,
    status_figure,
)
from dashboard.formatting import fmt_date, fmt_int, fmt_pct
from dashboard.i18n import tn
from dashboard.queries.passports import (
    passport_hromadas,
    passport_measures,
    passport_open_problems,
    passport_overdue_measures,
    passport_status_counts,
    passport_totals,
)
from dashboard.ui.context import get_context
from dashboard.ui.layout import Kpi, chart_box, empty_state, kpi_row, page_header, show_chart
from dashboard.ui.tables import data_table, date_column, int_column, show_table, text_column
from dashboard.views import passports as view

ctx = get_context()
page_header(ctx, "passports")
lang = ctx.lang
# Statuses are the current ones: the passport is shown at the reporting date, whatever the period.
scope = {"raion": ctx.raion, "hromada": ctx.hromada}
at_date = {**scope, "reporting_date": ctx.reporting_date}
st.caption(ctx.t("pg.passports.scope_note", date=fmt_date(ctx.reporting_date, lang)))

totals = ctx.query(passport_totals, **at_date).iloc[0]
per_hromada = ctx.query(passport_hromadas, **at_date)
without = per_hromada[~per_hromada["has_passport"]]
if totals["n_items"] == 0:
    empty_state(ctx)
if not without.empty:
    names = ", ".join(sorted(without[ctx.name_column()]))
    st.warning(
        ctx.t("pg.passports.without_passport", n=fmt_int(len(without), lang), names=names),
        icon=":material/assignment_late:",
    )
if totals["n_items"] == 0:
    st.stop()

problems = ctx.query(passport_open_problems, **scope)
by_priority = dict(zip(problems["priority"], problems["n_problems"], strict=True))
longest = ctx.hromada_name(totals["max_days_hromada"]) if totals["max_days_hromada"] else None
kpi_row(
    [
        Kpi(
            ctx.t("kpi.open_problems"),
            fmt_int(problems["n_problems"].sum(), lang),
            help=ctx.t(
                "pg.passports.open_help",
                high=fmt_int(by_priority.get("high", 0), lang),
                medium=fmt_int(by_priority.get("medium", 0), lang),
                low=fmt_int(by_priority.get("low", 0), lang),
            ),
        ),
        Kpi(
            ctx.t("kpi.overdue_measures"),
            fmt_int(totals["n_overdue"], lang),
            help=ctx.t(
                "pg.passports.overdue_help",
                date=fmt_date(ctx.reporting_date, lang),
                hromadas=tn("count.hromadas", totals["n_hromadas_overdue"], lang),
            ),
        ),
        Kpi(
            ctx.t("indicator.measures_done.name"),
            fmt_pct(totals["done_share"], 0, lang),
            help=ctx.t(
                "pg.passports.done_help",
                done=fmt_int(totals["n_done_due"], lang),
                due=fmt_int(totals["n_due"], lang),
                date=fmt_date(ctx.reporting_date, lang),
            ),
        ),
        Kpi(
            ctx.t("pg.passports.kpi_days"),
            fmt_int(totals["median_days_since_review"], lang),
            help=review_help(totals, lang=lang, hromada_name=longest),
        ),
        view.review_kpi(totals, lang=lang),
    ]
)
st.caption(
    ctx.t(
        "pg.passports.kpi_caption",
        with_passport=fmt_int(totals["n_with_passport"], lang),
        hromadas=fmt_int(totals["n_hromadas"], lang),
        measures=fmt_int(totals["n_items"], lang),
        due=fmt_int(totals["n_due"], lang),
        done=fmt_int(totals["n_done_due"], lang),
    )
)

left, right = st.columns(2)
with (
    left,
    chart_box(ctx.t("pg.passports.chart_problems.title"), ctx.t("pg.passports.chart_problems.question")),
):
    show_chart(open_problems_figure(problems, lang=lang), key="passports_problems")
with right, chart_box(ctx.t("chart.passport_status.title"), ctx.t("chart.passport_status.question")):
    status = ctx.query(passport_status_counts, **at_date)
    show_chart(status_figure(status, lang=lang), key="passports_status")

measures = ctx.query(passport_measures, **at_date)
with chart_box(ctx.t("pg.passports.record.title"), ctx.t("pg.passports.record.question")):
    choices = view.hromada_choices(per_hromada, lang=lang)
    codes: list[str] = list(choices)
    picked = st.selectbox(
        ctx.t("column.hromada"),
        codes,
        format_func=lambda c: choices.get(c, c),
        key="passport_hromada",
        placeholder=ctx.t("common.choose_one"),
    )
    chosen = str(picked or codes[0])
    st.caption(view.review_line(per_hromada[per_hromada["hromada"] == chosen].iloc[0], lang=lang))
    # Free text (problem, measure, what was done, result) only as plain text: st.text parses no markdown.
    for group in view.problem_groups(measures, chosen, lang=lang):
        with st.container(border=True):
            st.markdown(group.badge)
            st.text(group.problem)
            for card in group.measures:
                badge, text = st.columns([1, 6], vertical_alignment="top")
                badge.markdown(card.badge)
                text.text(card.text)
    st.caption(ctx.t("pg.passports.mask_note"))

with chart_box(ctx.t("pg.passports.table_overdue.title"), ctx.t("pg.passports.table_overdue.question")):
    overdue = ctx.query(passport_overdue_measures, **at_date)
    if overdue.empty:
        st.success(ctx.t("pg.passports.no_overdue"), icon=":material/task_alt:")
    else:
        # Problem, measure and responsible are free text from uploaded files: plain dataframe cells only.
        show_table(
            overdue_table(overdue, lang=lang),
            name="passports_overdue",
            hromada=text_column(ctx.t("column.hromada")),
            problem=text_column(ctx.t("column.problem"), width="medium"),
            priority=text_column(ctx.t("column.priority")),
            measure=text_column(ctx.t("column.measure"), width="medium"),
            responsible=text_column(ctx.t("column.responsible")),
            due_on=date_column(ctx.t("column.due_on"), lang),
            status=text_column(ctx.t("column.status")),
            days_overdue=int_column(ctx.t("pg.passports.col_days_overdue")),
        )
        # The cells cut long texts off: every text in full, on demand.
        with st.expander(ctx.t("pg.passports.full_texts"), icon=":material/notes:"):
            for paragraph in overdue_full_texts(overdue_table(overdue, lang=lang), lang=lang):
                st.text(paragraph)  # free text: plain text only
    st.caption(ctx.t("pg.passports.text_note"))

with chart_box(ctx.t("pg.passports.table_hromadas.title"), ctx.t("pg.passports.table_hromadas.question")):
    show_table(
        hromada_table(per_hromada, lang=lang),
        name="passports_hromadas",
        hromada=text_column(ctx.t("column.hromada")),
        n_items=int_column(ctx.t("pg.passports.col_items")),
        n_open=int_column(ctx.t("pg.passports.col_open")),
        n_overdue=int_column(ctx.t("pg.passports.col_overdue")),
        done_of_due=text_column(ctx.t("pg.passports.col_done_of_due")),
        last_review=date_column(ctx.t("pg.passports.col_last_review"), lang),
        days_since_review=int_column(ctx.t("pg.passports.col_days")),
        flags=text_column(ctx.t("pg.passports.col_flags"), width="medium"),
    )

with chart_box(ctx.t("pg.passports.table_measures.title"), ctx.t("pg.passports.table_measures.question")):
    table, labels = view.measures_table(measures, lang=lang)
    dates = {c: date_column(labels[c], lang) for c in view.MEASURE_DATES}
    data_table(table, name="passports_measures", column_config={**labels, **dates})
