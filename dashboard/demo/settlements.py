"""Where the people of each hromada live: its real settlements, placed and sized for the demo.

The reference lists every settlement of the oblast by name and kind (місто, селище, село) but gives
coordinates only for the hromada centres. The demo therefore puts each centre at its real coordinates
and spreads the other settlements over the hromada's real polygon (spaced apart like villages are), and
splits the hromada's real population among them: the urban population of the reference goes to its
towns and selyshche (most of it to the centre), the rest to the villages with skewed sizes. Calls come
from settlements in proportion to their people, so response times follow the road from the station.
The layout is geography, not data: it does not depend on the seed (like the point pools).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from dashboard import reference
from dashboard.demo.points import KM_PER_DEG_LAT, shapes
from dashboard.demo.seeds import Stream, child_rng

URBAN_KINDS = ("M", "X")  # місто, селище: they hold the reference's urban population
CITY_DISTRICT = "B"  # a district of a city: part of the city, not a settlement of its own
CENTRE_SHARE_OF_URBAN = 0.8  # where a hromada has several towns, its centre holds most townspeople
CENTRE_WEIGHT_AMONG_VILLAGES = 4.0  # a village that is the centre is bigger than the others
VILLAGE_SIZE_SIGMA = 0.8  # lognormal spread of village sizes
MIN_SPACING_SHARE = 0.5  # villages at least half the mean spacing √(area / n) apart where possible


@dataclass(frozen=True)
class Settlements:
    """The settlements of one reference hromada; row 0 is its administrative centre."""

    names: tuple[str, ...]
    lat: np.ndarray
    lon: np.ndarray
    population: np.ndarray  # people, summing to the hromada's population_2022

    @property
    def weights(self) -> np.ndarray:
        return self.population / self.population.sum()

    def radius_km(self) -> np.ndarray:
        """A settlement's built-up radius: a few hundred metres for a village, kilometres for a city."""
        return 0.3 + 0.009 * np.sqrt(self.population)


def distance_km(lat0: np.ndarray, lon0: np.ndarray, lat1: np.ndarray, lon1: np.ndarray) -> np.ndarray:
    """Straight-line distance in km (equirectangular: exact enough within an oblast)."""
    kx = KM_PER_DEG_LAT * np.cos(np.radians((np.asarray(lat0) + np.asarray(lat1)) / 2))
    return np.hypot((np.asarray(lon1) - lon0) * kx, (np.asarray(lat1) - lat0) * KM_PER_DEG_LAT)


@lru_cache(maxsize=1)
def _reference_extra() -> pd.DataFrame:
    """Columns of the reference CSV the snapshot's `hromadas` table does not carry."""
    raw = pd.read_csv(reference.HROMADAS_CSV, dtype={"katottg": str, "center_katottg": str})
    return raw.set_index("katottg")[["center_katottg", "urban_population_2022"]]


def _spread_points(geo_index: int, rng: np.random.Generator, n: int, area_km2: float) -> np.ndarray:
    """`n` (lat, lon) points inside the polygon, kept apart where possible (a dart-throwing pass)."""
    shape = shapes()[geo_index]
    lon_min, lat_min, lon_max, lat_max = shape.bbox
    candidates: list[np.ndarray] = []
    have = 0
    while have < 30 * n:
        lon = rng.uniform(lon_min, lon_max, 60 * n)
        lat = rng.uniform(lat_min, lat_max, 60 * n)
        keep = shape.contains(lon, lat)
        candidates.append(np.column_stack([lat[keep], lon[keep]]))
        have += int(keep.sum())
    pool = np.concatenate(candidates)
    spacing = MIN_SPACING_SHARE * np.sqrt(area_km2 / max(n, 1))
    chosen: list[int] = []
    for k in range(len(pool)):
        if len(chosen) == n:
            break
        if (
            not chosen
            or distance_km(pool[chosen, 0], pool[chosen, 1], pool[k, 0], pool[k, 1]).min() >= spacing
        ):
            chosen.append(k)
    taken = set(chosen)
    rest = [k for k in range(len(pool)) if k not in taken][: n - len(chosen)]  # crowded: take any
    return pool[chosen + rest]


