"""Sign-in, sign-out and session expiry as the page script sees them.

`authenticate()` is plain Python (users file + rate limiter + audit log); the rest reads and writes the
session. A session ends after DASHBOARD_SESSION_TIMEOUT_MIN minutes without interaction (default 30),
after DASHBOARD_SESSION_MAX_HOURS (default 12) in any case, and as soon as the user is removed or their
password, role, hromada or SSO identity change.

Two ways to keep a session, chosen once per process:
- served by serve.py (`use_cookies(True)`, dashboard/web/): the session is a row of the store every server
  process shares (dashboard/auth/sessions.py) and the browser holds its id in an HttpOnly cookie, so a
  reload, a new tab or a link finds it again. The tab that signed in keeps the row's hash in
  `st.session_state` and hands the id to the browser through a one-time ticket (an invisible image that
  loads `/_session/open`); any other tab reads the cookie through `st.context.cookies`. Every run checks the
  row, so a sign-out in one tab ends the session in all of them at their next interaction.
- otherwise (AppTest, plain `streamlit run app.py`): in `st.session_state` of one tab, as before.

Single sign-on (`st.login`, dashboard/auth/oidc.py) ends in the same kind of session: `sso_sign_in()` maps
the identity provider's user to a user of the users file, or refuses (audited) when it maps to nobody.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import ipaddress
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import streamlit as st

from dashboard import config
from dashboard.auth import audit, oidc
from dashboard.auth.ratelimit import Attempt, limiter
from dashboard.auth.sessions import OIDC_TICKET_TTL_S, Check, digest, sessions
from dashboard.auth.users import LOGIN_RE, User, check_password, get_user, load_users, normalize_login
from dashboard.web.cookies import BROWSER_COOKIE, CLOSE_PATH, OPEN_PATH, SESSION_COOKIE, ticket_url

SESSION_KEY = "_auth_session"
NOTICE_KEY = "_auth_notice"  # why the login form is shown again: "expired" | "logged_out" | "changed" | ...
TICKET_KEY = (
    "_auth_cookie_url"  # a ticket URL the next run loads as an invisible image (render_cookie_ticket)
)
UNKNOWN_KEY = "_auth_unknown_identity"  # a single sign-on identity that is in no user's entry
SSO_USED_KEY = "_auth_sso_used"  # this tab already turned its st.user into a session (tab-only sessions)
_KEEP = ("lang", SSO_USED_KEY)  # what survives a sign-in or sign-out in the tab

_cookies = [False]  # set once by serve.py (dashboard/web/server.py) before the first script run


def use_cookies(on: bool) -> None:
    """Keep sessions in the shared store behind a browser cookie (True: served by serve.py)."""
    _cookies[0] = on


def cookies_in_use() -> bool:
    return _cookies[0]


def timeout_s() -> float:
    return config.session_timeout_min() * 60


def max_session_s() -> float:
    return config.session_max_hours() * 3600


def _now() -> float:
    return time.time()


@dataclass(frozen=True)
class AuthResult:
    user: User | None
    status: str  # ok | failed | locked
    retry_after_s: float = 0.0


def subject_of(login: str, user: User | None) -> str:
    """The name a sign-in attempt is counted and logged under: the login, or a hash of an unknown one."""
    if user is not None:
        return user.login
    digest = hashlib.sha256(normalize_login(login).encode("utf-8")).hexdigest()[:10]
    return f"unknown:{digest}"  # a mistyped password in the login field never reaches the log


def authenticate(login: str, password: str, client: str | None) -> AuthResult:
    """Check a sign-in attempt against the users file, the rate limiter, and log it."""
    login = normalize_login(login)
    user = get_user(login) if LOGIN_RE.fullmatch(login) else None
    subject = subject_of(login, user)
    role = user.role if user else None
    limits = limiter()
    attempt = limits.begin(subject, client)  # the lock check and the count: one atomic step
    if not isinstance(attempt, Attempt):
        audit.record("login_failed", login=subject, role=role, client=client, detail={"reason": "locked"})
        return AuthResult(None, "locked", attempt)
    if check_password(user, password) and user is not None:
        limits.succeeded(attempt)
        audit.record("login_ok", login=user.login, role=user.role, client=client)
        return AuthResult(user, "ok")
    locks = attempt.locks
    audit.record("login_failed", login=subject, role=role, client=client, detail={"reason": "password"})
    for lock in locks:
        until = dt.datetime.fromtimestamp(lock.until, dt.UTC).isoformat(timespec="seconds")
        detail = {"scope": lock.scope, "key": lock.key, "failures": lock.failures, "until": until}
        audit.record(
            "locked", login=subject, role=role, client=client, detail={**detail, "until_epoch": lock.until}
        )
    if locks:
        return AuthResult(None, "locked", limits.retry_after(subject, client))
    return AuthResult(None, "failed")


def client_address() -> str | None:
    """The client's IP address (None on localhost and under AppTest): the connection's, or, when that is a
    trusted proxy (DASHBOARD_TRUSTED_PROXIES), the client it names in X-Forwarded-For."""
    try:
        address = st.context.ip_address
        forwarded = st.context.headers.get("X-Forwarded-For") if config.trusted_proxies() else None
    except Exception:
        return None
    if not isinstance(address, str) or not address:
        return None
    return forwarded_client(address, forwarded, config.trusted_proxies())


def forwarded_client(peer: str, forwarded: str | None, trusted: list[str]) -> str:
    """The address a sign-in is counted under. Only a trusted proxy's X-Forwarded-For is believed, read
    from the right: the last address not itself a trusted proxy is the client (anything to its left was
    written by the client and may be forged). Without a trusted proxy the header is ignored: anyone could
    otherwise send a new address with every attempt and never reach the per-client limit."""
    networks = []
    for text in trusted:
        with contextlib.suppress(ValueError):
            networks.append(ipaddress.ip_network(text, strict=False))

    def is_trusted(text: str) -> bool:
        try:
            ip = ipaddress.ip_address(text.strip())
        except ValueError:
            return False
        return any(ip in net for net in networks)

    if not forwarded or not is_trusted(peer):
        return peer
    for hop in reversed([h.strip() for h in forwarded.split(",") if h.strip()]):
        if not is_trusted(hop):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer  # a malformed header: count the proxy, not a made-up name
    return peer


def _cookie(name: str) -> str | None:
    try:
        value = st.context.cookies.get(name)
    except Exception:  # no request context (bare script run)
        return None
    return value if isinstance(value, str) and value else None


def current_location() -> str:
    """The path and query string of the view in the browser (where single sign-on comes back to)."""
    try:
        path = urlsplit(st.context.url or "/").path or "/"
    except Exception:
        path = "/"
    pairs = [(key, value) for key in st.query_params for value in st.query_params.get_all(key)]
    return f"{path}?{urlencode(pairs)}" if pairs else path


def navigate(url: str) -> None:
    """Send the browser to `url` (a full page load), the way `st.login` does."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is not None:
        message = ForwardMsg()
        message.auth_redirect.url = url
        ctx.enqueue(message)


