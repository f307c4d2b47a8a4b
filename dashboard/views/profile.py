"""The community profile's views: header facts, KPI cards and tables built from its query results.

Pure (no `st.`). The page (dashboard/pages/profile.py) runs the queries through `ctx.query` and places
what these functions return; the builders they call live in dashboard/charts/profile*.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard import indicators as ind
from dashboard.charts import profile as charts
from dashboard.charts import profile_tables as tables
from dashboard.periods import Comparison
from dashboard.views.crime import Table
from dashboard.views.kpi import Kpi


def _kpis(cards: list[dict[str, Any]]) -> list[Kpi]:
    return [Kpi(**card) for card in cards]


@dataclass(frozen=True)
class Header:
    badges: str  # Markdown badges: coverage status, rollout stage, pilot
    kpis: list[Kpi]


def header(facts: pd.Series, *, lang: str) -> Header:
    badges = " ".join(
        f":{b['color']}-badge[{b['icon']} {b['label']}]" for b in tables.facts_badges(facts, lang=lang)
    )
    return Header(badges=badges, kpis=_kpis(tables.facts_kpis(facts, lang=lang)))


@dataclass(frozen=True)
class Equipment:
    table: Table
    completeness: float  # share of {office, vehicle, tablet} delivered per officer on duty


def equipment(kit: pd.DataFrame, officers_on_duty: int, *, lang: str) -> Equipment:
    frame, labels, completeness = tables.resources_table(kit, officers_on_duty, lang=lang)
    return Equipment(Table(frame, labels), completeness)


def crime(
    trend: pd.DataFrame, before_after: pd.Series, *, comparison: Comparison, population: float,
    dispersion: ind.Dispersion, lang: str, withhold_test: bool,
) -> list[Kpi]:  # fmt: skip
    """Offences in the period against a year earlier (``comparison``: ``periods.year_on_year``; none before a
    full year of data), the rate, and the before/after deployment change.
    `withhold_test`: `ctx.policy.withholds_tests(None)` (a partner's total includes rounded counts)."""
    current, previous = tables.period_counts(trend, comparison)  # the test widened by φ (dispersion)
    return _kpis(tables.crime_kpis(current, previous, population, before_after, lang=lang, dispersion=dispersion,
                                   withhold_test=withhold_test))  # fmt: skip


def categories(cats: pd.DataFrame, *, lang: str) -> Table | None:
    if cats.empty:
        return None
    styler, labels = tables.categories_table(cats, lang=lang)
    return Table(styler, labels)


def response(calls: pd.DataFrame, *, lang: str) -> list[Kpi]:
    return _kpis(tables.response_kpis(ind.response_time_stats(calls["minutes"]), lang=lang))


def surveys(frame: pd.DataFrame, *, lang: str) -> tuple[list[Kpi], go.Figure]:
    return _kpis(tables.survey_kpis(frame, lang=lang)), charts.survey_chart(frame, lang=lang)


@dataclass(frozen=True)
class Passport:
    kpis: list[Kpi]
    figure: go.Figure
    table: Table


def passport(items: pd.DataFrame, *, day: dt.date, lang: str) -> Passport:
    styler, labels = tables.passport_table(items, lang=lang)
    return Passport(
        kpis=_kpis(tables.passport_kpis(ind.passport_summary(items, day), lang=lang)),
        figure=charts.passport_status_chart(items, lang=lang),
        table=Table(styler, labels),
    )
