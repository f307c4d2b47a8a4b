"""Shared fixtures: the hand-made fixture snapshots in a temporary data directory, the demo built once per
run, the app served for the browser tests; and how the suite is split between pytest-xdist workers."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixture_snapshot import build_fixture_snapshots
from tests.run_once import built_once


@pytest.fixture(scope="session")
def fixture_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A DASHBOARD_DATA_DIR holding the two fixture snapshots (2026-09-30, 2026-10-31).

    One per xdist worker (~1 s to build): directories derived from it (tests/auth_helpers.auth_data_dir)
    are rewritten by the tests, so two workers must never share it."""
    data_dir = tmp_path_factory.mktemp("fixture-data")
    build_fixture_snapshots(data_dir / "snapshots")
    return data_dir


@pytest.fixture()
def fixture_env(fixture_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app at the fixture snapshots, with login switched off (page tests)."""
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(fixture_data_dir))
    monkeypatch.setenv("DASHBOARD_AUTH", "off")
    return fixture_data_dir


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("DASHBOARD_I18N_STRICT", "1")


@pytest.fixture()
def con(fixture_data_dir: Path):
    """A read-only connection to the latest fixture snapshot (2026-10-31)."""
    from dashboard.snapshots import connect_readonly

    with connect_readonly(fixture_data_dir / "snapshots" / "2026-10-31.duckdb") as connection:
        yield connection


# --- the demo, built once for the whole run -------------------------------------------------------------

DEMO_DATES = 3  # month-ends 2026-08-31, 2026-09-30, 2026-10-31 (the default number)


@pytest.fixture(scope="session")
def demo_snapshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The snapshots folder of the default demo (seed 2019, oblast, 3 month-ends): ~25 s to build, so built
    once for the whole run and shared by every worker. Read-only: a test that changes a snapshot copies it."""
    from dashboard.demo.build import DEFAULT_SEED
    from dashboard.demo.writer import write_demo_snapshots

    def build(directory: Path) -> None:
        results = write_demo_snapshots(directory, seed=DEFAULT_SEED, scale="oblast", dates=DEMO_DATES)
        assert [r.action for r in results] == ["written"] * DEMO_DATES

    return built_once(tmp_path_factory, "demo-snapshots", build)


# --- the app served for the real-browser tests (tests/browser_server.py) --------------------------------


@pytest.fixture(scope="session")
def open_app(fixture_data_dir: Path) -> Iterator[str]:
    """The app (`streamlit run serve.py`) over the fixture snapshots with login off, every page open by URL:
    one server per worker for all browser tests that only read (pages, languages, history, phone, axe)."""
    from tests.browser_server import streamlit_server

    env = {"DASHBOARD_DATA_DIR": str(fixture_data_dir), "DASHBOARD_AUTH": "off"}
    with streamlit_server(env) as base:
        yield base


@pytest.fixture(scope="session")
def signed_app(fixture_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app with login on and the four test users (tests/auth_helpers.USERS, fast bcrypt), in a data
    folder of its own. Shared by tests that sign in and change nothing of the accounts (no failed sign-ins,
    no password changes): those start their own server (tests/browser_server.served_with_users)."""
    from tests.browser_server import served_with_users

    with served_with_users(fixture_data_dir, tmp_path_factory.mktemp("signed-app")) as (base, _data):
        yield base


@pytest.fixture(scope="module")
def chromium_browser():
    """Debian Chromium through Playwright, one per test module. Not per session: Playwright's sync API
    keeps an event loop running in this thread while it is open, which breaks `asyncio.run` in later
    tests (tests/test_serve.py) and a second `sync_playwright()`."""
    from tests.browser_server import chromium

    with chromium() as browser:
        yield browser


# --- pytest-xdist: which tests must run on the same worker ----------------------------------------------

# Files whose tests are independent of each other and of their order, sharing state only through session
# fixtures (the app servers above) or module fixtures that any worker can build again: dealt out test by
# test. These are the long browser sweeps; every other file runs whole on one worker, in order, as without
# xdist: its module fixtures (servers, snapshots) are built once, and tests that build on each other
# (test_browser_upload) stay so.
SPREAD_FILES = frozenset(
    f"tests/{name}.py"
    for name in (
        "test_browser_a11y",
        "test_browser_a11y_roles",
        "test_browser_history",
        "test_browser_phone",
        "test_browser_sessions",
    )
)


def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """`--dist loadscope` (pyproject addopts), scoped by file rather than class, and by test in SPREAD_FILES.
    Order: the spread tests first (long, so both workers start on them), in collection order; then whole
    files, most tests first, so that the last units are small and the workers finish close together.
    (Not `--dist loadgroup` with marks: pytest 9.2 ignores the group suffix xdist 3.8 writes into node ids.)"""
    if config.getvalue("dist") != "loadscope":
        return None
    from collections import OrderedDict

    from xdist.scheduler import LoadScopeScheduling

    class FileScheduling(LoadScopeScheduling):
        ordered = False

        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return nodeid if path in SPREAD_FILES else path

        def _assign_work_unit(self, node) -> None:
            if not self.ordered:  # the queue is complete at the first call (xdist has sorted it by size)
                # A spread test's scope is its node id (with "::"); a file's is its path. sorted() is stable.
                units = sorted(self.workqueue.items(), key=lambda unit: "::" not in unit[0])
                self.workqueue = OrderedDict(units)
                self.ordered = True
            super()._assign_work_unit(node)

    return FileScheduling(config, log)
