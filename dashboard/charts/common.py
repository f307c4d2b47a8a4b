"""The one colour-blind-safe palette, chart heights and the base layout every figure starts from."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.formatting import plotly_layout

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
BLUE, ORANGE, GREEN, PINK, SKY, VERMILION, YELLOW, BLACK = PALETTE
GREY = "#9E9E9E"
LIGHT_GREY = "#D9D9D9"
# Sequential scale for choropleths and heatmaps (light → dark blue), and a diverging one (for z).
SEQUENTIAL = ("#F7FBFF", "#C6DBEF", "#6BAED6", "#2171B5", "#08306B")
DIVERGING = ("#0072B2", "#9ECAE1", "#F7F7F7", "#FDBB84", "#D55E00")

HEIGHT = 360
HEIGHT_SMALL = 260
HEIGHT_TALL = 520


def base_figure(lang: str, *, height: int = HEIGHT) -> go.Figure:
    """An empty figure with the project's fonts, palette, margins and number separators."""
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
    fig.update_xaxes(showgrid=False, linecolor=LIGHT_GREY)
    fig.update_yaxes(gridcolor="#EEEEEE", zerolinecolor=LIGHT_GREY)
    return fig
