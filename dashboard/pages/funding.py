"""Funding page: what the programme's offices, vehicles, tablets, stations and training cost, who paid
(state, oblast, hromada, donors), for which hromada, with the ProZorro tender ids a reader can look up."""

from __future__ import annotations

import streamlit as st

from dashboard.charts.funding import spending_by_year_figure
from dashboard.formatting import fmt_date
from dashboard.queries.funding import funding_by_hromada, funding_by_source, funding_by_year, funding_rows
from dashboard.ui.context import get_context
from dashboard.ui.layout import chart_box, empty_state, kpi_row, page_header, show_chart
from dashboard.ui.tables import data_table, date_column, int_column, money_column
from dashboard.views import funding as view

ctx = get_context()
page_header(ctx, "funding")
lang = ctx.lang
# Spending is cumulative: everything paid up to the reporting date; the period filter does not apply.
at_date = {"raion": ctx.raion, "hromada": ctx.hromada, "reporting_date": ctx.reporting_date}
st.caption(ctx.t("pg.funding.scope_note", date=fmt_date(ctx.reporting_date, lang)))

rows = ctx.query(funding_rows, **at_date)
if rows.empty:
    empty_state(ctx)
    st.caption(ctx.t("pg.funding.no_data"))
    st.stop()
by_hromada = ctx.query(funding_by_hromada, **at_date)
kpi_row(view.kpis(rows, by_hromada, lang=lang))

by_year = ctx.query(funding_by_year, **at_date)
left, right = st.columns(2)
with left, chart_box(ctx.t("pg.funding.chart_source.title"), ctx.t("pg.funding.chart_source.question")):
    show_chart(spending_by_year_figure(by_year, by="source_type", lang=lang), key="funding_by_source")
with right, chart_box(ctx.t("pg.funding.chart_item.title"), ctx.t("pg.funding.chart_item.question")):
    show_chart(spending_by_year_figure(by_year, by="item", lang=lang), key="funding_by_item")
st.caption(ctx.t("pg.funding.nominal_note"))

with chart_box(ctx.t("pg.funding.table_sources.title"), ctx.t("pg.funding.table_sources.question")):
    table, labels = view.source_table(ctx.query(funding_by_source, **at_date), lang=lang)
    config = {**labels, "amount_uah": money_column(labels["amount_uah"]),
              "quantity": int_column(labels["quantity"]), "n_hromadas": int_column(labels["n_hromadas"])}  # fmt: skip
    data_table(table, name="funding_sources", column_config=config)
    st.caption(ctx.t("pg.funding.prozorro_note"))

with chart_box(ctx.t("pg.funding.table_hromadas.title"), ctx.t("pg.funding.table_hromadas.question")):
    table, labels = view.hromada_table(by_hromada, lang=lang)
    numbers = ("amount_uah", "donor_uah")
    config = {**labels, **{c: money_column(labels[c]) for c in numbers}}
    data_table(table, name="funding_hromadas", column_config=config)
    st.caption(ctx.t("pg.funding.per_officer_note"))

with chart_box(ctx.t("pg.funding.table_payments.title"), ctx.t("pg.funding.table_payments.question")):
    table, labels = view.payments_table(rows, lang=lang)
    config = {**labels, "paid_on": date_column(labels["paid_on"], lang),
              "amount_uah": money_column(labels["amount_uah"]),
              "quantity": int_column(labels["quantity"])}  # fmt: skip
    data_table(table, name="funding_payments", column_config=config)
