"""The oblast part of a deck or report, read through the pages' own query wrappers (overview, crime,
trust, activity, passports, funding), so that an exported number is the number the page shows for the whole oblast and the
rolling 12 months. Every result passes through the audience's DataPolicy, as `PageContext.query` does.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from dashboard import indicators as ind
from dashboard.auth.policy import DataPolicy
from dashboard.periods import Comparison
from dashboard.queries import activity, crime, funding, overview, passports, trust
from dashboard.queries.dispersion import offence_dispersion, total_dispersion
from dashboard.views import overview as overview_view

OBLAST = {"raion": None, "hromada": None}


_NO_TEST = {"z": math.nan, "p": math.nan, "level": "none"}


@dataclass(frozen=True)
class Headline:
    """The oblast's headline indicators at the reporting date (the period: the rolling 12 months)."""

    status: overview_view.StatusSummary
    officers_in_pipeline: int  # selected, not yet deployed
    offences: int
    offences_previous: float  # NaN without a comparison (periods.year_on_year)
    offence_rate: float  # per 10,000 residents of the oblast, over the 12 months
    z: float  # indicators.count_change(offences, offences_previous); NaN when withheld
    p: float
    level: str  # its level: 'signal' / 'watch' / 'none'
    clearance: float
    activities: int
    response: pd.Series  # n_response, response_median_min, response_p90_min
    trust: ind.WeightedShare | None  # the latest survey wave (half-year), population-weighted
    trust_wave: dt.date | None  # the first day of that half-year


@dataclass(frozen=True)
class Oblast:
    headline: Headline
    hromada_status: pd.DataFrame  # overview.hromada_status
    coverage_trend: pd.DataFrame  # overview.coverage_trend
    rollout: pd.DataFrame  # overview.rollout_funnel
    offence_trend: pd.DataFrame  # overview.offence_trend (covered vs not yet covered)
    by_category: pd.DataFrame  # crime.crime_by_category, after the policy
    activity_monthly: pd.DataFrame  # activity.activity_monthly
    before_after: ind.BeforeAfter
    event_series: pd.DataFrame
    data_range: tuple[dt.date, dt.date]  # first and last month of the offence data
    wave: ind.DeploymentWave | None  # the WDD wave (the crime page's default: the first complete one)
    wdd: ind.WddVsControls | None
    trust_waves: pd.DataFrame  # trust.trust_waves
    dv_half_years: pd.DataFrame  # trust.trust_dv_half_years, after the policy
    passport_totals: pd.Series  # passports.passport_totals (one row) at the reporting date
    passport_problems: pd.DataFrame  # passports.passport_open_problems
    passport_status: pd.DataFrame  # passports.passport_status_counts
    passport_measures: pd.DataFrame  # passports.passport_measures: free text masked as on the page
    funding_rows: pd.DataFrame  # funding.funding_rows (empty: the snapshot has no funding table rows)
    funding_by_source: pd.DataFrame  # funding.funding_by_source
    funding_by_hromada: pd.DataFrame  # funding.funding_by_hromada
    event_study: (
        pd.DataFrame
    )  # crime.crime_event_study, all categories, after the policy (rollout evaluation)


def _runner(con: duckdb.DuckDBPyConnection, policy: DataPolicy) -> Callable[..., Any]:
    """Run a wrapper as the pages do (`PageContext.query`): checked against its declaration, then the policy.
    `con` is the audience's connection (`disclosure.connect_for`), so a partner's export reads rounded counts."""

    def run(func: Callable[..., Any], **kwargs: Any) -> Any:
        return policy.run(con, func, **kwargs)

    return run


def _before_after(run, reporting_date: dt.date) -> tuple[ind.BeforeAfter, pd.DataFrame, tuple, pd.DataFrame]:
    """The pooled before/after on event time, as on the crime page for all categories; the last item is
    the deployment month and population per hromada (the WDD's input)."""
    reporting = run(crime.crime_data_range, reporting_date=reporting_date).iloc[0]
    first, last = pd.Timestamp(reporting["first_month"]).date(), pd.Timestamp(reporting["last_month"]).date()
    deployment = run(crime.crime_deployment, **OBLAST).set_index("hromada")
    events = run(crime.crime_event_counts, **OBLAST, category=None)
    population, deployed = deployment["population"], deployment["deployment_month"]
    result = ind.before_after_deployment(events, population, deployed, first_month=first, last_month=last)
    series = ind.event_time_series(events, population, deployed, first_month=first, last_month=last)
    return result, series, (first, last), deployment


def _wdd(run, deployed: pd.Series, population: pd.Series, first: dt.date, last: dt.date):
    waves = ind.deployment_waves(deployed, first_month=first, last_month=last)
    wave = next((w for w in waves if w.complete), None)
    if wave is None:
        return None, None
    counts = run(crime.crime_wave_counts, month_from=wave.pre[0].date(), month_to=wave.post[1].date(),
                 category=None)  # fmt: skip
    result = ind.wdd_vs_controls(counts, deployed, population=population, pre=wave.pre, post=wave.post,
                                 wave=wave.wave, first_month=first, last_month=last)  # fmt: skip
    return wave, result


