"""The rollout event study as a chart, KPI cards and a plain reading (pure: no `st.`). The input is the
frame of `queries.crime.crime_event_study` (dashboard/event_study.py) after the data policy: in the partner
view its tests (p, pre_trend_p) may arrive blank, and then no verdict is read from them."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.common import BLUE, GREY, ORANGE, VERMILION, base_figure
from dashboard.event_study import EVENT_WINDOW, REFERENCE_EVENT_TIME
from dashboard.formatting import DASH, fmt_int, fmt_num, fmt_signed
from dashboard.i18n import Translator

SIGNIFICANCE = 0.05  # a two-sided test at 5 %: the 95 % interval excludes 0
PRE_SHADE = "rgba(158, 158, 158, 0.15)"


@dataclass(frozen=True)
class Summary:
    """The averages and counts of one event study frame (None where there is no estimate)."""

    post: pd.Series | None  # the 'post' row: att, se, ci_low, ci_high, p
    pre: pd.Series | None  # the 'pre' row, with pre_trend_p
    n_hromadas: int
    n_cohorts: int
    n_never: int
    n_dropped: int


def summary(frame: pd.DataFrame) -> Summary:
    def row(kind: str) -> pd.Series | None:
        rows = frame[frame["kind"] == kind]
        return rows.iloc[0] if len(rows) else None

    post, pre = row("post"), row("pre")
    first = frame.iloc[0] if len(frame) else None
    return Summary(
        post=post,
        pre=pre,
        n_hromadas=int(post["n_hromadas"]) if post is not None else 0,
        n_cohorts=int(post["n_cohorts"]) if post is not None else 0,
        n_never=int(first["n_never"]) if first is not None else 0,
        n_dropped=int(first["n_dropped"]) if first is not None else 0,
    )


def has_estimate(frame: pd.DataFrame) -> bool:
    """Whether there is a post-deployment estimate to show."""
    return bool((frame["kind"] == "post").any())


def _number(value: Any) -> float:
    """A test value as a float: NaN where the policy withheld it (None) or it is undefined."""
    return float(value) if value is not None and not pd.isna(value) else math.nan


def event_study_figure(frame: pd.DataFrame, *, lang: str, height: int = 400) -> go.Figure:
    """Estimates by month from deployment with their 95 % intervals, the pre-deployment months shaded
    (the pre-trend: points near 0 mean the comparison is fair), a line at deployment, 0 marked, and the
    average after deployment as a dashed line over months 0…12. y: change in offences per 10,000 residents
    a month, against the hromadas not yet covered."""
    tr = Translator(lang)
    fig = base_figure(lang, height=height)
    events = frame[frame["kind"] == "event"].sort_values("event_time")
    fig.add_vrect(x0=-EVENT_WINDOW - 0.5, x1=-0.5, fillcolor=PRE_SHADE, line_width=0, layer="below",
                  annotation_text=tr("event_study.before"), annotation_position="top left",
                  annotation_font={"color": GREY})  # fmt: skip
    fig.add_hline(y=0, line={"color": GREY, "width": 1})
    fig.add_vline(x=-0.5, line={"color": VERMILION, "dash": "dot", "width": 2},
                  annotation_text=tr("event_study.deployment"), annotation_position="top right",
                  annotation_font={"color": VERMILION})  # fmt: skip
    estimated = events[events["event_time"] != REFERENCE_EVENT_TIME]
    hover = [
        tr("event_study.hover", e=fmt_signed(e, 0, lang), value=fmt_signed(att, 2, lang),
           low=fmt_signed(low, 2, lang), high=fmt_signed(high, 2, lang),
           hromadas=fmt_int(n, lang), months=fmt_int(m, lang))
        for e, att, low, high, n, m in zip(estimated["event_time"], estimated["att"], estimated["ci_low"],
                                            estimated["ci_high"], estimated["n_hromadas"],
                                            estimated["n_cohorts"], strict=True)
    ]  # fmt: skip
    att = estimated["att"].to_numpy(dtype=float)
    fig.add_scatter(
        x=estimated["event_time"].astype(int),
        y=att,
        mode="markers",
        name=tr("event_study.estimate"),
        marker={"color": BLUE, "size": 8},
        error_y={
            "type": "data",
            "symmetric": False,
            "array": estimated["ci_high"].to_numpy(dtype=float) - att,
            "arrayminus": att - estimated["ci_low"].to_numpy(dtype=float),
            "color": BLUE,
            "thickness": 1.5,
            "width": 3,
        },
        hovertext=hover,
        hoverinfo="text",
    )
    if (events["event_time"] == REFERENCE_EVENT_TIME).any():
        fig.add_scatter(x=[REFERENCE_EVENT_TIME], y=[0.0], mode="markers", name=tr("event_study.reference"),
                        marker={"color": "white", "size": 9, "line": {"color": BLUE, "width": 2}},
                        hovertext=[tr("event_study.reference_hover")], hoverinfo="text")  # fmt: skip
    post = summary(frame).post
    if post is not None:
        value = float(post["att"])
        fig.add_scatter(
            x=[0, EVENT_WINDOW], y=[value, value], mode="lines", hoverinfo="skip",
            name=tr("event_study.post_mean", value=fmt_signed(value, 2, lang),
                    low=fmt_signed(post["ci_low"], 2, lang), high=fmt_signed(post["ci_high"], 2, lang)),
            line={"color": ORANGE, "dash": "dash", "width": 2},
        )  # fmt: skip
    fig.update_xaxes(title_text=tr("axis.months_from_deployment"), dtick=3, zeroline=False,
                     range=[-EVENT_WINDOW - 0.8, EVENT_WINDOW + 0.8])  # fmt: skip
    fig.update_yaxes(title_text=tr("event_study.axis_y"))
    return fig


def _note(text: str) -> dict[str, Any]:
    """A grey badge under a card's value (not a change: no arrow, no colour)."""
    return {"delta": text, "delta_color": "gray", "delta_arrow": "off"}


