"""Shared fixtures: the hand-made fixture snapshots in a temporary data directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.fixture_snapshot import build_fixture_snapshots


@pytest.fixture(scope="session")
def fixture_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A DASHBOARD_DATA_DIR holding the two fixture snapshots (2026-09-30, 2026-10-31)."""
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
