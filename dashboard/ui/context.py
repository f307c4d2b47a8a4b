"""The page context: what every page needs (language, snapshot, filters, connection, user)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from dashboard.auth.policy import DataPolicy
from dashboard.auth.users import User
from dashboard.config import auth_mode
from dashboard.i18n import t as translate
from dashboard.navigation import DEFAULT_PAGE
from dashboard.periods import Comparison, Period, year_on_year
from dashboard.queries.crime import crime_data_range
from dashboard.snapshots import SnapshotInfo
from dashboard.ui.data import cached_query
from dashboard.ui.view_cache import cached_view, remember

T = TypeVar("T")

CONTEXT_KEY = "_page_context"


def default_policy() -> DataPolicy:
    """Before the access check has run: everything with login off, else the most restrictive view."""
    return DataPolicy() if auth_mode() == "off" else DataPolicy(role="partner")


@dataclass(frozen=True)
class PageContext:
    """Built by the sidebar on every run and completed by the access check (`ui.access.with_access`)."""

    lang: str
    snapshot_or_none: SnapshotInfo | None  # None only on a first run, on the administrators' pages
    period: Period
    raion: str | None  # raion KATOTTG code, None = whole oblast
    hromada: str | None  # hromada KATOTTG code, None = all in the raion / oblast
    hromadas: pd.DataFrame  # the snapshot's hromada list (reference.hromada_list columns)
    user: User | None = None  # the signed-in user, None when login is off
    policy: DataPolicy = field(default_factory=default_policy)
    slug: str = DEFAULT_PAGE  # the page being drawn
    # The snapshots this person may see, oldest first (published ones; administrators also drafts), and
    # which of them are published (dashboard/publication.py).
    snapshots: tuple[SnapshotInfo, ...] = ()
    published: frozenset[dt.date] = frozenset()

    @property
    def is_draft(self) -> bool:
        """The snapshot shown is not published (only administrators get here)."""
        return self.snapshot.reporting_date not in self.published

    def previous_snapshot(self) -> SnapshotInfo | None:
        """The published snapshot just before the one shown (what changes are measured against)."""
        older = [
            s
            for s in self.snapshots
            if s.reporting_date < self.reporting_date and s.reporting_date in self.published
        ]
        return older[-1] if older else None

    @property
    def has_snapshot(self) -> bool:
        return self.snapshot_or_none is not None

    @property
    def snapshot(self) -> SnapshotInfo:
        """The snapshot shown. Only the administrators' pages (upload, users, audit) run without one, on
        a first run (ui/first_run.py), and they do not ask for it."""
        if self.snapshot_or_none is None:
            raise RuntimeError("no snapshot yet: this page needs data (app.py lets only admin pages run)")
        return self.snapshot_or_none

    @property
    def reporting_date(self) -> dt.date:
        return self.snapshot.reporting_date

    @property
    def partner(self) -> bool:
        """The partner (external) view: what pages say about rounding and hidden names."""
        return self.policy.partner

    @property
    def show_personal(self) -> bool:
        """Whether officers' names and contacts of the selected hromada may be shown."""
        return self.policy.may_see_personal(self.hromada)

    def t(self, key: str, **kwargs: Any) -> str:
        return translate(key, self.lang, **kwargs)

    def scope_params(self) -> dict[str, Any]:
        """The standard bound parameters: period months, raion, hromada, reporting date."""
        return {
            **self.period.params(),
            "raion": self.raion,
            "hromada": self.hromada,
            "reporting_date": self.reporting_date,
        }

    def comparison(self) -> Comparison:
        """The period against the same months a year earlier, or no comparison and why, by the first month
        of offence data in this snapshot (dashboard.periods.year_on_year: the one rule for every page)."""
        first = self.query(crime_data_range, reporting_date=self.reporting_date)["first_month"].iloc[0]
        return year_on_year(self.period, first)

    def query(self, func: Callable[..., pd.DataFrame], **kwargs: Any) -> pd.DataFrame:
        """Run a query wrapper on this snapshot through the cache (see ui.data.cached_query), as the
        signed-in person may see it: a partner's query reads the disclosure-controlled snapshot, and the
        result passes through `DataPolicy.apply` by the wrapper's column declaration, after the cache, so
        every chart, table, tooltip and download built from it obeys the policy."""
        return self.query_on(self.snapshot, func, **kwargs)

    def query_on(
        self, snapshot: SnapshotInfo, func: Callable[..., pd.DataFrame], **kwargs: Any
    ) -> pd.DataFrame:
        """`query` on another snapshot (e.g. the previous one, for changes), through the same policy."""
        result = cached_query(snapshot, func, controlled=self.policy.controlled, **kwargs)
        # Keyed by what the result depends on: the policy only as far as it changes this wrapper's result.
        name = f"{func.__module__}:{func.__name__}"
        key = (snapshot.snapshot_id, self.policy.result_key(func), name, tuple(sorted(kwargs.items())))
        return remember(self.policy.checked(func, kwargs, result), key)

    def view(self, func: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """`func(*args, **kwargs)` — a pure view of query results (dashboard/views, dashboard/charts) —
        shared by every session of the same audience that asks for the same view of the same query
        results (dashboard/ui/view_cache.py). Frames from `ctx.query` are keyed by their query and this
        person's data policy; a frame the page built itself makes the call uncached (still correct)."""
        return cached_view(func, *args, **kwargs)

    def hromada_name(self, katottg: str) -> str:
        row = self.hromadas.loc[self.hromadas["katottg"] == katottg]
        if row.empty:
            return katottg
        return str(row.iloc[0]["name_en" if self.lang == "en" else "name_uk"])

    def name_column(self) -> str:
        return "name_en" if self.lang == "en" else "name_uk"


def set_context(ctx: PageContext) -> None:
    st.session_state[CONTEXT_KEY] = ctx


def get_context() -> PageContext:
    """The context the app shell built for this run; pages call this first."""
    ctx = st.session_state.get(CONTEXT_KEY)
    if ctx is None:
        st.stop()  # only reachable when a page file is run without app.py
    return ctx
