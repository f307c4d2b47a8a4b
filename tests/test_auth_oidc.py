"""Single sign-on, without a browser: which providers the secrets configure, which user an identity is,
the users file's `identity` field and CLI, and the page script's answer to a known and an unknown identity
(AppTest's `at.user` plays the identity provider)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dashboard.auth import session
from dashboard.auth.oidc import CLOCK_SKEW_S, identity_of, issued_since, providers, user_for
from dashboard.auth.sessions import OIDC_TICKET_TTL_S, new_token, reset_sessions, sessions
from dashboard.auth.users import User, UserError, add_user, check_password, get_user, load_users, set_identity
from dashboard.i18n import t
from tests.auth_helpers import ROOT, is_login_form, make_auth_env, new_app, texts
from tests.fixture_snapshot import A

BASE = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32}
PROVIDER = {"client_id": "dashboard", "client_secret": "s", "server_metadata_url": "http://idp/.well-known/x"}


def test_providers_from_the_secrets():
    assert providers(None) == [] and providers({}) == []
    assert providers({**BASE, **PROVIDER}) == ["default"]
    assert providers({**BASE, "keycloak": PROVIDER, "entra": {**PROVIDER, "client_id": ""}}) == ["keycloak"]
    assert providers({"keycloak": PROVIDER}) == []  # no redirect_uri / cookie_secret: st.login would fail


def test_an_identity_is_matched_by_verified_e_mail_or_by_subject():
    users = {
        "olena": User("olena", "head", A, identity="olena@oblast.gov.ua"),
        "ivan": User("ivan", "admin", identity="f81d4fae-7dec-11d0-a765-00a0c91e6bf6"),
        "nobody": User("nobody", "partner"),
    }
    assert (
        user_for({"email": "Olena@Oblast.gov.ua", "email_verified": True, "sub": "1"}, users)
        == users["olena"]
    )
    assert user_for({"email": "olena@oblast.gov.ua", "sub": "1"}, users) is None  # not said to be verified
    assert user_for({"email": "olena@oblast.gov.ua", "email_verified": False, "sub": "1"}, users) is None
    assert user_for({"sub": "f81d4fae-7dec-11d0-a765-00a0c91e6bf6"}, users) == users["ivan"]
    assert user_for({"email": "f81d4fae-7dec-11d0-a765-00a0c91e6bf6"}, users) is None  # not a subject
    assert user_for({"email": "stranger@example.org", "sub": "x"}, users) is None
    assert user_for({}, users) is None
    assert identity_of({"email": "a@b.c", "sub": "1"}) == "a@b.c" and identity_of({"sub": "1"}) == "1"


def test_identity_in_the_users_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("DASHBOARD_BCRYPT_ROUNDS", "4")
    path = tmp_path / "users.toml"
    user = add_user("olena", "head", None, A, identity=" Olena@Oblast.gov.ua ", path=path)
    assert user.identity == "olena@oblast.gov.ua" and user.password_hash == ""
    assert not check_password(user, "")  # an SSO-only user has no password that works
    assert load_users(path)["olena"].identity == "olena@oblast.gov.ua"
    with pytest.raises(UserError, match="already belongs"):
        add_user("olena2", "partner", "long-password-1", identity="olena@oblast.gov.ua", path=path)
    with pytest.raises(UserError, match="needs --identity"):
        add_user("ivan", "admin", None, path=path)
    with pytest.raises(UserError, match="lock them out"):
        set_identity("olena", "", path=path)
    before = load_users(path)["olena"].fingerprint
    assert set_identity("olena", "olena.p@oblast.gov.ua", path=path).fingerprint != before  # sessions end
    plain = add_user("ivan", "admin", "long-password-1", path=path)
    assert plain.fingerprint == User("ivan", "admin", None, plain.password_hash).fingerprint


def test_users_cli_adds_an_sso_only_user(tmp_path: Path):
    env = {**os.environ, "DASHBOARD_DATA_DIR": str(tmp_path), "DASHBOARD_BCRYPT_ROUNDS": "4"}
    command = [sys.executable, "-m", "dashboard", "users"]
    done = subprocess.run(
        [*command, "add", "olena", "--role", "head", "--hromada", A, "--identity", "olena@oblast.gov.ua",
         "--sso-only"],
        cwd=ROOT, env=env, text=True, capture_output=True, stdin=subprocess.DEVNULL, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    listing = subprocess.run(
        [*command, "list"], cwd=ROOT, env=env, text=True, capture_output=True, check=True
    )
    assert "olena@oblast.gov.ua" in listing.stdout
    assert '"user_added"' in "".join(p.read_text() for p in (tmp_path / "audit").glob("*.jsonl"))


# --- the page script (AppTest: sessions in st.session_state, `at.user` as the identity provider) ------------


@pytest.fixture()
def env(fixture_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = make_auth_env(fixture_data_dir, monkeypatch)
    set_identity("head_a", "olena@oblast.gov.ua")
    return data


def _signed_on(email: str, *, issued: float | None = None):
    at = new_app()
    at.user["is_logged_in"] = True
    at.user["email"] = email
    at.user["email_verified"] = True
    at.user["sub"] = f"sub-{email}"
    at.user["iat"] = int(time.time() if issued is None else issued)  # every ID token carries its time
    return at.run()


def test_a_known_identity_is_signed_in_as_its_user(env: Path):
    at = _signed_on("olena@oblast.gov.ua")
    assert not at.exception and not is_login_form(at)
    assert t("auth.signed_in_as", "uk", name="head_a") in texts(at)
    log = "".join(p.read_text(encoding="utf-8") for p in (env / "audit").glob("*.jsonl"))
    assert '"login_ok"' in log and '"oidc"' in log


def test_an_unknown_identity_gets_no_data_and_is_audited(env: Path):
    at = _signed_on("stranger@example.org")
    assert not at.exception and is_login_form(at)
    shown = texts(at)
    # Shown as text: the provider's value is Markdown-escaped, never a link.
    expected = t("pg.auth.login.unknown_identity", "uk", identity="`stranger@example.org`")
    assert [e.value for e in at.error] == [expected]
    assert t("auth.signed_in_as", "uk", name="head_a") not in shown
    assert not at.get("plotly_chart") and not at.dataframe and not at.metric
    log = "".join(p.read_text(encoding="utf-8") for p in (env / "audit").glob("*.jsonl"))
    assert '"access_denied"' in log and "stranger@example.org" in log and "unknown_identity" in log
    assert get_user("head_a") is not None


# --- a leftover identity is not a sign-on ---------------------------------------------------------------------
# Streamlit keeps the provider's identity in its own cookie for 30 days; our session of it ends after 30
# idle minutes (12 hours at most). Only an identity the provider has just issued may open a session: else
# anyone at that browser could sign in as its last user after the timeout without the provider asking.


def test_an_identity_is_fresh_only_when_issued_after_the_sign_on_started():
    now = 2_000_000.0
    assert issued_since({"iat": now - 5}, now - 60, now)
    assert issued_since({"iat": now - 60 - CLOCK_SKEW_S / 2}, now - 60, now)  # the provider's clock
    assert not issued_since({"iat": now - 3600}, now - 60, now)
    assert not issued_since({"iat": now + 3600}, now - 60, now)
    assert not issued_since({}, now - 60, now) and not issued_since({"iat": "soon"}, now - 60, now)
    assert not issued_since({"iat": True}, now - 60, now)


def test_a_leftover_identity_opens_no_session_in_a_new_tab(env: Path):
    at = _signed_on("olena@oblast.gov.ua", issued=time.time() - 3 * 3600)  # signed on 3 h ago
    assert not at.exception and is_login_form(at)
    assert t("auth.signed_in_as", "uk", name="head_a") not in texts(at)


@pytest.fixture()
def cookie_sso(env: Path, monkeypatch: pytest.MonkeyPatch):
    """session.sso_sign_in as served with cookies, one browser, `claims` as the provider's answer."""
    reset_sessions()
    browser = new_token()
    started: list[tuple[str, str | None]] = []
    state: dict[str, dict] = {"claims": {}}
    monkeypatch.setattr(session, "cookies_in_use", lambda: True)
    monkeypatch.setattr(session, "_cookie", lambda name: browser if name == "pog_browser" else None)
    monkeypatch.setattr(session, "sso_claims", lambda: state["claims"])
    monkeypatch.setattr(
        session, "start", lambda user, method, next_url=None: started.append((user.login, next_url))
    )
    yield browser, state, started
    reset_sessions()


def test_sign_on_then_back_does_not_reopen_an_ended_session(cookie_sso):
    browser, state, started = cookie_sso
    # Olena signed on 3 hours ago; her dashboard session has since timed out, the identity cookie stayed.
    state["claims"] = {
        "is_logged_in": True,
        "email": "olena@oblast.gov.ua",
        "email_verified": True,
        "iat": time.time() - 3 * 3600,
    }
    # Someone at her browser clicks "sign in with the oblast account" and comes back without signing on.
    sessions().issue("oidc", browser, next_url="/compare", ttl_s=OIDC_TICKET_TTL_S)
    assert session.sso_sign_in() is None and started == []
    # The real sign-on still finishes afterwards (the stale look did not use the pending ticket up).
    state["claims"] = {**state["claims"], "iat": time.time()}
    user = session.sso_sign_in()
    assert user is not None and user.login == "head_a" and started == [("head_a", "/compare")]
