"""The rollout event study as the crime page places it: KPI cards, the chart, the plain reading and the
caption, from the frame of `queries.crime.crime_event_study` (pure: no `st.`)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import event_study as charts
from dashboard.views.kpi import Kpi


@dataclass(frozen=True)
class EventStudyView:
    kpis: list[Kpi]
    figure: go.Figure
    reading: list[str]  # paragraphs: the estimate, the pre-period, deployment was not random
    caption: str  # the whole oblast, n of hromadas and deployment months, the method


def event_study(frame: pd.DataFrame, *, lang: str, withhold_tests: bool) -> EventStudyView | None:
    """None when there is no post-deployment estimate. `withhold_tests`: `ctx.policy.withholds_tests(
    category)` (the partner's counts of the sensitive category, and every total, are rounded)."""
    if not charts.has_estimate(frame):
        return None
    return EventStudyView(
        kpis=[Kpi(**card) for card in charts.event_study_kpis(frame, lang=lang)],
        figure=charts.event_study_figure(frame, lang=lang),
        reading=charts.event_study_reading(frame, lang=lang, withhold_tests=withhold_tests),
        caption=charts.event_study_caption(frame, lang=lang),
    )
