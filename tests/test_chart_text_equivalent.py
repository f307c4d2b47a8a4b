"""Charts' text equivalents (issue 15, WCAG 1.1.1): the figure's numbers as a table, under every chart."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.charts.text_equivalent import chart_table, table_html
from dashboard.i18n import t
from tests.page_helpers import open_app_page


def test_vertical_series_share_a_category_column_and_keep_their_names() -> None:
    fig = go.Figure()
    fig.add_bar(x=["Бобринецька", "Кропивницька"], y=[12, 3.25], name="2025")
    fig.add_bar(x=["Кропивницька", "Бобринецька"], y=[4, 1500], name="2026")
    fig.update_xaxes(title_text="Громада")
    table = chart_table(fig, "uk")
    assert table is not None
    assert table.header == ("Громада", "2025", "2026")
    assert table.rows == (("Бобринецька", "12", "1\u00a0500"), ("Кропивницька", "3,3", "4"))
    english = chart_table(fig, "en")
    assert english is not None and english.rows[0] == ("Бобринецька", "12", "1,500")


def test_horizontal_bars_bands_and_hidden_traces() -> None:
    fig = go.Figure()
    fig.add_bar(y=["theft", "fraud"], x=[40.0, 12.5], orientation="h", name="rate")
    fig.add_scatter(x=[1, 2], y=["theft", "fraud"], hoverinfo="skip", name="band")  # decoration
    fig.add_scatter(x=[9], y=["theft"], visible=False, name="hidden")
    fig.update_xaxes(ticksuffix=" %")
    table = chart_table(fig, "uk")
    assert table is not None
    assert table.header == (t("a11y.chart_category", "uk"), "rate")
    assert table.rows == (("theft", "40 %"), ("fraud", "12,5 %"))


def test_monthly_series_are_written_as_months_and_gaps_as_a_dash() -> None:
    months = pd.to_datetime(["2026-08-01", "2026-09-01", "2026-10-01"])
    fig = go.Figure(go.Scatter(x=months, y=[1.0, np.nan, 3.0], name="n"))
    table = chart_table(fig, "uk")
    assert table is not None
    assert [row[0] for row in table.rows] == ["серпень 2026", "вересень 2026", "жовтень 2026"]
    assert table.rows[1][1] == "—"
    days = go.Figure(go.Scatter(x=[dt.date(2026, 10, 30), dt.date(2026, 10, 31)], y=[1, 2]))
    assert [row[0] for row in chart_table(days, "uk").rows] == ["30.10.2026", "31.10.2026"]


def test_empty_figure_has_no_table_and_long_ones_are_cut() -> None:
    assert chart_table(go.Figure(), "uk") is None
    fig = go.Figure(go.Bar(x=list(range(250)), y=list(range(250))))
    table = chart_table(fig, "en", max_rows=200)
    assert table is not None and len(table.rows) == 200 and table.omitted == 50


def test_html_is_escaped_and_has_row_and_column_headers() -> None:
    fig = go.Figure(go.Bar(x=["<b>x</b>"], y=[1], name="a&b"))
    text = table_html(chart_table(fig, "en"), caption="<script>")
    assert "<b>" not in text and "<script>" not in text and "&lt;script&gt;" in text
    assert '<th scope="col">a&amp;b</th>' in text and '<th scope="row">&lt;b&gt;x&lt;/b&gt;</th>' in text


def test_a_line_break_in_the_data_cannot_end_the_html_block() -> None:
    # st.markdown reads the table as one HTML block, which a blank line ends: what followed it would be read
    # as Markdown (a link, an image fetched from another site), whatever html.escape did to it.
    name = "Ж\n\n![x](https://evil.example/p.png)\r\n\r\n[click](https://evil.example)"
    fig = go.Figure(go.Bar(x=[name], y=[1], name="a\n\nb"))
    text = table_html(chart_table(fig, "en"), caption="c\n\nd")
    assert "\n" not in text and "\r" not in text
    assert '<th scope="row">Ж ![x](https://evil.example/p.png) [click](https://evil.example)</th>' in text


@pytest.mark.parametrize("slug", ["overview", "crime"])
def test_every_chart_on_a_page_has_its_data_table(fixture_env: Path, slug: str) -> None:
    at = open_app_page(slug)
    charts = at.get("plotly_chart")
    tables = [e for e in at.expander if e.label == t("a11y.chart_data", "uk")]
    assert charts and len(tables) == len(charts)
