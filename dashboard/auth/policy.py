"""Who may open which page and see which data: one policy, applied on the server to every query result.

Roles (navigation.ROLES): `admin` sees everything; `head` sees their own hromada in full and, for the other
hromadas, indicators without personal data; `partner` sees indicators without personal data, computed from
sensitive counts rounded to base 5 at the source. `role=None` means login is switched off
(DASHBOARD_AUTH=off, local demo): everything.

Two mechanisms, one per rule, each in one place:
- Statistical disclosure control (partners): the partner's queries read a snapshot whose sensitive cells
  are rounded (`dashboard.disclosure`); `DataPolicy.controlled` says which connection a query runs on.
- Personal data and tests on rounded counts: `DataPolicy.apply` rewrites a query result by the roles its
  wrapper declares (`dashboard.queries.columns`) — never by column names. Narrative free text (what a
  passport says was done) is shown with what may identify a person masked in place (`redact_narrative`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from dashboard.disclosure import is_controlled
from dashboard.navigation import page_by_slug
from dashboard.queries.columns import SENSITIVE_CATEGORIES, Declaration, Role, declaration_of

HROMADA_KEYS = ("hromada", "katottg")  # KEY columns that say whose row it is

# A person in free text, erring on the side of hiding: an initial beside a capitalised word («Петренко І.»,
# «О. Петренко»), two capitalised words in a row anywhere («ПОГ Іван Петренко», «Петренко Іван, тел.»), a
# capitalised word beside a surname in capitals or initials («Іван ПЕТРЕНКО», «Петренко ІП»), a police rank
# before a capitalised word («лейтенант Петренко»), or a phone number. Offices, councils and roles
# («Виконавчий комітет ради», «ПОГ», «КП «Благоустрій»», «Старости сіл») match none of these.
_UP = "А-ЯІЇЄҐA-Z"
_LOW = "а-яіїєґa-z'’ʼ"
_WORD = rf"[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?"
_PERSON_PATTERNS = (
    re.compile(rf"(?<![{_UP}{_LOW}])[{_UP}]\.\s?(?:[{_UP}]\.\s?)?{_WORD}"),  # О. Петренко, І.П. Петренко
    re.compile(rf"{_WORD}\s+[{_UP}]\.(?:\s?[{_UP}]\.)?"),  # Петренко О., Петренко І. П.
    re.compile(rf"{_WORD}\s+{_WORD}"),  # Іван Петренко (anywhere in the text)
    re.compile(rf"{_WORD}\s+[{_UP}]{{4,}}\b|\b[{_UP}]{{4,}}\s+{_WORD}"),  # Іван ПЕТРЕНКО
    re.compile(rf"{_WORD}\s+[{_UP}]{{2}}\b"),  # Петренко ІП
    re.compile(rf"(?i:лейтенант|сержант|капітан|майор|підполковник|полковник|інспектор)\w*\s+{_WORD}"),
    re.compile(r"(?:\+?38)?\s?\(?0\d{2}\)?[\s-]?\d{3}[\s-]?\d{2}[\s-]?\d{2}"),  # a phone number
)


def names_a_person(text: Any) -> bool:
    """Whether a free-text value may name a person (see the patterns above)."""
    if not isinstance(text, str):
        return False
    return any(pattern.search(text) for pattern in _PERSON_PATTERNS)


# What replaces a masked part of a narrative text (language-neutral; the pages' notes explain it).
MASK = "[…]"
# A street address with a house number identifies a household («вул. Шевченка, 12», «провулок Миру 3а»);
# a street without a number («освітлення на вул. Миру») identifies nobody and stays.
_ADDRESS = re.compile(
    r"(?i:\b(?:вул(?:иця|иці|ицю)?|пров(?:улок|улку)?|просп(?:ект|екту)?|бульв(?:ар|ару)?|пл(?:оща|ощі)?|"
    r"str(?:eet)?|ave(?:nue)?))\.?\s+[^,;:\n]{1,40}?,?\s*(?:(?i:буд\.|будинок|house|№)\s*)?\d+(?:[-/]?\w)?\b"
)
# A text about a sensitive offence category: a number in it may be an exact count that partners get only
# rounded (dashboard/disclosure.py), so for partners its numbers are masked too.
_SENSITIVE_TOPIC = re.compile(r"(?i)насильств|кривдник|постражд|domestic|abuse|perpetrator|victim")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


@cache
def _place_names() -> frozenset[str]:
    """Settlement and hromada names of two or more words («Нова Прага», «Мала Виска»): they look like a
    person's first name and surname to the patterns above, and are not one."""
    from dashboard import reference  # the reference CSVs are read only when a narrative is masked

    names = [*reference.settlements()["name_uk"], *reference.hromadas()["name_uk"]]
    return frozenset(n for n in map(str, names) if " " in n.strip())


