"""Plotly figures of the deck and report, sized for print and slides (titles are set by the layout, not
drawn in the image). Pure functions of ReportContent parts; rendered to PNG by render.py."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.auth.policy import is_suppressed, numeric
from dashboard.charts.common import BLUE, GREY, LIGHT_GREY, ORANGE, VERMILION, base_figure
from dashboard.formatting import month_ticks, pct_axis
from dashboard.i18n import label, t
from dashboard.indicators import SUPPRESSED_LABEL, BeforeAfter

FONT_FAMILY = "DejaVu Sans, Arial, sans-serif"  # the fonts shipped in dashboard/assets/fonts


def _style(fig: go.Figure, *, legend: bool = True) -> go.Figure:
    fig.update_layout(
        font={"family": FONT_FAMILY, "size": 14},
        margin={"l": 10, "r": 20, "t": 40 if legend else 15, "b": 10},
        showlegend=legend,
        paper_bgcolor="white",
    )
    return fig


def coverage_over_time(monthly: pd.DataFrame, lang: str) -> go.Figure:
    """Hromadas covered (left axis) and officers on duty (right axis) at each month's end."""
    fig = base_figure(lang)
    fig = make_subplots(specs=[[{"secondary_y": True}]], figure=fig)
    fig.add_trace(
        go.Scatter(x=monthly["month"], y=monthly["hromadas_covered"], name=t("axis.hromadas", lang),
                   mode="lines", line={"color": BLUE, "width": 3, "shape": "hv"}),
        secondary_y=False,
    )  # fmt: skip
    fig.add_trace(
        go.Scatter(x=monthly["month"], y=monthly["officers_on_duty"], name=t("axis.officers", lang),
                   mode="lines", line={"color": ORANGE, "width": 2, "dash": "dot", "shape": "hv"}),
        secondary_y=True,
    )  # fmt: skip
    fig.update_yaxes(
        title_text=t("axis.hromadas", lang), rangemode="tozero", range=[0, 50], secondary_y=False
    )
    fig.update_yaxes(
        title_text=t("axis.officers", lang), rangemode="tozero", showgrid=False, secondary_y=True
    )
    fig.update_xaxes(**month_ticks(monthly["month"], lang, max_ticks=8))
    return _style(fig)


def rollout_funnel(rollout: pd.Series, lang: str) -> go.Figure:
    """Officers selected → in training → deployed, and stations opened."""
    stages = ["selection", "training", "deployment", "station_open"]
    values = [rollout["selected"], rollout["trained"], rollout["deployed"], rollout["stations_opened"]]
    fig = base_figure(lang)
    fig.add_trace(
        go.Bar(
            y=[t(f"stage.{s}", lang) for s in stages],
            x=values,
            orientation="h",
            marker_color=[BLUE, BLUE, BLUE, ORANGE],
            text=[f"{int(v)}" for v in values],
            textposition="outside",
            cliponaxis=False,
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title_text=t("axis.count", lang), showgrid=True, gridcolor="#EEEEEE")
    return _style(fig, legend=False)


def offence_trend(trend: pd.DataFrame, lang: str) -> go.Figure:
    """Registered offences per month in the oblast, the last three years."""
    fig = base_figure(lang)
    fig.add_trace(go.Bar(x=trend["month"], y=trend["n"], marker_color=BLUE, name=t("axis.count", lang)))
    fig.update_xaxes(**month_ticks(trend["month"], lang, max_ticks=9))
    fig.update_yaxes(title_text=t("axis.count", lang))
    return _style(fig, legend=False)


def offences_by_category(frame: pd.DataFrame, lang: str) -> go.Figure:
    """Current 12 months vs the same months a year earlier, by category. A count the policy shows as «<5»
    is not drawn (its bar would give it away): the category's name says «<5» instead."""
    hidden = frame["current"].map(is_suppressed) | frame["previous"].map(is_suppressed)
    names = [
        label("offence", c, lang) + (f" ({SUPPRESSED_LABEL})" if h else "")
        for c, h in zip(frame["category"], hidden, strict=True)
    ]
    fig = base_figure(lang)
    fig.add_trace(go.Bar(y=names, x=numeric(frame["previous"]), orientation="h", marker_color=LIGHT_GREY,
                         name=t("series.previous_year", lang)))  # fmt: skip
    fig.add_trace(go.Bar(y=names, x=numeric(frame["current"]), orientation="h", marker_color=BLUE,
                         name=t("series.current", lang)))  # fmt: skip
    fig.update_layout(barmode="group")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title_text=t("axis.count", lang), showgrid=True, gridcolor="#EEEEEE")
    return _style(fig)


