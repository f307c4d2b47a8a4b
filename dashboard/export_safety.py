"""Neutralise spreadsheet formulas in exported CSV/XLSX cells (CSV/formula injection).

A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return can be run as a formula
when the file is opened in Excel or LibreOffice. Texts in our data come from uploaded files, so every
CSV/XLSX the app writes passes through `neutralise_cells`, which prefixes such cells with `'`
(the OWASP recommendation). Numbers are left alone: only text cells are changed.
"""

from __future__ import annotations

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def neutralise_text(value: str) -> str:
    """`value` with a leading `'` if a spreadsheet could read it as a formula."""
    return QUOTE + value if value.startswith(FORMULA_PREFIXES) else value


def unneutralise_text(value: str) -> str:
    """Undo `neutralise_text`, for importing files this project exported."""
    if value.startswith(QUOTE) and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def neutralise_cells(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` in which every text cell that could start a formula is prefixed with `'`."""
    out = df.copy()
    for name in out.columns:
        column = out[name]
        if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_datetime64_any_dtype(column):
            continue
        if pd.api.types.is_string_dtype(column) and not pd.api.types.is_object_dtype(column):
            risky = column.str.startswith(FORMULA_PREFIXES).fillna(False)
            out[name] = column.where(~risky, QUOTE + column)
        else:  # object columns may mix texts with numbers, dates, None
            out[name] = column.map(lambda v: neutralise_text(v) if isinstance(v, str) else v)
    return out
