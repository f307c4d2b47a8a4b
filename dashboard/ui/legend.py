"""A map legend beside a pydeck chart: colour swatches and labels (pydeck has no legend of its own).

The swatches need a little HTML. Every text is passed through html.escape and every colour must be a
'#RRGGBB' literal, so no data value can inject markup (STYLE: no unsafe HTML with data).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

import streamlit as st

_HEX = re.compile(r"#[0-9A-Fa-f]{6}")
_SHAPES = {
    "fill": "display:inline-block;width:14px;height:14px;background:{c};border:1px solid #BDBDBD;",
    "outline": "display:inline-block;width:12px;height:12px;border:3px solid {c};background:#FFFFFF;",
    "line": "display:inline-block;width:18px;height:0;border-top:3px solid {c};margin-bottom:4px;",
    "point": "display:inline-block;width:9px;height:9px;border:2px solid {c};border-radius:50%;"
    "background:#FFFFFF;",
}


def _swatch(colour: str, kind: str) -> str:
    if not _HEX.fullmatch(colour):
        raise ValueError(f"legend colours must be '#RRGGBB' literals, got {colour!r}")
    style = _SHAPES.get(kind, _SHAPES["fill"]).format(c=colour)
    return f'<span style="{style}vertical-align:middle;margin-right:8px;flex:none"></span>'


def legend_html(title: str, items: Iterable[Any], note: str | None = None) -> str:
    """The legend as escaped HTML; `items` have .colour ('#RRGGBB'), .label and .kind (maps.LegendItem)."""
    rows = [f'<div style="font-weight:600;margin-bottom:6px">{html.escape(title)}</div>']
    for item in items:
        swatch = _swatch(item.colour, getattr(item, "kind", "fill"))
        rows.append(
            f'<div style="display:flex;align-items:center;margin:3px 0;font-size:0.9rem">'
            f"{swatch}<span>{html.escape(item.label)}</span></div>"
        )
    if note:
        rows.append(f'<div style="font-size:0.8rem;color:#5F5F5F;margin-top:6px">{html.escape(note)}</div>')
    return "".join(rows)


def map_legend(title: str, items: Iterable[Any], note: str | None = None) -> None:
    """Draw the legend (call it inside the column beside the map)."""
    st.markdown(legend_html(title, items, note), unsafe_allow_html=True)
