"""Reporting periods: whole months ending at (or within) a snapshot's reporting date.

A period is a range of whole months. The default, "12m", is the rolling twelve months whose last month
is the reporting date's month; "y2025" is a calendar year (cut at the reporting date if it is current).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

ROLLING_KEYS = ("12m", "6m", "3m")
FIRST_DATA_YEAR = 2018


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, months: int) -> dt.date:
    """The first day of the month `months` after (or before, if negative) `month`'s month."""
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(first: dt.date, last: dt.date) -> int:
    """Number of whole months from `first`'s month to `last`'s month, both included."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


@dataclass(frozen=True)
class Period:
    """Months `month_from` .. `month_to` (first days of months, both included)."""

    key: str
    month_from: dt.date
    month_to: dt.date

    @property
    def n_months(self) -> int:
        return months_between(self.month_from, self.month_to)

    def shifted(self, months: int) -> Period:
        return Period(self.key, add_months(self.month_from, months), add_months(self.month_to, months))

    def same_period_last_year(self) -> Period:
        return self.shifted(-12)

    def params(self) -> dict[str, dt.date]:
        return {"month_from": self.month_from, "month_to": self.month_to}


def period_keys(reporting_date: dt.date) -> list[str]:
    """The choices offered for a snapshot: rolling windows, then calendar years, newest first."""
    return [*ROLLING_KEYS, *(f"y{y}" for y in range(reporting_date.year, FIRST_DATA_YEAR - 1, -1))]


def make_period(key: str, reporting_date: dt.date) -> Period:
    """The period named `key` for a snapshot of `reporting_date`; unknown keys fall back to "12m"."""
    last = month_start(reporting_date)
    if key in ROLLING_KEYS:
        n = int(key[:-1])
        return Period(key, add_months(last, 1 - n), last)
    if key.startswith("y") and key[1:].isdigit():
        year = int(key[1:])
        if FIRST_DATA_YEAR <= year <= reporting_date.year:
            return Period(key, dt.date(year, 1, 1), min(dt.date(year, 12, 1), last))
    return make_period("12m", reporting_date)
