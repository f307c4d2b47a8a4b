"""What one user does in one server process is seen by the others (`make serve` runs several): the audit
log written by many processes at once stays whole, and a snapshot written by another process is listed at
the next run, not after a cache's lifetime. (Sign-in limits across processes: tests/test_auth_race.py.)"""

from __future__ import annotations

import json
import multiprocessing
import shutil
import sys
import types
from pathlib import Path

import pytest

from dashboard.auth import audit
from dashboard.ui import data as ui_data

WRITERS, ENTRIES = 4, 150


def _write_entries(data_dir: str, writer: int) -> None:
    import os

    os.environ["DASHBOARD_DATA_DIR"] = data_dir  # this child process's own setting (spawned)
    for i in range(ENTRIES):
        audit.record("export", login=f"writer{writer}", detail={"i": i, "pad": "x" * 200})


def test_audit_entries_from_many_processes_are_all_there_and_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path))
    # A spawned child re-runs the parent's __main__ by path; after an AppTest in the same pytest process that
    # can be app.py. An empty __main__ makes the children import only what the target needs.
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_write_entries, args=(str(tmp_path), w)) for w in range(WRITERS)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(60)
        assert proc.exitcode == 0
    lines = [line for f in (tmp_path / "audit").glob("audit-*.jsonl") for line in f.read_text().splitlines()]
    entries = [json.loads(line) for line in lines]  # every line parses: no two writes interleaved
    entries = [e for e in entries if str(e["login"]).startswith("writer")]  # (not this process's own)
    assert len(entries) == WRITERS * ENTRIES
    for w in range(WRITERS):
        mine = [e["detail"]["i"] for e in entries if e["login"] == f"writer{w}"]
        assert mine == list(range(ENTRIES))  # each process's entries complete and in its order


def test_a_snapshot_written_elsewhere_is_listed_at_once(fixture_data_dir: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch):  # fmt: skip
    source = sorted((fixture_data_dir / "snapshots").glob("*.duckdb"))
    folder = tmp_path / "snapshots"
    folder.mkdir()
    shutil.copy2(source[0], folder / source[0].name)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path))
    assert [s.path.name for s in ui_data.available_snapshots()] == [source[0].name]
    # Another process (an upload in another Streamlit process) writes the next snapshot: no call to
    # forget_snapshot_list() here, whose cache is only this process's.
    temp = folder / f".{source[-1].name}.tmp"
    shutil.copy2(source[-1], temp)
    temp.replace(folder / source[-1].name)
    assert [s.path.name for s in ui_data.available_snapshots()] == [source[0].name, source[-1].name]