def _clear_view() -> None:
    """Forget everything of the tab's view but the language (nothing of a previous user's view survives)."""
    keep = {k: st.session_state[k] for k in _KEEP if k in st.session_state}
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    st.session_state.update(keep)


def _role_defaults(user: User) -> None:
    """Where a new view of `user` starts: a head on their own hromada, a partner in English (unless the
    link says otherwise)."""
    if user.role == "partner" and "lang" not in st.query_params and "lang" not in st.session_state:
        st.session_state["lang"] = "en"
    if user.role == "head" and user.hromada and "hromada" not in st.query_params:
        from dashboard.reference import hromadas

        row = hromadas().set_index("katottg").loc[user.hromada]
        st.session_state["raion"] = row["raion_katottg"]
        st.session_state["hromada"] = user.hromada


def start(user: User, method: str = "password", next_url: str | None = None) -> None:
    """Open a session for `user` in this tab (and, served with cookies, for the whole browser).

    `next_url` (single sign-on): send the browser there through `/_session/open`, which sets the cookie
    first; without it (the sign-in form) the tab simply goes on, and an invisible image sets the cookie."""
    _clear_view()
    now = _now()
    if cookies_in_use():
        token = sessions().open(user, method, client_address())
        st.session_state[SESSION_KEY] = {"id_hash": digest(token), "login": user.login}
        browser = _cookie(BROWSER_COOKIE)
        if browser:  # without the browser's cookie the session lasts as long as this tab
            ticket = sessions().issue(
                "signin", browser, user=user, method=method, next_url=next_url, session=token
            )
            if next_url is not None:
                navigate(ticket_url(OPEN_PATH, ticket))
            else:
                st.session_state[TICKET_KEY] = ticket_url(OPEN_PATH, ticket)
    else:
        st.session_state[SESSION_KEY] = {
            "login": user.login,
            "fingerprint": user.fingerprint,
            "since": now,
            "last_seen": now,
        }
    _role_defaults(user)


