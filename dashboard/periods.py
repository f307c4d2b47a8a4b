"""Reporting periods and the windows they are compared with: the one place for both (INDICATORS.md,
"Comparing periods"). Pages, the PDF report and the deck take their months from here.

A period is a range of whole months. The default, "12m", is the rolling twelve months ending with the
last COMPLETE month at the reporting date; "y2025" is a calendar year (cut at that month if it is the
current year). Rules:
- A month that the reporting date cuts short (a snapshot of 15 October) is left out of every window:
  half a month compared with a whole one reads as a false fall. The period then says which month it
  left out (``Period.cut_month``), and the page says which months are compared.
- A change compares two windows of equal length, aligned on the same months: the period and the same
  months a year earlier (``year_on_year``); against the previous snapshot, its window of the same kind
  and length (``snapshot_baseline``): Jan–Oct is never compared with Jan–Sep.
- No comparison where the year-earlier window starts before the first month of data: comparing with
  the zeros of months that were never recorded would flag every hromada. ``Comparison.reason`` says why.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard.formatting import fmt_month
from dashboard.i18n import t

ROLLING_KEYS = ("12m", "6m", "3m")
FIRST_DATA_YEAR = 2018
# Reasons a period gets no year-on-year comparison (Comparison.reason; words: period.no_comparison_*).
NO_DATA = "no_data"  # no offence data at all
BEFORE_DATA = "before_data"  # the year-earlier window starts before the first month of data


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, months: int) -> dt.date:
    """The first day of the month `months` after (or before, if negative) `month`'s month."""
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(first: dt.date, last: dt.date) -> int:
    """Number of whole months from `first`'s month to `last`'s month, both included."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def is_month_end(day: dt.date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def last_complete_month(reporting_date: dt.date) -> dt.date:
    """The last month wholly covered at the reporting date: its own month on the month's last day, else
    the month before (a snapshot of 15 October has data for half of October only)."""
    month = month_start(reporting_date)
    return month if is_month_end(reporting_date) else add_months(month, -1)


def cut_month(reporting_date: dt.date) -> dt.date | None:
    """The reporting date's month when the date cuts it short (not its last day), else None."""
    return None if is_month_end(reporting_date) else month_start(reporting_date)


@dataclass(frozen=True)
class Period:
    """Months `month_from` .. `month_to` (first days of months, both included).

    ``cut_month``: the reporting date's month, left out because the date cuts it short (None when the
    snapshot ends on a month's last day, or the month lies outside the period anyway).
    """

    key: str
    month_from: dt.date
    month_to: dt.date
    cut_month: dt.date | None = None

    @property
    def n_months(self) -> int:
        return months_between(self.month_from, self.month_to)

    def shifted(self, months: int) -> Period:
        return Period(self.key, add_months(self.month_from, months), add_months(self.month_to, months))

    def same_period_last_year(self) -> Period:
        """The same months a year earlier (equal length, aligned on the calendar)."""
        return self.shifted(-12)

    def params(self) -> dict[str, dt.date]:
        return {"month_from": self.month_from, "month_to": self.month_to}


def period_keys(reporting_date: dt.date) -> list[str]:
    """The choices offered for a snapshot: rolling windows, then calendar years with at least one complete
    month, newest first (a snapshot of 15 January offers no current year: it has no whole month yet)."""
    newest = last_complete_month(reporting_date).year
    return [*ROLLING_KEYS, *(f"y{y}" for y in range(newest, FIRST_DATA_YEAR - 1, -1))]


def make_period(key: str, reporting_date: dt.date) -> Period:
    """The period named `key` for a snapshot of `reporting_date`; unknown keys fall back to "12m".

    Every window ends at the last complete month (``last_complete_month``).
    """
    last = last_complete_month(reporting_date)
    cut = cut_month(reporting_date)
    if key in ROLLING_KEYS:
        n = int(key[:-1])
        return Period(key, add_months(last, 1 - n), last, cut)
    if key.startswith("y") and key[1:].isdigit():
        year = int(key[1:])
        if FIRST_DATA_YEAR <= year <= last.year:
            cut_in_year = cut if cut is not None and cut.year == year else None
            return Period(key, dt.date(year, 1, 1), min(dt.date(year, 12, 1), last), cut_in_year)
    return make_period("12m", reporting_date)


