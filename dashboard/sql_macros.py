"""The project's SQL macros (`dashboard/queries/_macros.sql`), created on DuckDB connections.

The rules the queries share (an officer on duty at a date, a hromada in the raion / hromada scope) are
written once, as DuckDB macros, and every connection that runs `dashboard/queries/*.sql` must have them.
They are TEMP macros because a snapshot is opened read-only: nothing can be stored in it. A TEMP macro
belongs to one DuckDB connection only, and `con.cursor()` opens a new connection (to the same database):
a cursor does NOT see the macros of the connection it came from. So `run_query` creates the macros on
each cursor it takes (about 0.2 ms a macro), and any other code that runs project SQL on a connection or
cursor calls `create_macros` on it first. Any kind of connection can: read-only file, read-write, or an
in-memory database that ATTACHes a snapshot. The project opens its DuckDB connections with `open_duckdb`
(a snapshot: `dashboard.snapshots.connect_readonly`), which creates the macros.
"""

from __future__ import annotations

import re
import weakref
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import duckdb

MACROS_SQL = Path(__file__).resolve().parent / "queries" / "_macros.sql"
_MACRO_RE = re.compile(r"CREATE\s+OR\s+REPLACE\s+TEMP\s+MACRO\s+(\w+)\s*\(", re.IGNORECASE)
_COMMENT_RE = re.compile(r"--[^\n]*")
_TEMP_RE = re.compile(r"\bTEMP\s+MACRO\b", re.IGNORECASE)


@cache
def macro_statements() -> dict[str, str]:
    """Macro name → its `CREATE OR REPLACE TEMP MACRO` statement, in file order."""
    text = _COMMENT_RE.sub("", MACROS_SQL.read_text(encoding="utf-8"))
    statements = [s.strip() for s in re.split(r";\s*(?:\n|$)", text) if s.strip()]
    found: dict[str, str] = {}
    for statement in statements:
        match = _MACRO_RE.match(statement)
        if match is None:
            raise ValueError(
                f"{MACROS_SQL.name}: not a CREATE OR REPLACE TEMP MACRO statement: {statement[:60]!r}"
            )
        found[match.group(1)] = statement
    return found


def macro_names() -> list[str]:
    return list(macro_statements())


_SHARED: weakref.WeakSet[duckdb.DuckDBPyConnection] = weakref.WeakSet()


def create_macros(
    con: duckdb.DuckDBPyConnection, *, used_by: str | None = None, shared: bool = False
) -> None:
    """Create the project's macros as TEMP macros on `con` (a connection or a cursor).

    With `used_by` (an SQL text), only the macros that text calls are created: a query that uses none
    pays nothing. Creating them again replaces them, so calling this twice is harmless.

    `shared=True` creates them as ordinary macros in the connection's default database instead, where
    every cursor of `con` sees them, and `run_query` then skips creating them per cursor. Only for a
    writable default database, e.g. an in-memory one that ATTACHes snapshots READ_ONLY; the macros are
    then found only while that database stays the default (no `USE` of an attached one).
    """
    for statement in _statements_for(used_by):
        con.execute(_TEMP_RE.sub("MACRO", statement, count=1) if shared else statement)
    if shared and used_by is None:
        _SHARED.add(con)


def has_shared_macros(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether `create_macros(con, shared=True)` was called: the cursors of `con` see the macros."""
    return con in _SHARED


@lru_cache(maxsize=256)
def _statements_for(sql: str | None) -> tuple[str, ...]:
    statements = macro_statements()
    wanted = set(statements) if sql is None else _called(sql)
    pending = list(wanted)
    while pending:  # a macro may call another: create that one too
        for callee in _called(statements[pending.pop()]) - wanted:
            wanted.add(callee)
            pending.append(callee)
    return tuple(statement for name, statement in statements.items() if name in wanted)


def _called(sql: str) -> set[str]:
    """The project macros that `sql` calls (comments ignored); a CREATE statement names its own macro."""
    text = _COMMENT_RE.sub("", sql)
    return {name for name in macro_statements() if re.search(rf"(?<![\w.]){name}\s*\(", text)}


def open_duckdb(
    database: str | Path | None = None, *, read_only: bool = False, config: dict[str, Any] | None = None
) -> duckdb.DuckDBPyConnection:
    """Open a DuckDB connection (a file, or in memory when `database` is None) with the project's macros."""
    con = duckdb.connect(
        ":memory:" if database is None else str(database), read_only=read_only, config=config or {}
    )
    try:
        create_macros(con)
    except BaseException:
        con.close()
        raise
    return con
