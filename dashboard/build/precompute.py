"""Results computed once, when a snapshot is built, and stored in it (schema.PRECOMPUTED_TABLES).

A snapshot never changes after it is built, so a result that depends on the snapshot alone — not on the
period, scope or anything else a viewer chooses — is exact when stored. The pages then read a few rows
instead of computing it on every first view: at national scale the rollout event study takes 0.3–0.5 s per
category, over the page's whole query budget (benchmarks/bench_queries.py).

What is stored is computed by the very code that computes it where it is not stored: the event study by the
wrapper that reads it back (its fallback path: on the builder's connection the table does not exist yet),
the oblast's response-time histogram by the SQL macro that computes it for a scope (call_response_seconds),
so the stored and the computed frames are the same by construction (tests/test_event_study_precompute.py,
tests/test_response_times.py check it). Stored results come from the exact counts:
the partner view passes on only those no sensitive count enters (dashboard/disclosure.py).
"""

from __future__ import annotations

import datetime as dt
import logging

import duckdb
import pandas as pd

from dashboard import event_study
from dashboard.queries.crime import crime_event_study
from dashboard.schema import PRECOMPUTED_TABLES
from dashboard.sql_ident import fill_identifiers

EVENT_STUDY_TABLE = "agg_event_study"
CALL_RESPONSE_TABLE = "agg_call_response"
log = logging.getLogger(__name__)


def write_precomputed(con: duckdb.DuckDBPyConnection, reporting_date: dt.date) -> None:
    """Create every table of schema.PRECOMPUTED_TABLES on the builder's connection (the contract tables,
    the reference tables and the aggregates already written)."""
    write_event_studies(con, reporting_date)
    write_call_response(con)


def write_call_response(con: duckdb.DuckDBPyConnection) -> None:
    """The histogram of response times of the whole oblast per month, as `agg_call_response`: the very
    macro that computes it for a scope or an older snapshot (queries/response_times.py), over all calls,
    stored in month order (a period's months are then a few row groups)."""
    _create_table_as(con, CALL_RESPONSE_TABLE, "SELECT month, seconds, n FROM "
                     "call_response_seconds(NULL, NULL, NULL, NULL) ORDER BY month, seconds")  # fmt: skip


def write_event_studies(con: duckdb.DuckDBPyConnection, reporting_date: dt.date) -> None:
    """The rollout event study of all categories and of every offence category of the snapshot, at its
    reporting date (the pages ask for these: the category list comes from the offences), as
    `agg_event_study`."""
    categories = [row[0] for row in con.execute(
        "SELECT DISTINCT category FROM agg_offence_month WHERE category IS NOT NULL ORDER BY category"
    ).fetchall()]  # fmt: skip
    frames = []
    for category in [None, *categories]:
        try:
            frame = crime_event_study(con, category=category, reporting_date=reporting_date)
        except Exception as exc:  # a stored result is an optimisation, never a reason to refuse data:
            # the snapshot is valid without it: the wrapper computes this study when a page asks, and any
            # error shows there, where it concerns one chart and not the whole upload.
            log.warning("event study of %s not stored: %s", category or "all categories", exc)
            continue
        frames.append(event_study.to_stored(frame).assign(reporting_date=reporting_date, category=category))
    _create_table(con, EVENT_STUDY_TABLE, pd.concat(frames, ignore_index=True) if frames else _no_rows())


def _no_rows() -> pd.DataFrame:
    """An empty frame with the stored columns (the table exists even if no study could be stored)."""
    return pd.DataFrame({name: pd.Series(dtype=object) for name, _ in PRECOMPUTED_TABLES[EVENT_STUDY_TABLE]})


def _create_table(con: duckdb.DuckDBPyConnection, table: str, rows: pd.DataFrame) -> None:
    """`rows` as the new table `table`, with the columns and types schema.PRECOMPUTED_TABLES gives it."""
    columns = PRECOMPUTED_TABLES[table]
    con.register("_incoming", rows[[name for name, _ in columns]])
    try:
        _create_table_as(con, table, "SELECT * FROM _incoming")
    finally:
        con.unregister("_incoming")


def _create_table_as(con: duckdb.DuckDBPyConnection, table: str, select: str) -> None:
    """The rows of the project's own query `select` as the new table `table`, with the columns and types
    schema.PRECOMPUTED_TABLES gives it (in that order)."""
    # Names and types are the project's own (schema.PRECOMPUTED_TABLES), nothing from input.
    ddl = ", ".join(f"{name} {sql_type}" for name, sql_type in PRECOMPUTED_TABLES[table])
    con.execute(fill_identifiers("CREATE TABLE {t} ", t=table) + f"({ddl})")
    con.execute(fill_identifiers("INSERT INTO {t} ", t=table) + select)
