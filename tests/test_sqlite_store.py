"""dashboard/sqlite_store.py: the rules both SQLite stores (sign-in, publication) share."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dashboard import sqlite_store


def _rows(path: Path) -> list[tuple[int]]:
    with sqlite3.connect(path) as con:
        return con.execute("SELECT x FROM t ORDER BY x").fetchall()


def test_a_transaction_commits_and_an_exception_rolls_it_back(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    con = sqlite_store.connect(path)
    con.execute("CREATE TABLE t (x INTEGER)")
    with sqlite_store.immediate_transaction(con):
        con.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(KeyError), sqlite_store.immediate_transaction(con):
        con.execute("INSERT INTO t VALUES (2)")
        raise KeyError("stop")
    assert not con.in_transaction
    con.close()
    assert _rows(path) == [(1,)]


def test_the_write_lock_is_taken_at_begin_not_at_the_first_write(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    holder = sqlite_store.connect(path)
    holder.execute("CREATE TABLE t (x INTEGER)")
    other = sqlite3.connect(path, timeout=0.05, isolation_level=None)
    with sqlite_store.immediate_transaction(holder):
        holder.execute("SELECT count(*) FROM t").fetchone()  # only a read so far, yet the lock is held
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    other.execute("BEGIN IMMEDIATE")  # free again after COMMIT
    other.execute("ROLLBACK")
    holder.close()
    other.close()


def test_wal_is_switched_on_only_when_asked(tmp_path: Path) -> None:
    plain = sqlite_store.connect(tmp_path / "plain.sqlite")
    wal = sqlite_store.connect(tmp_path / "wal.sqlite", wal=True)
    assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert wal.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    plain.close()
    wal.close()


def test_a_read_only_connection_neither_creates_nor_changes_the_file(tmp_path: Path) -> None:
    with pytest.raises(sqlite3.OperationalError):
        sqlite_store.connect_readonly(tmp_path / "missing.sqlite")
    assert not (tmp_path / "missing.sqlite").exists()
    path = tmp_path / "s.sqlite"
    con = sqlite_store.connect(path)
    con.execute("CREATE TABLE t (x INTEGER)")
    con.close()
    reader = sqlite_store.connect_readonly(path)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        reader.execute("INSERT INTO t VALUES (1)")
    reader.close()
