"""Publication status of the snapshots (draft → published → withdrawn) and each file's recorded checksum.

Snapshots are immutable files; what changes is who may see them. Every new snapshot is a **draft** that
only administrators see; an administrator **publishes** it (optionally after a second administrator's
**approval**, `config.four_eyes()`), and may **withdraw** it again: it is then hidden from everyone,
the previous published snapshot becomes the default again, and the file stays where it is.

The status lives beside the files, in a small SQLite database (`<snapshots>/.publication.sqlite`), never in
the .duckdb files themselves. SQLite makes it safe for several server processes and CLI commands at once:
each change is one `BEGIN IMMEDIATE` transaction (writers are serialised across processes, so "is it
approved by someone else?" and "publish" are one atomic step), and the history is append-only (one
`events` row per change, never updated or deleted): a date's status is its latest event. The same store
keeps each file's SHA-256, recorded when the file is built (`record_checksum`), so that a file changed
afterwards is refused (dashboard/snapshots.py verifies it when a process first opens the file).

Every status change is written to the audit log (`snapshot_approved`, `snapshot_published`,
`snapshot_withdrawn`) after its transaction commits.

A draft that was withdrawn without ever being published (a **rejected draft**) is the one file that may
be replaced: a new ingest for its date keeps the old file in `<snapshots>/rejected/` (see
`replacing_rejected_draft` and dashboard/snapshots.py) and builds a new draft. A snapshot that was ever
published stays immutable, withdrawn or not: people may have seen, downloaded or quoted it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from dashboard import config, sqlite_store
from dashboard.auth import audit
from dashboard.i18n import t

STORE_NAME = ".publication.sqlite"

DRAFT, PUBLISHED, WITHDRAWN = "draft", "published", "withdrawn"
STATUSES = (DRAFT, PUBLISHED, WITHDRAWN)

# What each action needs the status to be before it; its audit event.
_ALLOWED_FROM = {
    "approved": (DRAFT, WITHDRAWN),
    "published": (DRAFT, WITHDRAWN),
    "withdrawn": (DRAFT, PUBLISHED),
}
_AUDIT_EVENT = {
    "approved": "snapshot_approved",
    "published": "snapshot_published",
    "withdrawn": "snapshot_withdrawn",
}
_SCHEMA = """
CREATE TABLE IF NOT EXISTS checksums (
    id INTEGER PRIMARY KEY, reporting_date TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL,
    recorded_at TEXT NOT NULL, how TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY, reporting_date TEXT NOT NULL, action TEXT NOT NULL, actor TEXT NOT NULL,
    at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS set_aside (
    id INTEGER PRIMARY KEY, reporting_date TEXT NOT NULL, kept_as TEXT NOT NULL, sha256 TEXT NOT NULL,
    size INTEGER NOT NULL, at TEXT NOT NULL);
"""
REJECTED_DIR = "rejected"  # under the snapshots folder: rejected drafts replaced by a new build

# May the date's existing file be replaced by a new build? (locale keys `publication.replace.<verdict>`)
REPLACEABLE, KEEP_DRAFT, KEEP_PUBLISHED = "rejected_draft", "draft", "published"


class PublicationError(RuntimeError):
    """A status change that is not allowed; `code` names the reason (locale key `publication.error.<code>`)."""

    def __init__(self, code: str, reporting_date: dt.date, detail: str = "") -> None:
        self.code, self.reporting_date, self.detail = code, reporting_date, detail
        super().__init__(f"{reporting_date.isoformat()}: {code}{': ' + detail if detail else ''}")

    def text(self, lang: str) -> str:
        """Why, in plain words of `lang`."""
        return t(f"publication.error.{self.code}", lang, date=self.reporting_date.isoformat())


@dataclass(frozen=True)
class Actor:
    """Who changes a status: a signed-in administrator (`login`, `role`, `client`) or `cli:<OS user>`."""

    login: str
    role: str | None = "admin"
    client: str | None = None

    @classmethod
    def from_cli(cls) -> Actor:
        """The person running a command: `cli:<OS user>` (the uid in a container without a user name)."""
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            name = str(os.getuid())
        return cls(f"cli:{name}", role=None, client="cli")


@dataclass(frozen=True)
class Status:
    reporting_date: dt.date
    status: str = DRAFT
    since: str = ""  # ISO time of the latest change
    by: str = ""  # who made it
    approvals: tuple[str, ...] = field(default_factory=tuple)  # who approved the file since then

    @property
    def published(self) -> bool:
        return self.status == PUBLISHED


def store_path(directory: Path) -> Path:
    return directory / STORE_NAME


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


@contextlib.contextmanager
def _writer(directory: Path) -> Iterator[sqlite3.Connection]:
    """One write transaction, serialised with every other writer of the store (any process). SQLite's
    default journal, not WAL: a reader of a read-only snapshots folder then needs no side files."""
    directory.mkdir(parents=True, exist_ok=True)
    con = sqlite_store.connect(store_path(directory))
    try:
        con.executescript(_SCHEMA)
        with sqlite_store.immediate_transaction(con):
            yield con
    finally:
        con.close()


T = TypeVar("T")


def _read(directory: Path, read: Callable[[sqlite3.Connection], T], default: T) -> T:
    """`read` on a read-only connection (works in a read-only data folder); `default` before the first
    record (no file yet, or the file without its tables)."""
    path = store_path(directory)
    if not path.is_file():
        return default
    con = sqlite_store.connect_readonly(path)
    try:
        return read(con)
    except sqlite3.OperationalError:  # the tables are not there yet
        return default
    finally:
        con.close()


def record_checksum(directory: Path, reporting_date: dt.date, sha256: str, size: int, *, how: str) -> None:
    """Keep a file's checksum: `how` is "built" (a new file: its status becomes draft) or "first_seen"
    (a file found without a record, e.g. built by an older version: recorded as it is, still a draft)."""
    with _writer(directory) as con:
        day = reporting_date.isoformat()
        con.execute(
            "INSERT INTO checksums (reporting_date, sha256, size, recorded_at, how) VALUES (?, ?, ?, ?, ?)",
            (day, sha256, size, _now(), how),
        )
        if how == "built":  # a new file starts as a draft, whatever the date's earlier file was
            con.execute(
                "INSERT INTO events (reporting_date, action, actor, at) VALUES (?, 'built', '', ?)",
                (day, _now()),
            )


def recorded_checksum(directory: Path, reporting_date: dt.date) -> tuple[str, int] | None:
    """The latest recorded (sha256, size) of the date's file, or None."""
    return _read(directory, lambda con: _latest_checksum_in(con, reporting_date), None)


def _latest_checksum_in(con: sqlite3.Connection, reporting_date: dt.date) -> tuple[str, int] | None:
    row = con.execute(
        "SELECT sha256, size FROM checksums WHERE reporting_date = ? ORDER BY id DESC LIMIT 1",
        (reporting_date.isoformat(),),
    ).fetchone()
    return (str(row[0]), int(row[1])) if row else None


def statuses(directory: Path) -> dict[dt.date, Status]:
    """The current status of every date the store knows (dates it does not know are drafts)."""
    return _read(directory, _statuses_in, {})


def _statuses_in(con: sqlite3.Connection) -> dict[dt.date, Status]:
    return _fold(con.execute("SELECT reporting_date, action, actor, at FROM events ORDER BY id").fetchall())


def status_of(directory: Path, reporting_date: dt.date) -> Status:
    return statuses(directory).get(reporting_date, Status(reporting_date))


def approve(directory: Path, reporting_date: dt.date, actor: Actor) -> Status:
    """A second administrator's approval of a draft (needed before publishing when four eyes are on)."""
    return _change(directory, reporting_date, "approved", actor)


def publish(
    directory: Path, reporting_date: dt.date, actor: Actor, *, four_eyes: bool | None = None
) -> Status:
    """Make the snapshot visible to everyone. With four eyes (default `config.four_eyes()`), an
    administrator other than `actor` must have approved this file first."""
    needed = int(config.four_eyes() if four_eyes is None else four_eyes)
    return _change(directory, reporting_date, "published", actor, approvals_needed=needed)


def withdraw(directory: Path, reporting_date: dt.date, actor: Actor) -> Status:
    """Hide a published snapshot (or reject a draft) for everyone; the file is kept."""
    return _change(directory, reporting_date, "withdrawn", actor)


def _change(
    directory: Path, reporting_date: dt.date, action: str, actor: Actor, *, approvals_needed: int = 0
) -> Status:
    with _writer(directory) as con:
        day = reporting_date.isoformat()
        if con.execute("SELECT 1 FROM checksums WHERE reporting_date = ?", (day,)).fetchone() is None:
            raise PublicationError("unknown", reporting_date)
        current = _status_in(con, reporting_date)
        if current.status not in _ALLOWED_FROM[action]:
            raise PublicationError(f"{action}_from_{current.status}", reporting_date)
        if action == "approved" and actor.login in current.approvals:
            raise PublicationError("approved_twice", reporting_date)
        others = [a for a in current.approvals if a != actor.login]
        if action == "published" and len(others) < approvals_needed:
            code = "own_approval" if actor.login in current.approvals else "needs_approval"
            raise PublicationError(code, reporting_date, str(approvals_needed))
        con.execute(
            "INSERT INTO events (reporting_date, action, actor, at) VALUES (?, ?, ?, ?)",
            (day, action, actor.login, _now()),
        )
        after = _status_in(con, reporting_date)
    audit.record(
        _AUDIT_EVENT[action],
        login=actor.login,
        role=actor.role,
        client=actor.client,
        detail={"reporting_date": day, "before": current.status, "after": after.status,
                "approved_by": list(others)},
    )  # fmt: skip
    return after


def replace_verdict(directory: Path, reporting_date: dt.date) -> str:
    """Whether a new build may replace the date's existing file: REPLACEABLE for a rejected draft (withdrawn,
    never published since it was built), KEEP_DRAFT for a draft still under review (reject it first),
    KEEP_PUBLISHED for a file that was ever published (withdrawn or not: it stays as it is)."""
    return _read(directory, lambda con: _verdict_in(con, reporting_date), KEEP_DRAFT)


def _verdict_in(con: sqlite3.Connection, reporting_date: dt.date) -> str:
    actions = [
        row[0]
        for row in con.execute(
            "SELECT action FROM events WHERE reporting_date = ? ORDER BY id", (reporting_date.isoformat(),)
        )
    ]
    since_built = actions[len(actions) - actions[::-1].index("built") :] if "built" in actions else actions
    if PUBLISHED in since_built:
        return KEEP_PUBLISHED
    if since_built and since_built[-1] == WITHDRAWN:
        return REPLACEABLE
    return KEEP_DRAFT


@dataclass(frozen=True)
class Replacement:
    """A rebuild of a rejected draft, inside one store transaction (see `replacing_rejected_draft`)."""

    con: sqlite3.Connection
    reporting_date: dt.date
    recorded: tuple[str, int] | None  # the old file's recorded (sha256, size)

    def record(self, kept_as: str, kept_sha256: str, kept_size: int, new_sha256: str, new_size: int) -> None:
        """The old file is kept as `rejected/<kept_as>`; the new file, now in place, is a new draft."""
        day, now = self.reporting_date.isoformat(), _now()
        self.con.execute(
            "INSERT INTO set_aside (reporting_date, kept_as, sha256, size, at) VALUES (?, ?, ?, ?, ?)",
            (day, kept_as, kept_sha256, kept_size, now),
        )
        self.con.execute(
            "INSERT INTO checksums (reporting_date, sha256, size, recorded_at, how) VALUES (?, ?, ?, ?, 'built')",
            (day, new_sha256, new_size, now),
        )
        self.con.execute(
            "INSERT INTO events (reporting_date, action, actor, at) VALUES (?, 'built', '', ?)", (day, now)
        )


@contextlib.contextmanager
def replacing_rejected_draft(directory: Path, reporting_date: dt.date) -> Iterator[Replacement]:
    """One store transaction around the replacement of a rejected draft: refused (PublicationError
    `replace_<verdict>`) unless the date's file is a rejected draft. Publishing is serialised with it, so a
    draft cannot be published while it is being replaced; any exception rolls the records back."""
    with _writer(directory) as con:
        verdict = _verdict_in(con, reporting_date)
        if verdict != REPLACEABLE:
            raise PublicationError(f"replace_{verdict}", reporting_date)
        yield Replacement(con, reporting_date, _latest_checksum_in(con, reporting_date))


def set_aside_files(directory: Path) -> list[tuple[dt.date, str, str]]:
    """(reporting date, file name under rejected/, sha256) of every rejected draft kept, oldest first."""
    return _read(directory, _set_aside_in, [])


def _set_aside_in(con: sqlite3.Connection) -> list[tuple[dt.date, str, str]]:
    rows = con.execute("SELECT reporting_date, kept_as, sha256 FROM set_aside ORDER BY id").fetchall()
    return [(dt.date.fromisoformat(day), str(name), str(sha)) for day, name, sha in rows]


def _status_in(con: sqlite3.Connection, reporting_date: dt.date) -> Status:
    """The status of one date, read inside the caller's transaction."""
    day = reporting_date.isoformat()
    rows = con.execute(
        "SELECT reporting_date, action, actor, at FROM events WHERE reporting_date = ? ORDER BY id", (day,)
    ).fetchall()
    return _fold(rows).get(reporting_date, Status(reporting_date))


def _fold(rows: list[tuple[str, str, str, str]]) -> dict[dt.date, Status]:
    """Replay the events in order: built → draft, published, withdrawn (approvals start again after
    each), approved → one more approver of the current file."""
    result: dict[dt.date, Status] = {}
    for day, action, actor, at in rows:
        date = dt.date.fromisoformat(day)
        if action == "approved":
            now = result.get(date, Status(date))
            if actor not in now.approvals:
                result[date] = Status(date, now.status, now.since, now.by, (*now.approvals, actor))
        else:
            result[date] = Status(date, DRAFT if action == "built" else action, at, actor)
    return result
