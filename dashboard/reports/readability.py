"""Is a chart readable where the deck or report shows it? Checks of a plotly figure and of its PNG.

Charts of the deck and the report are drawn at the size they are shown: `PX_PER_INCH` layout pixels per
inch of the slide or page (images.py sizes every figure in inches), so a font of `px` pixels prints at
`px × 72 / PX_PER_INCH` points. The rules, each a list of problems (empty = readable):

- `font_problems`: every font of the figure (the default, axis ticks and titles, legend, annotations,
  trace texts) is at least `MIN_FONT_PT` points at the size the figure is shown.
- `margin_problems`: every visible cartesian axis with tick labels has `automargin` (plotly then gives
  its labels and its title the room they need and keeps the title apart from the tick labels), unless
  the figure places its axes in fixed pixel areas (the hromada strips), where each category label is
  measured with the shipped font against the room it has; an axis title is no longer than its axis (it
  would run into the next panel's), and y category labels take at most MAX_LABEL_SHARE of the width.
- `edge_problems`: in the rendered PNG no ink touches the image's border: a label cut at the edge
  («…ька» instead of «Бобринецька») leaves dark pixels there.

Measured with the DejaVu fonts shipped in dashboard/assets/fonts, which the renderer uses (render.py).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import numpy as np
import plotly.graph_objects as go
from PIL import Image, ImageFont

from dashboard.config import FONTS_DIR

PX_PER_INCH = 100  # layout pixels per inch of slide or paper: a 14 px font prints at 10 pt
MIN_FONT_PT = 9.0  # the smallest text a chart may show on a slide or an A4 page
DEFAULT_FONT_PX = 12  # plotly.js's own default font size, where a figure sets none
INK_LEVEL = 160  # a grey level (0–255) below which a pixel is ink, not a light fill or a grid line


def inches(px: float) -> float:
    return px / PX_PER_INCH


def points(font_px: float, shown_scale: float = 1.0) -> float:
    """The printed size of a `font_px` font of a figure shown at `shown_scale` × its layout size."""
    return font_px * shown_scale * 72 / PX_PER_INCH


@lru_cache(maxsize=16)
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS_DIR / "DejaVuSans.ttf"), size)


def text_width_px(text: str, font_px: float) -> float:
    """The width of one line of `text` (the longest line of a <br>-wrapped label) in the shipped font."""
    lines = str(text).replace("<br />", "<br>").split("<br>")
    return max(_font(max(1, round(font_px))).getlength(line) for line in lines)


def _fonts(fig: go.Figure) -> Iterator[tuple[str, float | None]]:
    """(where, size) of every font the figure sets; None = inherits the figure's default."""
    layout = fig.layout
    yield "layout.font", layout.font.size
    yield "legend.font", layout.legend.font.size if layout.showlegend is not False else None
    for name in layout:
        if name.startswith(("xaxis", "yaxis")) and layout[name] is not None:
            axis = layout[name]
            if axis.visible is not False and axis.showticklabels is not False:
                yield f"{name}.tickfont", axis.tickfont.size
            if axis.title.text:
                yield f"{name}.title.font", axis.title.font.size
    for index, note in enumerate(layout.annotations or ()):
        if note.text and note.visible is not False:
            yield f"annotations[{index}].font", note.font.size
    for index, trace in enumerate(fig.data):
        textfont = getattr(trace, "textfont", None)
        if textfont is not None and (getattr(trace, "text", None) is not None or trace.type == "funnel"):
            yield f"data[{index}].textfont", textfont.size


def font_problems(fig: go.Figure, *, shown_scale: float = 1.0, min_pt: float = MIN_FONT_PT) -> list[str]:
    """Fonts smaller than `min_pt` points where the figure is shown at `shown_scale` × its layout size."""
    default = fig.layout.font.size or DEFAULT_FONT_PX
    problems = []
    for where, size in _fonts(fig):
        pt = points(size or default, shown_scale)
        if pt < min_pt - 0.05:
            problems.append(f"{where}: {pt:.1f} pt (at least {min_pt:g} pt)")
    return problems


def _axes(fig: go.Figure) -> Iterator[tuple[str, Any]]:
    for name in fig.layout:
        if name.startswith(("xaxis", "yaxis")) and fig.layout[name] is not None:
            axis = fig.layout[name]
            if axis.visible is not False and axis.showticklabels is not False:
                yield name, axis


