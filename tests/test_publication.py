"""Drafts, publishing, withdrawing and four-eyes approval: the status store, the commands, and what each
role sees in the app. Every refused action leaves the snapshot files byte-identical."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import publication
from dashboard.auth.audit import read_events
from dashboard.publication import Actor, PublicationError
from dashboard.ui.data import forget_snapshot_list
from tests.auth_helpers import PASSWORDS, USERS, new_app, sign_in, texts
from tests.ingest_helpers import BASE_DATE, REPORTING_DATE, ROOT, make_base_snapshot, run_cli, sha256

VALID = ROOT / "data" / "samples" / "valid"
OLDER = dt.date(2026, 8, 31)
ADMIN_A, ADMIN_B = Actor("olena"), Actor("petro")


def hashes(directory: Path) -> dict[str, str]:
    return {p.name: sha256(p) for p in sorted(directory.glob("*.duckdb"))}


@pytest.fixture
def snaps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder with two real snapshots, both drafts (as every new snapshot is)."""
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path))
    directory = tmp_path / "snapshots"
    make_base_snapshot(directory, OLDER)
    make_base_snapshot(directory, BASE_DATE)
    return directory


def status(directory: Path, day: dt.date) -> str:
    return publication.status_of(directory, day).status


# --- the store ---------------------------------------------------------------------------------------------


def test_a_new_snapshot_is_a_draft_then_published_withdrawn_and_published_again(snaps: Path) -> None:
    files = hashes(snaps)
    assert status(snaps, BASE_DATE) == "draft"
    assert publication.publish(snaps, BASE_DATE, ADMIN_A, four_eyes=False).status == "published"
    assert publication.withdraw(snaps, BASE_DATE, ADMIN_B).status == "withdrawn"
    assert publication.publish(snaps, BASE_DATE, ADMIN_A, four_eyes=False).status == "published"
    for refused in (
        lambda: publication.publish(snaps, BASE_DATE, ADMIN_A, four_eyes=False),  # already published
        lambda: publication.approve(snaps, BASE_DATE, ADMIN_B),  # only a draft needs an approval
        lambda: publication.publish(snaps, dt.date(2026, 7, 31), ADMIN_A, four_eyes=False),  # no such file
    ):
        with pytest.raises(PublicationError):
            refused()
    assert hashes(snaps) == files  # status changes never touch the snapshot files
    events = [(e["event"], e["login"], e["detail"]["after"]) for e in read_events() if "after" in e["detail"]]
    assert events[::-1] == [
        ("snapshot_published", "olena", "published"),
        ("snapshot_withdrawn", "petro", "withdrawn"),
        ("snapshot_published", "olena", "published"),
    ]


def test_a_rebuilt_file_is_a_draft_again(snaps: Path, tmp_path: Path) -> None:
    publication.publish(snaps, BASE_DATE, ADMIN_A, four_eyes=False)
    (snaps / f"{BASE_DATE.isoformat()}.duckdb").unlink()
    make_base_snapshot(snaps, BASE_DATE)
    assert status(snaps, BASE_DATE) == "draft"


def test_four_eyes_need_an_approval_by_another_administrator(snaps: Path) -> None:
    files = hashes(snaps)
    with pytest.raises(PublicationError) as no_approval:
        publication.publish(snaps, BASE_DATE, ADMIN_A, four_eyes=True)
    assert no_approval.value.code == "needs_approval"
    publication.approve(snaps, BASE_DATE, ADMIN_A)
    with pytest.raises(PublicationError) as twice:
        publication.approve(snaps, BASE_DATE, ADMIN_A)
    assert twice.value.code == "approved_twice"
    with pytest.raises(PublicationError) as own:
        publication.publish(snaps, BASE_DATE, ADMIN_A, four_eyes=True)
    assert own.value.code == "own_approval"
    assert "four eyes" in own.value.text("en") and "чотирьох очей" in own.value.text("uk")
    assert status(snaps, BASE_DATE) == "draft" and hashes(snaps) == files
    assert publication.publish(snaps, BASE_DATE, ADMIN_B, four_eyes=True).status == "published"
    # Withdrawn and published again: the old approval does not count any more.
    publication.withdraw(snaps, BASE_DATE, ADMIN_B)
    with pytest.raises(PublicationError):
        publication.publish(snaps, BASE_DATE, ADMIN_B, four_eyes=True)


