"""Failed sign-ins limited per login and per client: too many within a window lock further attempts.

Defaults: 5 failures of one login within 15 minutes lock that login for 5 minutes; 20 failures from one
client (IP address; all local connections count as one client) lock the client. While a window still holds
5 failures each further failure locks again, so a guesser gets about one try per lock period.

The check and the count are one atomic step shared by every server process (`begin`, one transaction of
the SQLite store in the data folder, dashboard/auth/store.py): an attempt is counted as a failure *before*
its password is checked and taken back if the password was right. So 60 attempts sent at the same moment
get at most 5 password checks, and a restart keeps every count and lock (they are in the file). When the
file cannot be used the limiter falls back to this process's memory and administrators see the fault.
The limiter never looks at passwords.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from dashboard import config, faults
from dashboard.auth.store import AuthStore


@dataclass(frozen=True)
class Limits:
    per_login: int = 5
    per_client: int = 20
    window_s: float = 15 * 60
    lock_s: float = 5 * 60

    @classmethod
    def from_env(cls) -> Limits:
        """DASHBOARD_LOGIN_MAX_FAILURES and DASHBOARD_LOGIN_LOCK_MIN override the per-login limit and lock."""
        return cls(
            per_login=config.login_max_failures(cls.per_login),
            lock_s=config.login_lock_min(cls.lock_s / 60) * 60,
        )


@dataclass(frozen=True)
class Lock:
    scope: str  # "login" or "client"
    key: str
    until: float  # epoch seconds
    failures: int


@dataclass(frozen=True)
class Attempt:
    """A sign-in attempt admitted by `begin`: counted as failed until `succeeded` takes it back."""

    id: str
    subject: str
    locks: list[Lock] = field(default_factory=list)  # the locks this attempt starts if it fails


class RateLimiter:
    def __init__(
        self,
        limits: Limits | None = None,
        clock: Callable[[], float] = time.time,
        store: AuthStore | None = None,
    ) -> None:
        self.limits = limits or Limits()
        self.clock = clock
        self.store = store or AuthStore.in_memory()

    def _max(self, scope: str) -> int:
        return self.limits.per_login if scope == "login" else self.limits.per_client

    def _keys(self, subject: str, client: str | None) -> list[tuple[str, str]]:
        return [("login", subject), ("client", client or "local")]

    def retry_after(self, subject: str, client: str | None) -> float:
        """Seconds until `subject` may try again from `client` (0 when not locked)."""
        now = self.clock()
        waits = [0.0]
        for scope, key in self._keys(subject, client):
            rows = self.store.read("SELECT until FROM locks WHERE scope = ? AND key = ?", (scope, key))
            waits += [until - now for (until,) in rows]
        return max(0.0, *waits)

    def begin(self, subject: str, client: str | None) -> Attempt | float:
        """Atomically: the seconds to wait when `subject` or `client` is locked, else an Attempt already
        counted as a failure (call `succeeded` when its password was right)."""
        now = self.clock()
        with self.store.transaction() as con:
            waits = [
                row[0] - now
                for scope, key in self._keys(subject, client)
                for row in con.execute("SELECT until FROM locks WHERE scope = ? AND key = ?", (scope, key))
            ]
            if waits and max(waits) > 0:
                return max(waits)
            attempt = uuid.uuid4().hex
            return Attempt(attempt, subject, self._count(con, subject, client, now, attempt))

    def succeeded(self, attempt: Attempt) -> None:
        """The attempt's password was right: take its count back, clear the login's failures and lock."""
        with self.store.transaction() as con:
            con.execute("DELETE FROM failures WHERE attempt = ?", (attempt.id,))
            con.execute("DELETE FROM locks WHERE attempt = ?", (attempt.id,))
            con.execute("DELETE FROM failures WHERE scope = 'login' AND key = ?", (attempt.subject,))
            con.execute("DELETE FROM locks WHERE scope = 'login' AND key = ?", (attempt.subject,))

    def failure(self, subject: str, client: str | None, at: float | None = None) -> list[Lock]:
        """Count one failed attempt (without the lock check); return the locks it started."""
        now = self.clock() if at is None else at
        with self.store.transaction() as con:
            return self._count(con, subject, client, now, None)

    def success(self, subject: str) -> None:
        """A correct password clears the login's failures (not the client's)."""
        self.succeeded(Attempt("-", subject))

    def _count(
        self, con: sqlite3.Connection, subject: str, client: str | None, now: float, attempt: str | None
    ) -> list[Lock]:
        started = []
        con.execute("DELETE FROM failures WHERE at < ?", (now - self.limits.window_s,))
        con.execute("DELETE FROM locks WHERE until < ?", (now,))
        for scope, key in self._keys(subject, client):
            con.execute("INSERT INTO failures VALUES (?, ?, ?, ?)", (scope, key, now, attempt))
            (n,) = con.execute(
                "SELECT count(*) FROM failures WHERE scope = ? AND key = ? AND at >= ?",
                (scope, key, now - self.limits.window_s),
            ).fetchone()
            if n >= self._max(scope):
                until = now + self.limits.lock_s
                row = con.execute(
                    "SELECT until FROM locks WHERE scope = ? AND key = ?", (scope, key)
                ).fetchone()
                if row is None or row[0] < until:
                    con.execute(
                        "INSERT OR REPLACE INTO locks VALUES (?, ?, ?, ?)", (scope, key, until, attempt)
                    )
                    started.append(Lock(scope, key, until, n))
        return started


_limiter: RateLimiter | None = None
_limiter_lock = threading.Lock()


def open_store() -> AuthStore:
    """The shared store in the data folder; this process's memory (and a fault shown to administrators)
    when the folder cannot hold it."""
    path = config.auth_store_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        store = AuthStore(path)
    except (OSError, sqlite3.Error) as exc:  # a read-only, full or missing data folder
        faults.report(faults.AUTH_STORE, f"{path.name}: {exc}")
        return AuthStore.in_memory()
    faults.resolve(faults.AUTH_STORE)
    return store


def limiter() -> RateLimiter:
    """The process's limiter over the shared store."""
    global _limiter
    with _limiter_lock:
        if _limiter is None:
            _limiter = RateLimiter(Limits.from_env(), store=open_store())
        return _limiter


def reset_limiter() -> None:
    """Forget the process's limiter (tests; the next one reopens the store)."""
    global _limiter
    with _limiter_lock:
        if _limiter is not None:
            _limiter.store.close()
        _limiter = None
