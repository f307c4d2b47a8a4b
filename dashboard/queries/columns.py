"""What each column of a query wrapper's result is: declared on the wrapper, read by the data policy.

    @declare(
        category=Role.KEY, n=Role.COUNT, rate_per_10k=Role.DERIVED, z=Role.TEST,
        sensitive_rows=rows_of_category("category"),
    )
    def crime_by_category(con, *, month_from, ...) -> pd.DataFrame: ...

The policy (dashboard/auth/policy.py) reads only these declarations, never column names; a result with a
column that is not declared is refused (`UndeclaredColumnError`), and a test runs every wrapper on the
fixture to keep declarations and results equal. Sensitive counts need no treatment here: the partner view
reads rounded counts at the source (dashboard/disclosure.py), so what is computed from them is safe.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from dashboard.schema import SENSITIVE_OFFENCE_CATEGORIES

F = TypeVar("F", bound=Callable[..., Any])
SENSITIVE_CATEGORIES = frozenset(SENSITIVE_OFFENCE_CATEGORIES)


class Role(StrEnum):
    """The role of an output column."""

    KEY = "key"  # what a row is about: codes, place names, months, categories, ids
    SENSITIVE_COUNT = (
        "sensitive_count"  # a count of a sensitive category (rounded at the source for partners)
    )
    COUNT = "count"  # a count or total that may include a sensitive count
    DERIVED = "derived"  # a rate, share, mean, median, interval … computed from counts
    TEST = "test"  # a statistical test on counts (z, p, flag): withheld for partners on sensitive rows
    TOTAL_TEST = "total_test"  # a test on a total that includes a sensitive count: withheld for partners
    PERSONAL = "personal"  # a person's name or contact
    NAMED_TEXT = "named_text"  # free text that may name a person (a passport measure's `responsible`)
    FREE_TEXT = "free_text"  # free text from uploads, shown to everyone (escaped and neutralised on output)
    # Free text a reader needs that may mention people (a passport's problem, measure, what was done and
    # its result; a funding source's name): shown to everyone, but for partners and heads of other
    # hromadas the parts that may identify a person are masked in place (policy.redact_narrative).
    NARRATIVE = "narrative"
    SAFE = "safe"  # anything else: population, area, dates, flags, counts of nothing sensitive


# Column groups several wrappers return alike (pass them first: `@declare(HROMADA_PLACE, hromada=Role.KEY)`).
OFFICER_CARD = {
    "officer_id": Role.KEY,
    "hromada": Role.KEY,
    "full_name": Role.PERSONAL,
    "rank": Role.SAFE,
    "phone": Role.PERSONAL,
    "deployed_on": Role.SAFE,
}
HROMADA_PLACE = {
    "type": Role.SAFE,
    "type_en": Role.SAFE,
    "raion": Role.KEY,
    "raion_en": Role.KEY,
    "raion_katottg": Role.KEY,
    "center": Role.KEY,
}

# A change of each survey share between two waves, with its margin and whether it exceeds it.
SURVEY_CHANGE = {
    f"{name}_{suffix}": role
    for name in ("trust", "feel_safe", "knows_officer")
    for suffix, role in (("change", Role.DERIVED), ("change_moe", Role.DERIVED), ("significant", Role.TEST))
}


class UndeclaredColumnError(RuntimeError):
    """A wrapper returned a column its declaration does not name (or has no declaration at all)."""


# Which rows of a result depend on sensitive counts (their TEST columns are withheld from partners).
RowSelector = Callable[[pd.DataFrame, Mapping[str, Any]], np.ndarray]


def rows_of_category(column: str) -> RowSelector:
    """Rows whose `column` holds a sensitive category."""

    def select(df: pd.DataFrame, _kwargs: Mapping[str, Any]) -> np.ndarray:
        return df[column].astype(object).isin(SENSITIVE_CATEGORIES).to_numpy(dtype=bool)

    return select


def when_param(name: str) -> RowSelector:
    """Every row when the call's parameter `name` is a sensitive category (a one-category query)."""

    def select(df: pd.DataFrame, kwargs: Mapping[str, Any]) -> np.ndarray:
        return np.full(len(df), kwargs.get(name) in SENSITIVE_CATEGORIES, dtype=bool)

    return select


def when_param_includes_sensitive(name: str) -> RowSelector:
    """Every row when the call's parameter `name` is a sensitive category or None (all categories: a total
    that includes the sensitive ones), e.g. an estimate computed from a one-category or total panel."""

    def select(df: pd.DataFrame, kwargs: Mapping[str, Any]) -> np.ndarray:
        value = kwargs.get(name)
        return np.full(len(df), value is None or value in SENSITIVE_CATEGORIES, dtype=bool)

    return select


def every_row(df: pd.DataFrame, _kwargs: Mapping[str, Any]) -> np.ndarray:
    """Every row (a query of sensitive counts only)."""
    return np.ones(len(df), dtype=bool)


@dataclass(frozen=True)
class Declaration:
    roles: Mapping[str, Role]
    sensitive_rows: RowSelector | None = None

    def columns_with(self, *roles: Role) -> list[str]:
        return [c for c, r in self.roles.items() if r in roles]

    def check(self, df: pd.DataFrame, where: str) -> None:
        undeclared = [str(c) for c in df.columns if str(c) not in self.roles]
        if undeclared:
            raise UndeclaredColumnError(f"{where} returned undeclared column(s): {', '.join(undeclared)}")


def declare(
    *groups: Mapping[str, Role], sensitive_rows: RowSelector | None = None, **roles: Role
) -> Callable[[F], F]:
    """Declare the role of every output column of a query wrapper (see the module doc); `groups` are column
    groups several wrappers share (`OFFICER_CARD`, `HROMADA_PLACE`)."""
    declared = {name: role for group in groups for name, role in group.items()} | roles

    def mark(func: F) -> F:
        func.__columns__ = Declaration(declared, sensitive_rows)  # type: ignore[attr-defined]
        return func

    return mark


def declaration_of(func: Callable[..., Any]) -> Declaration:
    declaration = getattr(func, "__columns__", None)
    if not isinstance(declaration, Declaration):
        raise UndeclaredColumnError(f"{func.__module__}.{func.__name__} declares no columns (@declare)")
    return declaration
