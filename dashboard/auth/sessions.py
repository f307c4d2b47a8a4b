"""Server-side sessions behind the browser's session cookie, and one-time tickets, in the shared store.

A signed-in browser holds only an opaque random id (`secrets.token_urlsafe`, 256 bits) in an HttpOnly
cookie; the server keeps the SHA-256 of it, never the id itself, in the SQLite store every server process
shares (dashboard/auth/store.py, `auth.sqlite3` in the data folder). So a copy of the store does not let
anyone sign in, and any process behind a load balancer can check any browser's session.

A session ends
- after `idle_s` without a script run (DASHBOARD_SESSION_TIMEOUT_MIN, default 30 min),
- `max_s` after sign-in however active it is (DASHBOARD_SESSION_MAX_HOURS, default 12 h),
- at sign-out (`revoke`), and
- as soon as its user is removed or their password, role, hromada or SSO identity change: the session
  stores the user's `fingerprint` (dashboard/auth/users.py) and is checked against the users file.

`last_seen` is written at most every `touch_s` (a tenth of the idle timeout, at most a minute), so a busy
page does not write the store on every click; the idle timeout is exact to within that much.

Tickets are one-time tokens (60 s) that carry a step of the sign-in across an HTTP request: each is bound
to the browser that asked for it through the hash of its `pog_browser` cookie (dashboard/web/cookies.py),
so a ticket leaked to, or made by, another browser is worthless there (a cross-site page cannot sign
someone in or out with one). Purposes: `signin` (set the session cookie), `signout` (clear it), `oidc` (a
single sign-on this browser started; redeemed when the identity provider sends the user back).

This module is plain Python (no Streamlit): the routes (dashboard/web/) and the script (session.py) both
use it; the tests drive it with a fake clock.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dashboard import config
from dashboard.auth.store import AuthStore
from dashboard.auth.users import User

log = logging.getLogger(__name__)

TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)
TICKET_TTL_S = 60.0
OIDC_TICKET_TTL_S = 600.0  # a sign-on at the identity provider may take a few minutes (typing, MFA)
# Tables of this module, created on first use beside the store's own (same file, same transactions).
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS sessions (id_hash TEXT PRIMARY KEY, login TEXT NOT NULL,"
    " fingerprint TEXT NOT NULL, method TEXT NOT NULL, created REAL NOT NULL, last_seen REAL NOT NULL,"
    " client TEXT)",
    "CREATE INDEX IF NOT EXISTS sessions_login ON sessions (login)",
    "CREATE TABLE IF NOT EXISTS tickets (id_hash TEXT PRIMARY KEY, purpose TEXT NOT NULL,"
    " browser_hash TEXT NOT NULL, login TEXT, fingerprint TEXT, method TEXT, next TEXT,"
    " expires REAL NOT NULL, sealed TEXT)",
    "CREATE INDEX IF NOT EXISTS tickets_browser ON tickets (purpose, browser_hash)",
)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    """What the store keeps of a session id, ticket or browser cookie: its SHA-256 (hex)."""
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def well_formed(token: str | None) -> bool:
    return isinstance(token, str) and TOKEN_RE.fullmatch(token) is not None


def _pad(ticket: str) -> bytes:
    return hashlib.sha256(b"seal:" + ticket.encode("ascii")).digest()


def seal(secret: str, ticket: str) -> str:
    """`secret` (a session id) encrypted with a one-time pad derived from `ticket`: the store can hold it
    without holding the id (its reader knows only the ticket's SHA-256, not this other hash of it)."""
    raw = secret.encode("ascii")
    return bytes(a ^ b for a, b in zip(raw, _pad(ticket) + _pad(ticket + "2"), strict=False)).hex()


def unseal(sealed: str, ticket: str) -> str:
    raw = bytes.fromhex(sealed)
    return bytes(a ^ b for a, b in zip(raw, _pad(ticket) + _pad(ticket + "2"), strict=False)).decode(
        "ascii", "replace"
    )


@dataclass(frozen=True)
class Session:
    id_hash: str
    login: str
    fingerprint: str
    method: str  # password | oidc
    created: float
    last_seen: float


@dataclass(frozen=True)
class Check:
    """The outcome of checking a session: `user` when it is valid (status "ok"), else why not."""

    status: (
        str  # ok | none (no such session: never, signed out, or ended elsewhere) | idle | expired | changed
    )
    session: Session | None = None
    user: User | None = None


@dataclass(frozen=True)
class Ticket:
    purpose: str
    login: str | None
    fingerprint: str | None
    method: str | None
    next: str | None
    session: str | None = None  # a `signin` ticket: the session id the cookie is to hold (unsealed)
    expires: float = 0.0  # when it expires (an `oidc` ticket was issued OIDC_TICKET_TTL_S before)


class SessionStore:
    def __init__(
        self,
        store: AuthStore,
        *,
        idle_s: float | None = None,
        max_s: float | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self._idle_s = idle_s
        self._max_s = max_s
        self.clock = clock
        with store.transaction() as con:
            for statement in SCHEMA:
                con.execute(statement)

    # The limits are read from the settings on every check unless fixed (tests), so that a test server
    # started with a short timeout needs no restart of anything else.
    @property
    def idle_s(self) -> float:
        return self._idle_s if self._idle_s is not None else config.session_timeout_min() * 60

    @property
    def max_s(self) -> float:
        return self._max_s if self._max_s is not None else config.session_max_hours() * 3600

    @property
    def touch_s(self) -> float:
        return min(60.0, self.idle_s / 10)

    # --- sessions ------------------------------------------------------------------------------------------

    def open(self, user: User, method: str, client: str | None = None) -> str:
        """A new session for `user`; returns the id for the cookie (the store keeps only its hash)."""
        token = new_token()
        now = self.clock()
        with self.store.transaction() as con:
            con.execute(  # housekeeping: sessions no check can accept any more
                "DELETE FROM sessions WHERE last_seen < ? OR created < ?",
                (now - self.idle_s, now - self.max_s),
            )
            con.execute(
                "INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?)",
                (digest(token), user.login, user.fingerprint, method, now, now, client),
            )
        return token

    def get(self, id_hash: str) -> Session | None:
        rows = self.store.read(
            "SELECT id_hash, login, fingerprint, method, created, last_seen FROM sessions WHERE id_hash = ?",
            (id_hash,),
        )
        return Session(*rows[0]) if rows else None

    def check(self, id_hash: str | None, find_user: Callable[[str], User | None]) -> Check:
        """Whether the session `id_hash` is still valid; a valid one counts as activity, an invalid one is
        deleted. `find_user(login)` reads the users file (the current password, role, hromada)."""
        found = self.get(id_hash) if id_hash else None
        if found is None:
            return Check("none")
        now = self.clock()
        user = find_user(found.login)
        if now - found.last_seen > self.idle_s:
            status = "idle"
        elif now - found.created > self.max_s:
            status = "expired"
        elif user is None or user.fingerprint != found.fingerprint:
            status = "changed"
        else:
            if now - found.last_seen >= self.touch_s:
                with self.store.transaction() as con:
                    con.execute("UPDATE sessions SET last_seen = ? WHERE id_hash = ?", (now, found.id_hash))
            return Check("ok", found, user)
        ended = self._delete(found.id_hash)
        # Two tabs may find the same dead session at once: only the one that deleted it reports why.
        return Check(status if ended else "none", found, user)

    def check_token(self, token: str | None, find_user: Callable[[str], User | None]) -> Check:
        """`check` for the id from a cookie (anything malformed is no session)."""
        return self.check(digest(token) if token is not None and well_formed(token) else None, find_user)

    def revoke(self, id_hash: str) -> bool:
        """End one session (sign-out); whether it existed."""
        return self._delete(id_hash)

    def revoke_login(self, login: str) -> int:
        """End every session of `login` (e.g. an administrator removed the user); how many."""
        with self.store.transaction() as con:
            return con.execute("DELETE FROM sessions WHERE login = ?", (login,)).rowcount

    def count(self, login: str | None = None) -> int:
        if login is None:
            return int(self.store.read("SELECT count(*) FROM sessions")[0][0])
        return int(self.store.read("SELECT count(*) FROM sessions WHERE login = ?", (login,))[0][0])

    def _delete(self, id_hash: str) -> bool:
        with self.store.transaction() as con:
            return con.execute("DELETE FROM sessions WHERE id_hash = ?", (id_hash,)).rowcount > 0

    # --- tickets -------------------------------------------------------------------------------------------

    def issue(
        self,
        purpose: str,
        browser: str,
        *,
        user: User | None = None,
        method: str | None = None,
        next_url: str | None = None,
        session: str | None = None,
        ttl_s: float = TICKET_TTL_S,
    ) -> str:
        """A one-time ticket for `purpose`, bound to the browser whose `pog_browser` cookie is `browser`;
        `session` (a `signin` ticket) is the session id the route is to put in the cookie, kept sealed."""
        if not well_formed(browser):
            raise ValueError("a ticket needs the browser's cookie")
        token = new_token()
        now = self.clock()
        with self.store.transaction() as con:
            con.execute("DELETE FROM tickets WHERE expires < ?", (now,))
            if purpose == "oidc":  # one sign-on in progress per browser: the latest wins
                con.execute(
                    "DELETE FROM tickets WHERE purpose = 'oidc' AND browser_hash = ?", (digest(browser),)
                )
            con.execute(
                "INSERT INTO tickets VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    digest(token),
                    purpose,
                    digest(browser),
                    user.login if user else None,
                    user.fingerprint if user else None,
                    method,
                    next_url,
                    now + ttl_s,
                    seal(session, token) if session else None,
                ),
            )
        return token

    def redeem(self, token: str | None, purpose: str, browser: str | None) -> Ticket | None:
        """The ticket `token` if it is for `purpose`, unexpired and bound to `browser`; it is used up either
        way (a second try with the same ticket finds nothing)."""
        if not (well_formed(token) and well_formed(browser)):
            return None
        assert token is not None and browser is not None
        with self.store.transaction() as con:
            row = con.execute(
                "DELETE FROM tickets WHERE id_hash = ? RETURNING purpose, browser_hash, login, fingerprint,"
                " method, next, expires, sealed",
                (digest(token),),
            ).fetchone()
        return self._valid(row, purpose, browser, token)

    def pending(self, purpose: str, browser: str | None) -> Ticket | None:
        """The browser's unexpired ticket for `purpose`, left in place (`redeem_for_browser` uses it up)."""
        if not well_formed(browser):
            return None
        assert browser is not None
        rows = self.store.read(
            "SELECT purpose, browser_hash, login, fingerprint, method, next, expires, sealed FROM tickets"
            " WHERE purpose = ? AND browser_hash = ?",
            (purpose, digest(browser)),
        )
        return self._valid(rows[0], purpose, browser) if rows else None

    def redeem_for_browser(self, purpose: str, browser: str | None) -> Ticket | None:
        """The browser's pending ticket for `purpose` (a sign-on it started), used up."""
        if not well_formed(browser):
            return None
        assert browser is not None
        with self.store.transaction() as con:
            row = con.execute(
                "DELETE FROM tickets WHERE purpose = ? AND browser_hash = ? RETURNING purpose, browser_hash,"
                " login, fingerprint, method, next, expires, sealed",
                (purpose, digest(browser)),
            ).fetchone()
        return self._valid(row, purpose, browser)

    def _valid(
        self, row: tuple[Any, ...] | None, purpose: str, browser: str, token: str | None = None
    ) -> Ticket | None:
        if row is None:
            return None
        kind, browser_hash, login, fingerprint, method, next_url, expires, sealed = row
        if kind != purpose or expires < self.clock():
            return None
        if not secrets.compare_digest(browser_hash, digest(browser)):
            return None
        session = unseal(sealed, token) if sealed and token else None
        return Ticket(kind, login, fingerprint, method, next_url, session, float(expires))


_stores: dict[str, SessionStore] = {}
_stores_lock = threading.Lock()


def sessions() -> SessionStore:
    """The process's session store over the shared file (one per data folder: the tests switch folders).
    When the folder cannot hold the file, this process's memory (`ratelimit.open_store`: administrators
    see the fault): sign-in still works, but a session is then known to this server process only."""
    from dashboard.auth.ratelimit import open_store  # the same file, and the same fault banner if it fails

    path = config.auth_store_file()
    with _stores_lock:
        found = _stores.get(str(path))
        if found is None:
            try:
                found = SessionStore(open_store())
            except sqlite3.Error as exc:  # the file opened but our tables cannot be made (read-only)
                log.error("sessions: %s cannot be used (%s): sessions kept in this process only", path, exc)
                found = SessionStore(AuthStore.in_memory())
            _stores[str(path)] = found
        return found


def reset_sessions() -> None:
    """Forget the open stores (tests)."""
    with _stores_lock:
        for found in _stores.values():
            found.store.close()
        _stores.clear()
