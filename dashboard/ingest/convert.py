"""Vectorised text -> typed value conversion (dates, timestamps, whole and decimal numbers).

Each parser takes a pandas string Series (missing = NA) and returns the typed Series plus boolean masks
naming the values it could not convert, so that the caller turns the masks into problems. Nothing is
guessed: a value either matches one of the documented forms or is reported.
"""

from __future__ import annotations

import pandas as pd

from dashboard.export_safety import FORMULA_PREFIXES

DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y")
TIMESTAMP_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%dT%H:%M:%S.%f",
)
_MIDNIGHT = r"[ T]00:00(?::00(?:\.0+)?)?$"
_GROUPED = r"[+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?"  # «1 234» with a (no-break) space
_NUMBER = r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)"
_WHOLE = r"[+-]?\d+(?:[.,]0*)?"
INT32_MAX = 2_147_483_647


def clean_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Strip every cell; empty cells become missing; undo the `'` our own exports put before formulas."""
    out = {}
    for name in frame.columns:
        column = frame[name].astype("str").str.strip()
        column = column.where(column != "")
        quoted = column.str.startswith("'").fillna(False) & column.str[1:].str.startswith(
            FORMULA_PREFIXES
        ).fillna(False)
        out[name] = column.where(~quoted, column.str[1:])
    return pd.DataFrame(out, index=frame.index)


def _parse_formats(text: pd.Series, formats: tuple[str, ...]) -> pd.Series:
    values = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us]")
    for fmt in formats:
        todo = values.isna() & text.notna()
        if not todo.any():
            break
        values[todo] = pd.to_datetime(text[todo], format=fmt, errors="coerce").astype("datetime64[us]")
    return values


def parse_dates(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(dates as datetime64 at midnight, mask of values that are not dates). A 00:00 time is allowed."""
    trimmed = text.str.replace(_MIDNIGHT, "", regex=True)
    values = _parse_formats(trimmed, DATE_FORMATS)
    return values, text.notna() & values.isna()


def parse_timestamps(text: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(timestamps, mask of unparsable values, mask of values that are a date without a time)."""
    values = _parse_formats(text, TIMESTAMP_FORMATS)
    dates, _ = parse_dates(text.where(values.isna() & text.notna()))
    date_only = dates.notna()
    values = values.where(~date_only, dates)
    return values, text.notna() & values.isna(), date_only


def _ungroup(text: pd.Series) -> pd.Series:
    grouped = text.str.fullmatch(_GROUPED).fillna(False)
    return text.where(~grouped, text.str.replace(r"[ \u00a0\u202f]", "", regex=True))


def parse_floats(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(Float64 values, mask of values that are not numbers). Decimal point or comma."""
    text = _ungroup(text)
    numeric = text.str.fullmatch(_NUMBER).fillna(False)
    values = pd.to_numeric(text.where(numeric).str.replace(",", ".", regex=False), errors="coerce")
    return values.astype("Float64"), text.notna() & ~numeric


def parse_ints(text: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """(Int64 values, not-a-number mask, not-whole mask, too-large mask)."""
    floats, not_number = parse_floats(text)
    whole = _ungroup(text).str.fullmatch(_WHOLE).fillna(False)
    not_whole = text.notna() & ~not_number & ~whole
    too_large = floats.abs().gt(INT32_MAX).fillna(False) & whole
    usable = whole & ~too_large
    values = floats.where(usable).round().astype("Int64")
    return values, not_number, not_whole, too_large
