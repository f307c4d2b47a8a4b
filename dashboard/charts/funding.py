"""Pure chart builders of the funding page (no Streamlit inside): spending by year, stacked by source type
or by item, in UAH as paid."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.common import BLUE, GREEN, GREY, ORANGE, PINK, SKY, base_figure
from dashboard.formatting import fmt_int
from dashboard.i18n import label, t

SOURCE_COLOURS = {"state": BLUE, "oblast": SKY, "hromada": GREEN, "donor": ORANGE}
ITEM_COLOURS = {"office": BLUE, "vehicle": ORANGE, "tablet": GREEN, "station": PINK, "training": SKY,
                "other": GREY}  # fmt: skip
BREAKDOWNS = {"source_type": ("funding_source", SOURCE_COLOURS), "item": ("funding_item", ITEM_COLOURS)}


def spending_by_year_figure(df: pd.DataFrame, *, by: str, lang: str) -> go.Figure:
    """Stacked bars of the amount paid per year, one colour per `by` ("source_type" or "item"), from
    ``funding_by_year``. Hover: the amount and the number of payments."""
    label_group, colours = BREAKDOWNS[by]
    fig = base_figure(lang)
    grouped = df.groupby(["year", by], as_index=False)[["amount_uah", "n_payments"]].sum()
    years = sorted(grouped["year"].unique())
    for code, colour in colours.items():
        part = grouped[grouped[by] == code].set_index("year").reindex(years)
        if part["amount_uah"].isna().all():
            continue
        name = label(label_group, code, lang)
        amounts = part["amount_uah"].fillna(0)
        fig.add_trace(
            go.Bar(
                x=[str(y) for y in years],
                y=amounts,
                name=name,
                marker={"color": colour},
                customdata=[
                    t("pg.funding.hover", lang, amount=fmt_int(a, lang), n=fmt_int(n, lang))
                    for a, n in zip(amounts, part["n_payments"].fillna(0), strict=True)
                ],
                hovertemplate=f"<b>{name}</b>, %{{x}}<br>%{{customdata}}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack", legend={"traceorder": "normal"})
    fig.update_xaxes(type="category", title_text=t("pg.funding.axis_year", lang))
    fig.update_yaxes(title_text=t("pg.funding.axis_uah", lang), tickformat=",.0f", rangemode="tozero")
    return fig
