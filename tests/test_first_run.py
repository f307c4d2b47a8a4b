"""A first run (no snapshot at all) and nothing published yet: an administrator still reaches the upload
page the message points to; every other role gets a plain "no data published yet"."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.i18n import t
from dashboard.ui.data import forget_snapshot_list
from tests.auth_helpers import PASSWORDS, USERS, new_app, sign_in, texts
from tests.ingest_helpers import make_base_snapshot


@pytest.fixture
def empty_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from dashboard.auth.ratelimit import reset_limiter
    from dashboard.auth.users import add_user

    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DASHBOARD_USERS_FILE", raising=False)
    monkeypatch.setenv("DASHBOARD_AUTH", "on")
    monkeypatch.setenv("DASHBOARD_BCRYPT_ROUNDS", "4")
    reset_limiter()
    for login, role, hromada in USERS:
        add_user(login, role, PASSWORDS[login], hromada)
    forget_snapshot_list()
    return tmp_path


def test_an_administrator_reaches_the_upload_page_without_any_snapshot(empty_env: Path) -> None:
    at = sign_in(new_app(), "adm")
    assert not at.exception
    assert t("notice.no_snapshots", "uk") in [i.value for i in at.info]
    assert any(link.label == t("page.upload.title", "uk") for link in at.get("page_link"))
    at.switch_page("dashboard/pages/upload.py").run()
    assert not at.exception
    assert at.file_uploader(key="upload_files").label.startswith("Оберіть файли")
    assert at.date_input(key="upload_date").proto.max  # the date input has a maximum (today)
    for page in ("users", "audit"):
        at.switch_page(f"dashboard/pages/{page}.py").run()
        assert not at.exception, page


@pytest.mark.parametrize("login", ["ptn", "head_a"])
def test_viewers_get_no_data_published_yet(empty_env: Path, login: str) -> None:
    lang = "en" if login == "ptn" else "uk"
    at = sign_in(new_app(), login)
    assert not at.exception
    assert [i.value for i in at.info] == [t("notice.no_published", lang)]
    at.switch_page("dashboard/pages/upload.py").run()
    assert not at.exception
    assert not at.file_uploader  # the upload page is not theirs
    assert t("notice.no_published", lang) in texts(at)


def test_a_draft_alone_is_not_shown_to_viewers(empty_env: Path) -> None:
    make_base_snapshot(empty_env / "snapshots")
    forget_snapshot_list()
    partner = sign_in(new_app(), "ptn")
    assert [i.value for i in partner.info] == [t("notice.no_published", "en")]
    admin = sign_in(new_app(), "adm")
    assert not admin.exception
    assert admin.selectbox(key="snapshot").value == "2026-09-30"  # the draft, labelled, for admins
    assert t("notice.draft", "uk") in [w.value for w in admin.warning]
