"""Calls to 102 and when police arrived: the response time follows the road from the police.

~280–420 calls per 10,000 residents a year in villages, up to ~60 % more in towns; summer-heavy,
evening-heavy, overdispersed month to month, with the February-2022 break (a wave of calls about
suspicious people, fewer road calls) and the displaced people of the host towns (wartime.py). Each call
comes from one of the hromada's settlements, in proportion to its people (settlements.py). Police
arrive at ~95 % of calls; the typical response is dispatch time plus the drive: the straight distance
from the nearest open station of the hromada (before it opens, from the nearest former district police
department in a town) to the settlement, times a road-winding factor, at a rural driving speed. Nights
and winters are slower, spring 2022 too (checkpoints, crews on other tasks); the spread is lognormal,
and a few calls wait for a crew tied up elsewhere: the long tail.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.demo import wartime
from dashboard.demo.clock import days_in_months, hour_profile, timestamps
from dashboard.demo.seeds import Stream, child_rng
from dashboard.demo.settlements import distance_km, police_bases, settlements, urban_shares
from dashboard.demo.territory import Territory
from dashboard.demo.timeline import (
    US_PER_DAY,
    calendar_month,
    month_first_day,
    month_index,
    months_in_history,
    season,
)
from dashboard.schema import CALL_CATEGORIES

CATEGORIES = CALL_CATEGORIES
SHARES = {"domestic": 0.20, "theft": 0.15, "road": 0.13, "public_order": 0.32, "other": 0.20}
HOURS = {"domestic": (21, 3, 0.1), "theft": (13, 5, 0.3), "road": (16, 4, 0.1),
         "public_order": (22, 3, 0.15), "other": (14, 5, 0.3)}  # fmt: skip
RATE_PER_10K = (280.0, 420.0)  # a year, in a village hromada
URBAN_EXTRA = 0.6  # × (1 + URBAN_EXTRA × share of townspeople)
MONTH_SHOCK_K = 30.0  # gamma shape of the month-to-month variation of call volumes
SHARE_ARRIVED = 0.95

# Response time (minutes) = dispatch + 60 × road km ÷ speed, then the factors below and the noise.
DISPATCH_MIN = {"station": 6.0, "district": 12.0}  # a district crew is often on another call
ROAD_WINDING = 1.35  # road km per straight-line km on rural roads
SPEED_KMH = 50.0
NIGHT_FACTOR = 1.15  # 22:00–06:00
WINTER_FACTOR = 1.12  # December–February: snow, ice, short days
WAR_SPRING_FACTOR = 1.20  # March–May 2022
NOISE_SIGMA = 0.35  # lognormal spread round the typical time
SHARE_LONG_WAIT = 0.04  # the crew is tied up elsewhere: 2–5 × longer
MINUTES_RANGE = (3.0, 480.0)

_SHARES = np.array([SHARES[c] for c in CATEGORIES])
_HOURS = np.stack([hour_profile(*HOURS[c]) for c in CATEGORIES])


def travel_km(
    territory: Territory, row: int, stations: pd.DataFrame, settlement: np.ndarray, days: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(straight km from the responding police to each call's settlement, whether a station answered).

    The responding police is the nearest station of the hromada open that day, else the nearest former
    district department. `stations`: this hromada's rows (lat, lon, opened_on as day numbers).
    Distances are computed per settlement, then looked up per call."""
    place = settlements()[int(territory.geo_index[row])]
    lat, lon = place.lat[:, None], place.lon[:, None]
    base_lat, base_lon = police_bases()
    district = distance_km(lat, lon, base_lat[None, :], base_lon[None, :]).min(axis=1)[settlement]
    if stations.empty:
        return district, np.zeros(len(days), dtype=bool)
    to_station = distance_km(
        lat, lon, stations["lat"].to_numpy()[None, :], stations["lon"].to_numpy()[None, :]
    )
    opened = stations["opened_on"].to_numpy()
    if len(opened) == 1:  # most hromadas: one station, open from a day on
        by_station = days >= opened[0]
        return np.where(by_station, to_station[settlement, 0], district), by_station
    nearest = np.where(opened[None, :] <= days[:, None], to_station[settlement], np.inf).min(axis=1)
    by_station = np.isfinite(nearest)
    return np.where(by_station, nearest, district), by_station