def _without_tests(
    before_after: ind.BeforeAfter, wdd: ind.WddVsControls | None
) -> tuple[ind.BeforeAfter, ind.WddVsControls | None]:
    """The same results with every z blank («—» in the documents): the partner's counts are rounded."""
    pooled = dataclasses.replace(before_after.pooled, z=math.nan, p=math.nan, level="none")
    before_after = dataclasses.replace(
        before_after,
        pooled=pooled,
        per_hromada=before_after.per_hromada.assign(z=math.nan, p=math.nan, level=None),
    )
    if wdd is not None:
        wdd = dataclasses.replace(wdd, result=dataclasses.replace(wdd.result, z=math.nan))
    return before_after, wdd


def gather_oblast(
    con: duckdb.DuckDBPyConnection, comparison: Comparison, reporting_date: dt.date, policy
) -> Oblast:
    run = _runner(con, policy)
    period, last_year = comparison.current, comparison.previous
    status = run(overview.hromada_status, **OBLAST, reporting_date=reporting_date)
    now = run(overview.period_kpis, **OBLAST, **period.params()).iloc[0]
    # No comparison before a full year of data: the previous count is NaN, never the zeros of no data.
    before = run(overview.period_kpis, **OBLAST, **last_year.params()).iloc[0] if last_year else None
    categories = run(crime.crime_by_category, **OBLAST, **comparison.params())
    acts = run(activity.activity_by_type, **OBLAST, **comparison.params())
    waves = run(trust.trust_waves, **OBLAST, month_to=period.month_to)
    latest = waves.iloc[-1] if len(waves) else None
    before_after, series, (first, last), deployment = _before_after(run, reporting_date)
    wave, wdd = _wdd(run, deployment["deployment_month"], deployment["population"], first, last)
    # All categories: a total of rounded counts gets no test, as on the pages.
    if policy.withholds_tests(None):
        before_after, wdd = _without_tests(before_after, wdd)
    offences, previous = float(now["offences"]), math.nan if before is None else float(before["offences"])
    # The test widened where the oblast's monthly history is overdispersed (queries.dispersion), as on the pages.
    phi = total_dispersion(run(offence_dispersion, before=comparison.compared_from, **OBLAST, by="total"))
    headline = Headline(
        status=overview_view.status_summary(status),
        officers_in_pipeline=int(status["officers_in_pipeline"].sum()),
        offences=int(offences),
        offences_previous=previous,
        offence_rate=ind.rate_per_10k(offences, now["population"]),
        # rounded counts: no test
        **(
            _NO_TEST
            if policy.withholds_tests(None)
            else ind.count_change(offences, previous, dispersion=phi)._asdict()
        ),
        clearance=ind.clearance(categories["solved"].sum(), categories["n"].sum()),
        activities=int(acts["n"].sum()),
        response=run(overview.response_times, **OBLAST, **period.params()).iloc[0],
        trust=trust.wave_estimate(latest, "trust") if latest is not None else None,
        trust_wave=pd.Timestamp(latest["wave"]).date() if latest is not None else None,
    )
    return Oblast(
        headline=headline,
        hromada_status=status,
        coverage_trend=run(overview.coverage_trend, **OBLAST, reporting_date=reporting_date),
        rollout=run(overview.rollout_funnel, **OBLAST, reporting_date=reporting_date),
        offence_trend=run(overview.offence_trend, **OBLAST, reporting_date=reporting_date),
        by_category=categories,
        activity_monthly=run(activity.activity_monthly, **OBLAST, **period.params()),
        before_after=before_after,
        event_series=series,
        data_range=(first, last),
        wave=wave,
        wdd=wdd,
        trust_waves=waves,
        dv_half_years=run(trust.trust_dv_half_years, **OBLAST, month_to=period.month_to),
        passport_totals=run(passports.passport_totals, **OBLAST, reporting_date=reporting_date).iloc[0],
        passport_problems=run(passports.passport_open_problems, **OBLAST),
        passport_status=run(passports.passport_status_counts, **OBLAST, reporting_date=reporting_date),
        passport_measures=run(passports.passport_measures, **OBLAST, reporting_date=reporting_date),
        funding_rows=run(funding.funding_rows, **OBLAST, reporting_date=reporting_date),
        funding_by_source=run(funding.funding_by_source, **OBLAST, reporting_date=reporting_date),
        funding_by_hromada=run(funding.funding_by_hromada, **OBLAST, reporting_date=reporting_date),
        event_study=run(crime.crime_event_study, category=None, reporting_date=reporting_date),
    )


def pooled_se(before_after: ind.BeforeAfter) -> float:
    """SE of the pooled change in the monthly rate per 10k: √(n_pre + n_post) ÷ population-months × 10k."""
    pooled = before_after.pooled
    return ind.rate_change_se(pooled.n_pre, pooled.n_post, pooled.population_months)
