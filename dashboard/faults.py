"""Faults of this server process that administrators must see until they are resolved.

A part that cannot do its job durably (the audit log cannot be written, the sign-in store cannot be
opened) reports it here instead of only to the server log; app.py shows every open fault to
administrators on every page (dashboard/ui/faults.py). The part resolves its fault when it works again
(e.g. the audit log wrote the entries it had kept back). The registry lives in the process: each server
process reports its own faults.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass

AUDIT_WRITE = "audit_write"  # detail: the OS error; count: entries kept back in memory
AUTH_STORE = "auth_store"  # detail: the OS / SQLite error; sign-in limits then hold per process only
KINDS = (AUDIT_WRITE, AUTH_STORE)


@dataclass(frozen=True)
class Fault:
    kind: str
    detail: str
    since: dt.datetime  # UTC, the first failure
    count: int = 1  # failures (or entries affected) since


_faults: dict[str, Fault] = {}
_lock = threading.Lock()


def report(kind: str, detail: str, count: int | None = None) -> Fault:
    """Record (or update) the open fault `kind`; `count` replaces the tally (default: one more)."""
    if kind not in KINDS:
        raise ValueError(f"unknown fault {kind!r}")
    with _lock:
        old = _faults.get(kind)
        since = old.since if old else dt.datetime.now(dt.UTC)
        tally = count if count is not None else (old.count + 1 if old else 1)
        _faults[kind] = fault = Fault(kind, detail[:300], since, tally)
    return fault


def resolve(kind: str) -> None:
    with _lock:
        _faults.pop(kind, None)


def active() -> list[Fault]:
    """The open faults, oldest first."""
    with _lock:
        return sorted(_faults.values(), key=lambda f: f.since)


def clear() -> None:
    """Forget every fault (tests)."""
    with _lock:
        _faults.clear()