def _category_labels(fig: go.Figure, axis_name: str) -> list[str]:
    """The category tick labels of an axis: the y (or x) strings of the traces drawn on it."""
    letter, suffix = axis_name[0], axis_name[5:]
    ref = f"{letter}{suffix}" if suffix else letter
    labels: list[str] = []
    for trace in fig.data:
        if (getattr(trace, f"{letter}axis", None) or letter) != ref:
            continue
        values = getattr(trace, letter, None)
        if values is not None and len(values) and isinstance(values[0], str):
            labels.extend(str(v) for v in values)
    return labels


def _automargin(fig: go.Figure, name: str) -> bool:
    """The axis's automargin, or else its template's (plotly's default template turns it on)."""
    value = fig.layout[name].automargin
    if value is None and fig.layout.template is not None:
        template_axis = fig.layout.template.layout[name[:5]]
        value = template_axis.automargin if template_axis is not None else None
    return bool(value)


MAX_LABEL_SHARE = 0.4  # category labels wider than this share of the figure leave the plot too little room


def _axis_length_px(fig: go.Figure, name: str, width_px: float, height_px: float) -> float:
    """About how long the axis `name` is drawn, in px: its domain of the plot area (margins as set; an
    automargin only shortens it, hence the 0.9)."""
    axis = fig.layout[name]
    domain = axis.domain or (0, 1)
    margin = fig.layout.margin
    if name.startswith("y"):
        total = height_px - (margin.t or 0) - (margin.b or 0)
    else:
        total = width_px - (margin.l or 0) - (margin.r or 0)
    return 0.9 * (domain[1] - domain[0]) * total


def wrap_text(text: str, max_px: float, font_px: float) -> str:
    """`text` broken into <br> lines at spaces, each at most `max_px` wide where it can be (a single word
    wider than that stays whole)."""
    lines: list[str] = []
    for word in str(text).split(" "):
        if lines and text_width_px(f"{lines[-1]} {word}", font_px) <= max_px:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "<br>".join(lines)


def wrap_axis_titles(fig: go.Figure, *, width_px: float, height_px: float) -> go.Figure:
    """Axis titles longer than their axis, wrapped onto more lines, so that a title never runs past its own
    panel into the next one's title or tick labels."""
    default = fig.layout.font.size or DEFAULT_FONT_PX
    for name, axis in _axes(fig):
        if axis.title.text:
            size = axis.title.font.size or default
            length = _axis_length_px(fig, name, width_px, height_px)
            if text_width_px(axis.title.text, size) > length:
                axis.title.text = wrap_text(axis.title.text, length, size)
    return fig


def margin_problems(
    fig: go.Figure, *, width_px: float, height_px: float, fixed_room_px: dict[str, float] | None = None
) -> list[str]:
    """Axes that could cut their labels or lay their title over them, in a figure of `width_px` × `height_px`.

    `fixed_room_px` (axis name → pixels): for a figure whose axes sit in fixed pixel areas (automargin
    off on purpose), the room left of each named y axis; its category labels must fit in it. Elsewhere
    every axis needs automargin, and the category labels of a y axis may take at most MAX_LABEL_SHARE of
    the width (wider ones should be wrapped or abbreviated).
    """
    problems = []
    fixed = fixed_room_px or {}
    default = fig.layout.font.size or DEFAULT_FONT_PX
    for name, axis in _axes(fig):
        size = axis.tickfont.size or default
        room = fixed.get(name, MAX_LABEL_SHARE * width_px if name.startswith("yaxis") else None)
        if room is not None:
            for text in dict.fromkeys(_category_labels(fig, name)):
                width = text_width_px(text, size)
                if width > room:
                    problems.append(f"{name}: label {text!r} is {width:.0f} px wide, room {room:.0f} px")
        if axis.title.text:
            title_size = axis.title.font.size or default
            title = text_width_px(axis.title.text, title_size)
            length = _axis_length_px(fig, name, width_px, height_px)
            if title > length:
                problems.append(
                    f"{name}: title {axis.title.text!r} is {title:.0f} px long, axis {length:.0f} px"
                )
        if name not in fixed and not _automargin(fig, name):
            problems.append(f"{name}: automargin is off, so long labels are cut and the title may cover them")
    return problems


def edge_problems(png: bytes, *, border_px: int = 2) -> list[str]:
    """Ink in the outermost `border_px` pixels of the image: something drawn is cut at that edge."""
    with Image.open(io.BytesIO(png)) as image:
        grey = np.asarray(image.convert("L"))
    ink = grey < INK_LEVEL
    edges = {
        "left": ink[:, :border_px],
        "right": ink[:, -border_px:],
        "top": ink[:border_px, :],
        "bottom": ink[-border_px:, :],
    }
    return [f"ink at the {side} edge ({int(part.sum())} px)" for side, part in edges.items() if part.any()]
