"""The serving process's warm-up (dashboard/web/warmup.py): it does the first page's one-time work (the
snapshots' checksums verified and remembered, the base chart layouts built), and a failure in it is logged,
never raised: the server must start whatever happens."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from dashboard import snapshots
from dashboard.charts import common
from dashboard.web import warmup


def test_warm_up_verifies_the_snapshots_and_builds_the_base_layouts(
    fixture_data_dir: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(fixture_data_dir))
    snapshots._checked.clear()
    common._base_layout.cache_clear()
    with caplog.at_level(logging.INFO, logger="dashboard.web.warmup"):
        warmup.warm_up()
    checked = {Path(key[0]).name for key in snapshots._checked}
    assert checked == {"2026-09-30.duckdb", "2026-10-31.duckdb"}  # the first page will not read them again
    assert common._base_layout.cache_info().currsize == 2  # uk and en
    assert "warm-up done" in caplog.text


def test_a_failing_warm_up_is_logged_not_raised(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError("the data folder is not mounted yet")

    monkeypatch.setattr(snapshots, "scan_snapshots", broken)
    with caplog.at_level(logging.ERROR, logger="dashboard.web.warmup"):
        warmup.warm_up()
    assert "warm-up failed" in caplog.text and "not mounted" in caplog.text
