"""The audit log: who did what and when (sign-ins, failed sign-ins, uploads, snapshots, exports, users).

Append-only JSON lines, one file per month (`audit-YYYY-MM.jsonl` under `config.audit_dir()`, mode 0600),
each write one `write()` on an O_APPEND descriptor under an exclusive lock, then fsync, so that an entry
is on disk before the action it records is reported done, and concurrent processes never interleave.

One entry: {"ts": ISO UTC, "event": ..., "login": ..., "role": ..., "client": ..., "detail": {...}}.
Passwords never reach the log: `detail` keys that look like secrets are dropped, values are truncated.
Other modules record events through `record()`; e.g. the upload page:
`audit.record("upload", login=user.login, role=user.role, detail={"file": name, "rows": n})`.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import os
import re
import threading
from collections import deque
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from dashboard import config, faults

EVENTS = (
    "login_ok",
    "login_failed",
    "locked",
    "logout",
    "session_expired",
    "access_denied",
    "upload",
    "snapshot_created",
    "snapshot_approved",
    "snapshot_published",
    "snapshot_withdrawn",
    "export",
    "user_added",
    "user_removed",
    "user_passwd",
    "user_identity",
)
_SECRET_KEY = re.compile(r"pass|pwd|hash|secret|token|cookie", re.IGNORECASE)
_MAX_VALUE = 300
_lock = threading.Lock()
log = logging.getLogger(__name__)
# Entries that could not be written yet (a read-only or full disk): kept in memory, written first by the
# next record() that succeeds. Bounded: beyond MAX_PENDING the oldest are dropped and counted.
MAX_PENDING = 10_000
_pending: deque[tuple[dt.datetime, bytes]] = deque()
_dropped = [0]


def _month_file(when: dt.datetime, directory: Path) -> Path:
    return directory / f"audit-{when:%Y-%m}.jsonl"


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return value[:_MAX_VALUE]
    if isinstance(value, int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_clean(v) for v in list(value)[:50]]
    return str(value)[:_MAX_VALUE]


def sanitize(detail: dict[str, Any] | None) -> dict[str, Any]:
    """`detail` without secret-looking keys, with short plain values."""
    return {str(k)[:60]: _clean(v) for k, v in (detail or {}).items() if not _SECRET_KEY.search(str(k))}


def record(
    event: str,
    *,
    login: str | None = None,
    role: str | None = None,
    client: str | None = None,
    detail: dict[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Append one entry durably and return it. A failure to write is never raised to the user: the entry
    is kept back and written with the next one that can be, and the fault is shown to administrators
    (dashboard/faults.py) until then."""
    if event not in EVENTS:
        raise ValueError(f"unknown audit event {event!r}")
    when = now or dt.datetime.now(dt.UTC)
    entry = {
        "ts": when.astimezone(dt.UTC).isoformat(timespec="milliseconds"),
        "event": event,
        "login": _clean(login),
        "role": _clean(role),
        "client": _clean(client),
        "detail": sanitize(detail),
    }
    line = (json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    with _lock:
        _pending.append((when, line))
        _flush_pending(config.audit_dir(), event, login)
    return entry


def _flush_pending(directory: Path, event: str, login: str | None) -> None:
    """Write the kept-back entries, oldest first; on failure keep them (bounded) and report the fault."""
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        while _pending:
            when, line = _pending[0]
            fd = os.open(_month_file(when, directory), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                os.write(fd, line)
                os.fsync(fd)
            finally:
                os.close(fd)
            _pending.popleft()
    except OSError as exc:
        log.error(
            "audit: could not write %s event for %s (%d kept back): %s", event, login, len(_pending), exc
        )
        faults.report(
            faults.AUDIT_WRITE, f"{directory}: {exc.strerror or exc}", count=len(_pending) + _dropped[0]
        )
        while len(_pending) > MAX_PENDING:  # the oldest go first; how many is said in the fault
            _pending.popleft()
            _dropped[0] += 1
        return
    if _dropped[0] == 0:
        faults.resolve(faults.AUDIT_WRITE)
    else:  # written again, but some entries were lost: stays visible until the process restarts
        faults.report(faults.AUDIT_WRITE, f"{_dropped[0]} entries lost", count=_dropped[0])


def pending_count() -> int:
    """Entries kept back in memory because the log could not be written (tests, the fault banner)."""
    with _lock:
        return len(_pending)


def _files(directory: Path) -> list[Path]:
    return sorted(directory.glob("audit-*.jsonl"), reverse=True)  # newest month first


def _parse_lines(lines: Iterable[str]) -> list[dict[str, Any]]:
    entries = []
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue  # a line cut by a crash mid-write: skip it
        if isinstance(entry, dict) and "ts" in entry and "event" in entry:
            entries.append(entry)
    return entries


def read_events(*, since: dt.datetime | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Entries newest first, optionally only those at or after `since` (UTC) and at most `limit`."""
    directory = config.audit_dir()
    since_text = since.astimezone(dt.UTC).isoformat(timespec="milliseconds") if since else None
    found: list[dict[str, Any]] = []
    for path in _files(directory) if directory.exists() else []:
        if since and path.stem < f"audit-{since.astimezone(dt.UTC):%Y-%m}":
            break
        with path.open(encoding="utf-8", errors="replace") as file:
            entries = _parse_lines(file)
        entries.reverse()
        for entry in entries:
            if since_text and entry["ts"] < since_text:
                continue
            found.append(entry)
        if limit and len(found) >= limit:
            break
    found.sort(key=lambda e: e["ts"], reverse=True)
    return found[:limit] if limit else found