def test_concurrent_publishers_change_the_status_once(snaps: Path) -> None:
    outcomes: list[str] = []

    def attempt(n: int) -> None:
        try:
            publication.publish(snaps, BASE_DATE, Actor(f"admin{n}"), four_eyes=False)
            outcomes.append("published")
        except PublicationError as exc:
            outcomes.append(exc.code)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["published"] + ["published_from_published"] * 7
    assert [e["event"] for e in read_events()].count("snapshot_published") == 1


# --- the commands ------------------------------------------------------------------------------------------


def test_ingest_writes_a_draft_and_publish_withdraw_change_it(snaps: Path, tmp_path: Path) -> None:
    draft = run_cli(
        "ingest", "--date", REPORTING_DATE.isoformat(), "--lang", "en", str(VALID), data_dir=tmp_path
    )
    assert draft.returncode == 0, draft.stderr
    assert "saved as a draft" in draft.stdout
    assert status(snaps, REPORTING_DATE) == "draft"
    listing = run_cli("snapshots", data_dir=tmp_path).stdout
    assert [line.split()[:2] for line in listing.splitlines() if line.startswith("2026")] == [
        ["2026-08-31", "draft"],
        ["2026-09-30", "draft"],
        ["2026-10-31", "draft"],
    ]
    assert run_cli("publish", REPORTING_DATE.isoformat(), data_dir=tmp_path).returncode == 0
    files = hashes(snaps)
    again = run_cli("publish", REPORTING_DATE.isoformat(), "--lang", "en", data_dir=tmp_path)
    assert again.returncode == 1 and "already published" in again.stderr and "Traceback" not in again.stderr
    withdrawn = run_cli("withdraw", REPORTING_DATE.isoformat(), data_dir=tmp_path)
    assert withdrawn.returncode == 0 and "знято з публікації" in withdrawn.stdout
    listing = run_cli("snapshots", data_dir=tmp_path).stdout
    assert "2026-10-31  withdrawn" in listing
    assert hashes(snaps) == files
    assert status(snaps, REPORTING_DATE) == "withdrawn"


