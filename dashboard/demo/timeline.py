"""The demo's calendar: the history's span, reporting dates, and dates as integer day numbers.

Dates are handled as int64 days since 1970-01-01 (numpy's datetime64[D] epoch) so that whole columns
are computed with integer arithmetic; NEVER stands for "did not happen within the history".
"""

from __future__ import annotations

import datetime as dt

import numpy as np

HISTORY_START = dt.date(2018, 1, 1)  # a year of data before the first deployment (2019)
HISTORY_END = dt.date(2026, 10, 31)  # the latest reporting date of the demo
FULL_SCALE_WAR = dt.date(2022, 2, 24)
NEVER = np.int64(2**31 - 1)  # later than any date: "not (yet) happened"
US_PER_DAY = 86_400_000_000
_EPOCH = dt.date(1970, 1, 1)


def day(date: dt.date | str) -> int:
    """Day number of a date (an ISO string is accepted for readable constants)."""
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    return (date - _EPOCH).days


def to_date(day_number: int) -> dt.date:
    return _EPOCH + dt.timedelta(days=int(day_number))


START_DAY = day(HISTORY_START)
END_DAY = day(HISTORY_END)


def uniform_day(rng: np.random.Generator, first: str, last: str, size: int | None = None) -> np.ndarray:
    """Day number(s) drawn uniformly from `first`..`last` (ISO dates, both included)."""
    return rng.integers(day(first), day(last) + 1, size=size)


def month_end_dates(count: int, last: dt.date = HISTORY_END) -> list[dt.date]:
    """The last days of the `count` months that end with `last`'s month, oldest first."""
    last_month = np.datetime64(last, "M")
    ends = [(last_month - k + 1).astype("datetime64[D]") - 1 for k in range(count - 1, -1, -1)]
    return [end.astype(dt.date) for end in ends]


def month_index(days: np.ndarray) -> np.ndarray:
    """Months since January 1970 for day numbers (month 0 = January 1970)."""
    return np.asarray(days, dtype="datetime64[D]").astype("datetime64[M]").astype(np.int64)


def calendar_month(days: np.ndarray) -> np.ndarray:
    """1..12 for day numbers."""
    return month_index(days) % 12 + 1


def weekday(days: np.ndarray) -> np.ndarray:
    """0 = Monday .. 6 = Sunday (1970-01-01 was a Thursday)."""
    return (np.asarray(days) + 3) % 7


def months_in_history() -> np.ndarray:
    """Month indexes (see `month_index`) of every month from HISTORY_START to HISTORY_END."""
    return np.arange(month_index(np.array([START_DAY]))[0], month_index(np.array([END_DAY]))[0] + 1)


def month_first_day(months: np.ndarray) -> np.ndarray:
    return np.asarray(months).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def season(months_1_12: np.ndarray, amplitude: float, peak_month: int) -> np.ndarray:
    """A yearly cosine cycle around 1: 1 + amplitude at `peak_month`, 1 - amplitude six months later."""
    return 1.0 + amplitude * np.cos(2 * np.pi * (np.asarray(months_1_12) - peak_month) / 12)
