"""Pure chart builders of the community profile page (plotly). No `st.` inside.

Every hover text is pre-formatted in the page's language; month axes are labelled by
formatting.month_ticks, so plotly's English month names never show.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.common import (
    BLACK,
    BLUE,
    GREEN,
    GREY,
    HEIGHT,
    HEIGHT_SMALL,
    LIGHT_GREY,
    ORANGE,
    PINK,
    SKY,
    VERMILION,
    base_figure,
    share_error_bars,
    share_with_margin_text,
)
from dashboard.formatting import (
    fmt_date,
    fmt_int,
    fmt_minutes,
    fmt_month,
    fmt_num,
    month_ticks,
    pct_axis,
)
from dashboard.i18n import Translator, tn
from dashboard.indicators import MIN_RELIABLE_N
from dashboard.proper_names import rank_text

STAGE_COLOURS = {"selection": SKY, "training": ORANGE, "waiting": LIGHT_GREY, "on_duty": GREEN}
MEASURE_COLOURS = {"trust": BLUE, "feel_safe": GREEN, "knows_officer": PINK}
MS_PER_DAY = 86_400_000


def _day(value: Any) -> pd.Timestamp | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value)


def _vertical_marker(fig: go.Figure, x: Any, text: str, colour: str = BLACK) -> None:
    """A dashed vertical line with a label at the top (add_vline's annotation fails on date axes)."""
    fig.add_shape(
        type="line",
        x0=x,
        x1=x,
        y0=0,
        y1=1,
        yref="paper",
        line={"color": colour, "width": 1.5, "dash": "dash"},
    )
    fig.add_annotation(
        x=x,
        y=1,
        yref="paper",
        text=text,
        showarrow=False,
        xanchor="left",
        yanchor="top",  # inside the plot, clear of the legend above it
        bgcolor="rgba(255,255,255,0.85)",
        font={"size": 11, "color": colour},
    )


def _tick_months(months: Any) -> list[pd.Timestamp]:
    """Januaries on a long monthly axis (ticks a year apart read better than every eleventh month)."""
    stamps = pd.to_datetime(pd.Series(list(months)))
    januaries = stamps[stamps.dt.month == 1]
    return list(januaries) if len(stamps) > 24 and len(januaries) >= 2 else list(stamps)


def rollout_timeline(
    officers: pd.DataFrame,
    *,
    lang: str,
    reporting_date: dt.date,
    station_opened_on: Any = None,
) -> go.Figure:
    """One row per officer (numbered, no names): selection → training → waiting → on duty, as bars on a
    date axis, and the first station's opening as a dashed line.

    `officers` is queries.profile.officer_timeline. An open stage runs to the reporting date.
    """
    tr = Translator(lang)
    end_of_data = pd.Timestamp(reporting_date)
    rows: dict[str, list[Any]] = {key: [] for key in ("stage", "label", "start", "end")}
    labels = []
    for number, officer in enumerate(officers.itertuples(), start=1):
        # plotly renders a few HTML tags in labels: escape the rank, which comes from uploaded files
        label = f"{tr('pg.profile.officer_n', n=number)} · {html.escape(rank_text(officer.rank, lang))}"
        labels.append(label)
        selected, t_from, t_to = (
            _day(officer.selected_on),
            _day(officer.training_from),
            _day(officer.training_to),
        )
        deployed, left = _day(officer.deployed_on), _day(officer.left_on)
        segments = [
            ("selection", selected, t_from or deployed or left or end_of_data),
            ("training", t_from, t_to or deployed or left or end_of_data),
            ("waiting", t_to, deployed or left or end_of_data)
            if t_to is not None and deployed != t_to
            else None,
            ("on_duty", deployed, left or end_of_data),
        ]
        for segment in segments:
            if segment is None or segment[1] is None or segment[2] < segment[1]:
                continue
            rows["stage"].append(segment[0])
            rows["label"].append(label)
            rows["start"].append(segment[1])
            rows["end"].append(segment[2])
    bars = pd.DataFrame(rows)
    fig = base_figure(lang, height=max(170, 110 + 44 * len(labels)))
    for stage, colour in STAGE_COLOURS.items():
        part = bars[bars["stage"] == stage]
        if part.empty:
            continue
        name = tr(f"pg.profile.timeline.{stage}")
        days = (part["end"] - part["start"]).dt.days
        hover = [
            f"{label}<br>{name}: {fmt_date(s, lang)} – {fmt_date(e, lang)} ({tn('count.days', d, lang)})"
            for label, s, e, d in zip(part["label"], part["start"], part["end"], days, strict=True)
        ]
        fig.add_trace(
            go.Bar(
                orientation="h",
                y=part["label"],
                base=part["start"].dt.strftime("%Y-%m-%d"),
                x=(days.clip(lower=1) * MS_PER_DAY).to_numpy(),
                name=name,
                marker={"color": colour},
                hovertext=hover,
                hoverinfo="text",
            )
        )
    fig.update_layout(barmode="overlay", bargap=0.35)
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1], gridcolor="white")
    first = bars["start"].min() if not bars.empty else end_of_data
    months = pd.date_range(first.to_period("M").to_timestamp(), end_of_data, freq="MS")
    fig.update_xaxes(type="date", **month_ticks(_tick_months(months), lang, max_ticks=8))
    opened = _day(station_opened_on)
    if opened is not None:
        _vertical_marker(fig, opened.strftime("%Y-%m-%d"), tr("stage.station_open"), VERMILION)
    return fig