def end(event: str, user: User | None = None, reason: str | None = None) -> None:
    """Close the session, log why and clear everything the session held."""
    state = st.session_state.get(SESSION_KEY) or {}
    login = user.login if user else state.get("login")
    audit.record(
        event,
        login=login,
        role=user.role if user else None,
        client=client_address(),
        detail={"reason": reason} if reason else None,
    )
    _clear_view()
    st.session_state[NOTICE_KEY] = "logged_out" if event == "logout" else "expired"


def current_user() -> User | None:
    """The signed-in user, or None (never signed in, expired, removed or changed). Counts as activity."""
    if cookies_in_use():
        return _stored_user()
    state = st.session_state.get(SESSION_KEY)
    if not state:
        return None
    now = _now()
    user = get_user(state["login"])
    if now - state["last_seen"] > timeout_s() or now - state["since"] > max_session_s():
        end("session_expired", user, "timeout")
        return None
    if user is None or user.fingerprint != state["fingerprint"]:
        end("session_expired", user, "account_changed")
        return None
    state["last_seen"] = now
    return user


_REASONS = {"idle": "timeout", "expired": "timeout", "changed": "account_changed"}


def _stored_user() -> User | None:
    """The session of this tab, else the one the browser's cookie names (a reload, a new tab, a link)."""
    store = sessions()
    state = st.session_state.get(SESSION_KEY)
    if state:
        check = store.check(state["id_hash"], get_user)
        if check.status == "ok":
            return check.user
        _ended(check, state.get("login"))
        return None
    check = store.check_token(_cookie(SESSION_COOKIE), get_user)
    if check.status == "ok" and check.session is not None and check.user is not None:
        st.session_state[SESSION_KEY] = {"id_hash": check.session.id_hash, "login": check.user.login}
        _role_defaults(check.user)
        return check.user
    if check.status != "none":
        _ended(check, check.session.login if check.session else None)
    return None


def _ended(check: Check, login: str | None) -> None:
    if (
        check.status in _REASONS
    ):  # this run found it dead (else it ended elsewhere: signed out, or found first)
        user = check.user or (get_user(login) if login else None)
        end("session_expired", user if user else None, _REASONS[check.status])
        if user is None and login:
            st.session_state[NOTICE_KEY] = "expired"
    else:
        _clear_view()
        st.session_state[NOTICE_KEY] = "expired"


def logout() -> None:
    state = st.session_state.get(SESSION_KEY)
    if not state:
        return
    if cookies_in_use():
        sessions().revoke(state["id_hash"])  # every tab of this browser: their next run finds no session
    end("logout", get_user(state["login"]))
    browser = _cookie(BROWSER_COOKIE)
    if cookies_in_use() and browser:
        st.session_state[TICKET_KEY] = ticket_url(CLOSE_PATH, sessions().issue("signout", browser))


