"""What was known at a reporting date: the demo history cut to the end of that day.

Rows appear once they happened (an event's time, an officer's selection, a station's listing, an
item's creation); later facts about them are not yet known, so dates after the reporting date become
NULL (deployed_on, left_on, opened_on, solved_on, arrived_at...). Passport items take the status they
had that day from their history. Event tables are time-ordered, so their cut is a zero-copy slice.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

if TYPE_CHECKING:
    from dashboard.demo.build import DemoData


# table: (the column saying when a row became known, columns that hold later facts)
KNOWN_FROM: dict[str, tuple[str, tuple[str, ...]]] = {
    "officers": ("selected_on", ("training_from", "training_to", "deployed_on", "left_on")),
    "stations": ("_listed_on", ("opened_on",)),
    "resources": ("date", ()),
    "activities": ("started_at", ()),
    "offences": ("registered_at", ("solved_on",)),
    "calls": ("received_at", ("arrived_at",)),
    "surveys": ("survey_date", ()),
    "passport_items": ("_created_on", ()),
    "funding": ("paid_on", ()),
}
TIME_ORDERED = ("activities", "offences", "calls")


def snapshot_tables(data: DemoData, reporting_date: dt.date) -> dict[str, pa.Table]:
    out = {}
    for name, table in data.tables.items():
        known, later = KNOWN_FROM[name]
        if name in TIME_ORDERED:
            times = table[known].to_numpy()
            cut = np.datetime64(_end_of(reporting_date), "us")
            table = table.slice(0, int(np.searchsorted(times, cut, side="left")))
        else:
            table = table.filter(_happened_by(table[known], reporting_date))
        for column in later:
            values = table[column]
            not_yet = pc.if_else(_happened_by(values, reporting_date), values, pa.scalar(None, values.type))
            table = table.set_column(table.schema.get_field_index(column), column, not_yet)
        if name == "passport_items":
            table = _passport_status(table, data.passport_history, reporting_date)
        out[name] = table.drop_columns([c for c in table.column_names if c.startswith("_")])
    return out


def _end_of(reporting_date: dt.date) -> dt.datetime:
    """The first instant after the reporting day: what happened before it is known."""
    return dt.datetime.combine(reporting_date + dt.timedelta(days=1), dt.time())


def _happened_by(values: pa.ChunkedArray, reporting_date: dt.date) -> pa.ChunkedArray:
    """Whether each date or timestamp lies on or before the reporting date (NULL stays NULL)."""
    if pa.types.is_timestamp(values.type):
        return pc.less(values, pa.scalar(_end_of(reporting_date), values.type))
    return pc.less_equal(values, pa.scalar(reporting_date, values.type))


def _passport_status(items: pa.Table, history: pa.Table, reporting_date: dt.date) -> pa.Table:
    """Each item's status and updated_on as of `reporting_date`: its last history event by then."""
    event_item = history["item"].to_numpy()
    event_day = history["date"].cast(pa.int32()).to_numpy()
    kept = np.flatnonzero(event_day <= (reporting_date - dt.date(1970, 1, 1)).days)
    kept_item = event_item[kept]
    last = kept[np.r_[kept_item[1:] != kept_item[:-1], True]] if len(kept) else kept
    last_event = np.full(int(event_item.max(initial=-1)) + 1, -1)
    last_event[event_item[last]] = last
    pick = pa.array(last_event[items["_item"].to_numpy()])
    items = items.set_column(items.schema.get_field_index("status"), "status", history["status"].take(pick))
    items = _passport_notes(items, reporting_date)
    return items.set_column(
        items.schema.get_field_index("updated_on"), "updated_on", history["date"].take(pick)
    )


def _passport_notes(items: pa.Table, reporting_date: dt.date) -> pa.Table:
    """What was done and its result as known that day (written when the item started / was done), and the
    passport's last review: its adoption plus whole review cycles, not before the item was added."""
    today = (reporting_date - dt.date(1970, 1, 1)).days
    for column, written in (("action_taken", "_started"), ("outcome", "_done")):
        known = pc.less_equal(items[written], pa.scalar(today, items[written].type))
        values = pc.if_else(known, items[column], pa.scalar(None, pa.string()))
        items = items.set_column(items.schema.get_field_index(column), column, values)
    adopted = items["_adopted"].to_numpy().astype(np.int64)
    cadence = items["_cadence"].to_numpy().astype(np.int64)
    last = adopted + (today - adopted) // cadence * cadence
    created = items["_created_on"].cast(pa.int32()).to_numpy().astype(np.int64)
    reviewed = pa.array(np.maximum(last, created).astype(np.int32)).cast(pa.date32())
    return items.set_column(items.schema.get_field_index("reviewed_on"), "reviewed_on", reviewed)
