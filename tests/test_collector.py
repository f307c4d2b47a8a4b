"""The serving process freezes its long-lived objects once, after its first page (dashboard/ui/collector.py,
issue 14): collections after that skip them."""

from __future__ import annotations

import gc

import pytest

from dashboard.ui import collector
from tests.page_helpers import open_app_page


@pytest.fixture()
def not_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a fresh process (the objects this test process froze before stay frozen: harmless)."""
    monkeypatch.setattr(collector, "_frozen", False)


def test_freezes_once_and_then_collections_skip_the_frozen_objects(not_frozen):
    assert collector.freeze_after_first_page() is True
    assert collector.frozen()
    assert gc.get_freeze_count() > 10_000  # this test process: modules, pandas, plotly, pytest
    assert collector.freeze_after_first_page() is False  # only once: a second freeze would keep garbage


def test_the_app_freezes_after_its_first_page(fixture_env, not_frozen):
    open_app_page("overview")
    assert collector.frozen()