def activity_chart(mix: pd.DataFrame, *, lang: str) -> go.Figure:
    """Activities by type per officer per week on duty (horizontal bars, most frequent on top).

    `mix` is queries.profile.activity_mix. Without officer-weeks (no officer on duty in the period) the
    bars show the counts instead, and the axis says so.
    """
    tr = Translator(lang)
    per_week = mix["per_officer_week"].notna().any()
    value = mix["per_officer_week"] if per_week else mix["n"]
    order = mix.assign(value=value).sort_values("value")
    names = [tr.label("activity_type", code) for code in order["activity_type"]]
    hover = [
        f"{name}<br>{tr('pg.profile.per_officer_week')}: {fmt_num(row.per_officer_week, 1, lang)}"
        f"<br>{tr('column.count')}: {fmt_int(row.n, lang)}; {tr('column.hours')}: {fmt_num(row.hours, 0, lang)}"
        for name, row in zip(names, order.itertuples(), strict=True)
    ]
    fig = base_figure(lang, height=max(HEIGHT_SMALL, 60 + 28 * len(order)))
    fig.add_trace(
        go.Bar(
            orientation="h",
            y=names,
            x=order["value"],
            marker={"color": BLUE},
            hovertext=hover,
            hoverinfo="text",
        )
    )
    fig.update_xaxes(
        title=tr("pg.profile.per_officer_week") if per_week else tr("axis.count"), gridcolor="#EEEEEE"
    )
    fig.update_layout(showlegend=False)
    return fig


def offence_trend_chart(
    trend: pd.DataFrame, *, lang: str, deployment_month: Any = None, window: int = 12
) -> go.Figure:
    """Offences per month (bars) over the whole data span, with the month the first officer was deployed
    marked and the 12 months before and after it shaded (the before/after comparison's windows)."""
    tr = Translator(lang)
    fig = base_figure(lang, height=HEIGHT)
    hover = [
        f"{fmt_month(m, lang)}: {tn('count.offences', n, lang)}"
        for m, n in zip(trend["month"], trend["n"], strict=True)
    ]
    fig.add_trace(
        go.Bar(
            x=trend["month"],
            y=trend["n"],
            name=tr("axis.count"),
            marker={"color": BLUE},
            hovertext=hover,
            hoverinfo="text",
        )
    )
    deployed = _day(deployment_month)
    if deployed is not None and not trend.empty and trend["month"].min() <= deployed <= trend["month"].max():
        month = deployed.to_period("M").to_timestamp()
        half = pd.Timedelta(days=15)  # bars are centred on the 1st: shade from mid-month to mid-month
        for sign, key, colour in ((-1, "series.before", SKY), (1, "series.after", GREEN)):
            near = month + pd.DateOffset(months=sign)
            far = month + pd.DateOffset(months=sign * window)
            x0, x1 = sorted((near, far))
            fig.add_vrect(
                x0=x0 - half, x1=x1 + half, fillcolor=colour, opacity=0.12, line_width=0, layer="below"
            )
            fig.add_annotation(
                x=x0 + (x1 - x0) / 2,
                y=1,
                yref="paper",
                yanchor="bottom",
                text=tr(key),
                showarrow=False,
                font={"size": 11},
            )
        _vertical_marker(fig, month, tr("pg.profile.deployed_marker", month=fmt_month(month, lang)))
    fig.update_xaxes(**month_ticks(_tick_months(trend["month"]), lang, max_ticks=10))
    fig.update_yaxes(title=tr("axis.count"), rangemode="tozero")
    fig.update_layout(showlegend=False)
    return fig


