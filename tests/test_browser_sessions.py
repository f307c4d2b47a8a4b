"""Real browser, the app served as `make run` serves it (serve.py): a sign-in survives a reload, a new tab and
a link; a deep link opened while signed out comes back to the same view; sign-out ends the session in every
tab and the old cookie (HttpOnly, SameSite=Strict) no longer works; a password change and the idle timeout
end a session."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard.auth.users import set_password
from dashboard.i18n import t
from tests.browser_server import ARTIFACTS, served_with_users, sign_in, signed_in, wait_until_idle
from tests.fixture_snapshot import A

pytestmark = pytest.mark.browser

SESSION_COOKIE = "pog_session"
VIEWPORT = {"width": 1400, "height": 1200}


@pytest.fixture(scope="module")
def served(fixture_data_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """A server of its own: the tests sign out, change a password and count the stored sessions."""
    with served_with_users(fixture_data_dir, tmp_path_factory.mktemp("sessions")) as (base, data):
        yield base, data


def shows_form(page, lang: str = "uk") -> None:
    page.get_by_label(t("auth.password", lang), exact=True).wait_for(timeout=45_000)
    wait_until_idle(page)
    assert page.get_by_role("button", name=t("auth.logout", lang)).count() == 0


def session_cookie(context, *, present: bool = True, timeout_s: float = 15) -> dict | None:
    """The browser's session cookie once it is set (or once it is gone, with present=False)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = next((c for c in context.cookies() if c["name"] == SESSION_COOKIE), None)
        if (found is not None) == present:
            return found
        time.sleep(0.2)
    raise AssertionError(
        f"the session cookie is {'missing' if present else 'still there'} after {timeout_s} s"
    )


def stored_sessions(data: Path, login: str) -> int:
    with contextlib.closing(sqlite3.connect(data / "auth.sqlite3")) as con:
        return con.execute("SELECT count(*) FROM sessions WHERE login = ?", (login,)).fetchone()[0]


def audit_log(data: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in (data / "audit").glob("*.jsonl"))


def test_reload_new_tab_and_link_keep_the_session(chromium_browser, served):
    base, data = served
    context = chromium_browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        page.goto(f"{base}/")
        sign_in(page, "adm")
        cookie = session_cookie(context)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "session-signed-in.png"))  # the ticket image leaves no trace
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/"
        assert not cookie[
            "secure"
        ]  # plain HTTP on localhost; Secure over HTTPS (tests/test_auth_sessions.py)
        assert SESSION_COOKIE not in page.evaluate("document.cookie")  # page scripts cannot read it
        assert stored_sessions(data, "adm") == 1
        with sqlite3.connect(data / "auth.sqlite3") as con:  # the store keeps a hash, never the id
            assert cookie["value"] not in {row[0] for row in con.execute("SELECT id_hash FROM sessions")}

        page.reload()
        signed_in(page)
        assert page.get_by_label(t("auth.password", "uk"), exact=True).count() == 0

        tab = context.new_page()  # a new tab, straight onto an admin page
        tab.goto(f"{base}/audit")
        signed_in(tab)
        tab.locator("h1", has_text=t("page.audit.title", "uk")).wait_for(timeout=45_000)
        tab.screenshot(path=str(ARTIFACTS / "session-new-tab.png"))

        link = context.new_page()  # a link from an e-mail: a page with its filters in the URL
        link.goto(f"{base}/profile?hromada={A}&lang=en")
        signed_in(link, "en")
        assert urlsplit(link.url).path == "/profile"
        assert stored_sessions(data, "adm") == 1  # one sign-in, one session, whatever the tabs
    finally:
        context.close()


