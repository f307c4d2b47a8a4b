"""Row-level validation of one chunk of one table: types, allowed values, ranges, dates, hromadas.

`validate_chunk` turns a chunk of text cells into the typed contract columns, reports every problem
to the collector and marks the rows without errors (`_ok`). Checks that span columns live in rules.py;
checks that span rows and files (duplicate ids, unknown officers) run later in SQL (crosscheck.py).
"""

from __future__ import annotations

import re

import pandas as pd

from dashboard.ingest.check import MIN_DATE, PLAN_HORIZON_YEARS, ChunkCheck, Context
from dashboard.ingest.convert import parse_dates, parse_floats, parse_ints, parse_timestamps
from dashboard.ingest.kinds import WARNING
from dashboard.ingest.normalize import allowed_description, normalise_choices
from dashboard.ingest.problems import ProblemCollector
from dashboard.ingest.rules import apply_rules
from dashboard.schema import Column, Table

MAX_ID_LENGTH = 64
MAX_TEXT_LENGTH = 2000
# How a date after the reporting date is judged (default: an error, it cannot have happened yet).
PLAN_COLUMNS = {("passport_items", "due_on")}  # a deadline: the future is normal
PLAN_WARN_COLUMNS = {
    ("officers", "training_from"),
    ("officers", "training_to"),
    ("officers", "deployed_on"),
    ("officers", "left_on"),
}
TIME_REQUIRED = {("activities", "started_at"), ("calls", "received_at"), ("calls", "arrived_at")}
# (min, max) of whole-number columns beyond "not negative"; min is reported as out_of_range.
INT_LIMITS = {
    ("activities", "duration_min"): (0, 24 * 60),
    ("surveys", "respondents"): (1, None),
    ("funding", "quantity"): (1, None),  # a purchase of nothing is a typo (training: people trained)
}
# Decimal columns that are amounts: never negative (a refund is not a purchase; send the corrected row).
NON_NEGATIVE_DECIMALS = {("funding", "amount_uah")}
# Control characters (tab and line breaks are allowed in free text) and bidirectional overrides.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def validate_chunk(
    table: Table, raw: pd.DataFrame, ctx: Context, label: str, collector: ProblemCollector
) -> pd.DataFrame:
    """Typed contract columns (+ `_row`, `_ok`, and `inside_hromada` for activities) of a cleaned chunk.

    `raw` holds the cleaned text cells (see convert.clean_cells) under contract column names plus `_row`;
    columns the file lacks are absent (a missing required column was reported once for the file).
    """
    check = ChunkCheck(table, raw, label, collector)
    typed: dict[str, pd.Series] = {}
    for col in table.columns:
        text = raw[col.name] if col.name in raw else pd.Series(pd.NA, index=raw.index, dtype="str")
        if col.required and col.name in raw:
            check.report("missing_value", col.name, text.isna())
        typed[col.name] = _convert(col, text, table, ctx, check)
    out = pd.DataFrame(typed, index=raw.index)
    apply_rules(table, out, ctx, check)
    out["_row"] = raw["_row"].to_numpy()
    out["_ok"] = ~check.failed
    return out


def _convert(col: Column, text: pd.Series, table: Table, ctx: Context, check: ChunkCheck) -> pd.Series:
    name = col.name
    if col.sql_type == "VARCHAR":
        return _convert_text(col, text, table, ctx, check)
    if col.sql_type == "DATE":
        values, bad = parse_dates(text)
        check.report("bad_date", name, bad)
        _check_date_range(table, name, values, ctx, check)
        return values
    if col.sql_type == "TIMESTAMP":
        values, bad, date_only = parse_timestamps(text)
        check.report("bad_datetime", name, bad)
        if (table.name, name) in TIME_REQUIRED:
            check.report("missing_time", name, date_only)
        _check_date_range(table, name, values, ctx, check)
        return values
    if col.sql_type == "INTEGER":
        values, not_number, not_whole, too_large = parse_ints(text)
        check.report("not_a_number", name, not_number)
        check.report("not_integer", name, not_whole)
        check.report("out_of_range", name, too_large, details="≤ 2147483647")
        check.report("negative", name, values.lt(0))
        low, high = INT_LIMITS.get((table.name, name), (0, None))
        if (table.name, name) == ("activities", "duration_min"):
            check.report("zero_duration", name, values.eq(0))
        elif low > 0:
            check.report("out_of_range", name, values.lt(low) & values.ge(0), details=f"≥ {low}")
        if high is not None:
            check.report("out_of_range", name, values.gt(high), details=f"≤ {high}")
        return values
    values, bad = parse_floats(text)  # DOUBLE
    check.report("not_a_number", name, bad)
    if (table.name, name) in NON_NEGATIVE_DECIMALS:
        check.report("negative_amount", name, values.lt(0))
    return values


def _convert_text(col: Column, text: pd.Series, table: Table, ctx: Context, check: ChunkCheck) -> pd.Series:
    name = col.name
    limit = MAX_ID_LENGTH if name.endswith("_id") else MAX_TEXT_LENGTH
    check.report("text_too_long", name, text.str.len().gt(limit), text.str.slice(0, 80), f"> {limit}")
    control = text.str.contains(_CONTROL).fillna(False)
    check.report("control_characters", name, control, text.str.replace(_CONTROL, "�", regex=True), "")
    if name == "hromada":
        codes, bad, hints = ctx.matcher.resolve(text)
        check.report("unknown_hromada", name, bad, details=text.map(hints))
        return codes
    if col.allowed:
        canonical, bad = normalise_choices(text, table.name, name)
        check.report("not_allowed", name, bad, details=allowed_description(table.name, name))
        return canonical
    return text


def _check_date_range(table: Table, name: str, values: pd.Series, ctx: Context, check: ChunkCheck) -> None:
    check.report("date_too_old", name, values.lt(pd.Timestamp(MIN_DATE)))
    future = values.ge(ctx.day_after)
    too_far = values.ge(ctx.day_after + pd.DateOffset(years=PLAN_HORIZON_YEARS))
    reporting = ctx.reporting_date.isoformat()
    key = (table.name, name)
    if key in PLAN_COLUMNS:
        check.report("date_too_far", name, too_far)
    elif key in PLAN_WARN_COLUMNS:
        check.report("date_too_far", name, too_far)
        check.report("planned_date_in_future", name, future & ~too_far, details=reporting, severity=WARNING)
    elif key == ("resources", "date"):
        return  # judged with the status in rules.py: a planned delivery may lie ahead
    else:
        check.report("date_in_future", name, future, details=reporting)
