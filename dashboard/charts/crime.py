"""Pure chart, table and KPI builders of the crime-and-prevention page. No `st.` inside.

Small numbers are the rule here (22 of 49 hromadas have under 10,000 residents): changes are shown as
absolute counts and Poisson z, a % change only where the year-earlier count is at least 20. In the partner
view the data arrive with rounded domestic-violence counts (dashboard/disclosure.py) and without tests
(z, level) on them: a missing z is shown as «—», never as a verdict.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import indicators as ind
from dashboard.charts.activity import styled_table
from dashboard.charts.common import (
    BLUE,
    GREY,
    GREYED,
    HEIGHT_SMALL,
    LIGHT_GREY,
    ORANGE,
    VERMILION,
    base_figure,
)
from dashboard.formatting import (
    DASH,
    fmt_int,
    fmt_minutes,
    fmt_month,
    fmt_num,
    fmt_pct,
    fmt_signed,
    hover_number,
    hover_pct,
    metric_delta,
    month_names,
    month_ticks,
    pct_axis,
)
from dashboard.i18n import Translator


def level_delta(level: str, *, lang: str) -> dict[str, Any] | None:
    """The «увага» / «сигнал» badge under a z card (the level of indicators.count_change), grey (the sign
    of z gives the direction); nothing when the change is within ordinary variation (the card's help says
    what z means)."""
    if level == "none":
        return None
    return {"delta": Translator(lang)(f"signal.{level}"), "delta_color": "gray", "delta_arrow": "off"}


def signal_text(level: Any, tr: Translator) -> str:
    """A table cell: the level's word for watch / signal, empty within ordinary variation, «—» if withheld."""
    if not isinstance(level, str):
        return DASH
    return "" if level == "none" else tr(f"signal.{level}")


def offence_kpis(
    by_category: pd.DataFrame,
    response: pd.Series | None,
    *,
    lang: str,
    withhold_test: bool = False,
    dispersion: float | ind.Dispersion = 1.0,
) -> list[dict[str, Any]]:
    """KPI cards (keyword arguments of ui.layout.Kpi): offences with the change against last year, the
    rate per 10,000, the Poisson z with its level, clearance, and the median / P90 response time.
    `withhold_test` (a partner's total that includes rounded counts): the z card says why it is blank."""
    tr = Translator(lang)
    # n_prev is NaN (all rows) when the data do not reach back a year: then no change, no z.
    n, n_prev = float(by_category["n"].sum()), float(by_category["n_prev"].sum(min_count=1))
    solved = float(by_category["solved"].sum())
    population = float(by_category["population"].iloc[0]) if len(by_category) else np.nan
    change = (
        ind.CountChange(np.nan, np.nan, "none")
        if withhold_test
        else ind.count_change(n, n_prev, dispersion=dispersion)  # widened by the total's φ
    )
    z = change.z
    pct = ind.pct_change(n, n_prev)
    change_help = tr("pg.crime.help_change", prev=fmt_int(n_prev, lang))
    if not np.isnan(pct):
        change_help += " " + tr("pg.crime.help_pct", pct=fmt_signed(pct, 1, lang, percent=True))
    kpis: list[dict[str, Any]] = [
        {
            "label": tr("kpi.offences"),
            "value": fmt_int(n, lang),
            "delta": metric_delta(n - n_prev, 0, lang, higher_is_better=False),
            "help": change_help,
        },
        {
            "label": tr("pg.crime.kpi_rate"),
            "value": fmt_num(ind.rate_per_10k(n, population), 1, lang),
            "help": tr("pg.crime.help_rate", population=fmt_int(population, lang)),
        },
        {
            "label": tr("kpi.poisson_z"),
            "value": fmt_signed(z, 1, lang),
            "delta": level_delta(change.level, lang=lang),
            "help": tr("notice.tests_withheld") if withhold_test else tr("pg.crime.help_z"),
        },
        {
            "label": tr("kpi.clearance"),
            "value": fmt_pct(ind.clearance(solved, n), 0, lang),
            "help": tr("pg.crime.help_clearance", solved=fmt_int(solved, lang), n=fmt_int(n, lang)),
        },
    ]
    if response is not None:
        n_times = tr("kpi.n", n=fmt_int(response["n"], lang))
        kpis += [
            {
                "label": tr("kpi.median_response"),
                "value": fmt_minutes(response["median_min"], lang),
                "help": n_times,
            },
            {
                "label": tr("kpi.p90_response"),
                "value": fmt_minutes(response["p90_min"], lang),
                "help": n_times,
            },
        ]
    return kpis


