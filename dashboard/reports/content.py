"""The numbers of a deck or report: the oblast overview and the selected hromadas, for one audience.

`gather(con, lang=..., hromadas=..., policy=...)` reads a read-only snapshot connection through the
query wrappers and computes every indicator with dashboard.indicators, so exports agree with the pages.
The result holds values, not text: pdf.py and pptx.py format them (text.py) in the chosen language.
The audience's `DataPolicy` is applied here, once: officer names and phones only where allowed, sensitive
counts 1–4 as «<5» for partners.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from dashboard import indicators as ind
from dashboard.auth.policy import DataPolicy
from dashboard.periods import Period, add_months, make_period, month_start
from dashboard.queries import report as q
from dashboard.reports.profiles import HromadaProfile, build_profiles

TREND_MONTHS = 36  # the oblast offence trend shows the last three years
WAVE_MONTHS = 3  # a deployment wave for the WDD: the hromadas first covered within one quarter


@dataclass(frozen=True)
class Headline:
    """The oblast's headline indicators at the reporting date (12-month period)."""

    coverage: ind.Coverage
    n_pilot: int
    pilot_covered: int
    officers_on_duty: int
    officers_in_training: int
    residents_per_officer: float  # population of covered hromadas ÷ officers on duty
    offences: int
    offences_previous: int
    offence_rate: float  # per 10,000 residents of the oblast
    z: float
    clearance: float
    activities: int
    response: pd.Series  # n_calls, n_timed, median_min, p90_min
    trust: ind.ShareEstimate | None  # the latest survey round, pooled
    trust_round: str  # e.g. "2026 H1"
    completeness: float  # resource completeness of the covered hromadas


@dataclass(frozen=True)
class ReportContent:
    lang: str
    policy: DataPolicy
    reporting_date: dt.date
    created_at: dt.datetime
    is_demo: bool
    row_counts: dict[str, int]
    source_files: list[dict[str, Any]]
    rows_rejected: int
    period: Period
    headline: Headline
    status: pd.DataFrame  # hromada_status + status code, name (in lang)
    coverage_monthly: pd.DataFrame
    rollout: pd.Series
    offence_trend: pd.DataFrame  # month, n (oblast, last TREND_MONTHS months)
    offences_by_category: pd.DataFrame  # category, current, previous, change, z (after the policy)
    before_after: ind.BeforeAfter
    event_series: pd.DataFrame
    wdd: ind.WddVsControls | None
    trust_trend: pd.DataFrame  # round, share, moe, n
    activity_mix: pd.DataFrame  # activity_type, n, hours
    hromadas: list[HromadaProfile] = field(default_factory=list)
    generated_on: dt.date = field(default_factory=dt.date.today)

    @property
    def selected(self) -> list[str]:
        return [p.katottg for p in self.hromadas]


def status_code(row: pd.Series) -> str:
    """coverage_status: deployed, in_training, vacant (had officers, none now) or uncovered."""
    if row["officers_on_duty"] > 0:
        return "deployed"
    if row["officers_in_training"] > 0:
        return "in_training"
    if row["officers_ever_deployed"] > 0:
        return "vacant"
    return "uncovered"


def last_full_month(reporting_date: dt.date) -> dt.date:
    """The reporting month if the date is its last day, else the month before."""
    next_day = reporting_date + dt.timedelta(days=1)
    return month_start(reporting_date) if next_day.day == 1 else add_months(month_start(reporting_date), -1)


def _monthly_totals(offences: pd.DataFrame) -> pd.DataFrame:
    """hromada, month, n, solved: all categories together."""
    return offences.groupby(["hromada", "month"], as_index=False)[["n", "solved"]].sum()


def _window_sum(frame: pd.DataFrame, period: Period) -> float:
    months = pd.to_datetime(frame["month"]).dt.date
    return float(frame.loc[(months >= period.month_from) & (months <= period.month_to), "n"].sum())


def survey_rounds(surveys: pd.DataFrame) -> pd.DataFrame:
    """Surveys pooled by half-year ("2026 H1"): round, n, trust_yes, share, moe, low, high, reliable."""
    if surveys.empty:
        return pd.DataFrame(columns=["round", "n", "trust_yes", "share", "moe", "low", "high", "reliable"])
    day = pd.to_datetime(surveys["survey_date"])
    rounds = day.dt.year.astype(str) + np.where(day.dt.month <= 6, " H1", " H2")
    pooled = (
        surveys.assign(round=rounds)
        .groupby("round", as_index=False)[["respondents", "trust_yes"]]
        .sum()
        .sort_values("round")
    )
    est = ind.share_with_moe_frame(pooled["trust_yes"], pooled["respondents"])
    return pd.concat([pooled[["round"]].reset_index(drop=True), est.reset_index(drop=True)], axis=1).rename(
        columns={"yes": "trust_yes"}
    )


