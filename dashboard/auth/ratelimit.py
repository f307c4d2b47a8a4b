"""Failed sign-ins limited per login and per client: too many within a window lock further attempts.

Defaults: 5 failures of one login within 15 minutes lock that login for 5 minutes; 20 failures from one
client (IP address; all local connections count as one client) lock the client. While a window still holds
5 failures each further failure locks again, so a guesser gets about one try per lock period.

The state lives in the process (shared by all sessions) and is rebuilt from the audit log when the process
starts, so a restart does not reset a lock. The limiter never looks at passwords.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from dashboard import config


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


class RateLimiter:
    def __init__(self, limits: Limits | None = None, clock: Callable[[], float] = time.time) -> None:
        self.limits = limits or Limits()
        self.clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._locked_until: dict[tuple[str, str], float] = {}
        self._mutex = threading.Lock()

    def _max(self, scope: str) -> int:
        return self.limits.per_login if scope == "login" else self.limits.per_client

    def _keys(self, subject: str, client: str | None) -> list[tuple[str, str]]:
        return [("login", subject), ("client", client or "local")]

    def retry_after(self, subject: str, client: str | None) -> float:
        """Seconds until `subject` may try again from `client` (0 when not locked)."""
        now = self.clock()
        with self._mutex:
            waits = [self._locked_until.get(key, 0.0) - now for key in self._keys(subject, client)]
        return max(0.0, *waits)

    def failure(self, subject: str, client: str | None, at: float | None = None) -> list[Lock]:
        """Count one failed attempt; return the locks it started (empty when none)."""
        now = self.clock() if at is None else at
        started = []
        with self._mutex:
            for scope, key in self._keys(subject, client):
                times = self._failures.setdefault((scope, key), deque())
                times.append(now)
                while times and times[0] < now - self.limits.window_s:
                    times.popleft()
                if len(times) >= self._max(scope):
                    until = now + self.limits.lock_s
                    if self._locked_until.get((scope, key), 0.0) < until:
                        self._locked_until[(scope, key)] = until
                        started.append(Lock(scope, key, until, len(times)))
        return started

    def success(self, subject: str) -> None:
        """A correct password clears the login's failures (not the client's)."""
        with self._mutex:
            self._failures.pop(("login", subject), None)
            self._locked_until.pop(("login", subject), None)

    def load(self, events: Iterable[dict[str, Any]]) -> None:
        """Replay audit entries (any order) so that a restarted process keeps recent failures and locks."""
        for entry in sorted(events, key=lambda e: e["ts"]):
            at = dt.datetime.fromisoformat(entry["ts"]).timestamp()
            if at < self.clock() - self.limits.window_s - self.limits.lock_s:
                continue
            subject = entry.get("login") or ""
            if entry["event"] == "login_failed" and entry.get("detail", {}).get("reason") == "password":
                self.failure(subject, entry.get("client"), at=at)
            elif entry["event"] == "login_ok":
                self.success(subject)
            elif entry["event"] == "locked":
                detail = entry.get("detail", {})
                key = (str(detail.get("scope", "login")), str(detail.get("key", subject)))
                until = float(detail.get("until_epoch", 0.0))
                with self._mutex:
                    self._locked_until[key] = max(self._locked_until.get(key, 0.0), until)


_limiter: RateLimiter | None = None
_limiter_lock = threading.Lock()


def limiter() -> RateLimiter:
    """The process-wide limiter, rebuilt from the audit log's recent entries on first use."""
    global _limiter
    with _limiter_lock:
        if _limiter is None:
            from dashboard.auth import audit

            fresh = RateLimiter(Limits.from_env())
            since = dt.datetime.now(dt.UTC) - dt.timedelta(
                seconds=fresh.limits.window_s + fresh.limits.lock_s
            )
            fresh.load(audit.read_events(since=since))
            _limiter = fresh
        return _limiter


def reset_limiter() -> None:
    """Forget the process-wide limiter (tests; a new one is rebuilt from the audit log)."""
    global _limiter
    with _limiter_lock:
        _limiter = None