def response_chart(months: pd.DataFrame, *, lang: str) -> go.Figure:
    """Median and 90th-percentile response time per month (minutes), with the number of calls in hover."""
    tr = Translator(lang)
    fig = base_figure(lang, height=HEIGHT_SMALL)
    for column, key, colour, dash in (
        ("response_median_min", "series.median", BLUE, "solid"),
        ("response_p90_min", "series.p90", ORANGE, "dot"),
    ):
        name = tr(key)
        hover = [
            f"{fmt_month(m, lang)}<br>{name}: {fmt_minutes(v, lang)}<br>n = {fmt_int(n, lang)}"
            for m, v, n in zip(months["month"], months[column], months["n_arrived"], strict=True)
        ]
        fig.add_trace(
            go.Scatter(
                x=months["month"],
                y=months[column],
                mode="lines+markers",
                name=name,
                line={"color": colour, "dash": dash},
                hovertext=hover,
                hoverinfo="text",
            )
        )
    fig.update_xaxes(**month_ticks(months["month"], lang, max_ticks=6))
    fig.update_yaxes(title=tr("axis.minutes"), rangemode="tozero")
    return fig


def survey_chart(surveys: pd.DataFrame, *, lang: str) -> go.Figure:
    """Survey shares over time with 95 % margins of error (error bars); surveys of fewer than 100
    respondents are drawn as hollow markers (unreliable). `surveys` is queries.profile.survey_results."""
    tr = Translator(lang)
    fig = base_figure(lang, height=HEIGHT_SMALL + 40)
    for measure, colour in MEASURE_COLOURS.items():
        part = surveys[surveys["measure"] == measure]
        if part.empty:
            continue
        name = tr(f"kpi.{measure}")
        reliable = part["reliable"].astype(bool).to_numpy()
        hover = [
            f"{fmt_date(d, lang)}<br>{name}: {share_with_margin_text(s, m, n, lang)}<br>n = {fmt_int(n, lang)}"
            + ("" if ok else f"<br>{tr('small_numbers.unreliable', n=fmt_int(MIN_RELIABLE_N, lang))}")
            for d, s, m, n, ok in zip(
                part["survey_date"], part["share"], part["moe"], part["n"], reliable, strict=True
            )
        ]
        fig.add_trace(
            go.Scatter(
                x=part["survey_date"],
                y=part["share"] * 100,
                error_y={
                    "type": "data",
                    **share_error_bars(part["share"], part["moe"], part["n"]),
                    "thickness": 1,
                    "width": 3,
                },
                mode="lines+markers",
                name=name,
                line={"color": colour},
                marker={
                    "color": np.where(reliable, colour, "white").tolist(),
                    "line": {"color": colour, "width": 1.5},
                    "size": 8,
                },
                hovertext=hover,
                hoverinfo="text",
            )
        )
    fig.update_yaxes(range=[0, 100], title=tr("axis.share"), **pct_axis(lang))
    dates = surveys["survey_date"].drop_duplicates().sort_values()
    fig.update_xaxes(
        **month_ticks(dates.dt.to_period("M").dt.to_timestamp().drop_duplicates(), lang, max_ticks=5)
    )
    return fig


def passport_status_chart(items: pd.DataFrame, *, lang: str) -> go.Figure:
    """The passport's measures by status (one stacked bar); overdue ones split off the open statuses."""
    tr = Translator(lang)
    status = items["status"].astype(str).where(~items["overdue"].astype(bool), "overdue")
    counts = status.value_counts()
    fig = base_figure(lang, height=110)
    colours = {"done": GREEN, "in_progress": SKY, "planned": BLUE, "overdue": VERMILION, "cancelled": GREY}
    for code, colour in colours.items():
        n = int(counts.get(code, 0))
        if not n:
            continue
        label = tr.label("passport_status", code)
        fig.add_trace(
            go.Bar(
                orientation="h",
                y=[""],
                x=[n],
                name=f"{label}: {fmt_int(n, lang)}",
                marker={"color": colour},
                width=0.5,
                hovertext=[f"{label}: {fmt_int(n, lang)}"],
                hoverinfo="text",
            )
        )
    fig.update_layout(barmode="stack", margin={"l": 10, "r": 10, "t": 40, "b": 10})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig
