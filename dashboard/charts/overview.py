"""Pure chart builders of the overview page: the rollout funnel and the two trends since 2019."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.common import BLUE, GREY, HEIGHT_SMALL, LIGHT_GREY, ORANGE, SKY, base_figure
from dashboard.formatting import fmt_month, hover_number, month_ticks
from dashboard.i18n import t, tn


def _mark_period(fig: go.Figure, period: tuple[dt.date, dt.date] | None, lang: str) -> None:
    """Shade the sidebar's period, so the KPIs above can be found on the long trend."""
    if period is None:
        return
    start, end = pd.Timestamp(period[0]), pd.Timestamp(period[1]) + pd.offsets.MonthEnd(0)
    fig.add_vrect(
        x0=start,
        x1=end,
        fillcolor=LIGHT_GREY,
        opacity=0.35,
        line_width=0,
        layer="below",
        annotation_text=t("pg.overview.selected_period", lang),
        annotation_position="top left",
        annotation_font_color=GREY,
    )


def rollout_funnel(df: pd.DataFrame, *, lang: str) -> go.Figure:
    """Officers (bar length) and hromadas (in the label) that reached each rollout stage.

    `df`: overview.rollout_funnel (stage, officers, hromadas, median_days, n_days), stages in order.
    """
    fig = base_figure(lang, height=HEIGHT_SMALL)
    stages = [t(f"stage.{code}", lang) for code in df["stage"]]
    # Two lines, not one: on a 390 px phone a one-line «2 офіцери · 1 громада» did not fit the narrowest bar,
    # went outside it and was cut off at the chart's edge; and if a label must go outside, it may use the
    # margin (cliponaxis) rather than be cut at the plot area.
    text = [
        f"{tn('count.officers', int(o), lang)}<br>{tn('count.hromadas', int(h), lang)}"
        for o, h in zip(df["officers"], df["hromadas"], strict=True)
    ]
    fig.add_trace(
        go.Funnel(
            y=stages,
            x=df["officers"],
            text=text,
            textinfo="text",
            cliponaxis=False,
            marker={"color": [BLUE, SKY, BLUE, SKY][: len(df)]},
            connector={"line": {"color": LIGHT_GREY}},
            hovertemplate="%{y}:<br>%{text}<extra></extra>",
        )
    )
    fig.update_layout(showlegend=False, margin={"l": 10, "r": 10, "t": 10, "b": 10})
    return fig


def coverage_trend(
    df: pd.DataFrame, *, lang: str, period: tuple[dt.date, dt.date] | None = None
) -> go.Figure:
    """Hromadas covered and officers on duty at each month's end (overview.coverage_trend)."""
    fig = base_figure(lang)
    months = [fmt_month(m, lang) for m in df["month"]]
    for column, name, colour in (
        ("hromadas_covered", t("pg.overview.series_hromadas", lang), BLUE),
        ("officers_on_duty", t("pg.overview.series_officers", lang), ORANGE),
    ):
        fig.add_trace(
            go.Scatter(
                x=df["month"],
                y=df[column],
                name=name,
                mode="lines",
                line={"color": colour, "width": 2, "shape": "hv"},
                customdata=months,
                hovertemplate=f"%{{customdata}}<br>{name}: {hover_number('y')}<extra></extra>",
            )
        )
    fig.update_xaxes(**month_ticks(df["month"], lang, max_ticks=8))
    fig.update_yaxes(title_text=t("axis.count", lang), rangemode="tozero")
    _mark_period(fig, period, lang)
    return fig


def offence_trend(df: pd.DataFrame, *, lang: str, period: tuple[dt.date, dt.date] | None = None) -> go.Figure:
    """Monthly offences per 10,000 residents, hromadas already covered vs not yet covered.

    `df`: overview.offence_trend (month, group, n_hromadas, population, offences, rate_per_10k).
    """
    fig = base_figure(lang)
    for group, colour in (("covered", BLUE), ("not_covered", ORANGE)):
        part = df[df["group"] == group]
        if part.empty:
            continue
        name = t(f"pg.overview.group_{group}", lang)
        detail = [
            f"{fmt_month(m, lang)}<br>{tn('count.hromadas', h, lang)}, {tn('count.offences', n, lang)}"
            for m, h, n in zip(part["month"], part["n_hromadas"], part["offences"], strict=True)
        ]
        fig.add_trace(
            go.Scatter(
                x=part["month"],
                y=part["rate_per_10k"],
                name=name,
                mode="lines",
                line={"color": colour, "width": 2},
                customdata=detail,
                hovertemplate=f"%{{customdata}}<br>{name}: {hover_number('y', 2)}<extra></extra>",
            )
        )
    fig.update_xaxes(**month_ticks(df["month"], lang, max_ticks=8))
    fig.update_yaxes(title_text=t("pg.overview.axis_monthly_rate", lang), rangemode="tozero")
    _mark_period(fig, period, lang)
    return fig