def test_deep_link_while_signed_out_returns_to_the_same_view(chromium_browser, served):
    base, _ = served
    context = chromium_browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        page.goto(f"{base}/profile?hromada={A}&lang=en")
        shows_form(page, "en")
        sign_in(page, "head_a", lang="en")
        assert urlsplit(page.url).path == "/profile"
        assert parse_qs(urlsplit(page.url).query)["hromada"] == [A]
        page.locator("h1", has_text=t("page.profile.title", "en")).wait_for(timeout=45_000)
        session_cookie(context)
        page.reload()  # and the view is still there after a reload
        signed_in(page, "en")
        assert urlsplit(page.url).path == "/profile"
        assert parse_qs(urlsplit(page.url).query)["hromada"] == [A]
        page.screenshot(path=str(ARTIFACTS / "session-deep-link.png"))
    finally:
        context.close()


def test_sign_out_ends_the_session_in_every_tab_and_the_old_cookie_is_dead(chromium_browser, served):
    base, data = served
    context = chromium_browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        page.goto(f"{base}/")
        sign_in(page, "ptn")
        old = session_cookie(context)
        other = context.new_page()
        other.goto(f"{base}/compare")
        signed_in(other, "en")

        page.get_by_role("button", name=t("auth.logout", "en")).click()
        shows_form(page, "en")
        session_cookie(context, present=False)  # cleared in the browser
        assert stored_sessions(data, "ptn") == 0  # and ended on the server

        # The other tab, still open on its own websocket: its next run finds the session ended on the server.
        other.locator("h1").first.click()
        other.keyboard.press(
            "r"
        )  # Streamlit's "rerun" key: a run without a reload (the cookie plays no part)
        shows_form(other, "en")

        # Replay: a fresh browser that presents the old id gets the sign-in form, not the partner's pages.
        replay = chromium_browser.new_context(viewport=VIEWPORT)
        replay.add_cookies([{k: old[k] for k in ("name", "value", "domain", "path", "httpOnly", "sameSite")}])
        try:
            stolen = replay.new_page()
            stolen.goto(f"{base}/compare")
            shows_form(stolen)
            stolen.screenshot(path=str(ARTIFACTS / "session-replayed-cookie.png"))
        finally:
            replay.close()
        assert '"logout"' in audit_log(data)
    finally:
        context.close()


def test_a_password_change_ends_the_session(chromium_browser, served):
    base, data = served
    context = chromium_browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        page.goto(f"{base}/")
        sign_in(page, "head_b")
        session_cookie(context)
        set_password("head_b", "a-new-password-2", path=data / "users.toml")
        page.reload()
        shows_form(page)
        page.get_by_text(t("pg.auth.login.expired", "uk")).wait_for(timeout=45_000)
        assert stored_sessions(data, "head_b") == 0
        assert '"account_changed"' in audit_log(data)
    finally:
        context.close()


def test_idle_timeout_ends_the_session(chromium_browser, fixture_data_dir: Path, tmp_path_factory):
    """A server with a 20 s idle timeout (DASHBOARD_SESSION_TIMEOUT_MIN): the session's last activity is
    moved 25 s into the past in the store instead of waiting that long — the server's own clock then finds
    it idle on the next load (under the default 30 min it would not: the setting is what ends it)."""
    idle_s = 20  # long enough for a loaded CI machine to reload within it
    data_dir = tmp_path_factory.mktemp("sessions-idle")
    with served_with_users(fixture_data_dir, data_dir, DASHBOARD_SESSION_TIMEOUT_MIN=str(idle_s / 60)) as (
        base,
        data,
    ):
        context = chromium_browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        try:
            page.goto(f"{base}/")
            sign_in(page, "adm")
            session_cookie(context)
            page.reload()  # activity within the timeout: still signed in
            signed_in(page)
            # Idle for idle_s + 5 s, as far as it knows (committed by `con`, closed by `closing`).
            with contextlib.closing(sqlite3.connect(data / "auth.sqlite3")) as con, con:
                moved = con.execute(
                    "UPDATE sessions SET last_seen = last_seen - ? WHERE login = ?", (idle_s + 5, "adm")
                ).rowcount
            assert moved == 1
            page.reload()
            shows_form(page)
            page.get_by_text(t("pg.auth.login.expired", "uk")).wait_for(timeout=45_000)
            assert stored_sessions(data, "adm") == 0
            assert '"session_expired"' in audit_log(data)
        finally:
            context.close()