def category_table(by_category: pd.DataFrame, *, lang: str) -> tuple[Any, dict[str, str]]:
    """Offences by category: count, rate, a year earlier, change, z and its level, % change (previous
    ≥ 20 only) and clearance, as a Styler with the column labels. Rates from small numbers are grey."""
    tr = Translator(lang)
    df = by_category
    table = pd.DataFrame(
        {
            "category": [tr.label("offence", c) for c in df["category"]],
            "n": df["n"],
            "rate": df["rate_per_10k"],
            "n_prev": df["n_prev"],
            "change": df["change"],
            "z": pd.to_numeric(df["z"], errors="coerce"),
            "signal": [signal_text(lvl, tr) for lvl in df["level"]],
            "pct_change": df["pct_change"],
            "clearance": df["clearance"],
        }
    )

    def count(v: Any) -> str:
        return fmt_int(v, lang)

    styler = styled_table(
        table,
        {
            "n": count,
            "rate": lambda v: fmt_num(v, 2, lang),
            "n_prev": count,
            "change": lambda v: fmt_signed(v, 0, lang),
            "z": lambda v: fmt_signed(v, 1, lang),
            "pct_change": lambda v: fmt_signed(v, 0, lang, percent=True),
            "clearance": lambda v: fmt_pct(v, 0, lang),
        },
    )
    small = by_category["small"].to_numpy(dtype=bool)
    styler = styler.apply(lambda _: np.where(small, GREYED, ""), subset=["rate"])
    labels = {
        "category": tr("column.category"),
        "n": tr("column.count"),
        "rate": tr("pg.crime.col_rate"),
        "n_prev": tr("pg.crime.col_prev"),
        "change": tr("column.change"),
        "z": tr("column.z"),
        "signal": tr("column.signal"),
        "pct_change": tr("pg.crime.col_pct"),
        "clearance": tr("kpi.clearance"),
    }
    return styler, labels


def category_figure(by_category: pd.DataFrame, *, lang: str) -> go.Figure:
    """Horizontal bars per category: this period beside the same period last year."""
    tr = Translator(lang)
    df = by_category.iloc[::-1]  # the most frequent category on top
    names = [tr.label("offence", c) for c in df["category"]]
    fig = base_figure(lang, height=max(HEIGHT_SMALL, 34 * len(df) + 80))
    for column, name, colour in (
        ("n_prev", tr("series.previous_year"), LIGHT_GREY),
        ("n", tr("series.current"), BLUE),
    ):
        values = pd.to_numeric(df[column], errors="coerce")
        fig.add_bar(
            y=names,
            x=values,
            name=name,
            orientation="h",
            marker_color=colour,
            customdata=np.stack(
                [
                    df["z"].map(lambda v: fmt_signed(v, 1, lang)),
                    df["level"].map(lambda lvl: tr(f"signal.{lvl}") if isinstance(lvl, str) else DASH),
                ],
                axis=-1,
            ),
            hovertemplate=f"%{{y}} · {name}: {hover_number('x')}<br>z = %{{customdata[0]}} (%{{customdata[1]}})<extra></extra>",
        )
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_xaxes(title_text=tr("axis.count"), tickformat=",d", showgrid=True, gridcolor="#EEEEEE")
    return fig