def event_time(series: pd.DataFrame, before_after: BeforeAfter, lang: str) -> go.Figure:
    """Pooled monthly offence rate on event time (months from deployment), with the before and after means."""
    pooled = before_after.pooled
    fig = base_figure(lang)
    fig.add_trace(
        go.Scatter(x=series["event_month"], y=series["rate_per_10k"], mode="lines+markers",
                   line={"color": BLUE, "width": 2}, name=t("axis.rate_per_10k", lang))
    )  # fmt: skip
    window = before_after.window
    for xs, value, name, colour in (
        ((-window, -1), pooled.rate_pre, t("series.before", lang), GREY),
        ((1, window), pooled.rate_post, t("series.after", lang), VERMILION),
    ):
        if not math.isnan(value):
            fig.add_trace(go.Scatter(x=list(xs), y=[value, value], mode="lines", name=name,
                                     line={"color": colour, "width": 3, "dash": "dash"}))  # fmt: skip
    fig.add_vline(x=0, line={"color": GREY, "width": 1, "dash": "dot"})
    fig.update_xaxes(title_text=t("axis.months_from_deployment", lang), dtick=3, zeroline=False)
    fig.update_yaxes(title_text=t("axis.rate_per_10k", lang), rangemode="tozero")
    return _style(fig)


def before_after_forest(before_after: BeforeAfter, names: dict[str, str], lang: str) -> go.Figure:
    """Each hromada's change in monthly rate per 10k (after − before) with its 95 % interval, and the pool.

    SE of the difference of two Poisson counts over the same exposure: √(n_pre + n_post) ÷ exposure.
    """
    per = before_after.per_hromada.sort_values("rate_change").reset_index(drop=True)
    exposure = per["population"] * before_after.window / 10_000
    se = np.sqrt(per["n_pre"] + per["n_post"]) / exposure
    pooled = before_after.pooled
    pooled_se = (
        math.sqrt(pooled.n_pre + pooled.n_post) / (pooled.population_months / 10_000)
        if pooled.population_months
        else math.nan
    )
    labels = [names.get(code, code) for code in per["hromada"]]
    fig = base_figure(lang, height=max(360, 18 * len(per) + 120))
    fig.add_trace(
        go.Scatter(x=per["rate_change"], y=labels, mode="markers", marker={"color": BLUE, "size": 7},
                   error_x={"type": "data", "array": 1.96 * se, "color": GREY, "thickness": 1.2},
                   name=t("series.margin", lang))
    )  # fmt: skip
    fig.add_trace(
        go.Scatter(x=[pooled.rate_change], y=[t("series.oblast", lang)], mode="markers",
                   marker={"color": VERMILION, "size": 11, "symbol": "diamond"},
                   error_x={"type": "data", "array": [1.96 * pooled_se], "color": VERMILION, "thickness": 2},
                   name=t("series.oblast", lang))
    )  # fmt: skip
    fig.add_vline(x=0, line={"color": GREY, "width": 1})
    fig.update_xaxes(title_text=t("axis.rate_per_10k", lang), showgrid=True, gridcolor="#EEEEEE")
    fig.update_yaxes(autorange="reversed", tickfont={"size": 11})
    return _style(fig)


def trust_trend(rounds: pd.DataFrame, lang: str) -> go.Figure:
    """Pooled trust share per survey round (half-year) with its 95 % margin of error."""
    fig = base_figure(lang)
    fig.add_trace(
        go.Scatter(x=rounds["round"], y=rounds["share"] * 100, mode="lines+markers",
                   error_y={"type": "data", "array": rounds["moe"] * 100, "color": GREY},
                   line={"color": BLUE, "width": 2}, name=t("kpi.trust", lang))
    )  # fmt: skip
    fig.update_yaxes(**pct_axis(lang), range=[0, 100], title_text=t("axis.share", lang))
    fig.update_xaxes(type="category")
    return _style(fig, legend=False)


