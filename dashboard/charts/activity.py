"""Pure chart and table builders of the officer-activity page: activity mix by month, calendar heatmap,
the per-hromada table and the table by activity type. No `st.` inside."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
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
    LIGHT_GREY,
    ORANGE,
    PINK,
    SEQUENTIAL,
    SKY,
    VERMILION,
    YELLOW,
    base_figure,
)
from dashboard.formatting import (
    DASH,
    fmt_date,
    fmt_int,
    fmt_month,
    fmt_month_short,
    fmt_num,
    fmt_pct,
    fmt_signed,
    hover_number,
    metric_delta,
    month_names,
    month_ticks,
)
from dashboard.i18n import Translator
from dashboard.schema import ACTIVITY_TYPES

# Ten activity types, one fixed colour each (Okabe–Ito first, greys for the two least central ones),
# so that a type keeps its colour whatever the filter.
TYPE_COLOURS = {
    "patrol": BLUE,
    "resident_meeting": ORANGE,
    "reception_hours": GREEN,
    "school_visit": PINK,
    "preventive_talk": SKY,
    "home_visit": VERMILION,
    "call_response": YELLOW,
    "council_report": BLACK,
    "joint_event": GREY,
    "admin_protocol": LIGHT_GREY,
}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HEIGHT_CALENDAR = 250
# Types whose records carry an attendance figure; for the others "participants" means nothing.
WITH_PARTICIPANTS = frozenset(
    {"resident_meeting", "reception_hours", "school_visit", "preventive_talk", "home_visit", "joint_event"}
    | {"council_report"}
)


def styled_table(table: pd.DataFrame, formats: dict[str, Callable[[Any], str]]) -> Any:
    """A Styler that writes numbers the language's way while they stay numbers (so columns sort).

    Streamlit draws a missing cell as "None" whatever the Styler says, so a column with missing values
    becomes text (formatted, "—" for missing): it then sorts as text, the lesser evil.
    """
    table = table.copy()
    numeric: dict[str, str | Callable[[object], str] | None] = {}  # the value type Styler.format takes
    for column, fmt in formats.items():
        if table[column].isna().any():
            table[column] = [fmt(v) for v in table[column]]
        else:
            numeric[column] = fmt
    return table.style.format(numeric)


def kpi_delta(
    total: pd.Series,
    column: str,
    *,
    lang: str,
    enabled: bool = True,
    digits: int = 1,
    points: bool = False,
    better: bool | None = None,
) -> dict[str, Any] | None:
    """A KPI card's delta: ``column`` minus ``{column}_prev`` (the same months a year earlier) of the
    ``activity_summary`` total row; a share's change in percentage points (``points``). ``better`` as in
    formatting.metric_delta (None: neutral grey, as for workload figures that are neither good nor bad)."""
    if not enabled:
        return None
    change = total[column] - total[f"{column}_prev"]
    kwargs = metric_delta(change * 100 if points else change, digits, lang, higher_is_better=better)
    if points and kwargs.get("delta"):
        kwargs["delta"] = f"{kwargs['delta']} {Translator(lang)('unit.percent_points')}"
    return kwargs


def activity_mix_figure(monthly: pd.DataFrame, *, lang: str) -> go.Figure:
    """Stacked monthly bars of activities by type (``queries.activity.activity_monthly``)."""
    tr = Translator(lang)
    fig = base_figure(lang, height=HEIGHT)
    months = sorted(pd.to_datetime(monthly["month"]).unique())
    for code in [c for c in ACTIVITY_TYPES if c in set(monthly["activity_type"])]:
        rows = (
            monthly[monthly["activity_type"] == code]
            .assign(month=lambda d: pd.to_datetime(d["month"]))
            .set_index("month")["n"]
            .reindex(months, fill_value=0)
        )
        name = tr.label("activity_type", code)
        fig.add_bar(
            x=rows.index,
            y=rows.to_numpy(),
            name=name,
            marker_color=TYPE_COLOURS.get(code, GREY),
            customdata=[fmt_month(m, lang) for m in rows.index],
            hovertemplate=f"{name}<br>%{{customdata}}: {hover_number('y')}<extra></extra>",
        )
    fig.update_layout(barmode="stack", bargap=0.15)
    fig.update_xaxes(**month_ticks(months, lang))
    fig.update_yaxes(title_text=tr("axis.count"), tickformat=",d")
    return fig


def calendar_heatmap_figure(days: pd.DataFrame, *, lang: str) -> go.Figure:
    """GitHub-style calendar: one column per week (Monday first), one row per weekday, colour = activities
    that day (``queries.activity.activity_calendar``). Days after the reporting date stay blank."""
    tr = Translator(lang)
    frame = pd.DataFrame({"day": pd.to_datetime(days["day"]), "n": pd.to_numeric(days["n"], errors="coerce")})
    frame["weekday"] = frame["day"].dt.day_of_week
    frame["week"] = frame["day"] - pd.to_timedelta(frame["weekday"], unit="D")
    weeks = sorted(frame["week"].unique())
    z = frame.pivot(index="weekday", columns="week", values="n").reindex(index=range(7), columns=weeks)
    when = frame.assign(text=[fmt_date(d, lang) for d in frame["day"]])
    text = when.pivot(index="weekday", columns="week", values="text").reindex(index=range(7), columns=weeks)
    unit = tr("pg.activity.calendar_unit")
    fig = base_figure(lang, height=HEIGHT_CALENDAR)
    fig.add_heatmap(
        x=weeks,
        y=[tr(f"pg.activity.weekday.{d}") for d in WEEKDAYS],
        z=z.to_numpy(dtype=float),
        customdata=text.fillna("").to_numpy(dtype=object),
        colorscale=[[i / (len(SEQUENTIAL) - 1), c] for i, c in enumerate(SEQUENTIAL)],
        xgap=2,
        ygap=2,
        hoverongaps=False,
        colorbar={"title": {"text": unit}, "thickness": 10, "tickformat": ",d"},
        hovertemplate=f"%{{customdata}}: {hover_number('z')} {unit}<extra></extra>",
    )
    # A month label above the week that holds the month's first day, as on GitHub; the year only on the
    # first label and in January.
    starts = frame.loc[frame["day"].dt.day == 1, ["day", "week"]]
    ticktext = [
        fmt_month_short(d, lang) if i == 0 or d.month == 1 else month_names(lang, short=True)[d.month - 1]
        for i, d in enumerate(starts["day"])
    ]
    fig.update_xaxes(
        tickmode="array", tickvals=list(starts["week"]), ticktext=ticktext, side="top", tickangle=0
    )
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_layout(plot_bgcolor="white", margin={"l": 10, "r": 10, "t": 30, "b": 10})
    return fig


def calendar_window(month_from: dt.date, month_to: dt.date, period_key: str) -> tuple[dt.date, dt.date]:
    """The months the calendar shows: the chosen calendar year, else the 12 months ending with month_to."""
    if period_key.startswith("y"):
        return month_from, month_to
    index = month_to.year * 12 + month_to.month - 1 - 11
    return dt.date(index // 12, index % 12 + 1, 1), month_to


def _flag_text(met: Any, tr: Translator) -> str:
    if met is None or pd.isna(met):
        return DASH
    return tr("pg.activity.target_met") if bool(met) else tr("pg.activity.target_missed")


def hromada_table(summary: pd.DataFrame, *, lang: str, names: dict[str, str]) -> tuple[Any, dict[str, Any]]:
    """Per-hromada activity as a sortable Styler (numbers stay numbers) and its column configs.

    ``summary`` is ``queries.activity.activity_summary`` without its total row. Rows in name order:
    this table compares communities' workload and engagement, it does not rank officers.
    """
    tr = Translator(lang)
    table = pd.DataFrame(
        {
            "name": summary["hromada"].map(names).fillna(summary["hromada"]),
            "officers_on_duty": summary["officers_on_duty"],
            "officer_weeks": summary["officer_weeks"],
            "activities_per_officer_week": summary["activities_per_officer_week"],
            "patrol_hours_per_officer_week": summary["patrol_hours_per_officer_week"],
            "inside_share": summary["inside_share"],
            "n_meetings": summary["n_meetings"],
            "mean_attendance": summary["mean_attendance"],
            "council": [
                tr("pg.activity.reached_of", reached=fmt_int(r, lang), eligible=fmt_int(e, lang))
                if e
                else DASH
                for r, e in zip(summary["council_reached"], summary["council_eligible"], strict=True)
            ],
            "council_target_met": [_flag_text(v, tr) for v in summary["council_target_met"]],
        }
    ).sort_values("name")
    styler = styled_table(
        table,
        {
            "officers_on_duty": lambda v: fmt_int(v, lang),
            "officer_weeks": lambda v: fmt_num(v, 1, lang),
            "activities_per_officer_week": lambda v: fmt_num(v, 1, lang),
            "patrol_hours_per_officer_week": lambda v: fmt_num(v, 1, lang),
            "inside_share": lambda v: fmt_pct(v, 0, lang),
            "n_meetings": lambda v: fmt_int(v, lang),
            "mean_attendance": lambda v: fmt_num(v, 1, lang),
        },
    )
    # Short headers with the full name on hover (a column config is a plain dict), so that the ten
    # columns fit without scrolling sideways to the council target.
    labels: dict[str, Any] = {
        "name": tr("column.hromada"),
        "officers_on_duty": {"label": tr("column.officers"), "width": "small"},
        "officer_weeks": {"label": tr("pg.activity.col_officer_weeks"), "width": "small"},
        "activities_per_officer_week": {
            "label": tr("pg.activity.short.activities_pow"),
            "help": tr("pg.activity.col_activities_pow"),
            "width": "small",
        },
        "patrol_hours_per_officer_week": {
            "label": tr("pg.activity.short.patrol_pow"),
            "help": tr("pg.activity.col_patrol_pow"),
            "width": "small",
        },
        "inside_share": {
            "label": tr("pg.activity.short.inside"),
            "help": tr("pg.activity.kpi_inside"),
            "width": "small",
        },
        "n_meetings": {
            "label": tr("pg.activity.short.meetings"),
            "help": tr("pg.activity.col_meetings"),
            "width": "small",
        },
        "mean_attendance": {
            "label": tr("pg.activity.short.attendance"),
            "help": tr("pg.activity.col_attendance"),
            "width": "small",
        },
        "council": {
            "label": tr("pg.activity.short.council"),
            "help": tr("pg.activity.kpi_council"),
            "width": "small",
        },
        "council_target_met": tr("pg.activity.col_target"),
    }
    return styler, labels


def type_table(
    by_type: pd.DataFrame, *, lang: str, officer_days: float, officer_days_prev: float
) -> tuple[Any, dict[str, str]]:
    """Activities by type: count, per officer-week, hours, participants, and the same period last year.

    ``by_type`` is ``queries.activity.activity_by_type``; the officer-days (days on duty in the scope) of
    both periods turn counts into counts per officer-week, which a change of staff does not distort.
    """
    tr = Translator(lang)
    order = {code: i for i, code in enumerate(ACTIVITY_TYPES)}
    frame = by_type.assign(order=by_type["activity_type"].map(order)).sort_values("order")
    weeks, weeks_prev = officer_days / 7, officer_days_prev / 7
    table = pd.DataFrame(
        {
            "type": [tr.label("activity_type", c) for c in frame["activity_type"]],
            "n": frame["n"].to_numpy(),
            "per_week": frame["n"].to_numpy() / weeks if weeks > 0 else np.nan,
            "hours": frame["hours"].to_numpy(),
            "participants": np.where(
                frame["activity_type"].isin(WITH_PARTICIPANTS), frame["participants"], np.nan
            ),
            "n_prev": frame["n_prev"].to_numpy(),
            "per_week_prev": frame["n_prev"].to_numpy() / weeks_prev if weeks_prev > 0 else np.nan,
            "change": (frame["n"] - frame["n_prev"]).to_numpy(),
        }
    )
    styler = styled_table(
        table,
        {
            "n": lambda v: fmt_int(v, lang),
            "per_week": lambda v: fmt_num(v, 2, lang),
            "hours": lambda v: fmt_int(v, lang),
            "participants": lambda v: fmt_int(v, lang),
            "n_prev": lambda v: fmt_int(v, lang),
            "per_week_prev": lambda v: fmt_num(v, 2, lang),
            "change": lambda v: fmt_signed(v, 0, lang),
        },
    )
    labels = {
        "type": tr("pg.activity.col_type"),
        "n": tr("column.count"),
        "per_week": tr("pg.activity.col_per_officer_week"),
        "hours": tr("column.hours"),
        "participants": tr("column.participants"),
        "n_prev": tr("pg.activity.col_n_prev"),
        "per_week_prev": tr("pg.activity.col_per_officer_week_prev"),
        "change": tr("column.change"),
    }
    return styler, labels
