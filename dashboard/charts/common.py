"""The one colour-blind-safe palette, chart heights and the base layout every figure starts from."""

from __future__ import annotations

import functools
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard import indicators as ind
from dashboard.formatting import D3_INT, DASH, fmt_num, fmt_pct, plotly_layout
from dashboard.i18n import t

# Okabe–Ito hues (distinguishable with the common colour-vision deficiencies), the light ones darkened
# (same hue, less lightness) to at least 3:1 against the white plot background: marks that carry data are
# graphic objects (WCAG 2.1 1.4.11). Okabe–Ito's own orange #E69F00, sky #56B4E9, yellow #F0E442 and
# reddish purple #CC79A7 have 2.2, 2.3, 1.3 and 3.06:1. tests/test_contrast.py checks every colour here.
PALETTE = ("#0072B2", "#BD8300", "#009E73", "#CA73A3", "#1D96DB", "#D55E00", "#9C920C", "#000000")
BLUE, ORANGE, GREEN, PINK, SKY, VERMILION, YELLOW, BLACK = PALETTE
GREY = "#767676"  # reference marks (oblast lines, "before", cancelled): 4.5:1, so it also serves as text
LIGHT_GREY = "#D9D9D9"  # grid, connectors, "no data" fills; as a bar fill it relies on MARK_EDGE
# Filled marks (bars, funnel stages, markers) are drawn with this edge, so that even a light fill is a
# shape with 7:1 against white (base_figure sets it for every trace that does not set its own).
MARK_EDGE = "#595959"
# Text colours in tables (st.dataframe styles): at least 4.5:1 on white and on the row tints (WCAG 1.4.3).
MUTED_TEXT = "#666666"  # greyed values: rates from small numbers, shares from few respondents (5.7:1)
WARNING_TEXT = "#AC4C00"  # vermilion for text, e.g. residents per officer above the norm (5.2:1)
GREYED = f"color: {MUTED_TEXT}"  # the Styler CSS of a greyed cell
# Sequential scale for choropleths and heatmaps (light → dark blue), and a diverging one (for z).
SEQUENTIAL = ("#F7FBFF", "#C6DBEF", "#6BAED6", "#2171B5", "#08306B")
DIVERGING = ("#0072B2", "#9ECAE1", "#F7F7F7", "#FDBB84", "#D55E00")
# Coverage status at a date: one colour each, the same on the dashboard's map (maps.py), the deck's and the
# report's map (reports/mapfig.py) and their legends. Officers on duty are green everywhere.
COVERAGE_COLOURS = {"deployed": GREEN, "in_training": SKY, "vacant": ORANGE, "uncovered": LIGHT_GREY}
ACCENT = BLUE  # titles and highlights of the deck and the report (reports/pptx.py, pdf.py, locator.py)
INK = "#222222"  # body text of the deck and the report
MUTED = "#6E6E6E"  # notes, footers


def rgb(colour: str) -> tuple[int, int, int]:
    """'#0072B2' → (0, 114, 178): a palette colour for fpdf2 and python-pptx, which take numbers."""
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


HEIGHT = 360
HEIGHT_SMALL = 260
HEIGHT_TALL = 520


def base_figure(lang: str, *, height: int = HEIGHT) -> go.Figure:
    """An empty figure with the project's fonts, palette, margins and number separators.

    The layout is built and validated once per language and height (`_base_layout`); every figure starts
    from a copy of it without validating it again: validating plotly's whole default template on every
    figure was the largest single cost of a page render (≈ 80 ms a chart, issue 14). Only the copy is
    taken unvalidated: the figure and its layout validate everything set on them afterwards as usual
    (tests/test_chart_base.py checks both)."""
    # Plotly copies the dict it is given (tests/test_chart_base.py: figures never share their layout).
    fig = go.Figure(layout=_base_layout(lang, height), _validate=False)
    fig._validate = True  # every later change (traces, layout updates, axes) is validated again
    fig._layout_obj._validate = True  # its sub-objects are built from it on access, validating too
    return fig


@functools.cache
def _base_layout(lang: str, height: int) -> dict[str, Any]:
    """The validated base layout as plain JSON (never handed out: figures get copies of it)."""
    fig = go.Figure()
    fig.update_layout(
        **plotly_layout(lang),
        height=height,
        colorway=list(PALETTE),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        plot_bgcolor="white",
        hoverlabel={"namelength": -1},
    )
    # Every filled mark gets an edge (a trace's own marker line still wins): see MARK_EDGE.
    edge = {"marker": {"line": {"color": MARK_EDGE, "width": 1}}}
    fig.update_layout(template={"data": {"bar": [edge], "funnel": [edge], "histogram": [edge]}})
    fig.update_xaxes(showgrid=False, linecolor=LIGHT_GREY)
    fig.update_yaxes(gridcolor="#EEEEEE", zerolinecolor=LIGHT_GREY)
    layout: dict[str, Any] = fig.layout.to_plotly_json()
    return layout