def _populations(kinds: np.ndarray, total: int, urban: int, rng: np.random.Generator) -> np.ndarray:
    """People per settlement (centre first): townspeople to the towns, the rest to the villages."""
    is_town = np.isin(kinds, URBAN_KINDS)
    urban = min(urban, total) if is_town.any() else 0
    people = np.zeros(len(kinds))
    towns = np.flatnonzero(is_town)
    if len(towns):
        share = np.full(len(towns), (1 - CENTRE_SHARE_OF_URBAN) / max(len(towns) - 1, 1))
        if is_town[0]:
            share[0] = CENTRE_SHARE_OF_URBAN if len(towns) > 1 else 1.0
        else:
            share = np.full(len(towns), 1 / len(towns))
        people[towns] = urban * share / share.sum()
    villages = np.flatnonzero(~is_town)
    if len(villages):
        size = rng.lognormal(0.0, VILLAGE_SIZE_SIGMA, len(villages))
        size[villages == 0] *= CENTRE_WEIGHT_AMONG_VILLAGES
        people[villages] = (total - people.sum()) * size / size.sum()
    return np.maximum(people, 1.0)


@lru_cache(maxsize=1)
def settlements() -> tuple[Settlements, ...]:
    """One Settlements per row of reference.hromadas(), in that order (computed once per process)."""
    ref = reference.hromadas()
    extra = _reference_extra().loc[ref["katottg"]]
    centre_codes, urban = extra["center_katottg"].to_numpy(), extra["urban_population_2022"].to_numpy(int)
    area, total = ref["area_km2"].to_numpy(float), ref["population_2022"].to_numpy(int)
    centre_lat, centre_lon = ref["center_lat"].to_numpy(float), ref["center_lon"].to_numpy(float)
    every = reference.settlements()
    out = []
    for i, code in enumerate(ref["katottg"]):
        rng = child_rng(0, Stream.SETTLEMENTS, 0, i)
        mine = every[(every["hromada_katottg"] == code) & (every["category"] != CITY_DISTRICT)]
        is_centre = (mine["katottg"] == centre_codes[i]).to_numpy()
        mine = pd.concat([mine[is_centre], mine[~is_centre]])  # centre first (if the codifier has it)
        others = _spread_points(i, rng, len(mine) - 1, float(area[i]))
        lat = np.concatenate([[centre_lat[i]], others[:, 0]])
        lon = np.concatenate([[centre_lon[i]], others[:, 1]])
        population = _populations(mine["category"].to_numpy(), int(total[i]), int(urban[i]), rng)
        out.append(Settlements(tuple(mine["name_uk"]), lat, lon, population))
    return tuple(out)


@lru_cache(maxsize=1)
def police_bases() -> tuple[np.ndarray, np.ndarray]:
    """(lat, lon) of the police units that answered calls before a hromada had its own station.

    The former district police departments sat in the towns: the centres of the urban (міська)
    hromadas and of the four raion centres' hromadas.
    """
    ref = reference.hromadas()
    raion_centres = {"Кропивницький", "Олександрія", "Новоукраїнка", "Голованівськ"}
    base = (ref["type"] == "міська") | ref["center"].isin(raion_centres)
    return ref.loc[base, "center_lat"].to_numpy(float), ref.loc[base, "center_lon"].to_numpy(float)


@lru_cache(maxsize=1)
def urban_shares() -> np.ndarray:
    """Share of each reference hromada's people living in towns and selyshche (reference, 2022)."""
    ref = reference.hromadas()
    urban = _reference_extra().loc[ref["katottg"], "urban_population_2022"].to_numpy(float)
    return np.clip(urban / ref["population_2022"].to_numpy(float), 0.0, 1.0)