def _mask_person(match: re.Match[str]) -> str:
    text = match.group(0)
    return text if any(text in place or place in text for place in _place_names()) else MASK


def redact_narrative(text: Any, *, partner: bool) -> Any:
    """`text` with what may identify a person replaced by «[…]»: names and phone numbers (the patterns
    of `names_a_person`, known place names excepted) and street addresses with a house number; for a
    partner also the numbers of a text about a sensitive offence (domestic violence). Not text: as is."""
    if not isinstance(text, str):
        return text
    out = _ADDRESS.sub(MASK, text)
    for pattern in _PERSON_PATTERNS:
        out = pattern.sub(_mask_person, out)
    if partner and _SENSITIVE_TOPIC.search(out):
        out = _NUMBER.sub(MASK, out)
    return out


def may_open(role: str | None, slug: str) -> bool:
    """Whether `role` may open the page `slug` (None = login off: every registered page)."""
    spec = page_by_slug(slug)
    return spec is not None and (role is None or role in spec.roles)


@dataclass(frozen=True)
class DataPolicy:
    """What one signed-in person may see."""

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
    def controlled(self) -> bool:
        """Whether queries must read the disclosure-controlled snapshot (rounded sensitive counts)."""
        return self.partner

    @property
    def unrestricted(self) -> bool:
        return self.role in (None, "admin")

    def withholds_tests(self, category: str | None) -> bool:
        """Whether a test (z, flag) computed by a view from counts of `category` (None: all categories, a
        total that includes the sensitive ones) must be withheld: the partner's counts of a sensitive
        category are rounded, and a test would react to the rounding noise."""
        return self.controlled and (category is None or category in SENSITIVE_CATEGORIES)

    def may_see_personal(self, hromada: str | None) -> bool:
        """Whether officers' names and contacts of `hromada` may be shown."""
        if self.unrestricted:
            return True
        return self.role == "head" and hromada is not None and hromada == self.own_hromada

    def result_key(self, func: Callable[..., pd.DataFrame]) -> tuple[str, ...]:
        """What of this policy the result of the query wrapper `func` depends on (`apply` reads nothing
        else): two policies with the same key get the same result from the same query, so a view of it
        may be shared between them (dashboard/ui/view_cache.py). A partner: the rounded connection,
        personal columns dropped, tests withheld — the same for every partner. Otherwise only a wrapper with
        PERSONAL or NAMED_TEXT columns makes it depend on who asks (a head sees their own hromada's names);
        for every other wrapper a head's result is the administrator's (tests/test_view_cache.py checks
        this on every wrapper)."""
        if self.partner:
            return ("partner",)
        if self.unrestricted or not declaration_of(func).columns_with(Role.PERSONAL, Role.NAMED_TEXT):
            return ("full",)
        return ("head", str(self.role), str(self.own_hromada))

    def checked(
        self, func: Callable[..., pd.DataFrame], kwargs: Mapping[str, Any], result: pd.DataFrame
    ) -> pd.DataFrame:
        """The result of `func(con, **kwargs)` checked against its declaration, then as this person may see
        it: the one step every query result takes on its way to a page or an export."""
        declaration = declaration_of(func)
        declaration.check(result, f"{func.__module__}.{func.__name__}")
        return self.apply(result, declaration, kwargs)

    def run(
        self, con: duckdb.DuckDBPyConnection, func: Callable[..., pd.DataFrame], **kwargs: Any
    ) -> pd.DataFrame:
        """Run a query wrapper on `con` (the audience's connection, `disclosure.connect_for`) through
        `checked` (exports; pages go through the cache, `PageContext.query`). A connection of the wrong
        audience is refused: a partner's export must never read the raw snapshot."""

        if is_controlled(con) != self.controlled:
            raise ValueError(
                f"a {self.role or 'full'} view needs {'a' if self.controlled else 'no'} partner-view connection"
            )
        return self.checked(func, kwargs, func(con, **kwargs))

    def apply(
        self, df: pd.DataFrame, declaration: Declaration, kwargs: Mapping[str, Any] | None = None
    ) -> pd.DataFrame:
        """`df` (a wrapper's result, declared by `declaration`, called with `kwargs`) as this person may
        see it. Never mutates its argument: a changed frame is a copy, an unchanged one is returned as is."""
        kwargs = kwargs or {}
        if self.unrestricted:
            return df
        out = self._personal(df, declaration, kwargs)
        if self.partner:
            out = self._tests_on_rounded(out, declaration, kwargs)
        return out

    # --- personal data ---------------------------------------------------------------------------------

    def _rows_not_allowed(self, df: pd.DataFrame, kwargs: Mapping[str, Any]) -> np.ndarray:
        """Rows whose personal data this person may not see."""
        if self.partner or not self.own_hromada:
            return np.ones(len(df), dtype=bool)
        key = next((c for c in HROMADA_KEYS if c in df.columns), None)
        if key is not None:
            return (df[key].astype(object) != self.own_hromada).to_numpy(dtype=bool)
        return np.full(len(df), kwargs.get("hromada") != self.own_hromada, dtype=bool)

    def _personal(
        self, df: pd.DataFrame, declaration: Declaration, kwargs: Mapping[str, Any]
    ) -> pd.DataFrame:
        personal = [c for c in declaration.columns_with(Role.PERSONAL) if c in df.columns]
        named = [c for c in declaration.columns_with(Role.NAMED_TEXT) if c in df.columns]
        narrative = [c for c in declaration.columns_with(Role.NARRATIVE) if c in df.columns]
        if not (personal or named or narrative) or df.empty:
            return df.drop(columns=personal) if self.partner else df
        hidden = self._rows_not_allowed(df, kwargs)
        if self.partner:  # partners never get personal columns at all, not even empty ones
            out = df.drop(columns=personal)
        else:
            out = df.copy()
            for col in personal:
                out[col] = out[col].astype(object).where(~hidden, None)
        for col in named:
            values = out[col].astype(object)
            out[col] = values.where(~(hidden & values.map(names_a_person).to_numpy(dtype=bool)), None)
        for col in narrative:
            values = out[col].astype(object)
            masked = values.map(lambda text: redact_narrative(text, partner=self.partner))
            out[col] = values.where(~hidden, masked)
        return out

    # --- tests on rounded counts -------------------------------------------------------------------------

    @staticmethod
    def _tests_on_rounded(
        df: pd.DataFrame, declaration: Declaration, kwargs: Mapping[str, Any]
    ) -> pd.DataFrame:
        """A test (z, p, flag) of rounded counts would react to the rounding noise: withheld on the rows
        of a sensitive category (TEST) and wherever it tests a total that includes one (TOTAL_TEST)."""
        tests = [c for c in declaration.columns_with(Role.TEST) if c in df.columns]
        totals = [c for c in declaration.columns_with(Role.TOTAL_TEST) if c in df.columns]
        if df.empty or not (tests or totals):
            return df
        rows = np.zeros(len(df), dtype=bool)
        if tests and declaration.sensitive_rows is not None:
            rows = declaration.sensitive_rows(df, kwargs)
        if not (rows.any() or totals):
            return df
        out = df.copy()
        for col in tests:
            out[col] = out[col].astype(object).where(~rows, None)
        for col in totals:
            out[col] = pd.Series([None] * len(out), index=out.index, dtype=object)
        return out
