"""Registered offences (ЄРДР/ЄО extracts): overdispersed counts per hromada, month and category.

Each month's expected count per category is the rural rate (~70–110 per 10,000 residents a year,
theft the largest) raised with the hromada's share of townspeople (towns have much more theft, fraud,
drugs and assault; domestic violence about the same), with seasons (summer theft and burglary, winter
domestic violence), slow trends (property crime easing, fraud growing, domestic violence reported
more each year) and the break of February 2022 with its displaced people (wartime.py). Counts are
gamma-Poisson (negative binomial with var = φ·μ, φ by category): real monthly counts vary more than
Poisson ones, because related cases come in bursts, most for drug cases (police operations) and fraud
(scam waves); a small shock shared by all categories of a hromada-month (a busy month, a registration
campaign) adds to that, which shows most in the big towns.
After a hromada's first deployment the programme's effect ramps in over six months, modest and
different in each hromada: domestic-violence *reports* rise by ~12 % on average (residents trust and
report more), theft and burglary fall by ~5 %, vandalism by ~3 %, some hromadas see the opposite.
Clearance is 35–60 % by category, solved 1–120 days later, so the latest months of any snapshot look
less solved: the lag the dashboard warns about.
"""

from __future__ import annotations

import numpy as np

from dashboard.demo import points, wartime
from dashboard.demo.clock import days_in_months, hour_profile, timestamps
from dashboard.demo.seeds import Stream, child_rng
from dashboard.demo.settlements import urban_shares
from dashboard.demo.territory import Territory
from dashboard.demo.timeline import END_DAY, NEVER, calendar_month, month_first_day, months_in_history, season
from dashboard.schema import OFFENCE_CATEGORIES

# category: (rural per 10k a year, × in a wholly urban hromada, dispersion φ, yearly trend,
#            (season amplitude, peak month), clearance, (hour peak, spread, floor))
PROFILE = {
    "theft": (22.0, 2.4, 1.6, -0.02, (0.18, 7), 0.40, (14, 5, 0.25)),
    "burglary": (6.5, 1.3, 1.8, -0.03, (0.22, 8), 0.35, (2, 3, 0.30)),
    "fraud": (6.0, 2.6, 2.5, 0.06, (0.05, 12), 0.35, (13, 3, 0.10)),
    "domestic_violence": (9.0, 1.0, 1.5, 0.03, (0.12, 1), 0.60, (21, 2.5, 0.10)),
    "assault": (4.5, 2.0, 1.4, -0.01, (0.10, 7), 0.55, (21, 3, 0.15)),
    "road_traffic": (7.0, 1.4, 1.3, 0.0, (0.15, 8), 0.60, (15, 4, 0.10)),
    "drugs": (2.5, 3.0, 3.0, 0.0, (0.10, 8), 0.58, (17, 5, 0.30)),
    "vandalism": (2.5, 2.2, 2.0, 0.0, (0.15, 6), 0.36, (1, 3, 0.30)),
    "other": (14.0, 1.4, 1.6, 0.0, (0.05, 7), 0.45, (13, 5, 0.30)),
}
CATEGORIES = OFFENCE_CATEGORIES
SHARED_SHOCK_K = 100.0  # gamma shape of the month's shock common to all categories of a hromada
LEVEL_SIGMA = 0.15  # hromadas differ beyond their type: lognormal spread of the level
TREND_SIGMA = 0.01  # ... and a little in their yearly trend
# Programme effect after the first deployment, per hromada: (mean, spread) of the relative change.
EFFECT_AFTER_DEPLOYMENT = {
    "domestic_violence": (0.12, 0.07),
    "theft": (-0.05, 0.05),
    "burglary": (-0.05, 0.06),
    "vandalism": (-0.03, 0.07),
}
CLEARANCE_GAIN = 0.05  # a little better clearance with an officer who knows the place
RAMP_DAYS = 182
SHARE_LOCATED = 0.6

_RATE = np.array([PROFILE[c][0] for c in CATEGORIES])
_URBAN = np.array([PROFILE[c][1] for c in CATEGORIES])
_DISPERSION = np.array([PROFILE[c][2] for c in CATEGORIES])
_TREND = np.array([PROFILE[c][3] for c in CATEGORIES])
_CLEARANCE = np.array([PROFILE[c][5] for c in CATEGORIES])
_HOURS = np.stack([hour_profile(*PROFILE[c][6]) for c in CATEGORIES])
_EFFECT = [(CATEGORIES.index(c), mean, spread) for c, (mean, spread) in EFFECT_AFTER_DEPLOYMENT.items()]


def expected_counts(
    territory: Territory, rng: np.random.Generator, row: int, first_deployed: int
) -> np.ndarray:
    """The (months, categories) expected counts of one hromada, before the month-to-month noise."""
    population = float(territory.column("population_2022")[row])
    months = months_in_history()
    mid_month = month_first_day(months) + 15
    years = ((mid_month - mid_month[0]) / 365.25)[:, None]

    urban = urban_shares()[int(territory.geo_index[row])]
    rate = _RATE * (1 + (_URBAN - 1) * urban) * rng.lognormal(0.0, LEVEL_SIGMA)
    rate = rate * rng.lognormal(0.0, 0.12, len(CATEGORIES))  # and in their mix
    trend = (1 + _TREND + rng.normal(0.0, TREND_SIGMA)) ** years
    lam = population / 10_000 / 12 * rate * trend
    lam = lam * np.stack([season(calendar_month(mid_month), *PROFILE[c][4]) for c in CATEGORIES], axis=1)
    lam = lam * wartime.break_factors(months, CATEGORIES, wartime.OFFENCE_BREAK)
    lam = lam * wartime.displaced_factor(months, str(territory.column("katottg")[row]))[:, None]
    # 0 until the deployment (for ever where none: NEVER lies far in the future), 1 six months after it.
    ramp = np.clip((mid_month - first_deployed) / RAMP_DAYS, 0.0, 1.0)
    for category, mean, spread in _EFFECT:
        lam[:, category] *= 1 + rng.normal(mean, spread) * ramp
    return lam


def hromada_offences(territory: Territory, seed: int, row: int, first_deployed: int) -> dict[str, np.ndarray]:
    rng = child_rng(seed, Stream.OFFENCES, int(territory.replica[row]), int(territory.geo_index[row]))
    months = months_in_history()
    lam = expected_counts(territory, rng, row, first_deployed)
    # Gamma-Poisson with shape k = μ ÷ (φ − 1): variance φ·μ (NB1: cases come in bursts of related ones,
    # whatever the hromada's size), times a small hromada-month shock shared by all categories (NB2).
    shape = np.maximum(lam, 1e-9) / (_DISPERSION - 1)
    lam = lam * rng.gamma(shape, 1 / shape) * rng.gamma(SHARED_SHOCK_K, 1 / SHARED_SHOCK_K, (len(months), 1))
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
