"""Typed query wrappers of the data-and-methodology page: snapshot metadata, source files, freshness,
completeness, and what changed against the previous snapshot (via dashboard.snapshot_diff)."""

from __future__ import annotations

import datetime as dt
import json

import duckdb
import pandas as pd

from dashboard import snapshot_diff
from dashboard.config import PROJECT_ROOT
from dashboard.disclosure import SENSITIVE_CATEGORIES, is_controlled
from dashboard.queries import run_query
from dashboard.queries.columns import Role, declare

# The sources whose freshness and completeness are shown, in display order; each is a contract table.
SOURCES = ("activities", "offences", "calls", "surveys", "passport_items", "resources")
# How old the latest record of a source may be at the reporting date before it is flagged, in days.
# Event sources are exported monthly up to the reporting date; surveys run twice a year; passports
# should be reviewed at least every 180 days. Resources change only on deliveries: no expectation.
FRESHNESS_MAX_DAYS: dict[str, int | None] = {
    "activities": 7,
    "offences": 7,
    "calls": 7,
    "surveys": 190,
    "passport_items": 180,
    "resources": None,
}
CONTRACT_DOC = PROJECT_ROOT / "docs" / "DATA_CONTRACT.md"


@declare(
    reporting_date=Role.SAFE,
    created_at=Role.SAFE,
    schema_version=Role.SAFE,
    is_demo=Role.SAFE,
    generator=Role.SAFE,
    app_version=Role.SAFE,
    row_counts=Role.COUNT,
    source_files=Role.COUNT,
    base_snapshot=Role.SAFE,
    rows_rejected=Role.SAFE,
    warnings=Role.SAFE,
)
def data_meta(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The snapshot's ``snapshot_meta`` row.

    Columns: reporting_date, created_at, schema_version, is_demo, generator, app_version, row_counts
    (JSON text), source_files (JSON text), base_snapshot, rows_rejected, warnings.
    """
    return run_query(con, "data_meta")


@declare(name=Role.FREE_TEXT, table=Role.KEY, sha256=Role.SAFE, rows=Role.COUNT, size_bytes=Role.SAFE)
def data_source_files(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The files the snapshot was built from (``snapshot_meta.source_files``); empty for demo snapshots.

    Columns: name, table, sha256, rows, size_bytes. On a partner-view ``con`` the rows and size of the
    offences file are blank (dashboard.disclosure rewrites the metadata: its exact total would give the
    sensitive cells away).
    """
    raw = data_meta(con).iloc[0]["source_files"]
    records = json.loads(raw) if raw else []
    return pd.DataFrame(records, columns=["name", "table", "sha256", "rows", "size_bytes"])


@declare(source=Role.KEY, latest=Role.SAFE, days_behind=Role.SAFE, max_days=Role.SAFE, late=Role.SAFE)
def data_freshness(con: duckdb.DuckDBPyConnection, *, reporting_date: dt.date) -> pd.DataFrame:
    """The latest record of each source against the reporting date.

    Columns: source (a contract table name, SOURCES order), latest (date; NaT when the table is empty),
    days_behind (reporting date − latest), max_days (FRESHNESS_MAX_DAYS; NaN = no expectation), late
    (days_behind > max_days, or no record at all where a record is expected).
    """
    frame = run_query(con, "data_freshness", {"reporting_date": reporting_date}).drop(columns="sort_order")
    latest = pd.to_datetime(frame["latest"])
    frame["latest"] = latest
    frame["days_behind"] = (pd.Timestamp(reporting_date) - latest).dt.days.astype("Float64")
    frame["max_days"] = frame["source"].map(FRESHNESS_MAX_DAYS).astype("Float64")
    behind = (frame["days_behind"] > frame["max_days"]).fillna(False)
    never = latest.isna() & frame["max_days"].notna()
    frame["late"] = (behind | never).astype(bool)
    return frame


@declare(source=Role.KEY, n_with_data=Role.SAFE, n_hromadas=Role.SAFE, share=Role.DERIVED)
def data_completeness(
    con: duckdb.DuckDBPyConnection,
    *,
    month_from: dt.date,
    month_to: dt.date,
    raion: str | None,
    hromada: str | None,
) -> pd.DataFrame:
    """Per source: hromadas in scope with at least one record dated in the period ÷ all hromadas in scope.

    Columns: source (SOURCES order), n_with_data, n_hromadas, share. Passport items count by their
    update date, resources by their date, surveys by the survey date.
    """
    params = {"month_from": month_from, "month_to": month_to, "raion": raion, "hromada": hromada}
    frame = run_query(con, "data_completeness", params)
    frame["share"] = frame["n_with_data"] / frame["n_hromadas"].where(frame["n_hromadas"] > 0)
    return frame


@declare(
    hromadas_covered=Role.SAFE, officers_on_duty=Role.SAFE, offences_12m=Role.COUNT, activities_12m=Role.SAFE
)
def data_headline(con: duckdb.DuckDBPyConnection, *, reporting_date: dt.date) -> pd.DataFrame:
    """The headline figures of a snapshot at its reporting date (snapshot_diff.headline). One row.

    Columns: hromadas_covered, officers_on_duty, offences_12m, activities_12m.
    """
    return pd.DataFrame([snapshot_diff.headline(con, reporting_date)])


@declare(
    table=Role.KEY,
    rows_a=Role.COUNT,
    rows_b=Role.COUNT,
    added=Role.COUNT,
    changed=Role.COUNT,
    removed=Role.COUNT,
)
def data_table_changes(
    con: duckdb.DuckDBPyConnection, *, previous_path: str, previous_id: str, current_path: str
) -> pd.DataFrame:
    """Rows added, changed and removed per contract table between two snapshots (by key).

    Slow on large snapshots (a full join of every table): the page runs it only on request and caches
    it. Both files are attached read-only by snapshot_diff; on a partner-view ``con`` the offences of
    sensitive categories are left out of both sides (as the partner's offences table leaves them out).
    ``previous_id`` is part of the cache key so that a rebuilt previous snapshot is diffed again.
    Columns: table, rows_a (previous), rows_b (current), added, changed, removed.
    """
    del previous_id
    excluded = SENSITIVE_CATEGORIES if is_controlled(con) else ()
    return pd.DataFrame(
        [
            vars(change)
            for change in snapshot_diff.table_changes(
                previous_path, current_path, exclude_categories=excluded
            )
        ],
        columns=["table", "rows_a", "rows_b", "added", "changed", "removed"],
    )


def contract_document() -> bytes | None:
    """The data-contract documentation (docs/DATA_CONTRACT.md) for download, or None if it is absent."""
    return CONTRACT_DOC.read_bytes() if CONTRACT_DOC.is_file() else None
