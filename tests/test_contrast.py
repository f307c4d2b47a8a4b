"""Contrast of the theme and the palette (issue 15, WCAG 2.1 1.4.3 text ≥ 4.5:1, 1.4.11 graphics ≥ 3:1).

axe-core measures the text it can see in the browser; it cannot see the cells of st.dataframe (a canvas)
or the marks of a chart. These colours are checked here, with WCAG's relative-luminance formula.
"""

from __future__ import annotations

import tomllib

import pytest

from dashboard.charts import common
from dashboard.charts.common import base_figure
from tests.browser_server import ROOT

WHITE = "#FFFFFF"
SIDEBAR = "#F8F8F7"  # Streamlit's light sidebar (and the widgets' background)
GREY_BOX = "#F0F2F6"  # the darkest light background Streamlit draws captions on


def luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def over(colour: str, background: str, alpha: float) -> str:
    """`colour` at opacity `alpha` over `background` (how Streamlit draws faded text and tints)."""
    mix = [
        round(
            alpha * int(colour.lstrip("#")[i : i + 2], 16)
            + (1 - alpha) * int(background.lstrip("#")[i : i + 2], 16)
        )
        for i in (0, 2, 4)
    ]
    return "#" + "".join(f"{c:02X}" for c in mix)


def test_the_formula_reproduces_published_ratios() -> None:
    assert contrast("#000000", WHITE) == pytest.approx(21.0)
    assert contrast("#767676", WHITE) == pytest.approx(4.54, abs=0.01)  # WebAIM's smallest AA grey
    assert contrast("#828180", WHITE) == pytest.approx(3.88, abs=0.01)  # issue 15: the old caption grey


@pytest.fixture(scope="module")
def theme() -> dict[str, str]:
    with (ROOT / ".streamlit" / "config.toml").open("rb") as file:
        return tomllib.load(file)["theme"]


@pytest.mark.parametrize("background", [WHITE, SIDEBAR, GREY_BOX])
def test_captions_and_help_text_reach_aa(theme: dict[str, str], background: str) -> None:
    """Streamlit draws captions in the text colour at 60 % opacity (fadedText60)."""
    caption = over(theme["textColor"], background, 0.6)
    assert contrast(caption, background) >= 4.5, caption
    assert contrast(theme["textColor"], background) >= 7


def test_the_accent_reaches_aa_on_its_tint_and_under_white_text(theme: dict[str, str]) -> None:
    primary = theme["primaryColor"]
    selected_background = over(primary, SIDEBAR, 0.1)  # the selected segmented-control option
    assert contrast(primary, selected_background) >= 4.5
    assert contrast(primary, WHITE) >= 4.5  # primary buttons: white text on the accent


@pytest.mark.parametrize("colour", [*common.PALETTE, common.GREY])
def test_data_marks_reach_3_to_1_on_white(colour: str) -> None:
    assert contrast(colour, WHITE) >= 3.0, colour


def test_light_fills_have_an_edge_that_reaches_3_to_1() -> None:
    assert contrast(common.MARK_EDGE, WHITE) >= 3.0 and contrast(common.MARK_EDGE, common.LIGHT_GREY) >= 3.0
    template = base_figure("uk").layout.template
    for kind in ("bar", "funnel"):
        assert template.data[kind][0].marker.line.color == common.MARK_EDGE


@pytest.mark.parametrize("background", [WHITE, "#FCE9D9", "#EAF3FA"])  # white and the compare table's tints
@pytest.mark.parametrize("colour", [common.MUTED_TEXT, common.WARNING_TEXT])
def test_table_text_colours_reach_aa(colour: str, background: str) -> None:
    assert contrast(colour, background) >= 4.5
    assert f"color: {common.MUTED_TEXT}" == common.GREYED


def test_grey_annotations_reach_aa_on_white() -> None:
    assert contrast(common.GREY, WHITE) >= 4.5  # GREY also writes annotations (e.g. the overview's target)
