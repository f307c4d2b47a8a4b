"""A rejected draft (withdrawn, never published) does not block its reporting date for ever: a new ingest
keeps the old file, byte-identical, in snapshots/rejected/ (with its recorded checksum) and builds a new
draft. A draft under review, and a snapshot that was ever published, are never replaced."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dashboard import publication, snapshots
from dashboard.auth.audit import read_events
from dashboard.ingest.kinds import KINDS
from dashboard.snapshots import SnapshotBuilder, SnapshotError, list_snapshots
from dashboard.ui.data import forget_snapshot_list
from tests.auth_helpers import PASSWORDS, USERS, new_app, sign_in
from tests.ingest_helpers import (
    BASE_DATE,
    REPORTING_DATE,
    ROOT,
    base_tables,
    errors_of,
    ingest,
    make_base_snapshot,
    run_cli,
    sha256,
)

VALID = ROOT / "data" / "samples" / "valid"
ADMIN = publication.Actor("olena")
DAY = REPORTING_DATE.isoformat()


def hashes(directory: Path) -> dict[str, str]:
    """Every file under the folder (rejected/ included), by relative path: what must never change."""
    return {str(p.relative_to(directory)): sha256(p) for p in sorted(directory.rglob("*.duckdb"))}


def kinds(result, severity: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {p.kind for p in result.collector.problems() if p.severity == severity}


@pytest.fixture
def snaps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The base published; a draft of REPORTING_DATE built by an ingest (still under review)."""
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path))
    directory = tmp_path / "snapshots"
    make_base_snapshot(directory)
    publication.publish(directory, BASE_DATE, ADMIN, four_eyes=False)
    assert ingest([VALID], directory).ok
    return directory


def test_the_verdict_follows_the_history_since_the_file_was_built(snaps: Path) -> None:
    verdict = lambda: publication.replace_verdict(snaps, REPORTING_DATE)  # noqa: E731
    assert verdict() == publication.KEEP_DRAFT
    publication.withdraw(snaps, REPORTING_DATE, ADMIN)
    assert verdict() == publication.REPLACEABLE
    publication.publish(
        snaps, REPORTING_DATE, ADMIN, four_eyes=False
    )  # a withdrawn draft published after all
    assert verdict() == publication.KEEP_PUBLISHED
    publication.withdraw(snaps, REPORTING_DATE, ADMIN)
    assert verdict() == publication.KEEP_PUBLISHED  # withdrawn after publication: kept for ever
    assert publication.replace_verdict(snaps, BASE_DATE) == publication.KEEP_PUBLISHED


def test_a_rejected_draft_is_kept_aside_and_a_new_draft_is_built(snaps: Path) -> None:
    old = snaps / f"{DAY}.duckdb"
    old_sha, recorded = sha256(old), publication.recorded_checksum(snaps, REPORTING_DATE)
    assert recorded is not None and recorded[0] == old_sha
    publication.withdraw(snaps, REPORTING_DATE, ADMIN)
    before = hashes(snaps)

    check = ingest([VALID], snaps, check_only=True)
    assert check.ok and "rejected_draft_replaced" in kinds(check, "warning")
    assert hashes(snaps) == before and not (snaps / "rejected").exists()  # a check writes nothing

    rebuilt = ingest([VALID], snaps)
    assert rebuilt.ok and rebuilt.snapshot_path == old and rebuilt.set_aside_path is not None
    kept = rebuilt.set_aside_path
    assert kept.parent == snaps / "rejected" and kept.name.startswith(f"{DAY}.rejected-")
    assert sha256(kept) == old_sha  # byte-identical
    assert (kept.parent / f"{kept.name}.sha256").read_text() == f"{old_sha}  {kept.name}\n"
    assert publication.set_aside_files(snaps) == [(REPORTING_DATE, kept.name, old_sha)]
    new_sha = sha256(old)
    assert new_sha != old_sha  # a new file (another creation time) in the old place
    assert publication.recorded_checksum(snaps, REPORTING_DATE) == (new_sha, old.stat().st_size)
    assert publication.status_of(snaps, REPORTING_DATE).status == "draft"
    assert publication.replace_verdict(snaps, REPORTING_DATE) == publication.KEEP_DRAFT
    # The new file passes the checksum check; the folder of rejected drafts is never listed.
    assert [s.reporting_date for s in list_snapshots(snaps)] == [BASE_DATE, REPORTING_DATE]
    assert snapshots.scan_snapshots(snaps).problems == []
    base = f"{BASE_DATE.isoformat()}.duckdb"
    assert hashes(snaps)[base] == before[base]  # the published snapshot untouched
    assert rebuilt.audit_detail()["replaced_rejected_draft"] == kept.name


