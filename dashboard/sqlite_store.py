"""How the project opens its small SQLite stores and changes them safely across processes.

Two stores use it: the sign-in store (`auth.sqlite3`, dashboard/auth/store.py: rate limits and sessions)
and the publication status store (`<snapshots>/.publication.sqlite`, dashboard/publication.py). Both are
written by several server processes and CLI commands at once, so both follow the same rules, kept here:

- Connections are in autocommit mode (`isolation_level=None`): Python's sqlite3 module then opens no
  transaction behind our back, and a change that must not race runs inside `immediate_transaction`.
- `immediate_transaction` starts with BEGIN IMMEDIATE, which takes the file's write lock at the start (not
  at the first write), so "read, decide, write" is one atomic step across processes; COMMIT at the end,
  ROLLBACK on any exception (also KeyboardInterrupt: nothing is half-written).
- A busy file is retried, not failed: SQLite itself waits up to `BUSY_TIMEOUT_S` for another process's
  lock before it raises `sqlite3.OperationalError("database is locked")`.
- `connect_readonly` opens an existing file with `mode=ro`, which works in a read-only folder and can
  never create or change the file.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

# How long a connection waits for another process's lock (SQLite retries meanwhile) before it gives up.
BUSY_TIMEOUT_S = 30.0


def connect(path: Path | str, *, wal: bool = False, any_thread: bool = False) -> sqlite3.Connection:
    """A read-write connection in autocommit mode; creates the file if it is not there.

    `wal=True` switches the file to write-ahead logging (readers go on while one process writes; the folder
    must be writable for readers too, hence not for a store that is read from a read-only folder).
    `any_thread=True` lets other threads use the connection (the caller serialises them, e.g. the
    in-memory sign-in store behind its mutex)."""
    con = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=not any_thread
    )
    if wal:
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = NORMAL")  # safe with WAL: a crash loses at most the last commits
    return con


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection to an existing file (`mode=ro`: it is never created or changed)."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)


@contextlib.contextmanager
def immediate_transaction(con: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT on `con` (autocommit mode): the block holds the file's write lock, across
    processes; any exception rolls the block back and is raised again."""
    con.execute("BEGIN IMMEDIATE")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
