"""Police stations and material resources (office, vehicle, tablet) of the covered hromadas.

A station is listed from the hromada's first deployment and opens 0–9 months later (a few never open:
premises still under repair); cities get extra stations as their later cohorts arrive. Resources are
planned for every officer post when the hromada is selected and delivered with kind-specific delays;
vehicles take longest, longer still in 2022, and some are still only planned at the latest date.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard import reference
from dashboard.demo import points
from dashboard.demo.rollout import Rollout
from dashboard.demo.seeds import Stream, child_rng
from dashboard.demo.territory import Territory
from dashboard.demo.timeline import END_DAY, NEVER, day

OFFICERS_PER_EXTRA_STATION = 8
SHARE_NEVER_OPENED = 0.06
# Delivery delay after the first deployment, in days (low, high), per resource kind.
DELIVERY_DELAY = {"tablet": (20, 60), "office": (30, 180), "vehicle": (60, 420)}
SHARE_VEHICLE_STUCK = 0.08  # vehicles still not delivered however long ago they were planned
WAR_DELAY = (day("2021-10-01"), day("2022-12-31"), (60, 180))  # vehicles planned then: extra delay
SETTLEMENT_PREFIX = {"місто": "м.", "селище": "с-ще", "село": "с."}


@dataclass(frozen=True)
class Infrastructure:
    stations: pd.DataFrame  # station_id, hromada, name, lat, lon, opened_on, listed_on, row (days)
    resources: pd.DataFrame  # hromada, resource, quantity, status, date (days)
    first_station_open: np.ndarray  # per territory row: earliest opened_on, or NEVER


def _centre_labels() -> list[str]:
    """«с. Аджамка», «м. Знам’янка»: the centre of each reference hromada with its settlement type."""
    settlements = reference.settlements()
    labels = []
    for code, centre in reference.hromadas()[["katottg", "center"]].itertuples(index=False):
        match = settlements[(settlements["hromada_katottg"] == code) & (settlements["name_uk"] == centre)]
        kind = match["category_uk"].iat[0] if len(match) else "село"
        labels.append(f"{SETTLEMENT_PREFIX.get(kind, 'с.')} {centre}")
    return labels


def build_stations(territory: Territory, rollout: Rollout, seed: int) -> tuple[pd.DataFrame, np.ndarray]:
    labels = _centre_labels()
    rows = []
    for i in np.flatnonzero(rollout.first_deployed <= END_DAY):
        rng = child_rng(seed, Stream.STATIONS, int(territory.replica[i]), int(territory.geo_index[i]))
        first = int(rollout.first_deployed[i])
        extra = int(rollout.staffed[i]) // OFFICERS_PER_EXTRA_STATION if territory.is_urban[i] else 0
        # Extra city stations come with later cohorts; number them in the order they are listed.
        listed_days = [first, *np.sort(first + rng.integers(180, 900, extra))]
        for k, listed in enumerate(int(d) for d in listed_days):
            opened = listed + int(rng.integers(0, 275))
            if rng.random() < SHARE_NEVER_OPENED:
                opened = int(NEVER)
            lat, lon = points.point_near_centre(int(territory.geo_index[i]), rng, 0.004 if k == 0 else 0.02)
            name = f"Поліцейська станція {labels[territory.geo_index[i]]}" + (f" №{k + 1}" if k else "")
            rows.append([int(i), name, lat, lon, listed, opened])
    stations = pd.DataFrame(rows, columns=["row", "name", "lat", "lon", "listed_on", "opened_on"])
    stations = stations[stations["listed_on"] <= END_DAY].copy()
    stations["opened_on"] = stations["opened_on"].where(stations["opened_on"] <= END_DAY, int(NEVER))
    stations = stations.sort_values(["listed_on", "row"], kind="stable").reset_index(drop=True)
    width = max(3, len(str(len(stations))))
    stations.insert(0, "station_id", [f"ST-{k:0{width}d}" for k in range(1, len(stations) + 1)])
    stations["hromada"] = territory.column("katottg")[stations["row"].to_numpy()]
    first_open = np.full(territory.size, NEVER, dtype=np.int64)
    np.minimum.at(first_open, stations["row"].to_numpy(), stations["opened_on"].to_numpy())
    return stations, first_open


def build_resources(territory: Territory, rollout: Rollout, seed: int) -> pd.DataFrame:
    rows = []
    for i in np.flatnonzero(rollout.first_selected <= END_DAY):
        rng = child_rng(seed, Stream.RESOURCES, int(territory.replica[i]), int(territory.geo_index[i]))
        planned = int(rollout.first_selected[i]) + int(rng.integers(0, 31))
        deployed = int(rollout.first_deployed[i])
        for kind, (low, high) in DELIVERY_DELAY.items():
            rows.append([int(i), kind, "planned", planned])
            if deployed == NEVER:
                continue
            delivered = deployed + int(rng.integers(low, high + 1))
            if kind == "vehicle":
                if WAR_DELAY[0] <= planned <= WAR_DELAY[1]:
                    delivered += int(rng.integers(*WAR_DELAY[2]))
                if rng.random() < SHARE_VEHICLE_STUCK:
                    continue
            if delivered <= END_DAY:
                rows.append([int(i), kind, "delivered", delivered])
    resources = pd.DataFrame(rows, columns=["row", "resource", "status", "date"])
    resources = resources[resources["date"] <= END_DAY]
    resources["quantity"] = rollout.staffed[resources["row"].to_numpy()]  # the standard: one per officer
    resources["hromada"] = territory.column("katottg")[resources["row"].to_numpy()]
    return resources.sort_values(["date", "row", "resource"], kind="stable").reset_index(drop=True)


def build_infrastructure(territory: Territory, rollout: Rollout, seed: int) -> Infrastructure:
    stations, first_open = build_stations(territory, rollout, seed)
    return Infrastructure(stations, build_resources(territory, rollout, seed), first_open)
