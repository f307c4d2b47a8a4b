"""A bad file in the snapshots folder never takes the app or a command down: truncated, empty, random
bytes, a DuckDB database of another shape, and a snapshot changed after it was built are skipped and
named (to administrators) with the reason; everyone else sees the good snapshots. The files themselves
are never touched."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import publication
from dashboard.snapshots import SnapshotError, find_snapshot, scan_snapshots
from dashboard.ui.data import forget_snapshot_list
from tests.auth_helpers import PASSWORDS, USERS, new_app, sign_in, texts
from tests.ingest_helpers import BASE_DATE, ROOT, make_base_snapshot, run_cli, sha256

VALID = ROOT / "data" / "samples" / "valid"
GOOD = "2026-09-30.duckdb"
BAD = {
    "2026-03-31.duckdb": "unreadable",  # truncated copy of a good snapshot
    "2026-04-30.duckdb": "empty",
    "2026-05-31.duckdb": "unreadable",  # random bytes
    "2026-06-30.duckdb": "not_snapshot",  # a valid DuckDB database of another shape
    "2026-07-31.duckdb": "changed",  # a real snapshot, changed after it was built
    "notes.txt": "not_a_snapshot_name",
}


def make_bad_files(directory: Path) -> None:
    good = directory / GOOD
    data = good.read_bytes()
    (directory / "2026-03-31.duckdb").write_bytes(data[: len(data) // 2])
    (directory / "2026-04-30.duckdb").write_bytes(b"")
    (directory / "2026-05-31.duckdb").write_bytes(os.urandom(300_000))
    with duckdb.connect(str(directory / "2026-06-30.duckdb")) as con:
        con.execute("CREATE TABLE snapshot_meta AS SELECT 1 AS x")
    changed = make_base_snapshot(directory, dt.date.fromisoformat("2026-07-31"))
    with open(changed, "r+b") as fh:  # one byte flipped in the middle: still opens, but is not what was built
        fh.seek(changed.stat().st_size // 2)
        byte = fh.read(1)
        fh.seek(-1, os.SEEK_CUR)
        fh.write(bytes([byte[0] ^ 0xFF]))
    (directory / "notes.txt").write_text("not a snapshot")


def hashes(directory: Path) -> dict[str, str]:
    return {p.name: sha256(p) for p in sorted(directory.iterdir()) if not p.name.startswith(".")}


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path))
    directory = tmp_path / "snapshots"
    make_base_snapshot(directory, BASE_DATE)
    publication.publish(directory, BASE_DATE, publication.Actor("tests"), four_eyes=False)
    make_bad_files(directory)
    forget_snapshot_list()
    return tmp_path


def test_bad_files_are_skipped_and_named_with_the_reason(data_dir: Path) -> None:
    directory = data_dir / "snapshots"
    before = hashes(directory)
    scan = scan_snapshots(directory)
    assert [s.path.name for s in scan.snapshots] == [GOOD]
    assert {p.name: p.code for p in scan.problems} == BAD
    with pytest.raises(SnapshotError, match="changed after it was built"):
        find_snapshot(dt.date.fromisoformat("2026-07-31"), directory)
    with pytest.raises(SnapshotError, match="empty"):
        find_snapshot(dt.date.fromisoformat("2026-04-30"), directory)
    assert hashes(directory) == before


def test_a_snapshot_without_a_recorded_checksum_is_recorded_as_it_is(tmp_path: Path) -> None:
    directory = tmp_path / "snapshots"
    path = make_base_snapshot(directory, BASE_DATE)
    (directory / publication.STORE_NAME).unlink()  # as if built by an older version
    assert [s.path for s in scan_snapshots(directory).snapshots] == [path]
    assert publication.recorded_checksum(directory, BASE_DATE) == (sha256(path), path.stat().st_size)
    assert publication.status_of(directory, BASE_DATE).status == "draft"


def test_every_command_skips_bad_files(data_dir: Path, tmp_path: Path) -> None:
    directory = data_dir / "snapshots"
    before = hashes(directory)
    listing = run_cli("snapshots", data_dir=data_dir)
    assert listing.returncode == 0 and "Traceback" not in listing.stderr
    assert "2026-09-30  published" in listing.stdout
    for name in BAD:
        assert f"skipped: {name}" in listing.stdout
    ingest = run_cli("ingest", "--date", "2026-10-31", "--check", str(VALID), data_dir=data_dir)
    assert ingest.returncode == 0, ingest.stderr  # --base latest: the newest good snapshot, 2026-09-30
    diff = run_cli("diff", "2026-09-30", "2026-07-31", data_dir=data_dir)
    assert (
        diff.returncode == 1
        and "changed after it was built" in diff.stdout
        and "Traceback" not in diff.stderr
    )
    report = run_cli("report", "--format", "pdf", "--snapshot", "2026-03-31", "--out", str(tmp_path / "r.pdf"),
                     data_dir=data_dir)  # fmt: skip
    assert (
        report.returncode == 2
        and "truncated or damaged" in report.stderr
        and "Traceback" not in report.stderr
    )
    published = run_cli("publish", "2026-07-31", data_dir=data_dir)
    assert published.returncode == 1 and "changed after it was built" in published.stderr
    assert hashes(directory) == before


@pytest.fixture
def app_env(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from dashboard.auth.ratelimit import reset_limiter
    from dashboard.auth.users import add_user

    monkeypatch.delenv("DASHBOARD_USERS_FILE", raising=False)
    monkeypatch.setenv("DASHBOARD_AUTH", "on")
    monkeypatch.setenv("DASHBOARD_BCRYPT_ROUNDS", "4")
    reset_limiter()
    for login, role, hromada in USERS:
        add_user(login, role, PASSWORDS[login], hromada)
    return data_dir


def test_the_app_shows_the_good_snapshots_and_tells_admins_which_files_are_skipped(app_env: Path) -> None:
    before = hashes(app_env / "snapshots")
    partner: AppTest = sign_in(new_app(), "ptn")
    assert not partner.exception
    assert partner.selectbox(key="snapshot").value == "2026-09-30"
    assert "2026-03-31" not in texts(partner) and not partner.sidebar.warning
    admin = sign_in(new_app(), "adm")
    assert not admin.exception
    assert any("пропущено: 6" in w.value for w in admin.sidebar.warning)
    admin.switch_page("dashboard/pages/data.py").run()
    assert not admin.exception
    skipped = next(d.value for d in admin.dataframe if "why" in d.value.columns).set_index("file")
    assert skipped.loc["2026-07-31.duckdb", "why"].startswith("файл змінився після створення")
    assert skipped.loc["2026-04-30.duckdb", "why"] == "файл порожній"
    assert hashes(app_env / "snapshots") == before


def test_a_bad_file_replaced_by_a_good_one_is_checked_again(data_dir: Path) -> None:
    directory = data_dir / "snapshots"
    assert "2026-04-30.duckdb" in {p.name for p in scan_snapshots(directory).problems}
    (directory / "2026-04-30.duckdb").unlink()
    shutil.copy(directory / GOOD, directory / "2026-04-30.duckdb")  # a copy: its date is not its name
    assert {p.name: p.code for p in scan_snapshots(directory).problems}["2026-04-30.duckdb"] == "wrong_date"