def pop_cookie_ticket() -> str | None:
    """The ticket URL this run must load (once) so that the browser's cookie follows the tab's session."""
    return st.session_state.pop(TICKET_KEY, None)


# --- single sign-on ------------------------------------------------------------------------------------------


def sso_providers() -> list[str]:
    """The OpenID Connect providers configured in `.streamlit/secrets.toml` (none: no SSO button)."""
    from streamlit.runtime.secrets import secrets_singleton

    try:
        if not secrets_singleton.load_if_toml_exists():  # no secrets file: no SSO (and no error shown)
            return []
        auth = st.secrets.get("auth")
    except Exception:  # an unreadable secrets file: the password form still works
        return []
    return oidc.providers(auth if isinstance(auth, Mapping) else None)


def sso_claims() -> dict[str, Any] | None:
    """The identity provider's claims about the person in this browser, or None."""
    try:
        claims = st.user.to_dict()
    except Exception:
        return None
    return claims if claims.get("is_logged_in") else None


def begin_sso(provider: str) -> bool:
    """Start a single sign-on at `provider` from this view (False: the browser refuses cookies)."""
    if cookies_in_use():
        browser = _cookie(BROWSER_COOKIE)
        if not browser:
            return False
        # Proof that this browser started the sign-on, and where to come back to afterwards.
        sessions().issue("oidc", browser, next_url=current_location(), ttl_s=OIDC_TICKET_TTL_S)
    st.session_state.pop(SSO_USED_KEY, None)
    st.login(provider)
    return True


def sso_sign_in() -> User | None:
    """After a single sign-on: the user it maps to, with a session started; None when there is none to
    start (then `UNKNOWN_KEY` says whether the identity was refused). A sign-on counts only once, right
    after this browser started it: an identity cookie left from earlier opens no new session by itself
    (else the idle timeout would never end one)."""
    claims = sso_claims()
    if claims is None:
        return None
    now = _now()
    if cookies_in_use():
        # The identity must be newer than this browser's pending sign-on: Streamlit's identity cookie
        # outlives our session by weeks, and "sign in with SSO" then Back (or a second tab) would otherwise
        # turn that leftover cookie into a session without the provider ever asking who is there. Checked
        # before the ticket is used up, so a stale look from another tab does not spoil the real return.
        browser = _cookie(BROWSER_COOKIE)
        started = sessions().pending("oidc", browser)
        if started is None or not oidc.issued_since(claims, started.expires - OIDC_TICKET_TTL_S, now):
            return None
        pending = sessions().redeem_for_browser("oidc", browser)
        if pending is None:
            return None
        next_url: str | None = pending.next or "/"
    else:
        if st.session_state.get(SSO_USED_KEY):
            return None
        st.session_state[SSO_USED_KEY] = True
        if not oidc.issued_since(claims, now - OIDC_TICKET_TTL_S, now):  # a tab has no ticket: just now
            return None
        next_url = None
    identity = oidc.identity_of(claims)
    user = oidc.user_for(claims, load_users())
    client = client_address()
    if user is None:
        audit.record(
            "access_denied",
            login=None,
            client=client,
            detail={"reason": "unknown_identity", "identity": identity},
        )
        st.session_state[UNKNOWN_KEY] = identity
        if next_url:  # the provider came back to the root: the query of the view asked for (its language)
            query = parse_qs(urlsplit(next_url).query)
            st.query_params.from_dict({key: values[-1] for key, values in query.items()})
        return None
    audit.record(
        "login_ok",
        login=user.login,
        role=user.role,
        client=client,
        detail={"method": "oidc", "identity": identity},
    )
    start(user, "oidc", next_url)
    if next_url is None:
        st.session_state[SSO_USED_KEY] = True
    return user
