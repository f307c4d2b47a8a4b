"""Points inside (and just outside) the hromada polygons, pre-sampled into pools for fast drawing.

Testing millions of activity locations against polygons would be slow, so each hromada gets, once per
process, a pool of points inside its boundary (rejection sampling in the bounding box) and a pool of
points just outside it (within ~2.5 km: the neighbour's territory); generators then draw pool indices.
Containment uses `dashboard.geo.points_in_geometry`, the test ingest uses to derive `inside_hromada`,
so demo and real data mean the same by it. The pools use a fixed seed: they are geometry, not data.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from dashboard import geo, reference
from dashboard.demo.seeds import Stream, child_rng

POOL_INSIDE = 4096
POOL_OUTSIDE = 1024
OUTSIDE_MAX_KM = 2.5
KM_PER_DEG_LAT = 111.2
COORD_DECIMALS = 5  # ~1 m, what a tablet's GPS export carries


@dataclass(frozen=True)
class Shape:
    """One hromada's boundary: the GeoJSON geometry, its bounding box and its edges (for distances)."""

    geometry: dict
    bbox: tuple[float, float, float, float]  # lon_min, lat_min, lon_max, lat_max
    edges: np.ndarray  # (n, 4): lon0, lat0, lon1, lat1 of every edge of every ring

    @classmethod
    def from_geometry(cls, geometry: dict) -> Shape:
        parts = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        rings = [np.asarray(ring, dtype=float) for part in parts for ring in part]
        edges = np.concatenate([np.hstack([ring[:-1], ring[1:]]) for ring in rings])
        every = np.concatenate(rings)
        bbox = (
            float(every[:, 0].min()),
            float(every[:, 1].min()),
            float(every[:, 0].max()),
            float(every[:, 1].max()),
        )
        return cls(geometry, bbox, edges)

    def contains(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        return geo.points_in_geometry(lon, lat, self.geometry)

    def distance_km(self, lon: np.ndarray, lat: np.ndarray, chunk: int = 2048) -> np.ndarray:
        """Distance from each point to the nearest edge, in km (equirectangular: fine at this size)."""
        kx = KM_PER_DEG_LAT * np.cos(np.radians((self.bbox[1] + self.bbox[3]) / 2))
        ax, ay = self.edges[:, 0] * kx, self.edges[:, 1] * KM_PER_DEG_LAT
        dx, dy = self.edges[:, 2] * kx - ax, self.edges[:, 3] * KM_PER_DEG_LAT - ay
        length2 = np.maximum(dx * dx + dy * dy, 1e-12)
        out = np.empty(len(lon))
        for i in range(0, len(lon), chunk):
            px, py = lon[i : i + chunk, None] * kx, lat[i : i + chunk, None] * KM_PER_DEG_LAT
            t = np.clip(((px - ax) * dx + (py - ay) * dy) / length2, 0.0, 1.0)
            out[i : i + chunk] = np.hypot(ax + t * dx - px, ay + t * dy - py).min(axis=1)
        return out


@dataclass(frozen=True)
class PointPool:
    """Rounded points inside (`lon_in`, `lat_in`) and just outside (`lon_out`, `lat_out`) one hromada."""

    lon_in: np.ndarray
    lat_in: np.ndarray
    lon_out: np.ndarray
    lat_out: np.ndarray


@lru_cache(maxsize=1)
def shapes() -> tuple[Shape, ...]:
    """One Shape per row of reference.hromadas(), in that order."""
    geometries = geo.hromada_geometries()
    return tuple(Shape.from_geometry(geometries[code]) for code in reference.hromadas()["katottg"])


def _rounded(values: np.ndarray) -> np.ndarray:
    # Round before testing containment, so the stored coordinate is the one that was tested.
    return np.round(values, COORD_DECIMALS)


def _sample_inside(shape: Shape, rng: np.random.Generator, n: int, centre: tuple[float, float]) -> tuple:
    """Half uniform over the territory, half clustered round the centre, where most of life happens."""
    lon_min, lat_min, lon_max, lat_max = shape.bbox
    spread = 0.18 * min(lon_max - lon_min, lat_max - lat_min)
    lons, lats, have = [], [], 0
    while have < n:
        m = 2 * n
        uniform = rng.random(m) < 0.5
        lon = _rounded(np.where(uniform, rng.uniform(lon_min, lon_max, m), rng.normal(centre[0], spread, m)))
        lat = _rounded(
            np.where(uniform, rng.uniform(lat_min, lat_max, m), rng.normal(centre[1], spread * 0.7, m))
        )
        keep = shape.contains(lon, lat)
        lons.append(lon[keep])
        lats.append(lat[keep])
        have += int(keep.sum())
    return np.concatenate(lons)[:n], np.concatenate(lats)[:n]


def _sample_outside(shape: Shape, rng: np.random.Generator, n: int) -> tuple:
    pad = OUTSIDE_MAX_KM / KM_PER_DEG_LAT * 1.6  # a little more than the distance, in lon degrees too
    lon_min, lat_min, lon_max, lat_max = shape.bbox
    lons, lats, have = [], [], 0
    while have < n:
        m = 4 * n
        lon = _rounded(rng.uniform(lon_min - pad, lon_max + pad, m))
        lat = _rounded(rng.uniform(lat_min - pad, lat_max + pad, m))
        outside = ~shape.contains(lon, lat)
        lon, lat = lon[outside], lat[outside]
        near = shape.distance_km(lon, lat) <= OUTSIDE_MAX_KM
        lons.append(lon[near])
        lats.append(lat[near])
        have += int(near.sum())
    return np.concatenate(lons)[:n], np.concatenate(lats)[:n]


@lru_cache(maxsize=1)
def point_pools() -> tuple[PointPool, ...]:
    """One PointPool per row of reference.hromadas(); computed once per process."""
    ref = reference.hromadas()
    pools = []
    for i, shape in enumerate(shapes()):
        rng = child_rng(0, Stream.GEO_POOLS, 0, i)
        centre = (float(ref["center_lon"].iloc[i]), float(ref["center_lat"].iloc[i]))
        lon_in, lat_in = _sample_inside(shape, rng, POOL_INSIDE, centre)
        lon_out, lat_out = _sample_outside(shape, rng, POOL_OUTSIDE)
        pools.append(PointPool(lon_in, lat_in, lon_out, lat_out))
    return tuple(pools)


def point_near_centre(geo_index: int, rng: np.random.Generator, spread_deg: float) -> tuple[float, float]:
    """(lat, lon) within ~spread of the hromada's centre and inside its boundary (for stations)."""
    ref = reference.hromadas()
    lat0, lon0 = float(ref["center_lat"].iloc[geo_index]), float(ref["center_lon"].iloc[geo_index])
    lon = _rounded(rng.normal(lon0, spread_deg, 64))
    lat = _rounded(rng.normal(lat0, spread_deg * 0.7, 64))
    inside = np.flatnonzero(shapes()[geo_index].contains(lon, lat))
    if len(inside):
        return float(lat[inside[0]]), float(lon[inside[0]])
    pool = point_pools()[geo_index]  # a centre on the very edge: fall back to any inside point
    k = int(rng.integers(len(pool.lon_in)))
    return float(pool.lat_in[k]), float(pool.lon_in[k])