@dataclass(frozen=True)
class Comparison:
    """A period and the window it is compared with (``year_on_year``), or no comparison and why."""

    current: Period
    previous: Period | None  # None: no comparison
    reason: str = ""  # "" when compared, else NO_DATA or BEFORE_DATA
    first_month: dt.date | None = None  # the first month of data (for the message)

    @property
    def comparable(self) -> bool:
        return self.previous is not None

    @property
    def compared_from(self) -> dt.date | None:
        """The first month of the two compared windows (the history before it widens the test), or None."""
        return self.previous.month_from if self.previous else None

    def params(self) -> dict[str, dt.date | None]:
        """The bound parameters of a comparing query: month_from, month_to and prev_from, prev_to (both
        NULL when there is no comparison: the query then returns no previous counts)."""
        prev = self.previous
        return {
            **self.current.params(),
            "prev_from": prev.month_from if prev else None,
            "prev_to": prev.month_to if prev else None,
        }


def year_on_year(period: Period, first_month: Any) -> Comparison:
    """The period against the same months a year earlier, if the data reach back that far.

    ``first_month``: the first month of data in the snapshot (None / NaT: no data at all). No comparison
    when the year-earlier window starts before it: those months were never recorded, and their zeros
    would read as a rise everywhere (in the first year of data every hromada would be "signal").
    """
    first = _as_month(first_month)
    if first is None:
        return Comparison(period, None, NO_DATA, None)
    previous = period.same_period_last_year()
    if previous.month_from < first:
        return Comparison(period, None, BEFORE_DATA, first)
    return Comparison(period, previous, "", first)


def snapshot_baseline(period: Period, previous_reporting_date: dt.date) -> Period | None:
    """The window of the previous snapshot that the period is compared with ("since the previous
    snapshot"): equal length, aligned, whole months only.

    Rolling windows: the previous snapshot's own rolling window of the same length. A calendar year: the
    same months, if the previous snapshot covers them all; otherwise None (a running year has grown by a
    month since: Jan–Oct against Jan–Sep would read one month's offences as a rise) — compare with the
    same months a year earlier instead.
    """
    if period.key in ROLLING_KEYS:
        return make_period(period.key, previous_reporting_date)
    if period.month_to <= last_complete_month(previous_reporting_date):
        return Period(period.key, period.month_from, period.month_to)
    return None


def _as_month(value: Any) -> dt.date | None:
    """The first day of `value`'s month; None for None / NaN / NaT."""
    if value is None or pd.isna(value):
        return None
    return month_start(pd.Timestamp(value).date())


def range_text(period: Period, lang: str) -> str:
    """«листопад 2025 – жовтень 2026» / "November 2025 – October 2026"."""
    return t(
        "period.range", lang, start=fmt_month(period.month_from, lang), end=fmt_month(period.month_to, lang)
    )


def comparison_text(comparison: Comparison, lang: str) -> str:
    """Which months are compared, in words: «листопад 2025 – жовтень 2026 проти листопад 2024 – жовтень
    2025», or the period and why it is not compared; plus the month left out, if the reporting date cut
    one short."""
    current = range_text(comparison.current, lang)
    if comparison.previous is not None:
        text = t("period.compared", lang, current=current, previous=range_text(comparison.previous, lang))
    else:
        first = fmt_month(comparison.first_month, lang)
        text = t(f"period.no_comparison_{comparison.reason}", lang, current=current, first=first)
    cut = comparison.current.cut_month
    if cut is not None:
        text = f"{text} {t('period.cut_month', lang, month=fmt_month(cut, lang))}"
    return text
