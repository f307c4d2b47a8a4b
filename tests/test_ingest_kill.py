"""Killing an ingest midway (SIGKILL: no cleanup code runs) leaves the existing snapshots byte-identical,
no snapshot for the new date, and only temporary files that list_snapshots ignores and the next ingest
removes."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dashboard.ingest.housekeeping import LOCK_NAME, stale_temp_files
from dashboard.publication import STORE_NAME
from dashboard.snapshots import list_snapshots
from tests.ingest_helpers import ROOT, make_base_snapshot, run_cli, sha256

ROWS = 200_000
HEADER = "activity_id,officer_id,hromada,started_at,duration_min,activity_type,participants,lat,lon\n"


def write_big_activities(path: Path) -> None:
    row = "A-{},O-1,UA35040210000014072,2026-10-{:02d} 10:00,45,patrol,,48.51,32.27\n"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(HEADER)
        fh.writelines(row.format(i, 1 + i % 28) for i in range(ROWS))


def wait_for(directory: Path, pattern: str, process: subprocess.Popen, timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if any(directory.glob(pattern)):
            return
        if process.poll() is not None:
            pytest.fail(f"the ingest ended (exit {process.returncode}) before reaching {pattern}")
        time.sleep(0.005)
    pytest.fail(f"no {pattern} after {timeout} s")


@pytest.mark.parametrize(
    ("phase", "marker", "delay"),
    [("validation", ".ingest-staging-*", 1.0), ("build", ".2026-10-31.duckdb.tmp-*", 0.05)],
)
def test_a_killed_ingest_leaves_everything_intact(
    tmp_path: Path, phase: str, marker: str, delay: float
) -> None:
    data_dir = tmp_path / "data"
    snapshots = data_dir / "snapshots"
    make_base_snapshot(snapshots, dt.date(2026, 8, 31))
    make_base_snapshot(snapshots, dt.date(2026, 9, 30))
    before = {p.name: sha256(p) for p in snapshots.glob("20*.duckdb")}
    inputs = tmp_path / "in"
    inputs.mkdir()
    write_big_activities(inputs / "activities.csv")

    env = {**os.environ, "DASHBOARD_DATA_DIR": str(data_dir)}
    command = [sys.executable, "-m", "dashboard", "ingest", "--date", "2026-10-31", str(inputs)]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_for(snapshots, marker, process)
        time.sleep(delay)
        assert process.poll() is None, f"the ingest finished before it could be killed during {phase}"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    assert {p.name: sha256(p) for p in snapshots.glob("20*.duckdb")} == before
    assert not (snapshots / "2026-10-31.duckdb").exists()
    assert [s.reporting_date.isoformat() for s in list_snapshots(snapshots)] == ["2026-08-31", "2026-09-30"]
    leftovers = {
        p for p in snapshots.iterdir() if p.name not in before and p.name not in (LOCK_NAME, STORE_NAME)
    }
    assert leftovers, "a kill midway should leave a temporary file behind (else the test killed too late)"
    assert leftovers == set(stale_temp_files(snapshots))  # all recognised, none in use

    small = tmp_path / "small"
    small.mkdir()
    (small / "activities.csv").write_text(
        HEADER + "A-1,O-1,Кропивницька,2026-10-05 10:00,60,patrol,,,\n", encoding="utf-8"
    )
    done = run_cli("ingest", "--date", "2026-10-31", str(small), data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    names = {p.name for p in snapshots.iterdir()}
    assert names == {*before, "2026-10-31.duckdb", LOCK_NAME, STORE_NAME}
    assert {p.name: sha256(p) for p in snapshots.glob("20*.duckdb") if p.name in before} == before