def _month_labels(months: pd.Series, lang: str) -> list[str]:
    return [fmt_month(m, lang) for m in months]


def trend_figure(monthly: pd.DataFrame, *, lang: str) -> go.Figure:
    """Offences per month of the period (line) beside the same month a year earlier (grey dashed).

    ``monthly`` is ``queries.crime.crime_monthly``.
    """
    tr = Translator(lang)
    current = monthly[monthly["in_period"]].reset_index(drop=True)
    previous = monthly[~monthly["in_period"]].reset_index(drop=True).iloc[: len(current)]
    months = pd.to_datetime(current["month"])
    fig = base_figure(lang)
    for frame, name, style in (
        (previous, tr("series.previous_year"), {"color": GREY, "dash": "dash", "width": 1.5}),
        (current, tr("series.current"), {"color": BLUE, "width": 2.5}),
    ):
        values = pd.to_numeric(frame["n"], errors="coerce")
        fig.add_scatter(
            x=months[: len(frame)],
            y=values,
            name=name,
            mode="lines+markers",
            line=style,
            customdata=_month_labels(frame["month"], lang),
            hovertemplate=f"%{{customdata}}: {hover_number('y')}<extra>{name}</extra>",
        )
    fig.update_xaxes(**month_ticks(months, lang))
    fig.update_yaxes(title_text=tr("axis.count"), tickformat=",d", rangemode="tozero")
    return fig


def seasonality_figure(profile: pd.DataFrame, *, lang: str) -> go.Figure:
    """Month-of-year profile (``indicators.seasonal_profile``): the mean count of each calendar month over
    complete years, with the band from the lowest to the highest year."""
    tr = Translator(lang)
    names = list(month_names(lang, short=True))
    fig = base_figure(lang, height=HEIGHT_SMALL + 40)
    fig.add_scatter(
        x=names, y=profile["high"], mode="lines", line={"width": 0}, showlegend=False, hoverinfo="skip"
    )
    fig.add_scatter(
        x=names,
        y=profile["low"],
        mode="lines",
        line={"width": 0},
        fill="tonexty",
        fillcolor="rgba(86,180,233,0.25)",
        name=tr("pg.crime.season_band"),
        hoverinfo="skip",
    )
    index = [fmt_pct(v, 0, lang) for v in profile["index"]]
    fig.add_scatter(
        x=names,
        y=profile["mean"],
        mode="lines+markers",
        name=tr("pg.crime.season_mean"),
        line={"color": BLUE, "width": 2.5},
        customdata=index,
        hovertemplate=(
            f"%{{x}}: {hover_number('y', 1)}<br>{tr('pg.crime.season_index')}: %{{customdata}}<extra></extra>"
        ),
    )
    fig.update_yaxes(title_text=tr("axis.count"), rangemode="tozero")
    return fig


def event_time_figure(series: pd.DataFrame, pooled: ind.BeforeAfterPooled, *, lang: str) -> go.Figure:
    """Pooled monthly rate per 10,000 on event time −12..+12 around deployment (``indicators.
    event_time_series``), with the before and after means as flat lines and the deployment month marked."""
    tr = Translator(lang)
    fig = base_figure(lang)
    customdata = np.stack([series["n"].map(lambda v: fmt_int(v, lang)), series["n_hromadas"]], axis=-1)
    fig.add_scatter(
        x=series["event_month"],
        y=series["rate_per_10k"],
        mode="lines+markers",
        name=tr("axis.rate_per_10k"),
        line={"color": BLUE, "width": 2},
        customdata=customdata,
        hovertemplate=(
            f"{tr('pg.crime.event_month')} %{{x}}: {hover_number('y', 2)}"
            f"<br>n = %{{customdata[0]}}, {tr('column.hromada').lower()}: %{{customdata[1]}}<extra></extra>"
        ),
    )
    for (start, end), value, name, colour in (
        ((-12, -1), pooled.rate_pre, tr("series.before"), GREY),
        ((1, 12), pooled.rate_post, tr("series.after"), ORANGE),
    ):
        fig.add_scatter(
            x=[start, end],
            y=[value, value],
            mode="lines",
            name=f"{name}: {fmt_num(value, 2, lang)}",
            line={"color": colour, "dash": "dash", "width": 2},
            hoverinfo="skip",
        )
    fig.add_vline(x=0, line={"color": VERMILION, "dash": "dot"})
    fig.update_xaxes(title_text=tr("axis.months_from_deployment"), dtick=3, zeroline=False)
    fig.update_yaxes(title_text=tr("axis.rate_per_10k"), rangemode="tozero")
    return fig