# --- survey shares with the interval that is shown beside them --------------------------------------------
def share_margin_text(share: float, moe: float, n: float, lang: str) -> str:
    """«± 5,7 в. п.», or where INDICATORS.md wants the Wilson interval (n < 100, share below 10 % or above
    90 %) «95 % інтервал 0,0–27,8 %»: never «± 0» at 0 % or 100 % (``indicators.share_interval``)."""
    if pd.isna(share):
        return DASH
    low, high, wilson = ind.share_interval(share, moe, n)
    if wilson:
        return t("share.interval", lang, low=fmt_num(low * 100, 1, lang), high=fmt_pct(high, 1, lang))
    return f"± {fmt_num(moe * 100, 1, lang)}\u00a0{t('unit.percent_points', lang)}"


def share_with_margin_text(share: float, moe: float, n: float, lang: str, *, digits: int = 1) -> str:
    """«53,2 % ± 5,7 в. п.», or «0,0 % (95 % інтервал 0,0–27,8 %)» where the Wilson interval is shown."""
    if pd.isna(share):
        return DASH
    margin = share_margin_text(share, moe, n, lang)
    wilson = not margin.startswith("±")
    return (
        f"{fmt_pct(share, digits, lang)} ({margin})" if wilson else f"{fmt_pct(share, digits, lang)} {margin}"
    )


def share_error_bars(share: pd.Series, moe: pd.Series, n: pd.Series) -> dict[str, list[float]]:
    """Plotly error-bar arrays (percentage points, ``array`` up and ``arrayminus`` down) of the interval
    shown beside each share: share ± moe, or the Wilson interval (asymmetric) where it applies."""
    bounds = ind.share_interval_frame(share, moe, n)
    p = share.to_numpy(dtype=float)
    return {
        "array": ((bounds["high"].to_numpy() - p) * 100).tolist(),
        "arrayminus": ((p - bounds["low"].to_numpy()) * 100).tolist(),
    }


# --- integer axes for counts ----------------------------------------------------------------------------------
# A count axis is one formatted as whole numbers (tickformat D3_INT). On a small range plotly still puts ticks
# at halves, which ",d" then rounds into repeated labels ("0 1 1 2 2"): up to this maximum, one tick per unit.
UNIT_TICKS_UP_TO = 10


def _axis_values(fig: go.Figure, axis: str) -> list[float]:
    """The values drawn along layout axis `axis` ("xaxis", "yaxis2", …), stacked bars summed per category."""
    letter, suffix = axis[0], axis[5:]
    stacked = fig.layout.barmode in ("stack", "relative")
    values: list[float] = []
    stacks: dict[Any, float] = {}
    for trace in fig.data:
        if (getattr(trace, f"{letter}axis", None) or letter) != letter + suffix:
            continue
        horizontal = getattr(trace, "orientation", None) == "h"
        value_letter = ("x" if horizontal else "y") if trace.type in ("bar", "funnel") else letter
        if value_letter != letter:
            continue
        data = getattr(trace, letter, None)
        if data is None:
            continue
        numbers = pd.to_numeric(pd.Series(list(data)), errors="coerce").dropna()
        if trace.type == "bar" and stacked:
            positions = getattr(trace, "y" if horizontal else "x", None)  # may be a numpy array
            categories = list(positions) if positions is not None else list(range(len(numbers)))
            for category, number in zip(categories, numbers, strict=False):
                stacks[category] = stacks.get(category, 0.0) + max(float(number), 0.0)
        else:
            values += [abs(float(v)) for v in numbers]
    return values + list(stacks.values())


def integer_count_axes(fig: go.Figure) -> go.Figure:
    """Give every count axis with a small range one tick per unit (no repeated "0 1 1 2 2"); other axes,
    and axes whose ticks a builder set itself (dtick), are left alone. Called on every figure shown or
    exported (ui.layout.show_chart, reports.render)."""
    for axis in [name for name in fig.layout if name.startswith(("xaxis", "yaxis"))] or ["xaxis", "yaxis"]:
        settings = fig.layout[axis]
        if settings.tickformat != D3_INT or settings.dtick is not None or settings.tickvals is not None:
            continue
        values = _axis_values(fig, axis)
        if values and max(values) <= UNIT_TICKS_UP_TO:
            fig.layout[axis].update(dtick=1, tick0=0)
    return fig
