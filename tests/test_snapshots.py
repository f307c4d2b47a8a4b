"""Snapshot files: atomic builds, immutability, read-only opening, listing."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dashboard import snapshots
from dashboard.schema import SCHEMA_VERSION
from dashboard.snapshots import SnapshotBuilder, SnapshotError, connect_readonly, list_snapshots
from tests.fixture_snapshot import LATEST_DATE, PREVIOUS_DATE, TABLES, build_fixture_snapshots


def digests(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir())}


@pytest.fixture()
def snap_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "snapshots"
    build_fixture_snapshots(directory)
    return directory


def test_fixture_snapshots_are_listed_with_their_meta(snap_dir: Path) -> None:
    infos = list_snapshots(snap_dir)
    assert [i.reporting_date for i in infos] == [PREVIOUS_DATE, LATEST_DATE]
    assert infos[-1].is_demo and infos[-1].schema_version == SCHEMA_VERSION == 2  # contract v1.1
    assert infos[-1].row_counts["officers"] == 4 and infos[0].row_counts["officers"] == 4
    assert infos[-1].row_counts["calls"] == len(TABLES["calls"])


def test_a_failure_inside_the_build_leaves_existing_snapshots_byte_identical(snap_dir: Path) -> None:
    before = digests(snap_dir)
    with (
        pytest.raises(RuntimeError),
        SnapshotBuilder(dt.date(2026, 11, 30), is_demo=False, directory=snap_dir) as b,
    ):
        b.insert("officers", TABLES["officers"])
        raise RuntimeError("the process fails midway")
    assert digests(snap_dir) == before  # no new file, no partial or temporary file, nothing changed


def test_a_failure_while_finalising_leaves_nothing_behind(snap_dir: Path, monkeypatch) -> None:
    before = digests(snap_dir)

    def broken_sql(name: str) -> str:
        return "CREATE TABLE agg_broken AS SELECT no_such_column FROM activities"

    monkeypatch.setattr(snapshots, "_build_sql", broken_sql)
    with (
        pytest.raises(duckdb.Error),
        SnapshotBuilder(dt.date(2026, 11, 30), is_demo=False, directory=snap_dir) as b,
    ):
        b.insert("calls", TABLES["calls"])
    assert digests(snap_dir) == before


def test_an_existing_snapshot_is_never_overwritten(snap_dir: Path) -> None:
    before = digests(snap_dir)
    with (
        pytest.raises(SnapshotError, match="already exists"),
        SnapshotBuilder(LATEST_DATE, is_demo=True, directory=snap_dir),
    ):
        pass
    assert digests(snap_dir) == before


def test_snapshots_open_read_only(snap_dir: Path) -> None:
    with connect_readonly(snap_dir / f"{LATEST_DATE.isoformat()}.duckdb") as con:
        with pytest.raises(duckdb.Error):
            con.execute("DELETE FROM officers")
        assert con.execute("SELECT count(*) FROM hromadas").fetchone()[0] == 49
        assert con.execute("SELECT count(*) FROM hromadas WHERE is_pilot").fetchone()[0] == 20


def test_a_new_snapshot_appears_only_complete(snap_dir: Path) -> None:
    with SnapshotBuilder(dt.date(2026, 11, 30), is_demo=False, directory=snap_dir) as b:
        b.insert("surveys", TABLES["surveys"])
        # While building, only the temporary file exists and it is not listed.
        assert [i.reporting_date for i in list_snapshots(snap_dir)] == [PREVIOUS_DATE, LATEST_DATE]
    infos = list_snapshots(snap_dir)
    assert infos[-1].reporting_date == dt.date(2026, 11, 30) and not infos[-1].is_demo
    assert infos[-1].row_counts["surveys"] == 5
    with connect_readonly(infos[-1].path) as con:
        frame = con.execute("SELECT * FROM surveys ORDER BY survey_date").df()
    assert frame["respondents"].tolist()[2:] == [200, 200, 80]  # 2025-05-15: A (200) and S (100)
    assert sorted(frame["respondents"].tolist()[:2]) == [100, 200]
    assert isinstance(frame, pd.DataFrame)