def test_ingest_publish_in_one_step_and_four_eyes(
    snaps: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    done = run_cli("ingest", "--date", REPORTING_DATE.isoformat(), "--publish", str(VALID), data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    assert status(snaps, REPORTING_DATE) == "published"
    monkeypatch.setenv("DASHBOARD_FOUR_EYES", "1")
    nov = dt.date(2026, 11, 30)
    refused = run_cli(
        "ingest", "--date", nov.isoformat(), "--publish", "--lang", "en", str(VALID), data_dir=tmp_path
    )
    assert refused.returncode == 3 and "approve" in refused.stderr
    assert status(snaps, nov) == "draft"  # the draft is written, not published
    files = hashes(snaps)
    assert run_cli("approve", nov.isoformat(), data_dir=tmp_path).returncode == 0
    own = run_cli("publish", nov.isoformat(), "--lang", "en", data_dir=tmp_path)
    assert own.returncode == 1 and "four eyes" in own.stderr  # the same OS user cannot approve and publish
    assert status(snaps, nov) == "draft" and hashes(snaps) == files
    publication.publish(snaps, nov, Actor("second-admin"))  # another administrator (four eyes from env)
    assert status(snaps, nov) == "published"


def test_report_writes_published_snapshots_only(snaps: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    none = run_cli("report", "--format", "pdf", "--out", str(out), data_dir=tmp_path)
    assert none.returncode == 2 and "no snapshot is published" in none.stderr
    draft = run_cli("report", "--format", "pdf", "--snapshot", BASE_DATE.isoformat(), "--out", str(out),
                    data_dir=tmp_path)  # fmt: skip
    assert draft.returncode == 2 and "draft, not published" in draft.stderr
    assert not out.exists()


def test_demo_publishes_what_it_builds(tmp_path: Path) -> None:
    from dashboard.commands.demo import _publish
    from tests.fixture_snapshot import build_fixture_snapshots

    directory = tmp_path / "snapshots"
    build_fixture_snapshots(directory, publish=False)
    dates = [dt.date(2026, 9, 30), dt.date(2026, 10, 31)]
    publication.withdraw(directory, dates[0], ADMIN_A)
    _publish(directory, dates)
    assert [status(directory, d) for d in dates] == ["withdrawn", "published"]  # a withdrawn one stays so


# --- what each role sees -----------------------------------------------------------------------------------


@pytest.fixture
def app_env(snaps: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Login on, the four test users; the older snapshot published, the newer one a draft."""
    from dashboard.auth.ratelimit import reset_limiter
    from dashboard.auth.users import add_user

    monkeypatch.delenv("DASHBOARD_USERS_FILE", raising=False)
    monkeypatch.setenv("DASHBOARD_AUTH", "on")
    monkeypatch.setenv("DASHBOARD_BCRYPT_ROUNDS", "4")
    reset_limiter()
    for login, role, hromada in USERS:
        add_user(login, role, PASSWORDS[login], hromada)
    publication.publish(snaps, OLDER, ADMIN_A, four_eyes=False)
    forget_snapshot_list()
    return snaps


def snapshot_choices(at: AppTest) -> tuple[list[str], str]:
    box = at.selectbox(key="snapshot")
    return list(box.options), str(box.value)


def test_viewers_see_published_snapshots_only_admins_see_drafts(app_env: Path) -> None:
    for login in ("ptn", "head_a"):
        at = sign_in(new_app(), login)
        assert not at.exception
        assert snapshot_choices(at) == (["2026-08-31"], "2026-08-31")
    admin = sign_in(new_app(), "adm")
    options, chosen = snapshot_choices(admin)
    assert options == ["2026-09-30 · чернетка", "2026-08-31"] and chosen == "2026-08-31"  # default: published
    # A viewer asking for the draft by URL gets the published one.
    at = new_app()
    at.query_params["snapshot"] = "2026-09-30"
    sign_in(at, "ptn")
    assert snapshot_choices(at)[1] == "2026-08-31"


def test_publish_and_withdraw_from_the_data_page(app_env: Path) -> None:
    admin = sign_in(new_app(), "adm")
    admin.switch_page("dashboard/pages/data.py").run()
    admin.selectbox(key="publication_date").set_value(BASE_DATE).run()
    assert not admin.exception
    shown = texts(admin)
    assert (
        "Перегляд знімка на 30.09.2026" in shown
        and "Порівняння з опублікованим знімком на 31.08.2026" in shown
    )
    admin.button(key="publish_data").click().run()
    assert not admin.exception
    assert status(app_env, BASE_DATE) == "published"
    assert any("опубліковано" in s.value for s in admin.success)
    partner = sign_in(new_app(), "ptn")
    assert snapshot_choices(partner) == (["2026-09-30", "2026-08-31"], "2026-09-30")

    admin.selectbox(key="publication_date").set_value(BASE_DATE).run()
    admin.button(key="withdraw_data").click().run()
    assert status(app_env, BASE_DATE) == "withdrawn"
    partner = sign_in(new_app(), "ptn")
    assert snapshot_choices(partner) == (
        ["2026-08-31"],
        "2026-08-31",
    )  # the previous one is the default again
    assert (app_env / f"{BASE_DATE.isoformat()}.duckdb").exists()  # the file is kept
    changes = [e for e in read_events() if e["event"] in ("snapshot_published", "snapshot_withdrawn")]
    assert {e["login"] for e in changes if e["detail"]["reporting_date"] == "2026-09-30"} == {"adm"}


def test_viewers_never_get_the_publication_panel(app_env: Path) -> None:
    partner = sign_in(new_app(), "ptn", lang="uk")
    partner.switch_page("dashboard/pages/data.py").run()
    assert not partner.exception
    assert not [b for b in partner.button if b.key and b.key.startswith(("publish_", "withdraw_"))]
    assert "Публікація знімків" not in texts(partner)
