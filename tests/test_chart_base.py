"""base_figure starts every figure from a layout validated once (dashboard/charts/common.py, issue 14): the
figure must be the one the validated construction gives, independent of other figures, and still refuse
invalid properties set on it afterwards."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest

from dashboard.charts.common import HEIGHT_SMALL, MARK_EDGE, base_figure


def validated_base(lang: str, height: int) -> go.Figure:
    """The base figure built the slow way (every property validated), to compare with."""
    from dashboard.charts.common import LIGHT_GREY, PALETTE
    from dashboard.formatting import plotly_layout

    fig = go.Figure()
    fig.update_layout(**plotly_layout(lang), height=height, colorway=list(PALETTE),
                      margin={"l": 10, "r": 10, "t": 30, "b": 10},
                      legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
                      plot_bgcolor="white", hoverlabel={"namelength": -1})  # fmt: skip
    edge = {"marker": {"line": {"color": MARK_EDGE, "width": 1}}}
    fig.update_layout(template={"data": {"bar": [edge], "funnel": [edge], "histogram": [edge]}})
    fig.update_xaxes(showgrid=False, linecolor=LIGHT_GREY)
    fig.update_yaxes(gridcolor="#EEEEEE", zerolinecolor=LIGHT_GREY)
    return fig


@pytest.mark.parametrize(("lang", "height"), [("uk", 360), ("en", HEIGHT_SMALL)])
def test_base_figure_is_the_validated_layout(lang, height):
    assert json.loads(base_figure(lang, height=height).to_json()) == json.loads(
        validated_base(lang, height).to_json()
    )


def test_figures_do_not_share_their_layout():
    first = base_figure("uk")
    first.update_layout(margin={"l": 99}, title_text="first")
    first.update_xaxes(title_text="x of the first")
    first.layout.template.data.bar[0].marker.line.color = "#123456"
    second = base_figure("uk")
    assert second.layout.margin.l == 10
    assert second.layout.title.text is None and second.layout.xaxis.title.text is None
    assert second.layout.template.data.bar[0].marker.line.color == MARK_EDGE


@pytest.mark.parametrize(
    "change",
    [
        lambda fig: fig.update_layout(no_such_property=1),
        lambda fig: fig.update_layout(margin_l="wide"),
        lambda fig: fig.update_layout(legend_orientation="diagonal"),
        lambda fig: fig.update_xaxes(no_such_property=1),
        lambda fig: fig.update_yaxes(gridcolor="not a colour"),
        lambda fig: fig.add_bar(x=[1], y=[2], marker_no_such_property=3),
        lambda fig: fig.update_layout(template_layout_no_such_property=3),
    ],
)
def test_changes_after_the_base_are_still_validated(change):
    with pytest.raises(ValueError):
        change(base_figure("uk"))
