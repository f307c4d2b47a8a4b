"""Sign-in, sign-out and session expiry, kept in `st.session_state` on the server.

`authenticate()` is plain Python (users file + rate limiter + audit log); the rest reads and writes the
session. A session ends after DASHBOARD_SESSION_TIMEOUT_MIN minutes without interaction (default 30),
after 12 hours in any case, and as soon as the user is removed or their password, role or hromada change.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import ipaddress
import time
from dataclasses import dataclass

import streamlit as st

from dashboard import config
from dashboard.auth import audit
from dashboard.auth.ratelimit import Attempt, limiter
from dashboard.auth.users import LOGIN_RE, User, check_password, get_user, normalize_login

SESSION_KEY = "_auth_session"
NOTICE_KEY = "_auth_notice"  # why the login form is shown again: "expired" | "logged_out"
MAX_SESSION_S = 12 * 3600


def timeout_s() -> float:
    return config.session_timeout_min() * 60


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


def start(user: User) -> None:
    """Open a session for `user`; a head starts on their own hromada, a partner in English."""
    keep = {k: st.session_state[k] for k in ("lang",) if k in st.session_state}
    for key in list(st.session_state.keys()):
        del st.session_state[key]  # nothing of a previous user's view survives
    st.session_state.update(keep)
    now = _now()
    st.session_state[SESSION_KEY] = {
        "login": user.login,
        "fingerprint": user.fingerprint,
        "since": now,
        "last_seen": now,
    }
    if user.role == "partner" and "lang" not in st.query_params:
        st.session_state["lang"] = "en"
    if user.role == "head" and user.hromada and "hromada" not in st.query_params:
        from dashboard.reference import hromadas

        row = hromadas().set_index("katottg").loc[user.hromada]
        st.session_state["raion"] = row["raion_katottg"]
        st.session_state["hromada"] = user.hromada


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
    lang = st.session_state.get("lang")
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    if lang:
        st.session_state["lang"] = lang
    st.session_state[NOTICE_KEY] = "logged_out" if event == "logout" else "expired"


def current_user() -> User | None:
    """The signed-in user, or None (never signed in, expired, removed or changed). Counts as activity."""
    state = st.session_state.get(SESSION_KEY)
    if not state:
        return None
    now = _now()
    user = get_user(state["login"])
    if now - state["last_seen"] > timeout_s() or now - state["since"] > MAX_SESSION_S:
        end("session_expired", user, "timeout")
        return None
    if user is None or user.fingerprint != state["fingerprint"]:
        end("session_expired", user, "account_changed")
        return None
    state["last_seen"] = now
    return user


def logout() -> None:
    state = st.session_state.get(SESSION_KEY)
    if state:
        end("logout", get_user(state["login"]))