def wdd_figure(result: ind.WDDResult, *, lang: str) -> go.Figure:
    """Offences of the treated and the control hromadas in the year before and the year after the wave."""
    tr = Translator(lang)
    groups = [tr("pg.crime.wdd_treated"), tr("pg.crime.wdd_controls")]
    fig = base_figure(lang, height=HEIGHT_SMALL)
    for values, name, colour in (
        ((result.t_pre, result.c_pre), tr("series.before"), LIGHT_GREY),
        ((result.t_post, result.c_post), tr("series.after"), ORANGE),
    ):
        fig.add_bar(
            x=groups,
            y=list(values),
            name=name,
            marker_color=colour,
            text=[fmt_int(v, lang) for v in values],
            textposition="outside",
            hovertemplate=f"%{{x}} · {name}: {hover_number('y')}<extra></extra>",
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text=tr("axis.count"), tickformat=",d", rangemode="tozero")
    return fig


def wdd_text(result: ind.WDDResult, *, lang: str) -> str:
    """A plain-language reading of the WDD and its z (ind.wdd_verdict)."""
    tr = Translator(lang)
    verdict = ind.wdd_verdict(result.z)
    return tr(
        f"pg.crime.wdd_{verdict}",
        wdd=fmt_signed(result.wdd, 0, lang),
        se=fmt_num(result.se, 1, lang),
        z=fmt_signed(result.z, 2, lang),
    )


def wdd_scaling_text(comparison: ind.WddVsControls, *, lang: str) -> str:
    """How the controls were scaled: k = population of the treated ÷ population of the controls."""
    return Translator(lang)(
        "pg.crime.wdd_scaling",
        k=fmt_num(comparison.result.k, 3, lang),
        pop_treated=fmt_int(comparison.population_treated, lang),
        pop_controls=fmt_int(comparison.population_controls, lang),
    )


def clearance_figure(monthly: pd.DataFrame, *, lang: str) -> go.Figure:
    """Clearance (solved ÷ registered) per month of the period beside the same month a year earlier:
    the older months have had longer to be solved, which the gap between the lines shows."""
    tr = Translator(lang)
    current = monthly[monthly["in_period"]].reset_index(drop=True)
    previous = monthly[~monthly["in_period"]].reset_index(drop=True).iloc[: len(current)]
    months = pd.to_datetime(current["month"])
    fig = base_figure(lang, height=HEIGHT_SMALL + 40)
    for frame, name, style in (
        (previous, tr("series.previous_year"), {"color": GREY, "dash": "dash", "width": 1.5}),
        (current, tr("series.current"), {"color": BLUE, "width": 2.5}),
    ):
        shown = frame["clearance"]
        customdata = np.stack(
            [
                _month_labels(frame["month"], lang),
                [fmt_int(v, lang) for v in frame["solved"]],
                [fmt_int(v, lang) for v in frame["n"]],
            ],
            axis=-1,
        )
        fig.add_scatter(
            x=months[: len(frame)],
            y=shown * 100,
            name=name,
            mode="lines+markers",
            line=style,
            customdata=customdata,
            hovertemplate=(
                f"%{{customdata[0]}}: {hover_pct('y', lang)} "
                f"(%{{customdata[1]}} / %{{customdata[2]}})<extra>{name}</extra>"
            ),
        )
    fig.update_xaxes(**month_ticks(months, lang, max_ticks=6))  # a half-width box
    fig.update_yaxes(**pct_axis(lang), range=[0, 100])
    return fig


