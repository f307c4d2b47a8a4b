"""The page context: what every page needs (language, snapshot, filters, connection, user)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.auth.policy import DataPolicy, declared_sensitive
from dashboard.config import auth_mode
from dashboard.i18n import t as translate
from dashboard.periods import Period
from dashboard.snapshots import SnapshotInfo
from dashboard.ui.data import cached_query

CONTEXT_KEY = "_page_context"


@dataclass(frozen=True)
class PageContext:
    """Built by the sidebar on every run, read by the page (`get_context()`)."""

    lang: str
    snapshot: SnapshotInfo
    period: Period
    raion: str | None  # raion KATOTTG code, None = whole oblast
    hromada: str | None  # hromada KATOTTG code, None = all in the raion / oblast
    hromadas: pd.DataFrame  # the snapshot's hromada list (reference.hromada_list columns)
    user: Any = None  # the signed-in user (dashboard.auth), None when auth is off
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def reporting_date(self) -> dt.date:
        return self.snapshot.reporting_date

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

    def query(self, func, **kwargs: Any) -> Any:
        """Run a query wrapper on this snapshot through the cache (see ui.data.cached_query).

        The result passes through the signed-in person's `DataPolicy` (personal columns removed or
        blanked, sensitive small counts «<5» for partners), after the cache, so that every chart, table,
        tooltip and download built from it obeys the policy. Without a policy in `extras` while login
        is on, the most restrictive (partner) policy applies.
        """
        return self.query_on(self.snapshot, func, **kwargs)

    def query_on(self, snapshot: SnapshotInfo, func, **kwargs: Any) -> Any:
        """`query` on another snapshot (e.g. the previous one, for changes), through the same policy."""
        result = cached_query(snapshot, func, **kwargs)
        return self.policy.apply(result, declared_sensitive(func, kwargs))

    @property
    def policy(self) -> DataPolicy:
        policy = self.extras.get("policy")
        if policy is None:
            return DataPolicy() if auth_mode() == "off" else DataPolicy(role="partner")
        return policy

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
