"""Who may open which page and see which data: pure rules, applied on the server to every query result.

Roles (navigation.ROLES): `admin` sees everything; `head` sees their own hromada in full and, for the other
hromadas, aggregated indicators without personal data; `partner` sees aggregated indicators only, no
personal data, and small counts of sensitive categories as «<5». `role=None` means login is switched off
(DASHBOARD_AUTH=off, local demo): everything.

Conventions the query wrappers follow so that `DataPolicy.apply` can do its job:
- Personal data sits in columns named as in `PERSONAL` (officers' `full_name`, `phone`; the passport's
  `responsible`); passport details `problem`, `measure` are restricted in frames of passport items (those
  with `item_id`, `responsible` or `due_on`). A frame with such columns carries a `hromada` (or `katottg`)
  column; without one a head gets the columns removed, not blanked.
- Sensitive counts are either long (a `category` column whose value is in `SENSITIVE_CATEGORIES` and count
  columns such as `n`, `solved`, `n_prev`) or wide (columns named `domestic_violence`, `dv`, `n_dv`,
  `dv_rate`, ...). In the partner view counts 1–4 become «<5» and every derived number of such a row
  (names holding rate, share, pct, z, change, ...) is blanked, because it would give the count away.
- Frames whose sensitive counts the names cannot reveal (`n_current` of a domestic-violence query, a
  `category_n` whose category is a parameter) declare them on the wrapper with `@sensitive_counts(...)`.
- Event-level rows of a sensitive category (one row per offence, no count column) are removed for partners.
- A suppressed cell holds the string «<5» (the column becomes object): use `numeric(column)` for sums and
  charts, and never suppress again what `ctx.query` returned.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from dashboard.indicators import SUPPRESSED_LABEL
from dashboard.navigation import page_by_slug
from dashboard.schema import PERSONAL_COLUMNS, SENSITIVE_OFFENCE_CATEGORIES

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])

PERSONAL = frozenset(c for cols in PERSONAL_COLUMNS.values() for c in cols) | {
    "officer_name",
    "officer_full_name",
    "officer_phone",
    "phone_number",
    "contact_phone",
    "email",
    "responsible",  # passport_items: the person responsible for a measure
}
OWN_HROMADA_DETAILS = frozenset({"problem", "measure"})  # passport details: own hromada (and admin) only
# ... restricted only in frames of passport items (a survey frame's `measure` is "trust", "feel_safe", ...).
PASSPORT_MARKERS = frozenset({"item_id", "responsible", "due_on"})
RESTRICTED_COLUMNS = PERSONAL | OWN_HROMADA_DETAILS
HROMADA_COLUMNS = ("hromada", "katottg")
# The 102 call category "domestic" is domestic violence reported by phone: suppressed like the offence.
SENSITIVE_CATEGORIES = frozenset(SENSITIVE_OFFENCE_CATEGORIES) | {"domestic"}
CATEGORY_COLUMNS = ("category", "offence_category", "call_category")
EVENT_ID_COLUMNS = frozenset({"offence_id", "call_id", "activity_id"})
SUPPRESS_MAX = 4
# Column-name tokens of numbers derived from a count (hidden in a row whose count was suppressed).
DERIVED_TOKENS = frozenset(
    [
        "rate",
        "share",
        "pct",
        "percent",
        "z",
        "ratio",
        "per",
        "change",
        "delta",
        "diff",
        "index",
        "score",
        "moe",
        "low",
        "high",
        "ci",
        "lower",
        "upper",
    ]
)
# Numeric columns that are never counts of offences (population, geography, calendar).
SAFE_NUMERIC = re.compile(
    r"^(population.*|area_km2|n_settlements|lat|lon|.*_lat|.*_lon|year|month_num|peer_group)$"
)
_WIDE_SENSITIVE = re.compile(r"(^|_)(dv|domestic_violence|domestic)(_|$)")


@dataclass(frozen=True)
class Sensitive:
    """Columns of a query wrapper's result that hold sensitive counts in every row (see `sensitive_counts`)."""

    counts: tuple[str, ...]
    derived: tuple[str, ...] = ()


