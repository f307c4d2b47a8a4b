"""Numbers and dates in Ukrainian and English: exact strings, NBSP (U+00A0) and minus (U+2212) included."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from dashboard.formatting import (
    d3_format,
    fmt_date,
    fmt_datetime,
    fmt_int,
    fmt_minutes,
    fmt_month,
    fmt_month_short,
    fmt_num,
    fmt_pct,
    fmt_signed,
    hover_number,
    hover_pct,
    metric_delta,
    month_names,
    month_ticks,
    pct_axis,
    plotly_layout,
    plotly_separators,
)

NBSP = "\u00a0"
MINUS = "\u2212"
MISSING = [None, float("nan"), math.inf, np.nan, pd.NA, pd.NaT, "not a number"]


@pytest.mark.parametrize(
    ("value", "uk", "en"),
    [
        (140000, f"140{NBSP}000", "140,000"),
        (999, "999", "999"),
        (1000, f"1{NBSP}000", "1,000"),
        (1234567, f"1{NBSP}234{NBSP}567", "1,234,567"),
        (0, "0", "0"),
        (-2500, f"{MINUS}2{NBSP}500", f"{MINUS}2,500"),
        (12.5, "13", "13"),  # half-up, not Python's half-even (which gives 12)
        (np.int64(3500), f"3{NBSP}500", "3,500"),
        (10**20, f"100{NBSP}000{NBSP}000{NBSP}000{NBSP}000{NBSP}000{NBSP}000", "100,000,000,000,000,000,000"),
        (True, "1", "1"),
    ],
)
def test_fmt_int(value, uk, en):
    assert fmt_int(value) == uk
    assert fmt_int(value, "en") == en


@pytest.mark.parametrize(
    ("value", "digits", "uk", "en"),
    [
        (12.5, 1, "12,5", "12.5"),
        (12345.67, 1, f"12{NBSP}345,7", "12,345.7"),
        (2.25, 1, "2,3", "2.3"),
        (2.675, 2, "2,68", "2.68"),
        (3, 2, "3,00", "3.00"),
        (-0.04, 1, "0,0", "0.0"),  # never "−0,0"
        (-1.25, 1, f"{MINUS}1,3", f"{MINUS}1.3"),
        (np.float64(0.1) + np.float64(0.2), 2, "0,30", "0.30"),
        (Decimal("7.45"), 1, "7,5", "7.5"),
    ],
)
def test_fmt_num(value, digits, uk, en):
    assert fmt_num(value, digits) == uk
    assert fmt_num(value, digits, "en") == en


def test_fmt_num_default_is_one_decimal():
    assert fmt_num(12.54) == "12,5"


@pytest.mark.parametrize(
    ("share", "digits", "uk", "en"),
    [
        (0.125, 1, f"12,5{NBSP}%", "12.5%"),
        (0.285, 0, f"29{NBSP}%", "29%"),  # 28.5 % rounds up, although 0.285 × 100 is 28.4999… in floats
        (1, 0, f"100{NBSP}%", "100%"),
        (0, 1, f"0,0{NBSP}%", "0.0%"),
        (12.5, 0, f"1{NBSP}250{NBSP}%", "1,250%"),
    ],
)
def test_fmt_pct(share, digits, uk, en):
    assert fmt_pct(share, digits) == uk
    assert fmt_pct(share, digits, "en") == en


@pytest.mark.parametrize(
    ("value", "digits", "uk", "en"),
    [
        (3, 0, "+3", "+3"),
        (-2, 0, f"{MINUS}2", f"{MINUS}2"),
        (0, 0, "0", "0"),
        (0.04, 1, "0,0", "0.0"),
        (1234, 0, f"+1{NBSP}234", "+1,234"),
        (-2.35, 1, f"{MINUS}2,4", f"{MINUS}2.4"),
    ],
)
def test_fmt_signed(value, digits, uk, en):
    assert fmt_signed(value, digits) == uk
    assert fmt_signed(value, digits, "en") == en


def test_fmt_signed_percent():
    assert fmt_signed(0.1, 0, percent=True) == f"+10{NBSP}%"
    assert fmt_signed(-0.125, 1, "en", percent=True) == f"{MINUS}12.5%"


def test_fmt_minutes():
    assert fmt_minutes(23) == f"23{NBSP}хв"
    assert fmt_minutes(23.4, "en") == f"23{NBSP}min"
    assert fmt_minutes(1500) == f"1{NBSP}500{NBSP}хв"
    assert fmt_minutes(None) == "—"


@pytest.mark.parametrize("value", MISSING)
def test_missing_values_are_a_dash(value):
    for lang in ("uk", "en"):
        assert fmt_int(value, lang) == "—"
        assert fmt_num(value, 1, lang) == "—"
        assert fmt_pct(value, 1, lang) == "—"
        assert fmt_signed(value, 0, lang) == "—"
        assert fmt_date(value, lang) == "—"
        assert fmt_month(value, lang) == "—"


def test_fmt_date():
    day = dt.date(2026, 10, 31)
    assert fmt_date(day) == "31.10.2026"
    assert fmt_date(day, "en") == "31 Oct 2026"
    assert fmt_date(dt.date(2026, 3, 1)) == "01.03.2026"
    assert fmt_date(dt.date(2026, 3, 1), "en") == "1 Mar 2026"
    assert fmt_date(pd.Timestamp("2026-10-31 14:05")) == "31.10.2026"
    assert fmt_date("2026-10-31") == "31.10.2026"
    assert fmt_date(np.datetime64("2026-10-31")) == "31.10.2026"


def test_fmt_datetime():
    moment = dt.datetime(2026, 10, 31, 14, 5)
    assert fmt_datetime(moment) == "31.10.2026 14:05"
    assert fmt_datetime(moment, "en") == "31 Oct 2026, 14:05"
    assert fmt_datetime("2026-10-31T14:05:00") == "31.10.2026 14:05"
    assert fmt_datetime(dt.date(2026, 10, 31)) == "31.10.2026"
    assert fmt_datetime(None) == "—"


def test_months():
    march = dt.date(2019, 3, 1)
    assert fmt_month(march) == "березень 2019"
    assert fmt_month(march, "en") == "March 2019"
    assert fmt_month_short(march) == "бер 2019"
    assert fmt_month_short(march, "en") == "Mar 2019"
    assert month_names("uk") == (
        "січень", "лютий", "березень", "квітень", "травень", "червень",
        "липень", "серпень", "вересень", "жовтень", "листопад", "грудень",
    )  # fmt: skip
    assert month_names("en")[8] == "September"
    assert month_names("uk", short=True)[8] == "вер"
    assert month_names("en", short=True)[8] == "Sep"


def test_metric_delta_sets_arrow_and_colour_explicitly():
    # Streamlit only reads an ASCII "-" as negative; a true minus needs explicit arrow and colour.
    assert metric_delta(-2) == {"delta": f"{MINUS}2", "delta_color": "red", "delta_arrow": "down"}
    assert metric_delta(3, higher_is_better=False) == {
        "delta": "+3",
        "delta_color": "red",
        "delta_arrow": "up",
    }
    assert metric_delta(-2, higher_is_better=False)["delta_color"] == "green"
    assert metric_delta(0.04, 1, "en", higher_is_better=None) == {
        "delta": "0.0",
        "delta_color": "gray",
        "delta_arrow": "off",
    }
    assert metric_delta(0.05, 0, percent=True) == {
        "delta": f"+5{NBSP}%",
        "delta_color": "green",
        "delta_arrow": "up",
    }
    assert metric_delta(None) == {"delta": None}


def test_plotly_helpers():
    # plotly: first character of layout.separators is the decimal mark, the second the thousands one.
    assert plotly_separators("uk") == f",{NBSP}"
    assert plotly_separators("en") == ".,"
    assert plotly_layout("uk") == {"separators": f",{NBSP}"}
    assert d3_format() == ",d"
    assert d3_format(1) == ",.1f"
    assert pct_axis("uk", 1) == {"tickformat": ",.1f", "ticksuffix": f"{NBSP}%"}
    assert pct_axis("en") == {"tickformat": ",d", "ticksuffix": "%"}
    assert hover_number("x", 2) == "%{x:,.2f}"
    assert hover_pct("y", "uk", 1) == f"%{{y:,.1f}}{NBSP}%"


def test_plotly_layout_is_accepted_by_plotly():
    import plotly.graph_objects as go

    fig = go.Figure(layout=plotly_layout("uk"))
    fig.update_yaxes(**pct_axis("uk"))
    fig.update_xaxes(**month_ticks([dt.date(2019, 3, 1)], "uk"))
    assert fig.layout.separators == f",{NBSP}"


def test_month_ticks():
    months = pd.Series(pd.date_range("2024-01-01", periods=24, freq="MS")).repeat(3)  # repeated per hromada
    ticks = month_ticks(months, "uk", max_ticks=8)
    assert ticks["tickmode"] == "array"
    assert ticks["ticktext"] == [
        "січ 2024",
        "квіт 2024",
        "лип 2024",
        "жовт 2024",
        "січ 2025",
        "квіт 2025",
        "лип 2025",
        "жовт 2025",
    ]
    assert month_ticks([dt.date(2019, 3, 1)], "en")["ticktext"] == ["Mar 2019"]
