"""Pure chart builders of the compare page: a hromada's value against its population (a funnel plot)."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.common import (
    BLUE,
    GREY,
    HEIGHT_TALL,
    LIGHT_GREY,
    ORANGE,
    VERMILION,
    base_figure,
    share_error_bars,
)
from dashboard.formatting import DASH, fmt_int, hover_number, pct_axis
from dashboard.i18n import t
from dashboard.indicators import NORM_RESIDENTS_RURAL, NORM_RESIDENTS_URBAN

PERCENT_METRICS = ("trust",)  # shares drawn in percent units (0–100)
POPULATION_TICKS = (
    1_000,
    2_000,
    3_000,
    5_000,
    7_500,
    10_000,
    15_000,
    20_000,
    30_000,
    50_000,
    100_000,
    200_000,
    500_000,
)


def _limit_lines(fig: go.Figure, curve: pd.DataFrame, lang: str) -> None:
    if curve.empty:
        return
    fig.add_trace(
        go.Scatter(
            x=curve["population"],
            y=curve["reference"],
            name=t("pg.compare.series_reference", lang),
            mode="lines",
            line={"color": GREY, "width": 1},
            hoverinfo="skip",
        )
    )
    for z, dash in ((2, "dash"), (3, "dot")):
        name = t(f"pg.compare.series_limit{z}", lang)
        for bound in ("lower", "upper"):
            fig.add_trace(
                go.Scatter(
                    x=curve["population"],
                    y=curve[f"{bound}{z}"],
                    name=name,
                    legendgroup=name,
                    showlegend=bound == "upper",
                    mode="lines",
                    line={"color": GREY, "width": 1, "dash": dash},
                    hoverinfo="skip",
                )
            )


def rank_interval_texts(ranked: pd.DataFrame, *, lang: str) -> pd.Series:
    """The 90 % rank interval as text: «3–11», one number where both ends agree, «—» where not ranked."""
    low, high = ranked["rank_low"].to_numpy(float), ranked["rank_high"].to_numpy(float)
    texts = [
        DASH
        if not (np.isfinite(lo) and np.isfinite(hi))
        else fmt_int(lo, lang)
        if lo == hi
        else f"{fmt_int(lo, lang)}–{fmt_int(hi, lang)}"
        for lo, hi in zip(low, high, strict=True)
    ]
    return pd.Series(texts, index=ranked.index, dtype=object)


def rank_hover_texts(ranked: pd.DataFrame, *, lang: str) -> list[str]:
    """A hover line per hromada: «Rank: 3 (90 %: 3–11)», or not distinguishable from the oblast; empty
    for the hromadas that are not ranked."""
    intervals = rank_interval_texts(ranked, lang=lang)
    out = []
    for rank, interval, distinct in zip(ranked["rank"], intervals, ranked["distinguishable"], strict=True):
        if pd.isna(rank):
            out.append("")
            continue
        place = fmt_int(rank, lang) if bool(distinct) else t("pg.compare.not_distinguishable", lang)
        out.append("<br>" + t("pg.compare.rank_hover", lang, rank=place, interval=interval))
    return out


def value_scatter(
    df: pd.DataFrame,
    *,
    lang: str,
    metric: str,
    names: pd.Series | str,
    curve: pd.DataFrame | None = None,
    mine: str | None = None,
    selected: Collection[str] = (),
    mine_is_own: bool = False,
) -> go.Figure:
    """The ranked hromadas (compare.rank_by: hromada, population, value, small, …) on a log population axis.

    `names`: the hover names, a column of `df` or a Series on its index. Grey open circles: small numbers
    (not ranked). Orange: hromadas picked for the side-by-side view;
    vermilion and labelled: `mine`, named "my community" only when it is the viewer's own (`mine_is_own`, a
    head), else "the hromada chosen in the sidebar". `curve` (compare.funnel_curve) draws the funnel limits;
    residents per officer gets the two norms; trust gets its margins of error.
    """
    fig = base_figure(lang, height=HEIGHT_TALL)
    scale = 100 if metric in PERCENT_METRICS else 1
    digits = 0 if metric == "residents_per_officer" else 1
    data = df.assign(
        name=(df[names] if isinstance(names, str) else names.reindex(df.index)).to_numpy(),
        y=df["value"] * scale,
        rank_hover=rank_hover_texts(df, lang=lang) if "rank_low" in df else "",
    ).dropna(subset=["y"])
    _limit_lines(fig, curve if curve is not None else pd.DataFrame(), lang)
    if metric == "residents_per_officer":
        for norm in (NORM_RESIDENTS_RURAL, NORM_RESIDENTS_URBAN):
            fig.add_hline(
                y=norm,
                line={"color": VERMILION, "width": 1, "dash": "dash"},
                annotation_text=t("pg.compare.series_norm", lang, n=fmt_int(norm, lang)),
                annotation_font_color=VERMILION,
            )
    groups = (
        ("others", ~data["small"] & ~data["hromada"].isin(selected), BLUE, "circle"),
        ("small", data["small"] & ~data["hromada"].isin(selected), GREY, "circle-open"),
        ("selected", data["hromada"].isin(selected) & (data["hromada"] != mine), ORANGE, "diamond"),
        ("mine", data["hromada"] == mine, VERMILION, "star"),
    )
    series = {"mine": "mine" if mine_is_own else "focus"}  # "my hromada" is a head's own only
    for code, mask, colour, symbol in groups:
        part = data[mask]
        if part.empty:
            continue
        labelled = code in ("mine", "selected")
        error = None
        if metric == "trust":
            bars = share_error_bars(part["trust_share"], part["trust_moe"], part["respondents"])
            error = {"type": "data", **bars, "color": LIGHT_GREY, "thickness": 1}
        fig.add_trace(
            go.Scatter(
                x=part["population"],
                y=part["y"],
                name=t(f"pg.compare.series_{series.get(code, code)}", lang),
                mode="markers+text" if labelled else "markers",
                text=part["name"] if labelled else None,
                textposition="top center",
                marker={
                    "color": colour,
                    "symbol": symbol,
                    "size": 14 if labelled else 9,
                    "line": {"color": colour, "width": 1},
                },
                error_y=error,
                customdata=[
                    [n, fmt_int(p, lang), r]
                    for n, p, r in zip(part["name"], part["population"], part["rank_hover"], strict=True)
                ],
                hovertemplate=(
                    "<b>%{customdata[0]}</b><br>"
                    + t("column.population", lang)
                    + ": %{customdata[1]}<br>"
                    + t(f"pg.compare.metric_{metric}", lang)
                    + ": "
                    + hover_number("y", digits)
                    + "%{customdata[2]}<extra></extra>"
                ),
            )
        )
    # Explicit ticks: plotly would write "10k", which is not how Ukrainian writes 10 000.
    ticks = [v for v in POPULATION_TICKS if data["population"].min() / 2 <= v <= data["population"].max() * 2]
    fig.update_xaxes(
        type="log",
        title_text=t("pg.compare.axis_population", lang),
        showgrid=True,
        gridcolor="#EEEEEE",
        tickmode="array",
        tickvals=ticks,
        ticktext=[fmt_int(v, lang) for v in ticks],
    )
    # "," groups thousands with the layout's separators (9 000 in Ukrainian, not 9000)
    fig.update_yaxes(title_text=t(f"pg.compare.metric_{metric}", lang), rangemode="tozero", tickformat=",")
    if scale == 100:
        fig.update_yaxes(**pct_axis(lang))
    return fig