def response_minutes(
    rng: np.random.Generator,
    straight_km: np.ndarray,
    by_station: np.ndarray,
    radius_km: np.ndarray,
    received_us: np.ndarray,
) -> np.ndarray:
    """Minutes from the call to the arrival for calls `straight_km` away (see the constants above)."""
    n = len(straight_km)
    within = radius_km * np.sqrt(rng.random(n))  # where in the settlement: uniform over its area
    road = np.hypot(straight_km, within) * ROAD_WINDING
    dispatch = np.where(by_station, DISPATCH_MIN["station"], DISPATCH_MIN["district"])
    typical = dispatch + 60 * road / SPEED_KMH
    days = received_us // US_PER_DAY
    hour = (received_us % US_PER_DAY) // 3_600_000_000
    month = month_index(days)
    typical = typical * np.where((hour >= 22) | (hour < 6), NIGHT_FACTOR, 1.0)
    typical = typical * np.where(np.isin(calendar_month(days), (12, 1, 2)), WINTER_FACTOR, 1.0)
    war_spring = (month >= wartime.WAR_MONTH) & (month < wartime.WAR_MONTH + 3)
    typical = typical * np.where(war_spring, WAR_SPRING_FACTOR, 1.0)
    minutes = rng.lognormal(np.log(typical), NOISE_SIGMA)
    minutes = minutes * np.where(rng.random(n) < SHARE_LONG_WAIT, rng.uniform(2.0, 5.0, n), 1.0)
    return np.clip(minutes, *MINUTES_RANGE)


def hromada_calls(territory: Territory, seed: int, row: int, stations: pd.DataFrame) -> dict[str, np.ndarray]:
    rng = child_rng(seed, Stream.CALLS, int(territory.replica[row]), int(territory.geo_index[row]))
    population = float(territory.column("population_2022")[row])
    months = months_in_history()
    mid_month = month_first_day(months) + 15
    urban = urban_shares()[int(territory.geo_index[row])]
    rate = rng.uniform(*RATE_PER_10K) * (1 + URBAN_EXTRA * urban)
    lam = population / 10_000 / 12 * rate * season(calendar_month(mid_month), 0.12, 7)
    lam = lam * wartime.displaced_factor(months, str(territory.column("katottg")[row]))
    lam = lam * rng.gamma(MONTH_SHOCK_K, 1 / MONTH_SHOCK_K, len(months))
    by_category = lam[:, None] * _SHARES * wartime.break_factors(months, CATEGORIES, wartime.CALL_BREAK)
    counts = rng.poisson(by_category).ravel()
    cells = np.repeat(np.arange(len(counts)), counts)
    month_of_call, category = months[cells // len(CATEGORIES)], cells % len(CATEGORIES)
    n = len(cells)
    days = days_in_months(rng, month_of_call)
    received = timestamps(rng, days, _HOURS, category)

    place = settlements()[int(territory.geo_index[row])]
    settlement = rng.choice(len(place.names), size=n, p=place.weights)
    straight, by_station = travel_km(territory, row, stations, settlement, days)
    minutes = response_minutes(rng, straight, by_station, place.radius_km()[settlement], received)
    arrived = received + (minutes * 60 * 1_000_000).astype(np.int64)
    arrived = np.where(rng.random(n) < SHARE_ARRIVED, arrived, -1)
    return {
        "row": np.full(n, row, dtype=np.int32),
        "received_at": received,
        "arrived_at": arrived,  # -1: police did not arrive (NULL)
        "category": category.astype(np.int8),
        "settlement": settlement.astype(np.int16),  # helper: the call's settlement (settlements.py)
        "straight_km": straight,  # helper: from the responding police to the settlement
    }


def build_calls(territory: Territory, seed: int, stations: pd.DataFrame) -> list[dict[str, np.ndarray]]:
    """Every hromada's calls; `stations` as built by infrastructure.py (row, lat, lon, opened_on)."""
    by_row = dict(tuple(stations.groupby("row")))
    empty = stations.iloc[0:0]
    return [hromada_calls(territory, seed, row, by_row.get(row, empty)) for row in range(territory.size)]
