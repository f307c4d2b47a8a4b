"""Registered offences (ЄРДР/ЄО extracts): Poisson counts per hromada, month and category.

Rates are plausible rural ones (~70–110 per 10,000 residents a year, theft the largest), with summer
peaks for theft and burglary and a winter one for domestic violence, and online fraud growing every
year. After a hromada's first deployment the programme's effect ramps in over six months: theft,
burglary and vandalism fall by 10–20 %, while domestic-violence *reports* rise by 20–35 % (residents
trust and report more). Clearance is 35–60 % by category, solved 1–120 days later, so the latest
months of any snapshot look less solved: the lag the dashboard warns about.
"""

from __future__ import annotations

import numpy as np

from dashboard.demo import points
from dashboard.demo.clock import days_in_months, hour_profile, timestamps
from dashboard.demo.seeds import Stream, child_rng
from dashboard.demo.territory import Territory
from dashboard.demo.timeline import END_DAY, NEVER, calendar_month, month_first_day, months_in_history, season
from dashboard.schema import OFFENCE_CATEGORIES

# category: (per 10k a year, (season amplitude, peak month), clearance, (hour peak, spread, floor))
PROFILE = {
    "theft": (26.0, (0.18, 7), 0.40, (14, 5, 0.25)),
    "burglary": (6.5, (0.22, 8), 0.35, (2, 3, 0.30)),
    "fraud": (9.0, (0.05, 12), 0.35, (13, 3, 0.10)),
    "domestic_violence": (9.0, (0.12, 1), 0.60, (21, 2.5, 0.10)),
    "assault": (5.5, (0.10, 7), 0.55, (21, 3, 0.15)),
    "road_traffic": (8.0, (0.15, 8), 0.60, (15, 4, 0.10)),
    "drugs": (3.5, (0.10, 8), 0.58, (17, 5, 0.30)),
    "vandalism": (3.0, (0.15, 6), 0.36, (1, 3, 0.30)),
    "other": (15.0, (0.05, 7), 0.45, (13, 5, 0.30)),
}
CATEGORIES = OFFENCE_CATEGORIES
FRAUD_GROWTH = 0.10  # a year: online and phone fraud
FALLING = ("theft", "burglary", "vandalism")
FALL_AFTER_DEPLOYMENT = (0.10, 0.20)
DV_RISE_AFTER_DEPLOYMENT = (0.20, 0.35)
CLEARANCE_GAIN = 0.05  # a little better clearance with an officer who knows the place
RAMP_DAYS = 182
SHARE_LOCATED = 0.6

_RATE = np.array([PROFILE[c][0] for c in CATEGORIES])
_CLEARANCE = np.array([PROFILE[c][2] for c in CATEGORIES])
_HOURS = np.stack([hour_profile(*PROFILE[c][3]) for c in CATEGORIES])
_FALLING = np.isin(CATEGORIES, FALLING)
_DV = CATEGORIES.index("domestic_violence")
_FRAUD = CATEGORIES.index("fraud")


def hromada_offences(territory: Territory, seed: int, row: int, first_deployed: int) -> dict[str, np.ndarray]:
    rng = child_rng(seed, Stream.OFFENCES, int(territory.replica[row]), int(territory.geo_index[row]))
    population = float(territory.column("population_2022")[row])
    months = months_in_history()
    mid_month = month_first_day(months) + 15
    years = (mid_month - mid_month[0]) / 365.25

    level = rng.lognormal(0.0, 0.15) * (1.1 if territory.is_urban[row] else 1.0)
    lam = population / 10_000 / 12 * _RATE * level * rng.lognormal(0.0, 0.12, len(CATEGORIES))
    lam = lam * np.stack([season(calendar_month(mid_month), *PROFILE[c][1]) for c in CATEGORIES], axis=1)
    lam[:, _FRAUD] *= (1 + FRAUD_GROWTH) ** years
    # 0 until the deployment (for ever where none: NEVER lies far in the future), 1 six months after it.
    ramp = np.clip((mid_month - first_deployed) / RAMP_DAYS, 0.0, 1.0)
    lam[:, _FALLING] *= (1 - rng.uniform(*FALL_AFTER_DEPLOYMENT) * ramp)[:, None]
    lam[:, _DV] *= 1 + rng.uniform(*DV_RISE_AFTER_DEPLOYMENT) * ramp

    counts = rng.poisson(lam).ravel()
    cells = np.repeat(np.flatnonzero(counts), counts[counts > 0])
    month_pos, category = cells // len(CATEGORIES), cells % len(CATEGORIES)
    days = days_in_months(rng, months[month_pos])
    registered = timestamps(rng, days, _HOURS, category)
    n = len(days)

    after = np.clip((days - first_deployed) / RAMP_DAYS, 0.0, 1.0)
    solved = rng.random(n) < _CLEARANCE[category] + CLEARANCE_GAIN * after
    delay = np.clip(np.rint(rng.lognormal(np.log(14), 1.1, n)), 1, 120).astype(np.int64)
    solved_on = np.where(solved & (days + delay <= END_DAY), days + delay, NEVER)

    pool = points.point_pools()[int(territory.geo_index[row])]
    pick = rng.integers(0, len(pool.lon_in), n)
    located = rng.random(n) < SHARE_LOCATED
    return {
        "row": np.full(n, row, dtype=np.int32),
        "registered_at": registered,
        "category": category.astype(np.int8),
        "solved_on": solved_on,
        "lat": np.where(located, pool.lat_in[pick], np.nan),
        "lon": np.where(located, pool.lon_in[pick], np.nan),
    }


def build_offences(
    territory: Territory, seed: int, first_deployed: np.ndarray
) -> list[dict[str, np.ndarray]]:
    return [hromada_offences(territory, seed, row, int(first_deployed[row])) for row in range(territory.size)]