def choose_wave(deployment: pd.Series, first: dt.date, last: dt.date) -> tuple[dt.date, dt.date] | None:
    """The quarter-long deployment wave with the best-balanced treated and control groups whose 12-month
    pre and post windows fit in the data (first .. last months); None if no wave has both groups."""
    dep = pd.to_datetime(deployment).dt.to_period("M")
    best, best_score = None, 0.0
    start = add_months(first, 12)
    while add_months(start, WAVE_MONTHS - 1 + 12) <= last:
        end = add_months(start, WAVE_MONTHS - 1)
        post_end = add_months(end, 12)
        treated = ((dep >= pd.Period(start, "M")) & (dep <= pd.Period(end, "M"))).sum()
        controls = (dep.isna() | (dep > pd.Period(post_end, "M"))).sum()
        score = treated * controls / (treated + controls) if treated and controls else 0.0
        if score > best_score:
            best, best_score = (start, end), score
        start = add_months(start, 1)
    return best


def wdd_for_best_wave(monthly: pd.DataFrame, deployment: pd.Series, first: dt.date, last: dt.date):
    wave = choose_wave(deployment, first, last)
    if wave is None:
        return None
    pre = (add_months(wave[0], -12), add_months(wave[0], -1))
    post = (add_months(wave[1], 1), add_months(wave[1], 12))
    return ind.wdd_vs_controls(
        monthly, deployment, pre=pre, post=post, wave=wave, first_month=first, last_month=last
    )


def _by_category(offences: pd.DataFrame, period: Period, policy: DataPolicy) -> pd.DataFrame:
    """category, current, previous (12 months vs the same months a year earlier), change, z, as the
    policy shows them: for partners a sensitive count 1–4 is «<5» and its change and z are blank."""
    previous = period.same_period_last_year()
    rows = [
        (category, _window_sum(group, period), _window_sum(group, previous))
        for category, group in offences.groupby("category")
    ]
    out = pd.DataFrame(rows, columns=["category", "current", "previous"])
    out["change"] = ind.absolute_change(out["current"], out["previous"])
    out["z"] = ind.poisson_z(out["current"], out["previous"])
    out = out.sort_values("current", ascending=False).reset_index(drop=True)
    return policy.apply(out)


def _headline(status, offences_monthly, period, activities, response, rounds, completeness) -> Headline:
    population = status.set_index("katottg")["population"]
    on_duty = status.set_index("katottg")["officers_on_duty"]
    cov = ind.coverage(on_duty, population)
    officers = int(on_duty.sum())
    current = _window_sum(offences_monthly, period)
    previous = _window_sum(offences_monthly, period.same_period_last_year())
    solved = _window_sum(offences_monthly.rename(columns={"n": "_n", "solved": "n"}), period)
    oblast_response = response[response["hromada"].isna()]
    latest = rounds.iloc[-1] if len(rounds) else None
    trust = ind.share_with_moe(latest["trust_yes"], latest["n"]) if latest is not None else None
    return Headline(
        coverage=cov,
        n_pilot=int(status["is_pilot"].sum()),
        pilot_covered=int((status["is_pilot"] & (status["officers_on_duty"] > 0)).sum()),
        officers_on_duty=officers,
        officers_in_training=int(status["officers_in_training"].sum()),
        residents_per_officer=ind.residents_per_officer(cov.population_covered, officers),
        offences=int(current),
        offences_previous=int(previous),
        offence_rate=ind.rate_per_10k(current, cov.population_total),
        z=ind.poisson_z(current, previous),
        clearance=ind.clearance(solved, current),
        activities=int(activities["n"].sum()),
        response=oblast_response.iloc[0] if len(oblast_response) else pd.Series(dtype=float),
        trust=trust,
        trust_round=str(latest["round"]) if latest is not None else "",
        completeness=completeness,
    )


