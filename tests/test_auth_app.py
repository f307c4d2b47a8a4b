"""The app per role under AppTest: sign-in form, navigation, refusals, no officer data where not allowed,
suppression on every page, session timeout, sign-out, and the warning when login is off."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import streamlit as st

from dashboard.auth import audit, session
from dashboard.auth.ratelimit import reset_limiter
from dashboard.auth.users import set_password
from dashboard.i18n import t
from dashboard.navigation import DEFAULT_PAGE, PAGES
from tests.auth_helpers import (
    PASSWORDS,
    is_login_form,
    make_auth_env,
    new_app,
    select_hromada,
    sign_in,
    texts,
)
from tests.fixture_snapshot import A, B

ROOT = Path(__file__).resolve().parent.parent
ADMIN_ONLY = {"upload", "audit", "users"}
EXISTING = [p for p in PAGES if (ROOT / p.file).exists()]
ROLE_OF = {"adm": "admin", "head_a": "head", "head_b": "head", "ptn": "partner"}


@pytest.fixture()
def env(fixture_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = make_auth_env(fixture_data_dir, monkeypatch)
    yield data
    reset_limiter()


@pytest.fixture()
def nav(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, str]]:
    """What the last st.navigation call registered: slug → "visible" / "hidden"."""
    calls: list[dict[str, str]] = []
    original = st.navigation

    def recording(pages, **kwargs):
        flat = [p for group in pages.values() for p in group] if isinstance(pages, dict) else list(pages)
        calls.append({(p.url_path or DEFAULT_PAGE): p.visibility for p in flat})
        return original(pages, **kwargs)

    monkeypatch.setattr(st, "navigation", recording)
    return calls


# --- sign-in ------------------------------------------------------------------------------------------------


def test_nothing_but_the_login_form_before_sign_in(env: Path, nav):
    at = new_app()
    at.run()
    assert not at.exception
    assert is_login_form(at)
    assert nav and set(nav[-1].values()) == {"hidden"}, "no menu before sign-in (pages only resolved)"
    assert t("page.overview.title", "uk") not in texts(at)


def test_wrong_password_through_the_form(env: Path):
    at = sign_in(new_app(), "adm", "not-the-password")
    assert is_login_form(at)
    assert [e.value for e in at.error] == [t("auth.failed", "uk")]
    assert at.text_input(key="login_password").value == "", "the typed password is not kept"
    assert audit.read_events()[0]["event"] == "login_failed"


def test_failed_logins_through_the_form_are_limited(env: Path):
    at = new_app()
    for _ in range(5):
        sign_in(at, "head_a", "wrong-password")
    assert "5" in at.error[0].value or "хв" in at.error[0].value
    sign_in(at, "head_a")  # the right password, but locked
    assert is_login_form(at)
    assert at.error[0].value.startswith(t("pg.auth.login.locked", "uk", minutes="5")[:20])
    events = [e["event"] for e in audit.read_events()]
    assert events.count("login_failed") == 6 and "locked" in events and "login_ok" not in events


@pytest.mark.parametrize("login", ["adm", "head_a", "ptn"])
def test_navigation_shows_each_role_its_pages(env: Path, nav, login: str):
    at = sign_in(new_app(), login)
    assert not at.exception
    assert not is_login_form(at)
    registered = nav[-1]
    assert set(registered) == {p.slug for p in EXISTING}, "every page is registered (hidden if forbidden)"
    visible = {slug for slug, visibility in registered.items() if visibility == "visible"}
    expected = {p.slug for p in EXISTING if login == "adm" or p.slug not in ADMIN_ONLY}
    assert visible == expected
    assert audit.read_events()[0]["event"] == "login_ok"
    assert t("auth.signed_in_as", "en" if login == "ptn" else "uk", name=login) in texts(at)


@pytest.mark.parametrize("login", ["head_a", "ptn"])
@pytest.mark.parametrize("slug", sorted(ADMIN_ONLY))
def test_direct_url_to_a_forbidden_page_is_refused(env: Path, login: str, slug: str):
    spec = next(p for p in PAGES if p.slug == slug)
    if not (ROOT / spec.file).exists():
        pytest.skip(f"{spec.file} not written yet")
    at = sign_in(new_app(), login)
    at.switch_page(spec.file).run()
    lang = "en" if login == "ptn" else "uk"
    assert not at.exception
    assert [h.value for h in at.title] == [t("pg.auth.denied.title", lang)]
    assert t(f"page.{slug}.title", lang) in at.error[0].value
    shown = texts(at)
    assert "$2b$" not in shown and "head_b" not in shown, "nothing of the page itself"
    assert not at.get("file_uploader")
    denied = audit.read_events()[0]
    assert (
        denied["event"] == "access_denied" and denied["detail"]["page"] == slug and denied["login"] == login
    )


def test_admin_opens_the_audit_and_users_pages(env: Path):
    at = sign_in(new_app(), "adm")
    at.switch_page("dashboard/pages/audit.py").run()
    assert not at.exception and not at.error
    log_table = at.dataframe[0].value
    assert "adm" in set(log_table.iloc[:, 2]) and t("pg.auth.event.login_ok", "uk") in set(
        log_table.iloc[:, 1]
    )
    at.switch_page("dashboard/pages/users.py").run()
    assert not at.exception
    shown = texts(at)
    assert set(at.dataframe[0].value.iloc[:, 0]) == set(PASSWORDS)
    assert "$2b$" not in shown and not any(p in shown for p in PASSWORDS.values())


def test_admin_adds_a_user_through_the_users_page(env: Path):
    at = sign_in(new_app(), "adm")
    at.switch_page("dashboard/pages/users.py").run()
    at.text_input[0].input("newbie")
    next(s for s in at.selectbox if s.label == t("pg.auth.users.role", "uk")).select("partner")
    form_inputs = [ti for ti in at.text_input if ti.label.startswith(t("pg.auth.users.password", "uk")[:6])]
    form_inputs[0].input("newbie-pass-1")
    form_inputs[1].input("newbie-pass-1")
    next(b for b in at.button if b.label == t("pg.auth.users.add_submit", "uk")).click().run()
    assert not at.exception
    assert at.success[0].value == t("pg.auth.users.added", "uk", login="newbie")
    added = audit.read_events()[0]
    assert added["event"] == "user_added" and added["login"] == "adm" and added["detail"]["user"] == "newbie"
    assert added["detail"]["role"] == "partner"
    assert "newbie-pass-1" not in texts(at)


# --- no personal data where it is not allowed ---------------------------------------------------------------


def test_head_sees_own_officers_and_defaults_to_own_hromada(env: Path):
    at = sign_in(new_app(), "head_a")
    assert at.session_state["hromada"] == A
    ctx = at.session_state["_page_context"]
    assert ctx.show_personal is True and ctx.policy.role == "head" and ctx.slug == "overview"
    select_hromada(at, B)
    at.run()
    ctx = at.session_state["_page_context"]
    assert ctx.show_personal is False
    assert t("pg.auth.notice.head_other", "uk") in texts(at)


# --- sessions -----------------------------------------------------------------------------------------------


def test_idle_session_times_out(env: Path, monkeypatch):
    at = sign_in(new_app(), "head_a")
    assert not is_login_form(at)
    later = session._now() + 31 * 60
    monkeypatch.setattr(session, "_now", lambda: later)
    at.run()
    assert is_login_form(at)
    assert t("pg.auth.login.expired", "uk") in [i.value for i in at.info]
    expired = audit.read_events()[0]
    assert expired["event"] == "session_expired" and expired["login"] == "head_a"


def test_sign_out(env: Path):
    at = sign_in(new_app(), "head_a")
    at.button(key="auth_logout").click().run()
    assert is_login_form(at)
    assert "_page_context" not in at.session_state and "hromada" not in at.session_state
    assert audit.read_events()[0]["event"] == "logout"


def test_password_change_ends_other_sessions(env: Path):
    at = sign_in(new_app(), "head_a")
    set_password("head_a", "a-brand-new-pass")
    at.run()
    assert is_login_form(at)


def test_partner_gets_english_by_default(env: Path):
    at = sign_in(new_app(), "ptn")
    assert at.session_state["lang"] == "en"
    assert at.title[0].value == t("page.overview.title", "en")
    assert t("notice.partner_view", "en") in [i.value for i in at.info]


# --- login off ----------------------------------------------------------------------------------------------


def test_login_off_shows_the_warning_on_every_page(env: Path, monkeypatch, nav):
    monkeypatch.setenv("DASHBOARD_AUTH", "off")
    at = new_app()
    at.run()
    assert not is_login_form(at)
    assert all(v == "visible" for v in nav[-1].values())
    warning = t("notice.auth_off", "uk")
    for spec in EXISTING:
        at.switch_page(spec.file).run()
        assert not at.exception, spec.slug
        assert warning in [e.value for e in at.error] + [w.value for w in at.warning], spec.slug


# --- the pages keep to the query layer ----------------------------------------------------------------------

BYPASS = re.compile(r"\b(?:cached_query|run_query|connect_readonly|duckdb\.connect|connection)\(")


@pytest.mark.parametrize("spec", [p for p in EXISTING if p.slug not in ADMIN_ONLY], ids=lambda p: p.slug)
def test_pages_read_data_only_through_ctx_query(spec):
    """A page that bypassed `ctx.query` / `ctx.query_on` would bypass the data policy."""
    source = (ROOT / spec.file).read_text(encoding="utf-8")
    assert BYPASS.findall(source) == []


@pytest.mark.parametrize("spec", [p for p in EXISTING if p.slug in ADMIN_ONLY], ids=lambda p: p.slug)
def test_admin_pages_guard_themselves(spec):
    """Defence in depth: an admin-only page refuses by itself too, whatever app.py does."""
    source = (ROOT / spec.file).read_text(encoding="utf-8")
    assert re.search(r"^ctx = require_role\(\"admin\"\)", source, re.M), "call require_role('admin') first"