@pytest.mark.parametrize(
    ("history", "kind"),
    [
        ((), "snapshot_exists_draft"),  # under review: reject it first
        (("published",), "snapshot_exists"),
        (("published", "withdrawn"), "snapshot_exists"),  # withdrawn after publication: kept for ever
    ],
)
def test_anything_but_a_rejected_draft_is_never_replaced(
    snaps: Path, history: tuple[str, ...], kind: str
) -> None:
    for action in history:
        if action == "published":
            publication.publish(snaps, REPORTING_DATE, ADMIN, four_eyes=False)
        else:
            publication.withdraw(snaps, REPORTING_DATE, ADMIN)
    before = hashes(snaps)
    for check_only in (True, False):
        result = ingest([VALID], snaps, check_only=check_only)
        assert (kind, 0, "") in errors_of(result) and result.snapshot_path is None
    assert hashes(snaps) == before and not (snaps / "rejected").exists()
    with pytest.raises(SnapshotError, match=r"published snapshots are never replaced|withdraw \(reject\) it"):
        SnapshotBuilder(REPORTING_DATE, is_demo=False, directory=snaps, replace_rejected=True).__enter__()


def test_the_check_says_so_in_plain_words_in_both_languages(snaps: Path, tmp_path: Path) -> None:
    publication.withdraw(snaps, REPORTING_DATE, ADMIN)
    uk = run_cli("ingest", "--date", DAY, "--check", str(VALID), data_dir=tmp_path)
    assert uk.returncode == 0 and "чернетку на 2026-10-31 відхилили, і її ніколи не публікували" in uk.stdout
    assert "snapshots/rejected/" in uk.stdout
    publication.publish(snaps, REPORTING_DATE, ADMIN, four_eyes=False)
    publication.withdraw(snaps, REPORTING_DATE, ADMIN)
    before = hashes(snaps)
    en = run_cli("ingest", "--date", DAY, "--lang", "en", str(VALID), data_dir=tmp_path)
    assert en.returncode == 1 and "exists and was published (perhaps withdrawn later)" in en.stderr
    assert "Traceback" not in en.stderr and hashes(snaps) == before
    for code in ("snapshot_exists", "snapshot_exists_draft", "rejected_draft_replaced"):
        for lang in ("uk", "en"):
            assert DAY in KINDS[code].message(lang, detail=DAY) and KINDS[code].fix(lang)
    assert "«Дані та методологія»" in KINDS["snapshot_exists_draft"].fix("uk")


def test_publishing_meanwhile_wins_and_the_rebuild_changes_nothing(snaps: Path) -> None:
    publication.withdraw(snaps, REPORTING_DATE, ADMIN)
    builder = SnapshotBuilder(REPORTING_DATE, is_demo=False, directory=snaps, replace_rejected=True)
    with pytest.raises(SnapshotError, match="published snapshots are never replaced"), builder:
        builder.insert("officers", base_tables()["officers"])
        publication.publish(snaps, REPORTING_DATE, ADMIN, four_eyes=False)  # another administrator
    assert publication.status_of(snaps, REPORTING_DATE).status == "published"
    assert not list((snaps / "rejected").glob("*.duckdb")) and not builder.tmp_path.exists()
    assert publication.recorded_checksum(snaps, REPORTING_DATE) == (
        sha256(snaps / f"{DAY}.duckdb"),
        (snaps / f"{DAY}.duckdb").stat().st_size,
    )


def test_a_failed_rename_leaves_the_rejected_draft_in_place(
    snaps: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    publication.withdraw(snaps, REPORTING_DATE, ADMIN)
    before = hashes(snaps)

    def no_space(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_space)
    result = ingest([VALID], snaps)
    monkeypatch.undo()
    assert "disk_full" in kinds(result, "error") and result.snapshot_path is None
    assert hashes(snaps) == before  # nothing kept aside, nothing replaced
    assert publication.status_of(snaps, REPORTING_DATE).status == "withdrawn"
    assert publication.set_aside_files(snaps) == []


# --- what each role sees -----------------------------------------------------------------------------------


@pytest.fixture
def app_env(snaps: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from dashboard.auth.ratelimit import reset_limiter
    from dashboard.auth.users import add_user

    monkeypatch.delenv("DASHBOARD_USERS_FILE", raising=False)
    monkeypatch.setenv("DASHBOARD_AUTH", "on")
    monkeypatch.setenv("DASHBOARD_BCRYPT_ROUNDS", "4")
    reset_limiter()
    for login, role, hromada in USERS:
        add_user(login, role, PASSWORDS[login], hromada)
    publication.withdraw(snaps, REPORTING_DATE, ADMIN)
    assert ingest([VALID], snaps).ok  # the rejected draft replaced by a new one
    forget_snapshot_list()
    return snaps


def choices(login: str) -> tuple[list[str], str]:
    at = sign_in(new_app(), login)
    assert not at.exception
    box = at.selectbox(key="snapshot")
    return list(box.options), str(box.value)


def test_admins_see_the_new_draft_viewers_only_the_published_snapshot(app_env: Path) -> None:
    assert choices("adm") == (["2026-10-31 · чернетка", "2026-09-30"], "2026-09-30")
    for login in ("ptn", "head_a"):
        assert choices(login) == (["2026-09-30"], "2026-09-30")
    publication.publish(app_env, REPORTING_DATE, ADMIN, four_eyes=False)
    forget_snapshot_list()
    assert choices("ptn") == (["2026-10-31", "2026-09-30"], "2026-10-31")
    created = [e for e in read_events() if e["event"] == "snapshot_published"]
    assert created and created[0]["detail"]["reporting_date"] == DAY