def event_study_kpis(frame: pd.DataFrame, *, lang: str) -> list[dict[str, Any]]:
    """Cards: the average change after deployment with its 95 % interval, the average before (with the
    pre-trend test where it is not withheld), and how many hromadas and deployment months it rests on."""
    tr = Translator(lang)
    s = summary(frame)
    if s.post is None:
        return []
    interval = tr("event_study.interval", low=fmt_signed(s.post["ci_low"], 2, lang),
                  high=fmt_signed(s.post["ci_high"], 2, lang))  # fmt: skip
    cards: list[dict[str, Any]] = [
        {"label": tr("event_study.kpi_post"), "value": fmt_signed(s.post["att"], 2, lang),
         "help": tr("event_study.kpi_post_help"), "delta": _note(interval)},
    ]  # fmt: skip
    if s.pre is not None:
        p = _number(s.pre["pre_trend_p"])
        note = tr("event_study.pre_p", p=fmt_num(p, 2, lang)) if not math.isnan(p) else None
        cards.append({"label": tr("event_study.kpi_pre"), "value": fmt_signed(s.pre["att"], 2, lang),
                      "help": tr("event_study.kpi_pre_help"),
                      "delta": _note(note) if note else None})  # fmt: skip
    cards.append({"label": tr("event_study.kpi_n"),
                  "value": f"{fmt_int(s.n_hromadas, lang)} / {fmt_int(s.n_cohorts, lang)}",
                  "help": tr("event_study.kpi_n_help", never=fmt_int(s.n_never, lang))})  # fmt: skip
    return cards


def event_study_reading(frame: pd.DataFrame, *, lang: str, withhold_tests: bool) -> list[str]:
    """The plain reading, paragraph by paragraph: the average change after deployment with its interval
    (and whether it exceeds random variation, unless the tests are withheld: partner view, rounded counts),
    whether the pre-period is flat, and that deployment was not random (an association under parallel
    trends, not a proven effect)."""
    tr = Translator(lang)
    s = summary(frame)
    if s.post is None:
        return [tr("event_study.none"), tr("event_study.not_random")]
    values = {"value": fmt_signed(s.post["att"], 2, lang), "low": fmt_signed(s.post["ci_low"], 2, lang),
              "high": fmt_signed(s.post["ci_high"], 2, lang)}  # fmt: skip
    p = _number(s.post["p"])
    if withhold_tests:
        lines = [tr("event_study.reading_no_test", **values)]
    elif math.isnan(p) or p >= SIGNIFICANCE:  # NaN: no variation at all (every change 0), nothing to test
        lines = [tr("event_study.reading_inconclusive", **values)]
    else:
        lines = [
            tr(
                "event_study.reading_decrease" if s.post["att"] < 0 else "event_study.reading_increase",
                **values,
            )
        ]
    pre_p = np.nan if s.pre is None else _number(s.pre["pre_trend_p"])
    if s.pre is None:
        lines.append(tr("event_study.pre_none"))
    elif withhold_tests:
        lines.append(tr("event_study.pre_no_test", value=fmt_signed(s.pre["att"], 2, lang)))
    elif math.isnan(pre_p):  # no variation before deployment at all: flat by construction
        lines.append(tr("event_study.pre_flat", p=DASH))
    else:
        key = "event_study.pre_flat" if pre_p >= SIGNIFICANCE else "event_study.pre_not_flat"
        lines.append(tr(key, p=fmt_num(pre_p, 2, lang)))
    lines.append(tr("event_study.not_random"))
    return lines


def event_study_caption(frame: pd.DataFrame, *, lang: str) -> str:
    """Where the numbers come from: the whole oblast, n of hromadas and deployment months, the method."""
    tr = Translator(lang)
    s = summary(frame)
    caption = tr("event_study.caption", n=fmt_int(s.n_hromadas, lang), months=fmt_int(s.n_cohorts, lang),
                 never=fmt_int(s.n_never, lang))  # fmt: skip
    if s.n_dropped:
        caption += " " + tr("event_study.dropped", n=fmt_int(s.n_dropped, lang))
    return caption