def response_figure(response: pd.DataFrame, *, lang: str) -> go.Figure:
    """Median and 90th percentile of response times per month (``queries.crime.crime_response``)."""
    tr = Translator(lang)
    monthly = response[~response["is_total"]]
    months = pd.to_datetime(monthly["month"])
    fig = base_figure(lang)
    customdata = np.stack(
        [_month_labels(monthly["month"], lang), [fmt_int(v, lang) for v in monthly["n"]]], axis=-1
    )
    for column, name, colour in (
        ("p90_min", tr("series.p90"), ORANGE),
        ("median_min", tr("series.median"), BLUE),
    ):
        fig.add_scatter(
            x=months,
            y=monthly[column],
            name=name,
            mode="lines+markers",
            line={"color": colour, "width": 2},
            customdata=customdata,
            hovertemplate=(
                f"%{{customdata[0]}}: {hover_number('y', 1)} {tr('unit.minutes')} (n = %{{customdata[1]}})"
                f"<extra>{name}</extra>"
            ),
        )
    fig.update_xaxes(**month_ticks(months, lang))
    fig.update_yaxes(title_text=tr("axis.minutes"), rangemode="tozero")
    return fig


def before_after_table(
    per_hromada: pd.DataFrame, *, lang: str, names: dict[str, str]
) -> tuple[Any, dict[str, Any]]:
    """Per hromada: deployment month, offences in the 12 months before and after, mean monthly rates per
    10,000, their change, z and its level (z withheld: «—»)."""
    tr = Translator(lang)
    df = per_hromada
    table = pd.DataFrame(
        {
            "name": df["hromada"].map(names).fillna(df["hromada"]),
            "deployment": [fmt_month(m, lang) for m in df["deployment_month"]],
            "n_pre": df["n_pre"],
            "n_post": df["n_post"],
            "rate_pre": df["rate_pre"],
            "rate_post": df["rate_post"],
            "rate_change": df["rate_change"],
            "z": df["z"],
            "signal": [
                signal_text(lvl if pd.notna(z) else None, tr)
                for z, lvl in zip(df["z"], df["level"], strict=True)
            ],
        }
    )

    def count(v: Any) -> str:
        return fmt_int(v, lang)

    styler = styled_table(
        table,
        {
            "n_pre": count,
            "n_post": count,
            "rate_pre": lambda v: fmt_num(v, 2, lang),
            "rate_post": lambda v: fmt_num(v, 2, lang),
            "rate_change": lambda v: fmt_signed(v, 2, lang),
            "z": lambda v: fmt_signed(v, 1, lang),
        },
    )
    labels = {
        "name": tr("column.hromada"),
        "deployment": tr("pg.crime.col_deployment"),
        "n_pre": tr("pg.crime.col_n_pre"),
        "n_post": tr("pg.crime.col_n_post"),
        "rate_pre": {
            "label": tr("pg.crime.col_rate_pre"),
            "width": "small",
            "help": tr("pg.crime.col_rate_pre"),
        },
        "rate_post": {
            "label": tr("pg.crime.col_rate_post"),
            "width": "small",
            "help": tr("pg.crime.col_rate_post"),
        },
        "rate_change": tr("column.change"),
        "z": tr("column.z"),
        "signal": tr("column.signal"),
    }
    return styler, labels


