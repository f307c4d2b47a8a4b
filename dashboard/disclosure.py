"""Statistical disclosure control of the partner view, in one place: the data a partner's queries read.

The technique (stated on the methodology page, `pg.data.sdc.*`): **unbiased random rounding to base 5 of
every sensitive count at its finest cell** — domestic-violence offences per hromada and month (`n` and
`solved`) — before any query runs. A cell of x becomes 5·⌊x/5⌋ + 5 with probability (x mod 5) ÷ 5, else
5·⌊x/5⌋, so the rounded counts add up to the true ones on average. The draw of each cell is fixed by a keyed
hash of (hromada, month, category) with a secret kept in the data folder, so that asking again, on another
page, in another period or in another snapshot gives the same rounded cell (no averaging attack), and
nobody without the key can tell which way a cell was rounded.

Why at the source and not on each result: every total, difference of periods, snapshot or level, every
chart's data, tooltip, table, download, PDF and PPTX a partner gets is then computed from the rounded cells
only, so it can reveal nothing finer than them, and totals agree between levels, pages and exports by
construction (they are sums of the same rounded cells). For every rounded value r there are exactly five
true values x that the cell could hold (see `equivalent_counts`): no hidden count can be pinned to a range
narrower than 5. Raw events of a sensitive category never reach a partner (`offences` without them).

The partner connection is an in-memory database that attaches the snapshot read-only and holds views named
as its tables, the controlled ones rewritten (`connect_partner_view`); the query files need no change.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from collections.abc import Iterable
from pathlib import Path

import duckdb

from dashboard.config import disclosure_key_file
from dashboard.schema import SENSITIVE_OFFENCE_CATEGORIES
from dashboard.snapshots import connect_readonly
from dashboard.sql_ident import KNOWN_IDENTIFIERS, fill_identifiers
from dashboard.sql_macros import create_macros

ROUNDING_BASE = 5
SENSITIVE_CATEGORIES = tuple(SENSITIVE_OFFENCE_CATEGORIES)
SENSITIVE_CALL_CATEGORIES = ("domestic",)  # 102 calls about domestic violence
_KEY_RE = re.compile(r"^[0-9a-f]{64}$")
_KEY_BYTES = 32

# The rounding, as DuckDB macros: `sdc_draw` is the cell's fixed uniform draw in [0, 1) (md5 of key and
# cell), `sdc_round` rounds a count with it. Monotone in x for a fixed draw, so `solved <= n` survives.
_MACROS = (
    "CREATE OR REPLACE MACRO sdc_draw(cell_key, hromada, month, category) AS "
    "(md5_number(cell_key || '|' || hromada || '|' || strftime(month, '%Y-%m') || '|' || category) "
    "% 1000000) / 1000000.0",
    "CREATE OR REPLACE MACRO sdc_round(x, u) AS "
    "(5 * (x // 5) + CASE WHEN (x % 5) > 5 * u THEN 5 ELSE 0 END)::INTEGER",
)

# Tables rewritten for partners (views of the in-memory database, named as the snapshot's tables, which is
# attached as `snap`). Every other table is passed through unchanged.
_CONTROLLED_VIEWS = {
    # The rounded sensitive cells (materialised once per connection: a few thousand rows).
    "agg_offence_month": """
        SELECT hromada, month, category, n, solved
        FROM snap.agg_offence_month
        WHERE category NOT IN (SELECT category FROM sdc_sensitive_categories)
        UNION ALL
        SELECT hromada, month, category, n, solved FROM sdc_sensitive_cells WHERE n > 0
    """,
    # Event studies stored at snapshot build (dashboard/build/precompute.py) were computed from the exact
    # counts: a partner gets only those that no sensitive count enters (a non-sensitive category; the
    # rounding leaves its cells as they are, so the stored result is the partner's too), and only when the
    # partner's offence data start in the same month (they would not if the first month held only
    # sensitive cells rounded to 0: the study's months would differ). For a sensitive category and for all
    # categories (a total that includes it) no row is passed on: the wrapper computes the study from the
    # partner's rounded cells.
    "agg_event_study": """
        SELECT * FROM snap.agg_event_study
        WHERE category IS NOT NULL AND category NOT IN (SELECT category FROM sdc_sensitive_categories)
          AND (SELECT min(month) FROM memory.main.agg_offence_month)
              = (SELECT min(month) FROM snap.agg_offence_month)
    """,
    # Raw sensitive events never reach a partner; counts come from agg_offence_month.
    "offences": """
        SELECT * FROM snap.offences
        WHERE category NOT IN (SELECT category FROM sdc_sensitive_categories)
    """,
    # The 102 call category "domestic" is domestic violence reported by phone: no partner query may split
    # calls by it, so the category is blanked at the source (the calls still count in every total).
    "calls": """
        SELECT * REPLACE (
            CASE WHEN category IN (SELECT category FROM sdc_sensitive_call_categories) THEN NULL
                 ELSE category END AS category
        )
        FROM snap.calls
    """,
    # The metadata's offences row count and the offences file's rows and size are totals that include the
    # sensitive cells: the count becomes the sum of the rounded cells, the file's rows and size are dropped.
    "snapshot_meta": """
        SELECT * REPLACE (
            json_merge_patch(
                row_counts,
                json_object('offences', (SELECT coalesce(sum(n), 0) FROM memory.main.agg_offence_month))
            )::VARCHAR AS row_counts,
            (
                SELECT coalesce(to_json(list(
                    CASE WHEN f->>'table' IN ('offences') THEN json_merge_patch(f, '{"rows": null, "size_bytes": null}')
                         ELSE f END
                )), '[]'::JSON)
                FROM unnest(from_json(coalesce(source_files, '[]'), '["json"]')) AS t(f)
            )::VARCHAR AS source_files
        )
        FROM snap.snapshot_meta
    """,
}
_SENSITIVE_CELLS = """
    CREATE TABLE sdc_sensitive_cells AS
    WITH drawn AS (
        SELECT a.*, sdc_draw($key, a.hromada, a.month, a.category) AS u
        FROM snap.agg_offence_month AS a
        WHERE a.category IN (SELECT category FROM sdc_sensitive_categories)
    )
    SELECT hromada, month, category, sdc_round(n, u) AS n, sdc_round(solved, u) AS solved
    FROM drawn
