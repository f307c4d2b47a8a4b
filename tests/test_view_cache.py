"""`ctx.view` (dashboard/ui/view_cache.py): a view's result is shared only with a request for the same
view of the same query results under the same data policy; anything else is recomputed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from dashboard.auth.policy import DataPolicy
from dashboard.periods import make_period
from dashboard.queries.crime import crime_by_category
from dashboard.reference import hromadas
from dashboard.snapshots import connect_readonly, list_snapshots
from dashboard.ui import view_cache
from dashboard.ui.context import PageContext
from tests.fixture_snapshot import LATEST_DATE, A, B
from tests.test_query_declarations import sample_kwargs, wrappers

CALLS: list[int] = []


def summary(frame: pd.DataFrame, *, lang: str) -> dict[str, int]:
    """A stand-in pure view that counts its calls."""
    CALLS.append(1)
    return {"rows": len(frame), "lang_en": lang == "en", "total": int(frame["n"].sum())}


@pytest.fixture()
def make_ctx(fixture_data_dir: Path) -> Iterator:
    view_cache.clear()
    CALLS.clear()
    snapshot = list_snapshots(fixture_data_dir / "snapshots")[-1]

    def make(policy: DataPolicy, hromada: str | None = None) -> PageContext:
        period = make_period("12m", snapshot.reporting_date)
        return PageContext("uk", snapshot, period, None, hromada, hromadas(), policy=policy)

    yield make
    view_cache.clear()


def by_category(ctx: PageContext) -> pd.DataFrame:
    previous = ctx.period.same_period_last_year()
    return ctx.query(crime_by_category, **ctx.period.params(), prev_from=previous.month_from,
                     prev_to=previous.month_to, raion=None, hromada=ctx.hromada)  # fmt: skip


def test_same_view_same_results_same_audience_is_computed_once(make_ctx) -> None:
    first, second = make_ctx(DataPolicy()), make_ctx(DataPolicy())  # two sessions, login off
    a = first.view(summary, by_category(first), lang="uk")
    b = second.view(summary, by_category(second), lang="uk")
    assert a == b and a is b and len(CALLS) == 1
    second.view(summary, by_category(second), lang="en")  # another language: another result
    assert len(CALLS) == 2


def test_another_scope_or_audience_gets_its_own_result(make_ctx) -> None:
    admin = make_ctx(DataPolicy(role="admin"), A)
    admin.view(summary, by_category(admin), lang="uk")
    other = make_ctx(DataPolicy(role="admin"), B)
    other.view(summary, by_category(other), lang="uk")
    partner = make_ctx(DataPolicy(role="partner"), A)  # rounded counts: never the admin's result
    partner_result = partner.view(summary, by_category(partner), lang="uk")
    assert len(CALLS) == 3
    assert partner.view(summary, by_category(partner), lang="uk") is partner_result
    # A head gets the administrator's result of a query without personal data (the policy changes
    # nothing in it), but not of one with officers' names: there the key names the head.
    head = make_ctx(DataPolicy(role="head", own_hromada=A), A)
    head.view(summary, by_category(head), lang="uk")
    assert len(CALLS) == 3
    from dashboard.queries.profile import officer_cards

    assert DataPolicy(role="head", own_hromada=A).result_key(officer_cards) != ("full",)
    assert DataPolicy(role="admin").result_key(officer_cards) == ("full",)


def test_a_frame_the_page_changed_is_never_served_from_the_cache(make_ctx) -> None:
    ctx = make_ctx(DataPolicy())
    frame = by_category(ctx)
    ctx.view(summary, frame, lang="uk")
    derived = frame[frame["n"] > 0].copy()  # built by the page: no query key
    derived["n"] = 0
    assert ctx.view(summary, derived, lang="uk")["total"] == 0
    assert ctx.view(summary, derived, lang="uk")["total"] == 0
    assert len(CALLS) == 3 and view_cache.stats()["uncacheable"] == 2


def test_plain_values_are_keyed_by_value_unknown_types_uncached() -> None:
    view_cache.clear()
    calls = []

    def view(values: object) -> int:
        calls.append(1)
        return 1

    view_cache.cached_view(view, {"a": [1, 2]})  # plain values: keyed by value
    view_cache.cached_view(view, {"a": [1, 2]})
    assert len(calls) == 1
    series = pd.Series([1, 2])  # a type the key does not know: computed every time
    view_cache.cached_view(view, series)
    view_cache.cached_view(view, series)
    assert len(calls) == 3


POLICIES = (DataPolicy(), DataPolicy(role="admin"), DataPolicy(role="head", own_hromada=A),
            DataPolicy(role="head", own_hromada=B))  # fmt: skip


@pytest.mark.parametrize("func", wrappers(), ids=lambda f: f"{f.__module__.rsplit('.', 1)[-1]}.{f.__name__}")
def test_policies_with_the_same_result_key_get_the_same_result(func, fixture_data_dir: Path) -> None:
    """The soundness of `DataPolicy.result_key` for every wrapper: where two non-partner policies share a
    key (and so share cached views), the policy gives them identical frames; where they differ (personal
    data of a head's own hromada), the key differs. (Partners share one key and one connection.)"""
    snapshots = fixture_data_dir / "snapshots"
    con = connect_readonly(snapshots / f"{LATEST_DATE.isoformat()}.duckdb")
    try:
        raw = func(con, **(kwargs := sample_kwargs(func, snapshots)))
    finally:
        con.close()
    results = {policy: policy.checked(func, kwargs, raw) for policy in POLICIES}
    for first in POLICIES:
        for second in POLICIES:
            if first.result_key(func) == second.result_key(func):
                pd.testing.assert_frame_equal(results[first], results[second])
    assert DataPolicy(role="partner").result_key(func) == ("partner",)


def in_hromada(frame: pd.DataFrame, hromada: str) -> pd.DataFrame:
    """A stand-in view that cuts a query result (as the compare page cuts the oblast to its scope)."""
    CALLS.append(1)
    return frame[frame["category"].notna()].assign(hromada=hromada)


def test_views_of_a_view_are_shared_and_stay_keyed_by_the_audience(make_ctx) -> None:
    admin, admin2 = make_ctx(DataPolicy(role="admin")), make_ctx(DataPolicy(role="admin"))
    cut = admin.view(in_hromada, by_category(admin), A)
    first = admin.view(summary, cut, lang="uk")
    # Another session of the same audience: the cut and the view of it both come from the cache.
    cut2 = admin2.view(in_hromada, by_category(admin2), A)
    assert cut2 is cut and admin2.view(summary, cut2, lang="uk") is first and len(CALLS) == 2
    admin.view(summary, admin.view(in_hromada, by_category(admin), B), lang="uk")  # another argument
    assert len(CALLS) == 4
    # A partner's chain starts from the rounded counts: computed again, never the administrator's.
    partner = make_ctx(DataPolicy(role="partner"))
    partner_cut = partner.view(in_hromada, by_category(partner), A)
    assert partner_cut is not cut
    assert partner.view(summary, partner_cut, lang="uk") is not first
    assert len(CALLS) == 6
    # A frame the page changes after the view is a new frame: no key, computed every time.
    changed = cut.assign(n=0)
    assert admin.view(summary, changed, lang="uk")["total"] == 0 and len(CALLS) == 7


def test_evicting_cached_frames_forgets_their_keys(make_ctx, monkeypatch) -> None:
    """A cached frame dropped from the cache (LRU eviction, clear) unregisters itself while the cache's
    lock is held: this must neither deadlock nor leave its key behind."""
    monkeypatch.setattr(view_cache, "MAX_ENTRIES", 2)
    ctx = make_ctx(DataPolicy())
    frame = by_category(ctx)
    for hromada in (A, B, "UA0000", "UA0001"):
        ctx.view(in_hromada, frame, hromada)
    assert view_cache.stats()["entries"] == 2
    view_cache.clear()
    assert view_cache.stats()["entries"] == 0 and view_cache.stats()["frames"] == 0
