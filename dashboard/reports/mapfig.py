"""A static coverage map for print and slides: hromada polygons drawn by plotly, no tiles, no network.

Each hromada is filled by its coverage status at the reporting date; raion borders on top. Longitude is
shrunk by cos(latitude) so that the oblast keeps its shape. The boundaries come from OpenStreetMap, so the
figure carries «© OpenStreetMap contributors».
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence

import plotly.graph_objects as go

from dashboard import reference
from dashboard.charts.common import COVERAGE_COLOURS, GREY
from dashboard.i18n import t
from dashboard.reports.figures import FONT_FAMILY

# The dashboard map's colours (charts/common.py), in the legend's order: deployed, vacant, in training, none.
STATUS_COLOURS = {code: COVERAGE_COLOURS[code] for code in ("deployed", "vacant", "in_training", "uncovered")}
_MID_LAT = 48.4  # the oblast's middle latitude


def outer_rings(geometry: Mapping) -> Iterator[Sequence[Sequence[float]]]:
    """The outer rings of a Polygon or MultiPolygon."""
    if geometry["type"] == "Polygon":
        yield geometry["coordinates"][0]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield polygon[0]


def _path(geometries: Sequence[Mapping]) -> tuple[list[float | None], list[float | None]]:
    """x, y of every ring, separated by None (plotly fills each closed part separately)."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for geometry in geometries:
        for ring in outer_rings(geometry):
            xs.extend(float(p[0]) for p in ring)
            ys.extend(float(p[1]) for p in ring)
            xs.append(None)
            ys.append(None)
    return xs, ys


def coverage_map(
    status: Mapping[str, str], lang: str, *, labels: Mapping[str, str] | None = None
) -> go.Figure:
    """The hromadas coloured by coverage status (`status`: KATOTTG → deployed / vacant / in_training /
    uncovered); `labels` (KATOTTG → short text) are written at the hromadas' centres if given."""
    features = reference.hromada_geojson()["features"]
    fig = go.Figure()
    for code, colour in STATUS_COLOURS.items():
        geometries = [f["geometry"] for f in features if status.get(f["properties"]["katottg"]) == code]
        count = len(geometries)
        xs, ys = _path(geometries)
        fig.add_trace(
            go.Scatter(
                x=xs or [None],
                y=ys or [None],
                fill="toself",
                fillcolor=colour,
                mode="lines",
                line={"color": "white", "width": 0.8},
                name=f"{t(f'coverage_status.{code}', lang)} ({count})",
                hoverinfo="skip",
                showlegend=True,
            )
        )
    raions = [f["geometry"] for f in reference.raion_geojson()["features"]]
    rx, ry = _path(raions)
    fig.add_trace(
        go.Scatter(x=rx, y=ry, mode="lines", line={"color": "#555555", "width": 1.4}, hoverinfo="skip",
                   name=t("map.layer.raions", lang), showlegend=False)
    )  # fmt: skip
    if labels:
        hromadas = reference.hromadas().set_index("katottg")
        codes = [c for c in labels if c in hromadas.index]
        fig.add_trace(
            go.Scatter(
                x=hromadas.loc[codes, "center_lon"],
                y=hromadas.loc[codes, "center_lat"],
                text=[labels[c] for c in codes],
                mode="text",
                textfont={"size": 13, "color": "#222222", "family": FONT_FAMILY},
                showlegend=False,
                hoverinfo="skip",
            )
        )
    fig.update_layout(
        font={"family": FONT_FAMILY, "size": 14},
        plot_bgcolor="white",
        paper_bgcolor="white",
        margin={"l": 5, "r": 5, "t": 5, "b": 30},
        legend={"orientation": "h", "yanchor": "top", "y": -0.01, "x": 0, "font": {"size": 14}},
        annotations=[
            {
                "text": t("map.osm_credit", lang),
                "xref": "paper",
                "yref": "paper",
                "x": 1,
                "y": 0,
                "xanchor": "right",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 13, "color": GREY},
            }
        ],
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1 / math.cos(math.radians(_MID_LAT)))
    return fig
