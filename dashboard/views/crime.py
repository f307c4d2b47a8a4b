"""The crime-and-prevention page's views: KPI cards, figures and tables built from its query results.

Pure (no `st.`). The page (dashboard/pages/crime.py) reads the filters, runs the queries through
`ctx.query` and places what these functions return. `withhold_tests` is `ctx.policy.withholds_tests(...)`:
in the partner view the counts of a sensitive category are rounded, so no z or verdict is computed on them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import indicators as ind
from dashboard.charts import crime as charts
from dashboard.schema import OFFENCE_CATEGORIES
from dashboard.views.kpi import Kpi


@dataclass(frozen=True)
class Table:
    """A table as a page shows it: the (styled) data and its column labels (`ui.tables.data_table` makes
    the download files from the same two)."""

    styler: Any
    labels: dict[str, Any]


@dataclass(frozen=True)
class Categories:
    kpis: list[Kpi]
    caption_key: str  # with or without a year-earlier baseline
    figure: go.Figure
    table: Table
    options: list[str]  # "" (all categories), then the categories seen, in contract order


def is_empty(by_category: pd.DataFrame, response: pd.DataFrame) -> bool:
    """Nothing to show: no offence in the period or a year earlier and no 102 call."""
    return bool(by_category["n"].sum() + by_category["n_prev"].sum() == 0 and response["n_calls"].sum() == 0)


def categories(
    by_category: pd.DataFrame,
    response: pd.DataFrame,
    *,
    lang: str,
    withhold_total_test: bool,
    dispersion: float | ind.Dispersion = 1.0,
) -> Categories:
    """KPI cards (offences, rate, z, clearance, response times), the category chart and table.
    `withhold_total_test`: `ctx.policy.withholds_tests(None)` (a partner's total includes rounded counts).
    `dispersion`: φ of the scope's total offences (queries.dispersion.total_dispersion), which widens the
    total's change test as every change test is widened."""
    response_total = response[response["is_total"] & (response["n"] > 0)]
    timed = response_total.iloc[0] if len(response_total) else None
    kpis = charts.offence_kpis(
        by_category, timed, lang=lang, withhold_test=withhold_total_test, dispersion=dispersion
    )
    styler, labels = charts.category_table(by_category, lang=lang)
    seen = set(by_category["category"])
    return Categories(
        kpis=[Kpi(**kpi) for kpi in kpis],
        caption_key="pg.crime.kpi_caption"
        if by_category["comparable"].any()
        else "pg.crime.kpi_caption_no_baseline",
        figure=charts.category_figure(by_category, lang=lang),
        table=Table(styler, labels),
        options=["", *(c for c in OFFENCE_CATEGORIES if c in seen)],
    )


@dataclass(frozen=True)
class Seasonality:
    figure: go.Figure
    first_year: int
    last_year: int
    n_years: int


def seasonality(yearly: pd.DataFrame, *, lang: str) -> Seasonality | None:
    """The mean month-of-year profile over the complete years (None without a complete year)."""
    if yearly.empty:
        return None
    years = sorted(yearly["year"].unique())
    return Seasonality(charts.seasonality_figure(ind.seasonal_profile(yearly), lang=lang),
                       int(years[0]), int(years[-1]), len(years))  # fmt: skip


@dataclass(frozen=True)
class BeforeAfter:
    kpis: list[Kpi]
    figure: go.Figure
    table: Table
    n_hromadas: int


@dataclass(frozen=True)
class BeforeAfterResult:
    view: BeforeAfter | None  # None: no hromada has both windows inside the data
    incomplete: int  # hromadas left out: a window outside the data
    not_deployed: int  # hromadas left out: no officer yet
    first_month: Any  # the first month of the offence data (for the message when view is None)


def data_window(data_range: pd.DataFrame) -> dict[str, Any]:
    """The first and last complete month of the offence data (NaT first month: no offences at all)."""
    row = data_range.iloc[0]
    return {"first_month": row["first_month"], "last_month": row["last_month"]}


def before_after(
    events: pd.DataFrame,
    deployment: pd.DataFrame,
    window: dict[str, Any],
    *,
    lang: str,
    names: dict[str, str],
    withhold_tests: bool,
) -> BeforeAfterResult:
    """Mean monthly rates 12 months before and after each deployment, on event time, pooled and per
    hromada (queries.crime.crime_event_counts / crime_deployment / crime_data_range)."""
    scope = deployment[deployment["in_scope"]].set_index("hromada")
    result = (
        ind.before_after_deployment(events, scope["population"], scope["deployment_month"], **window)
        if pd.notna(window["first_month"])
        else None
    )
    excluded = result.excluded if result is not None else pd.DataFrame({"reason": []})
    counts = {
        "incomplete": int((excluded["reason"] == "incomplete_window").sum()),
        "not_deployed": int((excluded["reason"] == "not_deployed").sum()),
    }
    if result is None or result.pooled.n_hromadas == 0:
        return BeforeAfterResult(None, first_month=window["first_month"], **counts)
    pooled, per_hromada = result.pooled, result.per_hromada
    if withhold_tests:  # rounded counts (partner view): no z on them
        pooled = dataclasses.replace(pooled, z=np.nan, p=np.nan, level="none")
        per_hromada = per_hromada.assign(z=np.nan, p=np.nan, level=None)
    series = ind.event_time_series(events, scope["population"], scope["deployment_month"], **window)
    styler, labels = charts.before_after_table(per_hromada, lang=lang, names=names)
    view = BeforeAfter(
        kpis=[Kpi(**kpi) for kpi in charts.before_after_kpis(pooled, lang=lang)],
        figure=charts.event_time_figure(series, pooled, lang=lang),
        table=Table(styler, labels),
        n_hromadas=pooled.n_hromadas,
    )
    return BeforeAfterResult(view, first_month=window["first_month"], **counts)


def deployment_waves(deployment: pd.DataFrame, window: dict[str, Any]) -> dict[str, ind.DeploymentWave]:
    """The deployment waves by year (the WDD's choice), and which one to show by default (first complete)."""
    if pd.isna(window["first_month"]):
        return {}
    deployed_on = deployment.set_index("hromada")["deployment_month"]
    waves = ind.deployment_waves(deployed_on, **window)
    return {str(w.year): w for w in waves}


def default_wave(waves: dict[str, ind.DeploymentWave]) -> str:
    return next((year for year, w in waves.items() if w.complete), next(iter(waves)))


@dataclass(frozen=True)
class Wdd:
    kpis: list[Kpi]
    text: str | None  # the plain reading; None when there are no controls or the test is withheld
    has_controls: bool
    figure: go.Figure
    treated: int
    controls: int
    scaling: str | None  # "controls scaled by population, k = …"; None without controls


def wdd(
    counts: pd.DataFrame,
    deployment: pd.DataFrame,
    wave: ind.DeploymentWave,
    window: dict[str, Any],
    *,
    lang: str,
    withhold_tests: bool,
) -> Wdd:
    """The WDD of a complete wave against the hromadas not yet covered (queries.crime.crime_wave_counts)."""
    by_hromada = deployment.set_index("hromada")
    comparison = ind.wdd_vs_controls(
        counts,
        by_hromada["deployment_month"],
        population=by_hromada["population"],
        pre=wave.pre,
        post=wave.post,
        wave=wave.wave,
        **window,
    )
    result = comparison.result
    if withhold_tests:
        result = dataclasses.replace(result, z=np.nan)
    has_controls = bool(comparison.controls)
    return Wdd(
        kpis=[Kpi(**kpi) for kpi in charts.wdd_kpis(result, lang=lang)],
        text=charts.wdd_text(result, lang=lang) if has_controls and not withhold_tests else None,
        has_controls=has_controls,
        figure=charts.wdd_figure(result, lang=lang),
        treated=len(comparison.treated),
        controls=len(comparison.controls),
        scaling=charts.wdd_scaling_text(comparison, lang=lang) if has_controls else None,
    )


def response(response_frame: pd.DataFrame, *, lang: str) -> go.Figure | None:
    """Median and P90 response times per month; None without a timed call."""
    timed = response_frame[response_frame["is_total"] & (response_frame["n"] > 0)]
    return None if timed.empty else charts.response_figure(response_frame, lang=lang)


def stations(stations_frame: pd.DataFrame, *, lang: str, names: dict[str, str]) -> Table | None:
    """Response times 12 months before and after each station opened; None without such a station."""
    if not (~stations_frame["is_total"]).any():
        return None
    styler, labels = charts.station_table(stations_frame, lang=lang, names=names)
    return Table(styler, labels)
