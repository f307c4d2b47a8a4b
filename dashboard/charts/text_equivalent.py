"""A chart's text equivalent (WCAG 1.1.1): the numbers a plotly figure draws, as a small table.

Built from the figure itself, so it always says what the chart shows (the same data, after the same data
policy) and every chart gets one without work on its page: one row per category (x of vertical marks,
y of horizontal ones), one column per named series, values written the language's way with the value
axis's unit suffix (« %», « хв»). Traces drawn only as decoration or bands (`hoverinfo="skip"`) and
hidden traces are left out. Pure: no `st.` here; dashboard/ui/layout.py `show_chart` draws it.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import plotly.graph_objects as go

from dashboard.formatting import DASH, fmt_date, fmt_int, fmt_month, fmt_num, to_date
from dashboard.i18n import t

MAX_ROWS = 200  # a longer table is cut (and says so): the page's own tables and exports hold the rest
# Line endings (CommonMark's: \n, \r) and the blank lines they make: st.markdown reads the table as one
# HTML block, and a blank line inside a cell would end it and hand the rest of the data to Markdown.
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")
_HORIZONTAL_BY_DEFAULT = {"funnel"}  # trace types whose categories are on the y axis unless told otherwise


@dataclass(frozen=True)
class ChartTable:
    """The table of one chart: header row, body rows (first cell = the category), rows left out."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    omitted: int = 0


def _axis(fig: go.Figure, trace: Any, letter: str) -> Any:
    ref = getattr(trace, f"{letter}axis", None) or letter  # "x", "x2", ...
    return fig.layout[ref.replace(letter, f"{letter}axis", 1)]


def _axis_title(axis: Any) -> str:
    title = axis.title.text if axis is not None and axis.title else None
    return str(title) if title else ""


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool)


def _cell(value: Any, lang: str, suffix: str = "", *, monthly: bool = False) -> str:
    """One value written the interface's way (numbers, dates, months; text as it is)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return DASH
    if _is_number(value):
        number = float(value)
        text = fmt_int(number, lang) if number.is_integer() else fmt_num(number, 1, lang)
        return f"{text}{suffix}"
    if isinstance(value, dt.date | np.datetime64) or (isinstance(value, str) and to_date(value)):
        return fmt_month(value, lang) if monthly else fmt_date(value, lang)
    return str(value)


def _all_first_of_month(values: Sequence[Any]) -> bool:
    days = [to_date(v) for v in values]
    return bool(days) and all(d is not None and d.day == 1 for d in days)


def _series(fig: go.Figure, trace: Any) -> tuple[Sequence[Any], Sequence[Any], str, str, str] | None:
    """(categories, values, category-axis title, value-axis title, value suffix) of a trace, or None."""
    if trace.visible is False or trace.hoverinfo == "skip" or trace.type not in {"bar", "scatter", "funnel"}:
        return None
    horizontal = (trace.orientation or ("h" if trace.type in _HORIZONTAL_BY_DEFAULT else "v")) == "h"
    categories, values = (trace.y, trace.x) if horizontal else (trace.x, trace.y)
    if categories is None or values is None or len(values) == 0:
        return None
    cat_axis = _axis(fig, trace, "y" if horizontal else "x")
    value_axis = _axis(fig, trace, "x" if horizontal else "y")
    suffix = str(value_axis.ticksuffix) if value_axis is not None and value_axis.ticksuffix else ""
    return list(categories), list(values), _axis_title(cat_axis), _axis_title(value_axis), suffix


def chart_table(fig: go.Figure, lang: str, *, max_rows: int = MAX_ROWS) -> ChartTable | None:
    """The figure's numbers as a table, or None when it draws no data (an empty chart)."""
    columns: dict[str, dict[str, str]] = {}  # series name -> category text -> value text
    order: list[str] = []  # categories in first-drawn order
    category_title = ""
    for trace in fig.data:
        series = _series(fig, trace)
        if series is None:
            continue
        categories, values, cat_title, value_title, suffix = series
        category_title = category_title or cat_title
        monthly = _all_first_of_month(categories)
        name = str(trace.name or value_title or t("a11y.chart_value", lang))
        while name in columns:  # two series of one name (e.g. in two panels) stay apart
            name += " "
        cells = columns.setdefault(name, {})
        for category, value in zip(categories, values, strict=False):
            key = _cell(category, lang, monthly=monthly)
            if key not in cells:
                cells[key] = _cell(value, lang, suffix)
            if key not in order:
                order.append(key)
    if not columns:
        return None
    header = (category_title or t("a11y.chart_category", lang), *(name.strip() for name in columns))
    rows = tuple((key, *(cells.get(key, DASH) for cells in columns.values())) for key in order)
    return ChartTable(header, rows[:max_rows], max(0, len(rows) - max_rows))


def table_html(table: ChartTable, caption: str) -> str:
    """The table as escaped HTML: a caption, column headers and a row header per category (so that a
    screen reader reads every number with its category and series). One line: a line break in the data
    becomes a space (see _LINE_BREAKS)."""

    def esc(text: str) -> str:
        return html.escape(_LINE_BREAKS.sub(" ", text))

    head = "".join(f'<th scope="col">{esc(cell)}</th>' for cell in table.header)
    body = "".join(
        f'<tr><th scope="row">{esc(row[0])}</th>{"".join(f"<td>{esc(cell)}</td>" for cell in row[1:])}</tr>'
        for row in table.rows
    )
    return (
        f'<table class="chart-data"><caption>{esc(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )
