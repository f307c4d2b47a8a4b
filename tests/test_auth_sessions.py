"""Server-side sessions and tickets (dashboard/auth/sessions.py) with a fake clock, and the two routes that
turn tickets into cookies (dashboard/web/routes.py) through Starlette's test client: ids stored hashed,
idle and absolute timeouts, revocation, one-time tickets bound to the browser, cookie attributes."""

from __future__ import annotations

import sqlite3
import warnings
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from dashboard.auth.sessions import SessionStore, digest, new_token, reset_sessions, seal, sessions, unseal
from dashboard.auth.store import AuthStore
from dashboard.auth.users import User, get_user, set_password
from dashboard.web.cookies import BROWSER_COOKIE, SESSION_COOKIE, safe_next
from dashboard.web.middleware import BrowserCookieMiddleware
from dashboard.web.routes import routes
from tests.auth_helpers import make_auth_env

with warnings.catch_warnings():  # "use httpx2": httpx is what Streamlit's single sign-on needs (pinned)
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient


ADM = User("adm", "admin", None, "$2b$04$hash-a")
HEAD = User("head_a", "head", "UA35040030000074104", "$2b$04$hash-b")


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture()
def clock() -> Clock:
    return Clock()


@pytest.fixture()
def store(tmp_path: Path, clock: Clock) -> SessionStore:
    return SessionStore(AuthStore(tmp_path / "auth.sqlite3"), idle_s=1800, max_s=12 * 3600, clock=clock)


def users_of(*users: User):
    table = {u.login: u for u in users}
    return table.get


def test_the_store_keeps_only_the_hash_of_the_id(store: SessionStore, tmp_path: Path):
    token = store.open(ADM, "password")
    assert len(token) == 43  # 256 random bits, URL-safe
    with sqlite3.connect(tmp_path / "auth.sqlite3") as con:
        rows = con.execute("SELECT id_hash, login FROM sessions").fetchall()
    assert rows == [(digest(token), "adm")]
    assert token not in (tmp_path / "auth.sqlite3").read_bytes().decode("latin-1")
    assert store.check_token(token, users_of(ADM)).status == "ok"
    assert store.check_token(token[:-1] + ("A" if token[-1] != "A" else "B"), users_of(ADM)).status == "none"
    assert store.check_token("not a token", users_of(ADM)).status == "none"


def test_idle_timeout_and_activity(store: SessionStore, clock: Clock):
    token = store.open(ADM, "password")
    clock.now += 1700
    assert store.check_token(token, users_of(ADM)).status == "ok"  # activity: the idle clock starts again
    clock.now += 1700
    assert store.check_token(token, users_of(ADM)).status == "ok"
    clock.now += 1801
    assert store.check_token(token, users_of(ADM)).status == "idle"
    assert store.check_token(token, users_of(ADM)).status == "none"  # deleted: reported once
    assert store.count() == 0


def test_absolute_timeout_however_active(store: SessionStore, clock: Clock):
    token = store.open(ADM, "password")
    for _ in range(12 * 4 + 1):  # a check every 15 minutes for just over 12 hours
        clock.now += 900
        status = store.check_token(token, users_of(ADM)).status
    assert status == "expired"


def test_last_seen_is_written_at_most_every_touch_interval(store: SessionStore, clock: Clock):
    token = store.open(ADM, "password")
    before = store.get(digest(token))
    clock.now += store.touch_s / 2
    store.check_token(token, users_of(ADM))
    assert store.get(digest(token)) == before  # no write
    clock.now += store.touch_s
    store.check_token(token, users_of(ADM))
    assert store.get(digest(token)).last_seen == clock.now  # type: ignore[union-attr]


def test_removed_or_changed_user_ends_the_session(store: SessionStore):
    token = store.open(HEAD, "password")
    changed = User(HEAD.login, HEAD.role, HEAD.hromada, "$2b$04$another-hash")
    assert store.check_token(token, users_of(changed)).status == "changed"
    token = store.open(HEAD, "password")
    assert store.check_token(token, users_of()).status == "changed"  # removed from the users file
    token = store.open(HEAD, "password")
    moved = User(HEAD.login, HEAD.role, "UA35040010000032289", HEAD.password_hash)
    assert store.check_token(token, users_of(moved)).status == "changed"


def test_revoke_and_revoke_login(store: SessionStore):
    one, two, other = store.open(ADM, "password"), store.open(ADM, "oidc"), store.open(HEAD, "password")
    assert store.revoke(digest(one)) and not store.revoke(digest(one))
    assert store.check_token(one, users_of(ADM)).status == "none"
    assert store.revoke_login("adm") == 1
    assert store.check_token(two, users_of(ADM)).status == "none"
    assert store.check_token(other, users_of(HEAD)).status == "ok"


def test_sessions_are_shared_by_every_process_through_the_file(tmp_path: Path, clock: Clock):
    first = SessionStore(AuthStore(tmp_path / "auth.sqlite3"), clock=clock)
    second = SessionStore(AuthStore(tmp_path / "auth.sqlite3"), clock=clock)  # another server process
    token = first.open(ADM, "password")
    assert second.check_token(token, users_of(ADM)).status == "ok"
    second.revoke(digest(token))
    assert first.check_token(token, users_of(ADM)).status == "none"
    with sqlite3.connect(tmp_path / "auth.sqlite3") as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_tickets_are_one_time_short_lived_and_bound_to_the_browser(store: SessionStore, clock: Clock):
    browser, stranger = new_token(), new_token()
    session_id = store.open(ADM, "password")
    ticket = store.issue("signin", browser, user=ADM, method="password", session=session_id)
    assert store.redeem(ticket, "signin", stranger) is None  # another browser: refused, and used up
    assert store.redeem(ticket, "signin", browser) is None
    ticket = store.issue("signin", browser, user=ADM, session=session_id)
    assert store.redeem(ticket, "signout", browser) is None  # wrong purpose
    ticket = store.issue("signin", browser, user=ADM, session=session_id)
    clock.now += 61
    assert store.redeem(ticket, "signin", browser) is None  # expired
    ticket = store.issue("signin", browser, user=ADM, next_url="/map", session=session_id)
    found = store.redeem(ticket, "signin", browser)
    assert found is not None and found.session == session_id and found.next == "/map"
    assert store.redeem(ticket, "signin", browser) is None  # used up
    with pytest.raises(ValueError):
        store.issue("signin", "no-cookie", user=ADM)


def test_the_session_id_in_a_ticket_is_sealed(store: SessionStore, tmp_path: Path):
    browser, session_id = new_token(), new_token()
    ticket = store.issue("signin", browser, user=ADM, session=session_id)
    with sqlite3.connect(tmp_path / "auth.sqlite3") as con:
        sealed = con.execute("SELECT sealed FROM tickets").fetchone()[0]
    assert session_id not in sealed and unseal(sealed, ticket) == session_id
    assert unseal(seal(session_id, ticket), new_token()) != session_id


def test_a_pending_single_sign_on_is_found_by_its_browser_once(store: SessionStore):
    browser = new_token()
    store.issue("oidc", browser, next_url="/profile?hromada=UA35040030000074104", ttl_s=600)
    store.issue("oidc", browser, next_url="/compare", ttl_s=600)  # the latest start wins
    assert store.redeem_for_browser("oidc", new_token()) is None
    found = store.redeem_for_browser("oidc", browser)
    assert found is not None and found.next == "/compare"
    assert store.redeem_for_browser("oidc", browser) is None


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("/profile?hromada=UA35040030000074104&lang=en", "/profile?hromada=UA35040030000074104&lang=en"),
        ("/", "/"),
        ("//evil.example/x", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example/", "/"),
        ("/x\r\nSet-Cookie: a=b", "/"),
        ("", "/"),
        (None, "/"),
    ],
)
def test_only_paths_inside_the_app_are_followed(url, safe):
    assert safe_next(url) == safe


# --- the routes ------------------------------------------------------------------------------------------------


@pytest.fixture()
def client(fixture_data_dir: Path, monkeypatch: pytest.MonkeyPatch):
    make_auth_env(fixture_data_dir, monkeypatch)
    reset_sessions()
    (Path(fixture_data_dir.parent / "auth-data") / "auth.sqlite3").unlink(missing_ok=True)

    async def page(request):
        return PlainTextResponse("<html>", media_type="text/html")

    app = Starlette(
        routes=[*routes(), Route("/{path:path}", page)], middleware=[Middleware(BrowserCookieMiddleware)]
    )
    with TestClient(app, base_url="http://testserver") as test_client:
        yield test_client
    reset_sessions()


def _browser(client: TestClient) -> str:
    response = client.get("/overview", headers={"accept": "text/html"})
    header = response.headers["set-cookie"]
    assert "HttpOnly" in header and "SameSite=lax" in header and "Path=/" in header  # lax: see cookies.py
    assert "Secure" not in header
    return client.cookies[BROWSER_COOKIE]


def test_the_browser_cookie_is_given_on_page_loads_only(client: TestClient):
    assert "set-cookie" not in client.get("/_stcore/health", headers={"accept": "text/html"}).headers
    assert "set-cookie" not in client.get("/overview", headers={"accept": "*/*"}).headers
    browser = _browser(client)
    again = client.get("/map", headers={"accept": "text/html"})
    assert "set-cookie" not in again.headers and client.cookies[BROWSER_COOKIE] == browser


def test_open_sets_the_session_cookie_for_the_right_browser_only(client: TestClient):
    browser = _browser(client)
    user = get_user("adm")
    assert user is not None
    session_id = sessions().open(user, "password")
    foreign = sessions().issue("signin", new_token(), user=user, session=session_id)
    assert client.get(f"/_session/open?ticket={foreign}").status_code == 403  # made for another browser
    assert SESSION_COOKIE not in client.cookies
    ticket = sessions().issue("signin", browser, user=user, session=session_id)
    response = client.get(f"/_session/open?ticket={ticket}")
    assert response.status_code == 204 and response.headers["cache-control"] == "no-store"
    header = response.headers["set-cookie"]
    assert "HttpOnly" in header and "SameSite=strict" in header and "Max-Age=" in header
    assert client.cookies[SESSION_COOKIE] == session_id
    assert client.get(f"/_session/open?ticket={ticket}").status_code == 403  # one time only


def test_open_after_single_sign_on_continues_to_the_view(client: TestClient):
    browser = _browser(client)
    user = get_user("head_a")
    assert user is not None
    session_id = sessions().open(user, "oidc")
    ticket = sessions().issue("signin", browser, user=user, next_url="/profile?lang=en", session=session_id)
    response = client.get(f"/_session/open?ticket={ticket}", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/profile?lang=en"
    ticket = sessions().issue(
        "signin", browser, user=user, next_url="https://evil.example/", session=session_id
    )
    response = client.get(f"/_session/open?ticket={ticket}", follow_redirects=False)
    assert response.headers["location"] == "/"


def test_a_session_ended_before_its_ticket_is_used_gets_no_cookie(client: TestClient):
    browser = _browser(client)
    user = get_user("adm")
    assert user is not None
    session_id = sessions().open(user, "password")
    ticket = sessions().issue("signin", browser, user=user, session=session_id)
    set_password("adm", "another-password-1")
    assert client.get(f"/_session/open?ticket={ticket}").status_code == 403


def test_close_clears_the_cookies_only_with_this_browsers_ticket(client: TestClient):
    browser = _browser(client)
    user = get_user("adm")
    assert user is not None
    session_id = sessions().open(user, "password")
    client.get(f"/_session/open?ticket={sessions().issue('signin', browser, user=user, session=session_id)}")
    client.cookies.set("_streamlit_user", "identity-cookie")
    assert client.get("/_session/close").status_code == 403  # no ticket: a cross-site link does nothing
    assert client.get(f"/_session/close?ticket={sessions().issue('signout', new_token())}").status_code == 403
    assert client.cookies.get(SESSION_COOKIE) == session_id
    response = client.get(f"/_session/close?ticket={sessions().issue('signout', browser)}")
    assert response.status_code == 204
    cleared = {h.split("=", 1)[0] for h in response.headers.get_list("set-cookie") if "Max-Age=0" in h}
    assert cleared == {SESSION_COOKIE, "_streamlit_user"}
    assert SESSION_COOKIE not in client.cookies
    assert sessions().check_token(session_id, get_user).status == "none"


def test_secure_cookies_over_https_and_behind_a_proxy_that_says_so(client: TestClient, monkeypatch):
    response = client.get("/overview", headers={"accept": "text/html", "x-forwarded-proto": "https"})
    assert "Secure" in response.headers["set-cookie"]
    secure = TestClient(client.app, base_url="https://testserver")
    assert "Secure" in secure.get("/overview", headers={"accept": "text/html"}).headers["set-cookie"]
    monkeypatch.setenv("DASHBOARD_COOKIE_SECURE", "always")
    client.cookies.clear()
    assert "Secure" in client.get("/overview", headers={"accept": "text/html"}).headers["set-cookie"]
