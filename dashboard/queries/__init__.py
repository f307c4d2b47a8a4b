"""The query layer: SQL lives in `dashboard/queries/*.sql`, loaded by name, run with bound parameters.

Typed wrappers (in the modules of this package) call `run_query(con, "name", params)` and return
DataFrames whose columns are documented in their docstrings. Values are always bound (`$param`),
never formatted into SQL text.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

SQL_DIR = Path(__file__).resolve().parent


@cache
def load_sql(name: str) -> str:
    """The text of `dashboard/queries/<name>.sql`."""
    if not name.replace("_", "").isalnum():
        raise ValueError(f"invalid query name {name!r}")
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def sql_names() -> list[str]:
    return sorted(p.stem for p in SQL_DIR.glob("*.sql"))


def run_query(
    con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None
) -> pd.DataFrame:
    """Run a named query on its own cursor (connections are shared across Streamlit sessions)."""
    cursor = con.cursor()
    try:
        return cursor.execute(load_sql(name), params or {}).df()
    finally:
        cursor.close()