def sensitive_counts(
    *counts: str, derived: tuple[str, ...] = (), when: Callable[[dict[str, Any]], bool] | None = None
) -> Callable[[F], F]:
    """Declare on a query wrapper which columns are sensitive counts, for frames the naming conventions miss.

        @sensitive_counts("n_current", "n_previous", derived=("rate_current",))
        def dv_period(con, ...): ...

        @sensitive_counts("category_n", "category_prev", derived=("category_rate", "category_z"),
                          when=lambda kw: kw["category"] in SENSITIVE_CATEGORIES)
        def hromada_table(con, *, category, ...): ...

    `PageContext.query` reads the declaration and the partner view suppresses those columns (1–4 → «<5»,
    the derived columns blanked in the same rows). `when(kwargs)` limits it to some calls.
    """

    def mark(func: F) -> F:
        func.__sensitive_counts__ = (Sensitive(tuple(counts), tuple(derived)), when)  # type: ignore[attr-defined]
        return func

    return mark


def declared_sensitive(func: Callable[..., Any], kwargs: dict[str, Any]) -> Sensitive | None:
    """The `sensitive_counts` declaration of `func` that applies to a call with `kwargs`, if any."""
    declared = getattr(func, "__sensitive_counts__", None)
    if declared is None:
        return None
    spec, when = declared
    return spec if when is None or when(kwargs) else None


def may_open(role: str | None, slug: str) -> bool:
    """Whether `role` may open the page `slug` (None = login off: every registered page)."""
    spec = page_by_slug(slug)
    return spec is not None and (role is None or role in spec.roles)


def _tokens(name: str) -> set[str]:
    return set(re.split(r"[^a-z0-9]+", str(name).lower()))


def _is_derived(name: str) -> bool:
    return bool(_tokens(name) & DERIVED_TOKENS)


def _is_number_column(column: pd.Series) -> bool:
    """Numbers (not booleans), or an object column of numbers and «<5» (already suppressed)."""
    if pd.api.types.is_bool_dtype(column):
        return False
    if pd.api.types.is_numeric_dtype(column):
        return True
    if not pd.api.types.is_object_dtype(column):
        return False
    values = column.dropna()
    return bool(len(values)) and all(
        is_suppressed(v) or (isinstance(v, int | float | np.number) and not isinstance(v, bool))
        for v in values
    )


def _numeric_columns(df: pd.DataFrame) -> list[str]:
    return [c for c in df.columns if not SAFE_NUMERIC.match(str(c)) and _is_number_column(df[c])]


def _small(values: pd.Series) -> np.ndarray:
    """Cells to show as «<5»: counts 1–4, and those already «<5» (so that applying twice changes nothing)."""
    numbers = pd.to_numeric(values, errors="coerce").astype("float64").to_numpy()
    with np.errstate(invalid="ignore"):
        small = (numbers >= 1) & (numbers <= SUPPRESS_MAX)
    return small | (values.astype(object) == SUPPRESSED_LABEL).to_numpy(dtype=bool)


def _suppress(column: pd.Series, hide: np.ndarray) -> pd.Series:
    return column.astype(object).where(~hide, SUPPRESSED_LABEL)


def numeric(values: pd.Series) -> pd.Series:
    """Numbers of a column that may hold «<5» (suppressed cells become NaN): for charts and sums."""
    return pd.to_numeric(values.where(values.astype(object) != SUPPRESSED_LABEL), errors="coerce")


def is_suppressed(value: Any) -> bool:
    return isinstance(value, str) and value == SUPPRESSED_LABEL


