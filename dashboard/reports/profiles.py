"""One hromada's figures for its page of the report and its slide of the deck (values, not text)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any, cast

import pandas as pd

from dashboard import indicators as ind
from dashboard.auth.policy import DataPolicy
from dashboard.periods import Comparison, Period, add_months
from dashboard.queries.dispersion import dispersion_at

CHART_MONTHS = 24  # the per-hromada chart shows the last two years of offences


_NO_TEST = {"z": math.nan, "p": math.nan, "level": "none"}


@dataclass(frozen=True)
class HromadaProfile:
    katottg: str
    name: str
    raion: str
    hromada_type: str  # urban / settlement / rural
    center: str
    population: int
    area_km2: float
    n_settlements: int
    is_pilot: bool
    status: str  # coverage_status code
    officers_on_duty: int
    officers_in_training: int
    first_deployed_on: dt.date | None
    station_opened_on: dt.date | None
    residents_per_officer: float
    norm: int
    exceeds_norm: bool
    resource_completeness: float
    offences: int
    offences_previous: float  # NaN without a comparison (periods.year_on_year)
    z: float  # indicators.count_change(offences, offences_previous); NaN when withheld
    p: float
    level: str  # its level: 'signal' / 'watch' / 'none'
    offence_rate: float
    small_numbers: bool
    domestic_violence: int  # a count (rounded to base 5 at the source for partners)
    clearance: float
    response_median: float
    response_n: int
    trust: ind.ShareEstimate | None
    trust_date: dt.date | None
    activities: pd.DataFrame  # activity_type, n (12 months)
    meeting_participants: int
    passport: ind.PassportSummary | None
    before_after: pd.Series | None  # a row of BeforeAfter.per_hromada
    before_after_excluded: str | None  # the reason, when the hromada is not in the comparison
    officers: pd.DataFrame  # rank, deployed_on, and full_name / phone only where the audience may see them
    monthly: pd.DataFrame  # month, n: offences in the last CHART_MONTHS months (zeros filled)


def _months(period: Period) -> list[dt.date]:
    first = add_months(period.month_to, 1 - CHART_MONTHS)
    return [add_months(first, i) for i in range(CHART_MONTHS)]


def _window(frame: pd.DataFrame, period: Period) -> float:
    months = pd.to_datetime(frame["month"]).dt.date
    return float(frame.loc[(months >= period.month_from) & (months <= period.month_to), "n"].sum())


def _row(frame: pd.DataFrame, label: str) -> pd.Series:
    """The row of `label` in a frame indexed by unique codes."""
    # cast: pandas-stubs type .loc[label] as Series | DataFrame (a DataFrame for a repeated label);
    # these indexes are KATOTTG codes, one row each.
    return cast(pd.Series, frame.loc[label])


def _optional_date(value: Any) -> dt.date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def _latest_survey(surveys: pd.DataFrame) -> tuple[ind.ShareEstimate | None, dt.date | None]:
    if surveys.empty:
        return None, None
    row = surveys.sort_values("survey_date").iloc[-1]
    return ind.share_with_moe(row["trust_yes"], row["respondents"]), _optional_date(row["survey_date"])


def build_profiles(
    selected: list[str],
    *,
    lang: str,
    policy: DataPolicy,
    reporting_date: dt.date,
    comparison: Comparison,
    dispersion: pd.DataFrame,
    status: pd.DataFrame,
    offences: pd.DataFrame,
    activities: pd.DataFrame,
    response: pd.DataFrame,
    surveys: pd.DataFrame,
    passports: pd.DataFrame,
    resources: pd.DataFrame,
    officers: pd.DataFrame,
    before_after: ind.BeforeAfter,
) -> list[HromadaProfile]:
    """A profile per selected KATOTTG, in the given order (codes must exist in `status`). `dispersion`:
    queries.dispersion.offence_dispersion by hromada, which widens each hromada's offence change test."""
    by_code = status.set_index("katottg")
    period, previous = comparison.current, comparison.previous  # previous None: no comparison
    chart_months = _months(period)
    per_ba = before_after.per_hromada.set_index("hromada")
    excluded = before_after.excluded.set_index("hromada")["reason"]
    duty = status.set_index("katottg")["officers_on_duty"]
    kit = ind.resource_completeness_table(resources, duty[duty > 0], as_of=reporting_date)
    completeness = kit.set_index("hromada")["completeness"]
    response_by = response.dropna(subset=["hromada"]).set_index("hromada")
    passport_rows = ind.passport_summary_by_hromada(passports, reporting_date).set_index("hromada")
    offences_by = dict(tuple(offences.groupby("hromada")))
    activities_by = dict(tuple(activities.groupby("hromada")))
    surveys_by = dict(tuple(surveys.groupby("hromada")))
    officers_by = dict(tuple(officers.groupby("hromada")))
    empty_offences = offences.iloc[0:0]
    profiles = []
    for code in selected:
        row = _row(by_code, code)
        own = offences_by.get(code, empty_offences)
        totals = own.groupby("month", as_index=False)[["n", "solved"]].sum()
        current = _window(totals, period)
        prev = math.nan if previous is None else _window(totals, previous)
        solved = _window(totals.drop(columns="n").rename(columns={"solved": "n"}), period)
        dv = _window(own[own["category"] == "domestic_violence"], period)
        acts = activities_by.get(code, activities.iloc[0:0])
        by_type = acts.groupby("activity_type", as_index=False)[["n"]].sum().sort_values("n", ascending=False)
        meetings = acts[acts["activity_type"] == "resident_meeting"]
        monthly = (
            totals.assign(month=pd.to_datetime(totals["month"]).dt.date)
            .set_index("month")["n"]
            .reindex(chart_months, fill_value=0)
            .rename_axis("month")
            .reset_index()
        )
        trust, trust_date = _latest_survey(surveys_by.get(code, surveys.iloc[0:0]))
        on_duty = int(row["officers_on_duty"])
        rpo = ind.residents_per_officer(row["population"], on_duty)
        passport = None
        if code in passport_rows.index:
            p = _row(passport_rows, code)
            passport = ind.PassportSummary(
                n_items=int(p["n_items"]),
                n_open=int(p["n_open"]),
                n_due=int(p["n_due"]),
                n_done_due=int(p["n_done_due"]),
                done_share=float(p["done_share"]),
                n_overdue=int(p["n_overdue"]),
                last_review=p["last_review"],
                days_since_review=float(p["days_since_review"]),
                reviewed_recently=bool(p["reviewed_recently"]),
            )
        resp = _row(response_by, code) if code in response_by.index else None
        profiles.append(
            HromadaProfile(
                katottg=code,
                name=str(row["name"]),
                raion=str(row["raion_en" if lang == "en" else "raion"]),
                hromada_type=str(row["type_en"]),
                center=str(row["center"]),
                population=int(row["population"]),
                area_km2=float(row["area_km2"]),
                n_settlements=int(row["n_settlements"]),
                is_pilot=bool(row["is_pilot"]),
                status=str(row["status"]),
                officers_on_duty=on_duty,
                officers_in_training=int(row["officers_in_training"]),
                first_deployed_on=_optional_date(row["first_deployed_on"]),
                station_opened_on=_optional_date(row["station_opened_on"]),
                residents_per_officer=rpo,
                norm=ind.resident_norm(str(row["type_en"])),
                exceeds_norm=bool(ind.exceeds_norm(rpo, str(row["type_en"]))),
                resource_completeness=float(completeness.get(code, math.nan)),
                offences=int(current),
                offences_previous=prev,
                # rounded counts: no test
                **(
                    _NO_TEST
                    if policy.withholds_tests(None)
                    else ind.count_change(current, prev, dispersion=dispersion_at(dispersion, code))._asdict()
                ),
                offence_rate=ind.rate_per_10k(current, row["population"]),
                small_numbers=bool(ind.is_small_number(current, row["population"])),
                domestic_violence=int(dv),
                clearance=ind.clearance(solved, current),
                response_median=float(resp["median_min"]) if resp is not None else math.nan,
                response_n=int(resp["n_timed"]) if resp is not None else 0,
                trust=trust,
                trust_date=trust_date,
                activities=by_type.reset_index(drop=True),
                meeting_participants=int(meetings["participants"].sum()),
                passport=passport,
                before_after=_row(per_ba, code) if code in per_ba.index else None,
                before_after_excluded=str(excluded[code]) if code in excluded.index else None,
                officers=officers_by.get(code, officers.iloc[0:0])
                .drop(columns=["hromada"])
                .reset_index(drop=True),
                monthly=monthly,
            )
        )
    return profiles
