"""Trust page: resident surveys (trust, feeling safe, knowing the officer) with margins of error, by wave
and by hromada, beside domestic-violence reports (which may rise when trust rises)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import indicators as ind
from dashboard.charts.trust import (
    CHART_MAX_HROMADAS,
    dv_kpi,
    hromada_share_figure,
    hromada_table,
    survey_kpi,
    trust_dv_figure,
)
from dashboard.formatting import fmt_date, fmt_int, fmt_month, fmt_pct
from dashboard.i18n import tn
from dashboard.queries.trust import (
    SURVEY_INDICATORS,
    latest_wave,
    trust_by_hromada,
    trust_dv_half_years,
    trust_dv_period,
    trust_wave_change,
    trust_waves,
)
from dashboard.ui.context import get_context
from dashboard.ui.layout import Kpi, chart_box, empty_state, kpi_row, page_header, show_chart
from dashboard.ui.tables import date_column, int_column, show_table, text_column
from dashboard.ui.url_state import mirror_to_url, seed_from_url

ctx = get_context()
page_header(ctx, "trust")
lang = ctx.lang
area = {"raion": ctx.raion, "hromada": ctx.hromada}

waves = ctx.query(trust_waves, month_to=ctx.period.month_to, **area)
dv_half = ctx.query(trust_dv_half_years, month_to=ctx.period.month_to, **area)
dv = ctx.query(trust_dv_period, **ctx.comparison().params(), **area).iloc[0]  # aligned windows, widened test
wave = latest_wave(waves, ctx.period.month_from, ctx.period.month_to)
if wave is None and not (dv_half["n"] != 0).any():
    empty_state(ctx)
    st.stop()

# --- KPI cards: the latest wave (population-weighted over the scope) and domestic-violence reports in the period ---------
kpis: list[Kpi] = []
if wave is not None:
    row = waves.iloc[-1]
    change = ctx.query(trust_wave_change, date_from=wave.start, date_to=wave.end, **area).iloc[0]
    kpis += [Kpi(**survey_kpi(row, change, name, lang=lang)) for name in SURVEY_INDICATORS]
kpis.append(Kpi(**dv_kpi(dv, lang=lang)))
kpi_row(kpis)
if wave is not None:
    if not wave.in_period:
        st.info(
            ctx.t("pg.trust.wave_outside_period", wave=fmt_month(wave.last_survey, lang)),
            icon=":material/event_busy:",
        )
    st.caption(
        ctx.t(
            "pg.trust.wave_caption",
            first=fmt_date(row["first_survey"], lang),
            last=fmt_date(row["last_survey"], lang),
            n=fmt_int(row["respondents"], lang),
            hromadas=tn("count.hromadas", row["n_hromadas"], lang),
            residents=fmt_pct(row["resident_share"], 1, lang),
        )
    )
    if not row["trust_reliable"]:
        st.warning(
            ctx.t("small_numbers.unreliable", n=fmt_int(ind.MIN_RELIABLE_N, lang)), icon=":material/warning:"
        )

# --- trust over waves beside domestic-violence reports ---------------------------------------------------
with chart_box(ctx.t("pg.trust.chart_trend.title"), ctx.t("pg.trust.chart_trend.question")):
    fig = trust_dv_figure(
        waves,
        dv_half,
        lang=lang,
        period_from=ctx.period.month_from,
        period_to=ctx.period.month_to,
    )
    show_chart(fig, key="trust_trend")
    st.caption(ctx.t("pg.trust.trend_caption"))
    # Few reports or a small population: the half-year rates swing on a case or two.
    if ind.is_small_number(dv["n_current"], dv["population"]):
        st.caption(ctx.t("small_numbers.note"))
    st.info(ctx.t("notice.dv_reporting"), icon=":material/info:")
    st.caption(ctx.t("notice.population"))

# --- hromadas in the latest wave ---------------------------------------------------------------------------
if wave is None:
    empty_state(ctx)
    st.stop()
seed_from_url("trust_indicator", "trust_indicator", SURVEY_INDICATORS, "trust")
indicator = (
    st.segmented_control(
        ctx.t("pg.trust.indicator"),
        SURVEY_INDICATORS,
        key="trust_indicator",
        format_func=lambda code: ctx.t(f"kpi.{code}"),
    )
    or "trust"
)
mirror_to_url({"trust_indicator": indicator if indicator != "trust" else None})
by_hromada = ctx.query(trust_by_hromada, date_from=wave.start, date_to=wave.end, raion=ctx.raion)
surveyed = by_hromada[by_hromada["survey_date"].notna()]
with chart_box(ctx.t("pg.trust.chart_hromadas.title"), ctx.t("pg.trust.chart_hromadas.question")):
    if surveyed.empty:
        empty_state(ctx)
    else:
        scope_label = ctx.t("pg.trust.scope_raion" if ctx.raion else "pg.trust.scope_oblast")
        # The population-weighted share of the raion (or oblast) in the same wave: the reference line.
        scope_waves = ctx.query(trust_waves, month_to=ctx.period.month_to, raion=ctx.raion, hromada=None)
        reference = scope_waves.loc[
            scope_waves["wave"] == pd.Timestamp(wave.start), f"{indicator}_share"
        ].max()
        fig = hromada_share_figure(
            surveyed,
            lang=lang,
            indicator=indicator,
            reference=reference,
            scope_label=scope_label,
            highlight=ctx.hromada,
        )
        show_chart(fig, key="trust_hromadas")
        st.caption(ctx.t("pg.trust.hromadas_caption", scope=scope_label))
        if len(surveyed) > CHART_MAX_HROMADAS:
            st.caption(ctx.t("pg.trust.chart_truncated", n=fmt_int(CHART_MAX_HROMADAS // 2, lang)))
        show_table(
            hromada_table(surveyed, lang=lang, indicator=indicator),
            name="trust_hromadas",
            hromada=text_column(ctx.t("column.hromada")),
            survey_date=date_column(ctx.t("pg.trust.col_survey_date"), lang),
            respondents=int_column(ctx.t("column.respondents")),
            share=text_column(ctx.t("column.share")),
            margin=text_column(ctx.t("column.margin")),
            change=text_column(ctx.t("pg.trust.col_change")),
            change_note=text_column(ctx.t("pg.trust.col_change_note")),
            reliability=text_column(ctx.t("pg.trust.col_reliability")),
        )
    missing = by_hromada[by_hromada["survey_date"].isna()]
    if not missing.empty:
        names = ", ".join(sorted(missing[ctx.name_column()]))
        st.caption(ctx.t("pg.trust.not_surveyed", n=fmt_int(len(missing), lang), names=names))
