"""Snapshots built before contract v1.1, or before a precomputed table, read as if they had the additions
(empty).

Snapshots are immutable, so one built under contract v1 keeps lacking the optional `passport_items`
columns and the `funding` table that v1.1 added (`schema.ADDED_IN_V1_1`). The query files are written for
v1.1; on such a snapshot `add_missing_contract_objects(cursor)` creates TEMP views on the cursor a query
runs on: the missing table as an empty view with the contract's columns, a table lacking columns as a
view of itself plus those columns as NULL. A TEMP view shadows the table of the same name for that cursor
only and changes nothing in the file. What a snapshot lacks is looked up once per connection.

The next ingest onto such a snapshot (`--base`) writes a v1.1 snapshot: it copies the columns both have.

Likewise a snapshot built before a table of `schema.PRECOMPUTED_TABLES` existed (results the build computes
in Python, dashboard/build/precompute.py) sees that table empty: the wrapper that reads it finds no stored
result and computes it on the fly, as it did before the table existed.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Iterable

import duckdb

from dashboard.schema import ADDED_IN_V1_1, CONTRACT, PRECOMPUTED_TABLES
from dashboard.sql_ident import fill_identifiers, quote_ident

# connection -> the TEMP view statements its snapshot needs ([] for a current snapshot)
_NEEDED: weakref.WeakKeyDictionary[duckdb.DuckDBPyConnection, tuple[str, ...]] = weakref.WeakKeyDictionary()


def _present_columns(con: duckdb.DuckDBPyConnection, tables: Iterable[str]) -> dict[str, set[str]]:
    """Table → its columns, for those of `tables` the default database of `con` has (tables or views)."""
    cursor = con.cursor()
    try:
        rows = cursor.execute(
            "SELECT table_name, column_name FROM duckdb_columns() "
            "WHERE database_name = current_database() AND schema_name = 'main' AND table_name IN $t",
            {"t": list(tables)},
        ).fetchall()
    finally:
        cursor.close()
    present: dict[str, set[str]] = {}
    for table, column in rows:
        present.setdefault(table, set()).add(column)
    return present


def missing_contract_objects(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, ...]]:
    """Table → the v1.1 columns the default database of `con` lacks (all of them: the table is missing)."""
    present = _present_columns(con, ADDED_IN_V1_1)
    missing = {}
    for table, columns in ADDED_IN_V1_1.items():
        lacking = tuple(c for c in columns if c not in present.get(table, set()))
        if lacking:
            missing[table] = lacking if table in present else tuple(CONTRACT[table].column_names)
    return missing


def missing_precomputed_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The tables of `schema.PRECOMPUTED_TABLES` the default database of `con` lacks (tables or views)."""
    present = _present_columns(con, PRECOMPUTED_TABLES)
    return [table for table in PRECOMPUTED_TABLES if table not in present]


def _statements(con: duckdb.DuckDBPyConnection) -> tuple[str, ...]:
    cursor = con.cursor()
    try:
        database = cursor.execute("SELECT current_database()").fetchone()[0]  # type: ignore[index]
    finally:
        cursor.close()
    types = {t: {c.name: c.sql_type for c in CONTRACT[t].columns} for t in ADDED_IN_V1_1}
    statements = []
    for table, columns in missing_contract_objects(con).items():
        nulls = ", ".join(f"NULL::{types[table][c]} AS {quote_ident(c)}" for c in columns)
        if columns == tuple(CONTRACT[table].column_names):
            body = f"SELECT {nulls} WHERE false"
        else:  # the database name is quoted: a TEMP view must not read itself (same name, temp schema)
            # Names are the contract's (schema.py) and the connection's own database: nothing from input.
            body = f'SELECT *, {nulls} FROM "{database.replace(chr(34), chr(34) * 2)}".main.{{t}}'  # noqa: S608
        statements.append(fill_identifiers("CREATE OR REPLACE TEMP VIEW {t} AS " + body, t=table))
    for table in missing_precomputed_tables(con):
        # The names and types are the project's own (schema.PRECOMPUTED_TABLES): nothing from input.
        nulls = ", ".join(f"NULL::{sql_type} AS {name}" for name, sql_type in PRECOMPUTED_TABLES[table])
        statements.append(
            fill_identifiers("CREATE OR REPLACE TEMP VIEW {t} AS ", t=table) + f"SELECT {nulls} WHERE false"
        )
    return tuple(statements)


def add_missing_contract_objects(con: duckdb.DuckDBPyConnection, cursor: duckdb.DuckDBPyConnection) -> None:
    """Give `cursor` (taken from `con`) the v1.1 columns and tables its snapshot lacks, as TEMP views."""
    try:
        statements = _NEEDED[con]
    except (KeyError, TypeError):
        statements = _statements(con)
        # A connection that takes no weak reference is simply looked at each time.
        with contextlib.suppress(TypeError):
            _NEEDED[con] = statements
    for statement in statements:
        cursor.execute(statement)
