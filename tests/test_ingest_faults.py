"""Faults with a clear word: a data folder that cannot be written (read-only, a file in the way, a full
disk) gives a specific problem, no traceback and nothing half-written; audit-log write failures are kept
back, shown to administrators on every page until written, never silently dropped."""

from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path

import pytest

from dashboard import faults
from dashboard.auth import audit
from dashboard.ingest.pipeline import IngestOptions, run_ingest
from tests.auth_helpers import make_auth_env, new_app, sign_in, texts
from tests.ingest_helpers import BASE_DATE, REPORTING_DATE, ROOT, make_base_snapshot, run_cli

VALID = ROOT / "data" / "samples" / "valid"


def folder_state(directory: Path) -> dict[str, str]:
    """Every file under `directory` with its SHA-256: the snapshots exactly as they were."""
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file() and not p.name.startswith(".ingest")
    }


@pytest.fixture(autouse=True)
def no_faults():
    faults.clear()
    yield
    faults.clear()


def codes(result) -> set[str]:  # type: ignore[no-untyped-def]
    """The errors' kinds (the sample files' own warnings aside)."""
    return {g.kind for g in result.collector.groups if g.severity == "error"}


def test_a_file_where_the_data_folder_should_be(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    result = run_ingest([VALID], IngestOptions(REPORTING_DATE, base="none", directory=blocker / "snapshots"))
    assert codes(result) == {"folder_unwritable"}
    detail = result.collector.groups[0].examples[0].detail
    assert "data" in detail and "Not a directory" in detail
    assert blocker.read_text() == "not a folder"


def test_the_cli_says_so_without_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("")
    done = run_cli(
        "ingest",
        "--date",
        REPORTING_DATE.isoformat(),
        "--base",
        "none",
        str(VALID),
        data_dir=tmp_path / "data",
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert "folder_unwritable" in done.stderr and "DASHBOARD_DATA_DIR" in done.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_snapshots_folder(tmp_path: Path) -> None:
    directory = tmp_path / "snapshots"
    make_base_snapshot(directory)
    before = folder_state(directory)
    directory.chmod(0o555)
    try:
        result = run_ingest([VALID], IngestOptions(REPORTING_DATE, base="latest", directory=directory))
    finally:
        directory.chmod(0o755)
    assert codes(result) == {"folder_unwritable"}
    assert folder_state(directory) == before


def test_a_full_disk_leaves_nothing_half_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    directory = tmp_path / "snapshots"
    make_base_snapshot(directory)
    before = folder_state(directory)

    def no_space(src: object, dst: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))

    monkeypatch.setattr("dashboard.snapshots.os.replace", no_space)
    result = run_ingest(
        [VALID], IngestOptions(REPORTING_DATE, base=BASE_DATE.isoformat(), directory=directory)
    )
    assert codes(result) == {"disk_full"}
    assert result.snapshot_path is None
    assert folder_state(directory) == before
    assert sorted(p.name for p in directory.iterdir() if not p.name.startswith(".ingest.lock")) == sorted(
        before
    )


def test_audit_failures_are_kept_back_and_written_when_the_folder_works_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path))
    (tmp_path / "audit").write_text("in the way")  # the audit folder cannot be created
    audit.record("locked", login="olena", detail={"scope": "login"})
    audit.record("export", login="adm", detail={"file": "x.csv"})
    (fault,) = faults.active()
    assert fault.kind == faults.AUDIT_WRITE and fault.count == 2 and "audit" in fault.detail
    assert audit.pending_count() == 2
    (tmp_path / "audit").unlink()
    audit.record("login_ok", login="adm")
    assert [e["event"] for e in reversed(audit.read_events())] == ["locked", "export", "login_ok"]
    assert faults.active() == [] and audit.pending_count() == 0


def test_administrators_see_the_audit_fault_on_every_page(
    fixture_data_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    make_auth_env(fixture_data_dir, monkeypatch)
    admin = sign_in(new_app(), "adm")
    head = sign_in(new_app(), "head_a")
    faults.report(faults.AUDIT_WRITE, "audit: Read-only file system", count=3)
    for at in (admin, head):
        at.run()
    assert "Журнал аудиту не вдається записати" in texts(admin) and "Read-only file system" in texts(admin)
    admin.switch_page("dashboard/pages/crime.py").run()
    assert "Журнал аудиту не вдається записати" in texts(admin)
    assert "Журнал аудиту" not in texts(head)
    faults.resolve(faults.AUDIT_WRITE)
    admin.run()
    assert "Журнал аудиту не вдається записати" not in texts(admin)
