"""Calls to 102 and when police arrived: the response time falls once a station opens nearby.

~300–500 calls per 10,000 residents a year (more in towns), summer-heavy, evening-heavy. Police arrive
at ~95 % of them; the response time is lognormal with a median of ~25–35 minutes before the hromada's
first station opens and ~12–18 after, longer in bigger hromadas (more road to cover).
"""

from __future__ import annotations

import numpy as np

from dashboard.demo.clock import days_in_months, hour_profile, timestamps
from dashboard.demo.seeds import Stream, child_rng
from dashboard.demo.territory import Territory
from dashboard.demo.timeline import calendar_month, month_first_day, months_in_history, season
from dashboard.schema import CALL_CATEGORIES

CATEGORIES = CALL_CATEGORIES
SHARES = {"domestic": 0.20, "theft": 0.15, "road": 0.13, "public_order": 0.32, "other": 0.20}
HOURS = {"domestic": (21, 3, 0.1), "theft": (13, 5, 0.3), "road": (16, 4, 0.1),
         "public_order": (22, 3, 0.15), "other": (14, 5, 0.3)}  # fmt: skip
RATE_PER_10K = (300.0, 500.0)
SHARE_ARRIVED = 0.95
MEDIAN_BEFORE_STATION, MEDIAN_AFTER_STATION = 30.0, 15.0  # minutes, for a 500 km² hromada
SPREAD = 0.55  # sigma of log(response time)

_SHARES = np.array([SHARES[c] for c in CATEGORIES])
_HOURS = np.stack([hour_profile(*HOURS[c]) for c in CATEGORIES])


def hromada_calls(territory: Territory, seed: int, row: int, station_open: int) -> dict[str, np.ndarray]:
    rng = child_rng(seed, Stream.CALLS, int(territory.replica[row]), int(territory.geo_index[row]))
    population = float(territory.column("population_2022")[row])
    months = months_in_history()
    mid_month = month_first_day(months) + 15
    rate = rng.uniform(*RATE_PER_10K) * (1.1 if territory.is_urban[row] else 1.0)
    lam = population / 10_000 / 12 * rate * season(calendar_month(mid_month), 0.12, 7)
    counts = rng.poisson(lam)
    month_of_call = np.repeat(months, counts)
    n = len(month_of_call)
    days = days_in_months(rng, month_of_call)
    category = rng.choice(len(CATEGORIES), size=n, p=_SHARES)
    received = timestamps(rng, days, _HOURS, category)

    distance = (float(territory.column("area_km2")[row]) / 500) ** 0.2 * rng.lognormal(0.0, 0.08)
    median = np.where(days >= station_open, MEDIAN_AFTER_STATION, MEDIAN_BEFORE_STATION) * distance
    minutes = np.clip(rng.lognormal(np.log(median), SPREAD), 3, 240)
    arrived = received + (minutes * 60 * 1_000_000).astype(np.int64)
    arrived = np.where(rng.random(n) < SHARE_ARRIVED, arrived, -1)
    return {
        "row": np.full(n, row, dtype=np.int32),
        "received_at": received,
        "arrived_at": arrived,  # -1: police did not arrive (NULL)
        "category": category.astype(np.int8),
    }


def build_calls(territory: Territory, seed: int, station_open: np.ndarray) -> list[dict[str, np.ndarray]]:
    return [hromada_calls(territory, seed, row, int(station_open[row])) for row in range(territory.size)]
