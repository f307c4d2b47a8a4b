"""Plotly figures only the exports need (the others are the pages' own builders, see images.py): the
change in the offence rate by hromada with its uncertainty, and the per-hromada two-panel charts drawn as
bands of one tall figure. Titles are set by the document layout, not drawn in the image."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard import indicators as ind
from dashboard.charts import event_study as event_study_charts
from dashboard.charts.common import BLUE, GREY, LIGHT_GREY, ORANGE, VERMILION, base_figure
from dashboard.formatting import month_ticks
from dashboard.i18n import label, t
from dashboard.indicators import BeforeAfter
from dashboard.reports.oblast import pooled_se

FONT_FAMILY = "DejaVu Sans, Arial, sans-serif"  # the fonts shipped in dashboard/assets/fonts


def _style(fig: go.Figure, *, legend: bool = True) -> go.Figure:
    fig.update_layout(
        font={"family": FONT_FAMILY, "size": 14},
        margin={"l": 10, "r": 20, "t": 40 if legend else 15, "b": 10},
        showlegend=legend,
        paper_bgcolor="white",
    )
    return fig


def before_after_forest(
    before_after: BeforeAfter, names: dict[str, str], lang: str, *, columns: int = 1
) -> go.Figure:
    """Each hromada's change in monthly rate per 10k (after − before) with its 95 % interval, and the pool.

    SE of the difference of two Poisson counts over the same exposure: √(n_pre + n_post) ÷ exposure.
    Sorted by the change; `columns=2` splits the rows into two panels side by side (the wide slide: 49
    names in one column would need a font too small to read), with one x scale for both. Every name is
    written in full: the y axes get the room their labels need (automargin).
    """
    per = before_after.per_hromada.sort_values("rate_change").reset_index(drop=True)
    per = per.assign(
        se=ind.rate_change_se(per["n_pre"], per["n_post"], per["population"] * before_after.window)
    )
    pooled = before_after.pooled
    pooled_margin = ind.Z_95 * pooled_se(before_after)
    columns = max(1, min(columns, len(per)))
    rows_per_panel = -(-(len(per) + 1) // columns)  # the oblast's row counts too
    fig = make_subplots(rows=1, cols=columns, horizontal_spacing=0.04 if columns > 1 else 0.0)
    fig.update_layout(base_figure(lang, height=max(360, 18 * rows_per_panel + 120)).layout)
    for col in range(columns):
        part = per.iloc[col * rows_per_panel : (col + 1) * rows_per_panel]
        fig.add_trace(
            go.Scatter(x=part["rate_change"], y=[names.get(code, code) for code in part["hromada"]], mode="markers",
                       marker={"color": BLUE, "size": 8},
                       error_x={"type": "data", "array": ind.Z_95 * part["se"], "color": GREY, "thickness": 1.4},
                       name=t("series.margin", lang), showlegend=col == 0),
            row=1, col=col + 1,
        )  # fmt: skip
    fig.add_trace(
        go.Scatter(x=[pooled.rate_change], y=[t("series.oblast", lang)], mode="markers",
                   marker={"color": VERMILION, "size": 12, "symbol": "diamond"},
                   error_x={"type": "data", "array": [pooled_margin], "color": VERMILION, "thickness": 2},
                   name=t("series.oblast", lang)),
        row=1, col=columns,
    )  # fmt: skip
    low = float(
        np.nanmin([*(per["rate_change"] - ind.Z_95 * per["se"]), pooled.rate_change - pooled_margin, 0])
    )
    high = float(
        np.nanmax([*(per["rate_change"] + ind.Z_95 * per["se"]), pooled.rate_change + pooled_margin, 0])
    )
    pad = 0.05 * (high - low or 1)
    for col in range(1, columns + 1):
        fig.add_vline(x=0, line={"color": GREY, "width": 1}, row=1, col=col)
        fig.update_xaxes(title_text=t("axis.rate_per_10k", lang), showgrid=True, gridcolor="#EEEEEE",
                         range=[low - pad, high + pad], automargin=True, row=1, col=col)  # fmt: skip
        fig.update_yaxes(autorange="reversed", automargin=True, showgrid=False, row=1, col=col)
    return _style(fig)


def event_study_figure(frame: pd.DataFrame, lang: str) -> go.Figure:
    """The rollout evaluation for the oblast deck and report: the crime page's event-study chart (estimates
    by month from deployment with 95 % intervals, the pre-period shaded) in print style. `frame`:
    `queries.crime.crime_event_study` for all categories, after the audience's policy."""
    return _style(event_study_charts.event_study_figure(frame, lang=lang, height=440))


# One hromada's two-panel chart in layout pixels: 6.6 × 3 inches where it is shown (readability.PX_PER_INCH),
# the size of its place on the hromada's slide and page, so that its 13 px text prints at 9.4 pt.
BAND_W, BAND_H = 660, 300
FONT_PX = 13
_PLOT_TOP, _PLOT_BOTTOM = 34, 38  # px above (panel titles) and below (tick labels) each band's plots
_LEFT = (40, 290)  # px: the monthly offences panel (its count labels sit in the 40 px left of it)
_RIGHT = (500, BAND_W - 12)  # px: the activity panel; its labels sit left of it, in ACTIVITY_LABEL_ROOM
ACTIVITY_LABEL_ROOM = _RIGHT[0] - _LEFT[1] - 10  # readability.margin_problems checks every label fits
_TITLE_SPANS = (_LEFT, (_LEFT[1] + 10, _RIGHT[1]))  # px the two panel titles are centred over


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
                      font={"family": FONT_FAMILY, "size": FONT_PX}, paper_bgcolor="white", annotations=[])  # fmt: skip
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
            # The activity panel's title is centred over the panel and its labels together (_TITLE_SPANS).
            t0, t1 = _TITLE_SPANS[axis - left]
            fig.add_annotation(text=titles[axis - left], x=(t0 + t1) / 2 / BAND_W, xref="paper", xanchor="center",
                               y=1 - (top + 18) / height, yref="paper", yanchor="middle", showarrow=False,
                               font={"size": FONT_PX + 1, "family": FONT_FAMILY})  # fmt: skip
        # Three month labels, level: four would be turned on their side and cut at the band's bottom edge.
        fig.layout[f"xaxis{left}"].update(month_ticks(monthly["month"], lang, max_ticks=3), tickangle=0)
        fig.layout[f"yaxis{left}"].update(rangemode="tozero")
        fig.layout[f"yaxis{right}"].update(autorange="reversed", gridcolor=None,
                                            showgrid=False)  # fmt: skip
        fig.layout[f"xaxis{right}"].update(showgrid=True, gridcolor="#EEEEEE")
    return fig
