"""Orchestration: generate the whole demo history once, as Arrow tables in the contract's columns.

`generate(seed, scale)` returns a `DemoData` whose tables hold everything known at the end of the
history (2026-10-31); `DemoData.as_of(date)` cuts them to what was known at an earlier reporting date.
Event tables are ordered by time so that cut is a zero-copy slice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from dashboard.demo import arrow, asof
from dashboard.demo.activities import build_activities
from dashboard.demo.calls import build_calls
from dashboard.demo.funding import build_funding
from dashboard.demo.infrastructure import build_infrastructure
from dashboard.demo.offences import build_offences
from dashboard.demo.passports import Passports, build_passports, passport_notes
from dashboard.demo.rollout import Rollout, build_rollout
from dashboard.demo.surveys import build_surveys
from dashboard.demo.territory import Territory, build_territory
from dashboard.schema import ACTIVITY_TYPES, CALL_CATEGORIES, CONTRACT, OFFENCE_CATEGORIES

DEFAULT_SEED = 2019


@dataclass(frozen=True)
class DemoData:
    """The full demo history: one Arrow table per contract table, plus the hromadas frame.

    Tables may carry helper columns whose names start with "_" (e.g. when a station was first listed);
    `as_of` drops them. `passport_history` holds every status change of every passport item.
    """

    seed: int
    scale: str
    hromadas: pd.DataFrame
    tables: dict[str, pa.Table]
    passport_history: pa.Table

    def as_of(self, reporting_date: dt.date) -> dict[str, pa.Table]:
        """The contract tables as they stood at the end of `reporting_date`."""
        return asof.snapshot_tables(self, reporting_date)

    @property
    def generator(self) -> str:
        return f"demo seed={self.seed} scale={self.scale}"


def generate(seed: int = DEFAULT_SEED, scale: str = "oblast") -> DemoData:
    """The whole history for `scale` ("oblast": 49 hromadas, "national": 29 × 49), from `seed`."""
    territory = build_territory(scale)
    rollout = build_rollout(territory, seed)
    infrastructure = build_infrastructure(territory, rollout, seed)
    passports = build_passports(territory, seed, rollout.first_deployed)
    tables = {
        "officers": _officers(rollout),
        "stations": _stations(infrastructure.stations),
        "resources": _resources(infrastructure.resources),
        "activities": _activities(territory, rollout, seed),
        "offences": _offences(territory, seed, rollout.first_deployed),
        "calls": _calls(territory, seed, infrastructure.stations),
        "surveys": _surveys(territory, seed, rollout.first_deployed),
        "passport_items": _passport_items(passports, seed),
        "funding": build_funding(territory, rollout, infrastructure, seed),
    }
    return DemoData(seed, scale, territory.hromadas, tables, _passport_history(passports))


def _officers(rollout: Rollout) -> pa.Table:
    o = rollout.officers
    columns = {name: pa.array(o[name].tolist(), pa.string()) for name in
               ("officer_id", "full_name", "hromada", "rank", "phone")}  # fmt: skip
    for name in ("selected_on", "training_from", "training_to", "deployed_on", "left_on"):
        columns[name] = arrow.dates(o[name].to_numpy())
    return _contract_order("officers", columns)


def _stations(stations: pd.DataFrame) -> pa.Table:
    columns = {
        "station_id": pa.array(stations["station_id"].tolist(), pa.string()),
        "hromada": pa.array(stations["hromada"].tolist(), pa.string()),
        "name": pa.array(stations["name"].tolist(), pa.string()),
        "lat": arrow.floats(stations["lat"].to_numpy()),
        "lon": arrow.floats(stations["lon"].to_numpy()),
        "opened_on": arrow.dates(stations["opened_on"].to_numpy()),
    }
    return _contract_order("stations", columns, _listed_on=arrow.dates(stations["listed_on"].to_numpy()))


def _resources(resources: pd.DataFrame) -> pa.Table:
    columns = {
        "hromada": pa.array(resources["hromada"].tolist(), pa.string()),
        "resource": pa.array(resources["resource"].tolist(), pa.string()),
        "quantity": arrow.integers(resources["quantity"].to_numpy()),
        "status": pa.array(resources["status"].tolist(), pa.string()),
        "date": arrow.dates(resources["date"].to_numpy()),
    }
    return _contract_order("resources", columns)


def _activities(territory: Territory, rollout: Rollout, seed: int) -> pa.Table:
    a = arrow.concat_sorted(build_activities(territory, rollout, seed), "started_at")
    columns = {
        "activity_id": arrow.ids("A", len(a["started_at"]), 9),
        "officer_id": arrow.dictionary(a.pop("officer"), rollout.officers["officer_id"]),
        "hromada": arrow.dictionary(a.pop("row"), territory.column("katottg")),
        "started_at": arrow.timestamps(a.pop("started_at")),
        "duration_min": arrow.integers(a.pop("duration_min")),
        "activity_type": arrow.dictionary(a.pop("activity_type"), ACTIVITY_TYPES),
        "participants": arrow.integers(participants := a.pop("participants"), participants < 0),
        "lat": arrow.floats(a.pop("lat")),
        "lon": arrow.floats(a.pop("lon")),
        "inside_hromada": arrow.booleans(a.pop("inside_hromada")),
    }
    return _contract_order("activities", columns)


def _offences(territory: Territory, seed: int, first_deployed: np.ndarray) -> pa.Table:
    o = arrow.concat_sorted(build_offences(territory, seed, first_deployed), "registered_at")
    columns = {
        "offence_id": arrow.ids("O", len(o["registered_at"]), 8),
        "hromada": arrow.dictionary(o["row"], territory.column("katottg")),
        "registered_at": arrow.timestamps(o["registered_at"]),
        "category": arrow.dictionary(o["category"], OFFENCE_CATEGORIES),
        "solved_on": arrow.dates(o["solved_on"]),
        "lat": arrow.floats(o["lat"]),
        "lon": arrow.floats(o["lon"]),
    }
    return _contract_order("offences", columns)


def _calls(territory: Territory, seed: int, stations: pd.DataFrame) -> pa.Table:
    c = arrow.concat_sorted(build_calls(territory, seed, stations), "received_at")
    columns = {
        "call_id": arrow.ids("C", len(c["received_at"]), 8),
        "hromada": arrow.dictionary(c["row"], territory.column("katottg")),
        "received_at": arrow.timestamps(c["received_at"]),
        "arrived_at": arrow.timestamps(c["arrived_at"], c["arrived_at"] < 0),
        "category": arrow.dictionary(c["category"], CALL_CATEGORIES),
    }
    # Helpers (not in snapshots): where the call came from, for the realism checks (realism.py).
    return _contract_order(
        "calls",
        columns,
        _settlement=arrow.integers(c["settlement"]),
        _straight_km=arrow.floats(c["straight_km"]),
    )


def _surveys(territory: Territory, seed: int, first_deployed: np.ndarray) -> pa.Table:
    s = build_surveys(territory, seed, first_deployed)
    columns = {
        "hromada": pa.array(s["hromada"].tolist(), pa.string()),
        "survey_date": arrow.dates(s["survey_date"].to_numpy()),
        **{name: arrow.integers(s[name].to_numpy()) for name in
           ("respondents", "trust_yes", "feel_safe_yes", "knows_officer_yes")},
    }  # fmt: skip
    return _contract_order("surveys", columns)


def _passport_items(passports: Passports, seed: int) -> pa.Table:
    items = passports.items
    notes = passport_notes(passports, seed)
    # The final state: the last event of each item (history is ordered by item, date).
    last = passports.history.groupby("item").tail(1).set_index("item").reindex(range(len(items)))
    columns = {name: pa.array(items[name].tolist(), pa.string()) for name in
               ("item_id", "hromada", "problem", "priority", "measure", "responsible")}  # fmt: skip
    columns["due_on"] = arrow.dates(items["due_on"].to_numpy())
    columns["status"] = pa.array(last["status"].tolist(), pa.string())
    columns["updated_on"] = arrow.dates(last["date"].to_numpy())
    for name in ("action_taken", "outcome"):  # pandas 3 holds a missing text as NaN: Arrow wants None
        columns[name] = pa.array([v if isinstance(v, str) else None for v in notes[name]], pa.string())
    columns["reviewed_on"] = arrow.dates(items["created_on"].to_numpy())  # dated as of each snapshot (asof)
    return _contract_order(
        "passport_items",
        columns,
        _created_on=arrow.dates(items["created_on"].to_numpy()),
        _item=arrow.integers(np.arange(len(items))),  # the item's number in passport_history
        **{c: arrow.integers(notes[c].to_numpy()) for c in ("_started", "_done", "_adopted", "_cadence")},
    )


def _passport_history(passports: Passports) -> pa.Table:
    history = passports.history
    return pa.table(
        {
            "item": arrow.integers(history["item"].to_numpy()),
            "date": arrow.dates(history["date"].to_numpy()),
            "status": pa.array(history["status"].tolist(), pa.string()),
        }
    )


def _contract_order(table: str, columns: dict[str, pa.Array], **helpers: pa.Array) -> pa.Table:
    """The table with the contract's columns in contract order, then helper columns."""
    spec = CONTRACT[table]
    names = [c.name for c in (*spec.columns, *spec.extra_columns)]
    return pa.table({**{name: columns[name] for name in names}, **helpers})
