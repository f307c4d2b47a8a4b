"""Who an export is for, and what that audience may see: the pages' data rules applied to exports.

- admin: everything.
- head (of a hromada): everything, but personal columns (officer names and phones) only for their own
  hromada.
- partner (external): no personal columns at all, and counts 1–4 of sensitive offence categories
  (domestic violence) shown as «<5».
The command line defaults to the partner view: a file leaves the server and may be forwarded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard.indicators import suppress_sensitive
from dashboard.schema import PERSONAL_COLUMNS, SENSITIVE_OFFENCE_CATEGORIES

ROLES = ("admin", "head", "partner")
OFFICER_PERSONAL = PERSONAL_COLUMNS["officers"]  # full_name, phone


@dataclass(frozen=True)
class Audience:
    """The role the export is made for and, for a head, their own hromada (KATOTTG)."""

    role: str = "partner"
    own_hromada: str | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}; expected one of {', '.join(ROLES)}")

    @property
    def is_partner(self) -> bool:
        return self.role == "partner"

    def shows_personal(self, katottg: str | None) -> bool:
        """Whether officer names and phones of `katottg` may appear."""
        if self.role == "admin":
            return True
        return self.role == "head" and katottg is not None and katottg == self.own_hromada

    def sensitive_count(self, count: Any, category: str) -> Any:
        """`count`, or «<5» for counts 1–4 of a sensitive category in the partner view."""
        if self.is_partner and category in SENSITIVE_OFFENCE_CATEGORIES:
            return suppress_sensitive(count)
        return count

    def officers(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Officer rows with the personal columns removed where this audience may not see them.

        The columns are dropped when no row may show them (partners), otherwise blanked row by row
        (a head sees their own hromada's officers only).
        """
        personal = [c for c in OFFICER_PERSONAL if c in frame.columns]
        if not personal:
            return frame
        allowed = frame["hromada"].map(self.shows_personal).astype(bool)
        if not allowed.any():
            return frame.drop(columns=personal)
        out = frame.copy()
        for column in personal:
            out[column] = out[column].astype(object).where(allowed, None)
        return out

    def describe(self) -> dict[str, Any]:
        """For the audit log."""
        return {"audience": self.role, "own_hromada": self.own_hromada}
