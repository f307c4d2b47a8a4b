"""SQL identifiers (table and column names) that must vary, taken only from an allowlist.

Values are always bound as parameters; identifiers cannot be, so a template's `{placeholder}` is filled
with a quoted name only when that name is one the project itself defines.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dashboard.schema import CONTRACT, PRECOMPUTED_TABLES

if TYPE_CHECKING:
    import duckdb

REFERENCE_TABLES = ("hromadas", "settlements", "otg_pre2020", "snapshot_meta")
AGGREGATE_TABLES = ("agg_activity_month", "agg_activity_day", "agg_offence_month", "agg_call_month",
                    *PRECOMPUTED_TABLES)  # fmt: skip
KNOWN_IDENTIFIERS = frozenset(
    [*CONTRACT, *REFERENCE_TABLES, *AGGREGATE_TABLES, "_sorted", "_incoming", "_ref"]
    + [c.name for t in CONTRACT.values() for c in (*t.columns, *t.extra_columns)]
)
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def quote_ident(name: str) -> str:
    if name not in KNOWN_IDENTIFIERS:
        raise ValueError(f"{name!r} is not a known table or column name")
    return '"' + name + '"'


def fill_identifiers(template: str, **identifiers: str | list[str]) -> str:
    """Fill `{key}` placeholders with allowlisted identifiers (a list becomes a comma-separated list)."""

    def substitute(match: re.Match[str]) -> str:
        value = identifiers[match.group(1)]
        names = value if isinstance(value, list) else [value]
        return ", ".join(quote_ident(n) for n in names)

    return _PLACEHOLDER.sub(substitute, template)


def row_count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    """`count(*)` of an allowlisted table."""
    row = con.execute(fill_identifiers("SELECT count(*) FROM {t}", t=table)).fetchone()
    assert row is not None  # an aggregate without GROUP BY returns exactly one row
    return row[0]
