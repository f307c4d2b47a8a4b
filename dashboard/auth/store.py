"""The small shared store of the sign-in machinery: one SQLite file in the data folder (`auth.sqlite3`).

Every server process (and thread) opens the same file; a change that must not race — "is this login
locked? if not, count this attempt" — runs inside `transaction()`, which takes SQLite's write lock at the
start (BEGIN IMMEDIATE), so two processes can never both see "4 failures" and both go on to check a
password. SQLite waits up to `BUSY_TIMEOUT_S` for the lock; WAL mode lets readers go on meanwhile. Opening
a connection and running a transaction are shared with the publication store: dashboard/sqlite_store.py.

API (small on purpose; `ratelimit.py` is its first user):
    store = AuthStore(path)            # opens or creates the file and its tables (schema below)
    with store.transaction() as con:   # an sqlite3 connection inside BEGIN IMMEDIATE ... COMMIT
        con.execute(...)               # (ROLLBACK on an exception)
    store.read(sql, params)            # a read outside any transaction -> list of rows
    store.close()
Tables: `failures(scope, key, at, attempt)` (failed or pending sign-in attempts, per login and per client)
and `locks(scope, key, until, attempt)`. A later user adds its own table in `SCHEMA` (e.g. server-side
sessions: `sessions(id_hash PRIMARY KEY, login, created, last_seen, fingerprint)`, read and touched
through the same transaction()) and bumps `SCHEMA_VERSION`.

`AuthStore.in_memory()` is the same store in this process only: the fallback when the data folder cannot
hold the file (a fault that administrators see, dashboard/faults.py), and what unit tests use.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dashboard import sqlite_store

SCHEMA_VERSION = 1
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS failures (scope TEXT NOT NULL, key TEXT NOT NULL, at REAL NOT NULL, attempt TEXT)",
    "CREATE INDEX IF NOT EXISTS failures_key ON failures (scope, key, at)",
    "CREATE TABLE IF NOT EXISTS locks (scope TEXT NOT NULL, key TEXT NOT NULL, until REAL NOT NULL, attempt TEXT,"
    " PRIMARY KEY (scope, key))",
)


class AuthStore:
    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        self._memory = self.path == ":memory:"
        self._local = threading.local()  # one connection per thread (sqlite3 connections are not shared)
        self._mutex = threading.Lock()  # the in-memory store: one shared connection, one user at a time
        self._shared: sqlite3.Connection | None = None
        with self.transaction() as con:
            for statement in SCHEMA:
                con.execute(statement)
            con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @classmethod
    def in_memory(cls) -> AuthStore:
        return cls(":memory:")

    def _connect(self) -> sqlite3.Connection:
        if self._memory:
            if self._shared is None:
                self._shared = sqlite_store.connect(":memory:", any_thread=True)
            return self._shared
        con: sqlite3.Connection | None = getattr(self._local, "con", None)
        if con is None:
            con = sqlite_store.connect(self.path, wal=True)
            self._local.con = con
        return con

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT: the whole block holds the store's write lock (across processes)."""
        # Items enter left to right: the in-memory store's mutex is held before its connection is used.
        with (
            self._mutex if self._memory else contextlib.nullcontext(),
            sqlite_store.immediate_transaction(self._connect()) as con,
        ):
            yield con

    def read(self, sql: str, params: dict[str, Any] | tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._mutex if self._memory else contextlib.nullcontext():
            return self._connect().execute(sql, params).fetchall()

    def close(self) -> None:
        con = self._shared if self._memory else getattr(self._local, "con", None)
        if con is not None:
            con.close()
        self._shared = None
        self._local = threading.local()