"""


class DisclosureKeyError(RuntimeError):
    """The partner view's secret key cannot be read or created (the message says where and what to do)."""


def disclosure_key(path: Path | None = None) -> str:
    """The secret that fixes each cell's rounding, created (mode 0600) in the data folder on first use.

    It must survive restarts and be the same for every snapshot and every process (app, CLI): a new key
    draws every cell anew, and two draws of the same cell narrow its true value — back it up with the
    snapshots and never replace it (README). It is written whole to a temporary file and then linked
    into place, so a concurrent reader never sees a partial key; a malformed key is refused.
    """
    path = path or disclosure_key_file()
    try:
        if not path.exists():
            _create_key(path)
        key = path.read_text(encoding="ascii").strip()
    except OSError as exc:
        raise DisclosureKeyError(
            f"the partner view needs its secret key {path}: {exc.strerror or exc}. Make the data folder "
            "writable once (the key is created there) or restore the key from the backup of the data folder."
        ) from exc
    if not _KEY_RE.match(key):
        raise DisclosureKeyError(f"{path} does not hold a valid key (64 hexadecimal characters): restore it")
    return key


def _create_key(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secrets.token_hex(_KEY_BYTES) + "\n")
            out.flush()
            os.fsync(out.fileno())
        # Atomic, and refused if another process linked its key first: then theirs is the key.
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def connect_partner_view(snapshot_path: Path, key: str | None = None) -> duckdb.DuckDBPyConnection:
    """A connection on which every query reads the snapshot as a partner may see it.

    An in-memory database ATTACHes the snapshot READ_ONLY as `snap` and holds a view of the same name for
    each of its tables: the controlled ones (`_CONTROLLED_VIEWS`) rewritten, the others passed through, so
    the query files need no change. They are ordinary (not temporary) objects because the queries run on
    `con.cursor()`s, which share the database but not a connection's temporary objects.
    """
    con = duckdb.connect(":memory:")
    try:
        # The project's macros as ordinary macros of the in-memory database: every cursor sees them.
        create_macros(con, shared=True)
        con.execute("ATTACH $path AS snap (READ_ONLY)", {"path": str(snapshot_path)})
        for macro in _MACROS:
            con.execute(macro)
        con.execute("CREATE TABLE sdc_sensitive_categories AS SELECT unnest($c::VARCHAR[]) AS category",
                    {"c": list(SENSITIVE_CATEGORIES)})  # fmt: skip
        con.execute("CREATE TABLE sdc_sensitive_call_categories AS SELECT unnest($c::VARCHAR[]) AS category",
                    {"c": list(SENSITIVE_CALL_CATEGORIES)})  # fmt: skip
        con.execute(_SENSITIVE_CELLS, {"key": key if key is not None else disclosure_key()})
        tables = con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'snap' AND schema_name = 'main'"
        ).fetchall()
        # The partner's agg_offence_month first: other controlled views read it (snapshot_meta,
        # agg_event_study), and DuckDB binds a view's tables when the view is created.
        for (table,) in sorted(tables, key=lambda row: row[0] != "agg_offence_month"):
            if table not in KNOWN_IDENTIFIERS:  # a table the project does not know is not passed on
                continue
            body = _CONTROLLED_VIEWS.get(table, fill_identifiers("SELECT * FROM snap.{t}", t=table))
            con.execute(fill_identifiers("CREATE VIEW memory.main.{t} AS ", t=table) + body)
        return con
    except Exception:
        con.close()
        raise


def is_controlled(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether `con` is a partner-view connection (for the few wrappers that read more than SQL tables)."""
    cursor = con.cursor()  # a connection shared across sessions is not thread-safe; its cursors are
    try:
        row = cursor.execute(
            "SELECT count(*) FROM duckdb_tables() "
            "WHERE database_name = 'memory' AND table_name = 'sdc_sensitive_cells'"
        ).fetchone()
    finally:
        cursor.close()
    return bool(row and row[0])


def connect_for(snapshot_path: Path, *, controlled: bool) -> duckdb.DuckDBPyConnection:
    """The connection a query of this audience runs on: the partner view when `controlled`."""
    return connect_partner_view(snapshot_path) if controlled else connect_readonly(snapshot_path)


def rounded(x: int, draw: float) -> int:
    """The rounding of one count `x` with the cell's draw in [0, 1) (the SQL macro, in Python, for tests)."""
    base, rest = divmod(int(x), ROUNDING_BASE)
    return ROUNDING_BASE * base + (ROUNDING_BASE if rest > ROUNDING_BASE * draw else 0)


def equivalent_counts(r: int, draw: float, search: Iterable[int] | None = None) -> list[int]:
    """Every true count that rounds to `r` with the cell's `draw`: always five values (fewer only at 0)."""
    candidates = search if search is not None else range(max(0, r - 2 * ROUNDING_BASE), r + 2 * ROUNDING_BASE)
    return [x for x in candidates if rounded(x, draw) == r]
