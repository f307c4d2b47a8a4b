"""The query layer: SQL lives in `dashboard/queries/*.sql`, loaded by name, run with bound parameters.

Typed wrappers (in the modules of this package) call `run_query(con, "name", params)` and return
DataFrames whose columns are documented in their docstrings. Values are always bound (`$param`),
never formatted into SQL text. Rules shared by many queries are DuckDB macros defined once in
`_macros.sql` (see `dashboard.sql_macros`); files whose name starts with "_" are not queries.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from dashboard.schema_compat import add_missing_contract_objects
from dashboard.sql_macros import create_macros, has_shared_macros

SQL_DIR = Path(__file__).resolve().parent


@cache
def load_sql(name: str) -> str:
    """The text of `dashboard/queries/<name>.sql`."""
    if not name.replace("_", "").isalnum():
        raise ValueError(f"invalid query name {name!r}")
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def sql_names() -> list[str]:
    """The queries: every `*.sql` file but those starting with "_" (`_macros.sql` defines macros)."""
    return sorted(p.stem for p in SQL_DIR.glob("*.sql") if not p.stem.startswith("_"))


def run_query(
    con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None
) -> pd.DataFrame:
    """Run a named query on its own cursor (connections are shared across Streamlit sessions).

    A cursor does not inherit the connection's TEMP macros, so the macros the query calls are created on
    the cursor first (unless the connection holds them as shared macros, see `create_macros`).
    """
    sql = load_sql(name)
    cursor = con.cursor()
    try:
        if not has_shared_macros(con):
            create_macros(cursor, used_by=sql)
        add_missing_contract_objects(con, cursor)  # a snapshot older than contract v1.1
        return cursor.execute(sql, params or {}).df()
    finally:
        cursor.close()