def activity_mix(mix: pd.DataFrame, lang: str) -> go.Figure:
    """Officer activities in the last 12 months by type (count)."""
    fig = base_figure(lang)
    fig.add_trace(
        go.Bar(y=[label("activity_type", a, lang) for a in mix["activity_type"]], x=mix["n"], orientation="h",
               marker_color=BLUE)
    )  # fmt: skip
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title_text=t("axis.count", lang), showgrid=True, gridcolor="#EEEEEE")
    return _style(fig, legend=False)


BAND_W, BAND_H = 1100, 380  # one hromada's two-panel chart, in layout pixels
_PLOT_TOP, _PLOT_BOTTOM = 42, 48  # px above (panel titles) and below (tick labels) each band's plots
_LEFT = (48, 560)  # px: the monthly offences panel
_RIGHT = (775, BAND_W - 25)  # px: the activity panel (its labels sit left of it)


def hromada_strip(
    panels: Sequence[tuple[pd.DataFrame, pd.DataFrame]], lang: str, *, current_from
) -> go.Figure:
    """Many hromadas' two-panel charts stacked in one figure, one BAND_H-pixel band each.

    Rendering one figure is ~0.15 s plus plotly's work, so a band per hromada in one tall figure renders
    several times faster than a figure each; images.py cuts the bands apart. Each `panels` item is
    (monthly: month, n — offences per month, the months from `current_from` darker; activities:
    activity_type, n). Domains are set in pixels and automargin is off, so band i is exactly the pixel rows
    [i·BAND_H, (i+1)·BAND_H) of the image.
    """
    n = max(1, len(panels))
    height = n * BAND_H
    fig = base_figure(lang, height=height)
    fig.update_layout(margin={"l": 0, "r": 0, "t": 0, "b": 0}, showlegend=False, width=BAND_W,
                      font={"family": FONT_FAMILY, "size": 12}, paper_bgcolor="white", annotations=[])  # fmt: skip
    titles = (t("chart.offence_trend.title", lang), t("chart.activity_mix.title", lang))
    for i, (monthly, activities) in enumerate(panels):
        top = i * BAND_H
        y_domain = [1 - (top + BAND_H - _PLOT_BOTTOM) / height, 1 - (top + _PLOT_TOP) / height]
        left, right = 2 * i + 1, 2 * i + 2
        months = pd.to_datetime(monthly["month"])
        colours = [BLUE if m.date() >= current_from else LIGHT_GREY for m in months]
        fig.add_trace(go.Bar(x=monthly["month"], y=monthly["n"], marker_color=colours, xaxis=f"x{left}",
                             yaxis=f"y{left}"))  # fmt: skip
        fig.add_trace(
            go.Bar(y=[label("activity_type", a, lang) for a in activities["activity_type"]], x=activities["n"],
                   orientation="h", marker_color=ORANGE, xaxis=f"x{right}", yaxis=f"y{right}")
        )  # fmt: skip
        for axis, (x0, x1) in ((left, _LEFT), (right, _RIGHT)):
            fig.layout[f"xaxis{axis}"] = {"domain": [x0 / BAND_W, x1 / BAND_W], "anchor": f"y{axis}",
                                          "automargin": False, "showgrid": False, "linecolor": LIGHT_GREY}  # fmt: skip
            fig.layout[f"yaxis{axis}"] = {"domain": y_domain, "anchor": f"x{axis}", "automargin": False,
                                          "gridcolor": "#EEEEEE"}  # fmt: skip
            fig.add_annotation(text=titles[axis - left], x=(x0 + x1) / 2 / BAND_W, xref="paper", xanchor="center",
                               y=1 - (top + 18) / height, yref="paper", yanchor="middle", showarrow=False,
                               font={"size": 14, "family": FONT_FAMILY})  # fmt: skip
        fig.layout[f"xaxis{left}"].update(month_ticks(monthly["month"], lang, max_ticks=4))
        fig.layout[f"yaxis{left}"].update(rangemode="tozero")
        fig.layout[f"yaxis{right}"].update(autorange="reversed", tickfont={"size": 11}, gridcolor=None,
                                            showgrid=False)  # fmt: skip
        fig.layout[f"xaxis{right}"].update(showgrid=True, gridcolor="#EEEEEE")
    return fig


__all__ = [
    "FONT_FAMILY",
    "activity_mix",
    "before_after_forest",
    "coverage_over_time",
    "event_time",
    "hromada_strip",
    "offence_trend",
    "offences_by_category",
    "rollout_funnel",
    "trust_trend",
]