@dataclass(frozen=True)
class DataPolicy:
    """What one signed-in person may see; `apply` rewrites a query result accordingly."""

    role: str | None = None  # None: login switched off (local demo)
    own_hromada: str | None = None  # a head's KATOTTG

    @classmethod
    def for_user(cls, user: Any) -> DataPolicy:
        if user is None:
            return cls()
        return cls(role=user.role, own_hromada=user.hromada if user.role == "head" else None)

    @property
    def partner(self) -> bool:
        return self.role == "partner"

    @property
    def unrestricted(self) -> bool:
        return self.role in (None, "admin")

    def may_see_personal(self, hromada: str | None) -> bool:
        """Whether officers' names and contacts (and passport details) of `hromada` may be shown."""
        if self.unrestricted:
            return True
        return self.role == "head" and hromada is not None and hromada == self.own_hromada

    # --- applying it -------------------------------------------------------------------------------------

    def apply(self, result: Any, sensitive: Sensitive | None = None) -> Any:
        """`result` (a frame, or a dict / list / tuple of frames) as this person may see it.

        `sensitive` names columns holding sensitive counts in every row (`sensitive_counts`). Never mutates
        its argument: a changed frame is a copy, an unchanged one is returned as is.
        """
        if self.unrestricted:
            return result
        if isinstance(result, pd.DataFrame):
            return self._frame(result, sensitive)
        if isinstance(result, pd.Series):
            if str(result.name) in PERSONAL:
                return pd.Series([None] * len(result), index=result.index, name=result.name, dtype=object)
            return result
        if isinstance(result, dict):
            return {k: self.apply(v, sensitive) for k, v in result.items()}
        if isinstance(result, list | tuple) and not hasattr(result, "_fields"):
            return type(result)(self.apply(v, sensitive) for v in result)
        return result

    def _frame(self, df: pd.DataFrame, sensitive: Sensitive | None = None) -> pd.DataFrame:
        out = self._personal(df)
        if self.partner:
            out = self._sensitive(out)
            if sensitive is not None:
                out = self._declared(out, sensitive)
        return out

    def _personal(self, df: pd.DataFrame) -> pd.DataFrame:
        columns = {str(c) for c in df.columns}
        names = RESTRICTED_COLUMNS if columns & PASSPORT_MARKERS else PERSONAL
        restricted = [c for c in df.columns if str(c) in names]
        if not restricted:
            return df
        hromada_col = next((c for c in HROMADA_COLUMNS if c in df.columns), None)
        if self.partner or hromada_col is None or not self.own_hromada:
            return df.drop(columns=restricted)
        out = df.copy()
        other = (out[hromada_col].astype(object) != self.own_hromada).to_numpy()
        for col in restricted:
            out[col] = out[col].astype(object).where(~other, None)
        return out

    def _sensitive(self, df: pd.DataFrame) -> pd.DataFrame:
        out = self._sensitive_long(df)
        return self._sensitive_wide(out)

    def _sensitive_long(self, df: pd.DataFrame) -> pd.DataFrame:
        category_col = next((c for c in CATEGORY_COLUMNS if c in df.columns), None)
        if category_col is None or df.empty:
            return df
        rows = df[category_col].astype(object).isin(SENSITIVE_CATEGORIES).to_numpy()
        if not rows.any():
            return df
        numeric_cols = _numeric_columns(df)
        counts = [c for c in numeric_cols if not _is_derived(c)]
        derived = [c for c in numeric_cols if _is_derived(c)]
        if not counts or EVENT_ID_COLUMNS & set(df.columns):
            log.info("partner view: %d event-level sensitive rows removed", int(rows.sum()))
            out = df.loc[~rows].copy()
            out.attrs["policy_rows_removed"] = int(rows.sum())
            return out
        out = df.copy()
        suppressed_any = np.zeros(len(out), dtype=bool)
        for col in counts:
            hide = rows & _small(out[col])
            if hide.any():
                out[col] = _suppress(out[col], hide)
                suppressed_any |= hide
        for col in derived:
            out[col] = out[col].mask(suppressed_any)
        return out

    def _sensitive_wide(self, df: pd.DataFrame) -> pd.DataFrame:
        columns = [c for c in df.columns if _WIDE_SENSITIVE.search(str(c).lower())]
        numeric_cols = [c for c in columns if c in _numeric_columns(df)]
        if not numeric_cols or df.empty:
            return df
        counts = [c for c in numeric_cols if not _is_derived(c)]
        derived = [c for c in numeric_cols if _is_derived(c)]
        return self._suppress_columns(df, counts, derived)

    def _declared(self, df: pd.DataFrame, sensitive: Sensitive) -> pd.DataFrame:
        counts = [c for c in sensitive.counts if c in df.columns]
        derived = [c for c in sensitive.derived if c in df.columns]
        if df.empty or not (counts or derived):
            return df
        return self._suppress_columns(df, counts, derived)

    @staticmethod
    def _suppress_columns(df: pd.DataFrame, counts: list[str], derived: list[str]) -> pd.DataFrame:
        """Counts 1–4 → «<5» in every row; derived columns blanked where a count was (or, without any
        count column to judge by, everywhere)."""
        out = df.copy()
        suppressed_any = np.zeros(len(out), dtype=bool) if counts else np.ones(len(out), dtype=bool)
        for col in counts:
            hide = _small(out[col])
            if hide.any():
                out[col] = _suppress(out[col], hide)
                suppressed_any |= hide
        for col in derived:
            out[col] = out[col].mask(suppressed_any)
        return out