def station_table(stations: pd.DataFrame, *, lang: str, names: dict[str, str]) -> tuple[Any, dict[str, str]]:
    """Median response time in the 12 months before and after each station opened, with n
    (``queries.crime.crime_response_station``, the pooled row first)."""
    tr = Translator(lang)
    table = pd.DataFrame(
        {
            "name": [
                tr("common.total") if total else names.get(code, code)
                for code, total in zip(stations["hromada"], stations["is_total"], strict=True)
            ],
            "opened_on": [
                DASH if total else fmt_month(d, lang)
                for d, total in zip(stations["opened_on"], stations["is_total"], strict=True)
            ],
            "median_before": stations["median_before"],
            "n_before": stations["n_before"],
            "median_after": stations["median_after"],
            "n_after": stations["n_after"],
            "change": stations["change"],
        }
    )
    # The pooled row first, then the hromadas by name.
    table = (
        table.assign(order=~stations["is_total"].to_numpy())
        .sort_values(["order", "name"])
        .drop(columns="order")
    )
    styler = styled_table(
        table,
        {
            "median_before": lambda v: fmt_minutes(v, lang, 1),
            "n_before": lambda v: fmt_int(v, lang),
            "median_after": lambda v: fmt_minutes(v, lang, 1),
            "n_after": lambda v: fmt_int(v, lang),
            "change": lambda v: fmt_signed(v, 1, lang),
        },
    )
    labels = {
        "name": tr("column.hromada"),
        "opened_on": tr("pg.crime.col_opened"),
        "median_before": tr("pg.crime.col_median_before"),
        "n_before": tr("pg.crime.col_n_calls_before"),
        "median_after": tr("pg.crime.col_median_after"),
        "n_after": tr("pg.crime.col_n_calls_after"),
        "change": tr("pg.crime.col_change_min"),
    }
    return styler, labels


def before_after_kpis(pooled: ind.BeforeAfterPooled, *, lang: str) -> list[dict[str, Any]]:
    """KPI cards of the pooled before/after: mean monthly rates before and after, their change and z."""
    tr = Translator(lang)
    return [
        {
            "label": tr("pg.crime.ba_rate_pre"),
            "value": fmt_num(pooled.rate_pre, 2, lang),
            "help": tr("kpi.n", n=fmt_int(pooled.n_pre, lang)),
        },
        {
            "label": tr("pg.crime.ba_rate_post"),
            "value": fmt_num(pooled.rate_post, 2, lang),
            "help": tr("kpi.n", n=fmt_int(pooled.n_post, lang)),
        },
        {
            "label": tr("pg.crime.ba_change"),
            "value": fmt_signed(pooled.rate_change, 2, lang),
            "help": tr("pg.crime.ba_change_help"),
        },
        {
            "label": tr("kpi.poisson_z"),
            "value": fmt_signed(pooled.z, 1, lang),
            "delta": level_delta(pooled.level, lang=lang),
            "help": tr("pg.crime.help_z"),
        },
    ]


def wdd_kpis(result: ind.WDDResult, *, lang: str) -> list[dict[str, Any]]:
    """KPI cards of a WDD: the four counts T_pre, T_post, C_pre, C_post, then WDD, SE and z."""
    tr = Translator(lang)
    counts = [("wdd_t_pre", result.t_pre), ("wdd_t_post", result.t_post), ("wdd_c_pre", result.c_pre)]
    counts.append(("wdd_c_post", result.c_post))
    return [
        *({"label": tr(f"pg.crime.{key}"), "value": fmt_int(value, lang)} for key, value in counts),
        {"label": "WDD", "value": fmt_signed(result.wdd, 0, lang), "help": tr("indicator.wdd.formula")},
        {"label": "SE", "value": fmt_num(result.se, 1, lang), "help": tr("indicator.wdd.formula")},
        {
            "label": tr("pg.crime.wdd_z"),
            "value": fmt_signed(result.z, 2, lang),
            "help": tr("indicator.wdd.notes"),
        },
    ]


def wave_windows(wave: ind.DeploymentWave, *, lang: str) -> dict[str, str]:
    """The wave's year-before and year-after windows as month names, for the messages' placeholders."""
    return {
        "pre_from": fmt_month(wave.pre[0], lang),
        "pre_to": fmt_month(wave.pre[1], lang),
        "post_from": fmt_month(wave.post[0], lang),
        "post_to": fmt_month(wave.post[1], lang),
    }
