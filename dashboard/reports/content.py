"""The numbers of a deck or report: the oblast overview and the selected hromadas, for one audience.

`gather(con, lang=..., hromadas=..., policy=...)` reads a read-only snapshot connection: the oblast part
through the pages' query wrappers (oblast.py), the hromada pages through batch wrappers that fetch all 49
at once (queries/report.py: one query per table, not one per hromada). Indicators come from
dashboard.indicators, so exports agree with the pages. The result holds values, not text: pdf.py and
pptx.py format them (text.py) in the chosen language. The audience's `DataPolicy` is applied here, once:
officer names and phones only where allowed, sensitive counts rounded to base 5 at the source for partners (dashboard/disclosure.py).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd

from dashboard.auth.policy import DataPolicy
from dashboard.periods import Comparison, Period, make_period, year_on_year
from dashboard.queries import report as q
from dashboard.queries.crime import crime_data_range
from dashboard.queries.data import data_meta
from dashboard.queries.dispersion import offence_dispersion
from dashboard.reports.oblast import Oblast, gather_oblast
from dashboard.reports.profiles import HromadaProfile, build_profiles


@dataclass(frozen=True)
class ReportContent:
    lang: str
    policy: DataPolicy
    reporting_date: dt.date
    created_at: dt.datetime
    is_demo: bool
    row_counts: dict[str, int]
    rows_rejected: int
    period: Period
    comparison: Comparison  # the period against the same months a year earlier (periods.year_on_year)
    oblast: Oblast
    status: pd.DataFrame  # report.hromada_status + status (coverage code) and name (in lang)
    hromadas: list[HromadaProfile] = field(default_factory=list)  # the chosen ones: in the main part
    appendix: list[HromadaProfile] = field(default_factory=list)  # the others, when an appendix is asked
    generated_on: dt.date = field(default_factory=dt.date.today)

    @property
    def selected(self) -> list[str]:
        """The KATOTTG codes with a page or slide of their own: the chosen ones, then the appendix."""
        return [p.katottg for p in (*self.hromadas, *self.appendix)]

    @property
    def profiles(self) -> list[HromadaProfile]:
        """Every hromada page or slide, in document order."""
        return [*self.hromadas, *self.appendix]

    @property
    def names(self) -> dict[str, str]:
        return dict(zip(self.status["katottg"], self.status["name"], strict=True))


def status_code(row: pd.Series) -> str:
    """coverage_status: deployed, in_training, vacant (had officers, none now) or uncovered."""
    if row["officers_on_duty"] > 0:
        return "deployed"
    if row["officers_in_training"] > 0:
        return "in_training"
    if row["officers_ever_deployed"] > 0:
        return "vacant"
    return "uncovered"


_UK_ALPHABET = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
_UK_ORDER = {letter: index for index, letter in enumerate(_UK_ALPHABET)}


def name_sort_key(name: str) -> tuple[int, ...]:
    """Ukrainian alphabetical order (і after и, ґ after г), which code-point order gets wrong."""
    return tuple(_UK_ORDER.get(ch, 100 + ord(ch)) for ch in name.lower() if ch not in "’'ʼ -")


def gather(
    con: duckdb.DuckDBPyConnection,
    *,
    lang: str,
    hromadas: list[str] | None,
    policy: DataPolicy,
    appendix: bool = False,
) -> ReportContent:
    """Everything a deck or report shows. `hromadas`: the KATOTTG codes with a page or slide of their own in
    the main part, as given (None or empty: none). `appendix`: every other hromada too, in an appendix in
    Ukrainian alphabetical order."""
    meta = policy.run(con, data_meta).iloc[0]
    reporting_date = pd.Timestamp(meta["reporting_date"]).date()
    period = make_period("12m", reporting_date)
    status = policy.run(con, q.hromada_status, reporting_date=reporting_date)
    status["status"] = status.apply(status_code, axis=1)
    status["name"] = status["name_en" if lang == "en" else "name_uk"]
    # Equal, aligned windows (dashboard.periods): the same months a year earlier, or none before a full year.
    first_month = policy.run(con, crime_data_range, reporting_date=reporting_date)["first_month"].iloc[0]
    comparison = year_on_year(period, first_month)
    oblast = gather_oblast(con, comparison, reporting_date, policy)

    chosen = list(dict.fromkeys(hromadas or []))
    others: list[str] = []
    if appendix:
        names = dict(zip(status["katottg"], status["name"], strict=True))
        others = sorted(
            (code for code in status["katottg"] if code not in chosen), key=lambda c: name_sort_key(names[c])
        )
    codes = [*chosen, *others]
    profiles = (
        build_profiles(
            codes,
            lang=lang,
            policy=policy,
            reporting_date=reporting_date,
            comparison=comparison,
            dispersion=policy.run(
                con,
                offence_dispersion,
                before=comparison.compared_from,
                raion=None,
                hromada=None,
                by="hromada",
            ),
            status=status,
            offences=policy.run(con, q.offence_month),
            activities=policy.run(
                con, q.activity_month, month_from=period.month_from, month_to=period.month_to
            ),
            response=policy.run(
                con, q.response_times, month_from=period.month_from, month_to=period.month_to
            ),
            surveys=policy.run(con, q.surveys, reporting_date=reporting_date),
            passports=policy.run(con, q.passports),
            resources=policy.run(con, q.resources),
            officers=policy.run(con, q.officers_on_duty, reporting_date=reporting_date),
            before_after=oblast.before_after,
        )
        if codes
        else []
    )
    counts: dict[str, Any] = json.loads(meta["row_counts"] or "{}")
    return ReportContent(
        lang=lang,
        policy=policy,
        reporting_date=reporting_date,
        created_at=pd.Timestamp(meta["created_at"]).to_pydatetime(),
        is_demo=bool(meta["is_demo"]),
        row_counts={k: int(v) for k, v in counts.items()},
        rows_rejected=int(meta["rows_rejected"]),
        period=period,
        comparison=comparison,
        oblast=oblast,
        status=status,
        hromadas=profiles[: len(chosen)],
        appendix=profiles[len(chosen) :],
    )