def _resource_completeness(con, status: pd.DataFrame, reporting_date: dt.date) -> pd.DataFrame:
    covered = status.loc[status["officers_on_duty"] > 0].set_index("katottg")["officers_on_duty"]
    return ind.resource_completeness_table(q.resources(con), covered, as_of=reporting_date)


def gather(
    con: duckdb.DuckDBPyConnection,
    *,
    lang: str,
    hromadas: list[str] | None,
    policy: DataPolicy,
) -> ReportContent:
    """Everything a deck or report shows. `hromadas` None = all 49 (in alphabetical order)."""
    meta = q.snapshot_meta(con).iloc[0]
    reporting_date = pd.Timestamp(meta["reporting_date"]).date()
    period = make_period("12m", reporting_date)
    status = q.hromada_status(con, reporting_date)
    status["status"] = status.apply(status_code, axis=1)
    status["name"] = status["name_en" if lang == "en" else "name_uk"]

    offences = q.offence_month(con)
    monthly = _monthly_totals(offences)
    first = month_start(pd.Timestamp(offences["month"].min()).date()) if len(offences) else period.month_from
    last = last_full_month(reporting_date)
    population = status.set_index("katottg")["population"]
    deployment = pd.to_datetime(status.set_index("katottg")["first_deployed_on"])
    before_after = ind.before_after_deployment(
        monthly, population, deployment, first_month=first, last_month=last
    )
    event_series = ind.event_time_series(monthly, population, deployment, first_month=first, last_month=last)
    oblast_monthly = offences.groupby("month", as_index=False)[["n", "solved"]].sum()
    trend_from = add_months(period.month_to, 1 - TREND_MONTHS)
    trend = oblast_monthly[pd.to_datetime(oblast_monthly["month"]).dt.date >= trend_from].reset_index(
        drop=True
    )

    activities = q.activity_month(con, period.month_from, period.month_to)
    response = q.response_times(con, period.month_from, reporting_date)
    surveys = q.surveys(con, reporting_date)
    rounds = survey_rounds(surveys)
    resources = _resource_completeness(con, status, reporting_date)
    covered = resources["officers"] > 0
    completeness = (
        float(np.average(resources.loc[covered, "completeness"], weights=resources.loc[covered, "officers"]))
        if covered.any()
        else math.nan
    )
    mix = activities.groupby("activity_type", as_index=False)[["n", "minutes"]].sum()
    mix["hours"] = mix["minutes"] / 60
    mix = mix.sort_values("n", ascending=False).reset_index(drop=True)

    selected = list(status["katottg"]) if hromadas is None else list(dict.fromkeys(hromadas))
    profiles = build_profiles(
        selected,
        lang=lang,
        policy=policy,
        reporting_date=reporting_date,
        period=period,
        status=status,
        offences=offences,
        activities=activities,
        response=response,
        surveys=surveys,
        passports=q.passports(con),
        resources=resources,
        officers=policy.apply(q.officers_on_duty(con, reporting_date)),
        before_after=before_after,
    )
    if hromadas is None:
        profiles.sort(key=lambda p: name_sort_key(p.name))
    return ReportContent(
        lang=lang,
        policy=policy,
        reporting_date=reporting_date,
        created_at=pd.Timestamp(meta["created_at"]).to_pydatetime(),
        is_demo=bool(meta["is_demo"]),
        row_counts=json.loads(meta["row_counts"] or "{}"),
        source_files=json.loads(meta["source_files"] or "[]"),
        rows_rejected=int(meta["rows_rejected"]),
        period=period,
        headline=_headline(status, monthly, period, activities, response, rounds, completeness),
        status=status,
        coverage_monthly=q.coverage_monthly(con, reporting_date),
        rollout=q.rollout_stages(con, reporting_date).iloc[0],
        offence_trend=trend,
        offences_by_category=_by_category(offences, period, policy),
        before_after=before_after,
        event_series=event_series,
        wdd=wdd_for_best_wave(monthly, deployment, first, last),
        trust_trend=rounds,
        activity_mix=mix,
        hromadas=profiles,
    )


_UK_ALPHABET = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
_UK_ORDER = {letter: index for index, letter in enumerate(_UK_ALPHABET)}


def name_sort_key(name: str) -> tuple[int, ...]:
    """Ukrainian alphabetical order (і after и, ґ after г), which code-point order gets wrong."""
    return tuple(_UK_ORDER.get(ch, 100 + ord(ch)) for ch in name.lower() if ch not in "’'ʼ -")
