"""Small vectorised geometry helpers: points in GeoJSON polygons, the oblast's bounding box.

Pure numpy on the simplified polygons of `data/reference/` (about 90 vertices per hromada), so a
million points take about a second; no GIS library needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from dashboard import reference

Ring = Sequence[Sequence[float]]  # [[lon, lat], ...] as in GeoJSON


def points_in_polygon(lon: np.ndarray, lat: np.ndarray, ring: Ring) -> np.ndarray:
    """Whether each point (lon[i], lat[i]) lies inside the closed ring (even-odd ray casting).

    Points exactly on an edge may fall either way. Returns a bool array shaped like `lon`.
    """
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    inside = np.zeros(lon.shape, dtype=bool)
    vertices = np.asarray(ring, dtype=float)
    if len(vertices) < 3:
        return inside
    x1, y1 = vertices[:, 0], vertices[:, 1]
    x2, y2 = np.roll(x1, -1), np.roll(y1, -1)
    for ax, ay, bx, by in zip(x1, y1, x2, y2, strict=True):
        if ay == by:
            continue  # a horizontal edge never crosses the horizontal ray
        crosses = (ay > lat) != (by > lat)
        x_cross = ax + (lat - ay) * (bx - ax) / (by - ay)
        inside ^= crosses & (lon < x_cross)
    return inside


def points_in_geometry(lon: np.ndarray, lat: np.ndarray, geometry: dict) -> np.ndarray:
    """Points inside a GeoJSON Polygon or MultiPolygon (outer rings minus their holes)."""
    kind = geometry["type"]
    if kind == "Polygon":
        polygons = [geometry["coordinates"]]
    elif kind == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        raise ValueError(f"unsupported geometry type {kind!r}")
    result = np.zeros(np.shape(lon), dtype=bool)
    for rings in polygons:
        inside = points_in_polygon(lon, lat, rings[0])
        for hole in rings[1:]:
            inside &= ~points_in_polygon(lon, lat, hole)
        result |= inside
    return result


@lru_cache(maxsize=1)
def hromada_geometries() -> dict[str, dict]:
    """The simplified boundary of each hromada, keyed by KATOTTG code."""
    return {f["properties"]["katottg"]: f["geometry"] for f in reference.hromada_geojson()["features"]}


def _all_positions(geometry: dict) -> np.ndarray:
    rings = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return np.concatenate([np.asarray(ring, dtype=float) for polygon in rings for ring in polygon])


@lru_cache(maxsize=1)
def oblast_bbox() -> tuple[float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat) of the four raions, i.e. of the whole oblast."""
    points = np.concatenate([_all_positions(f["geometry"]) for f in reference.raion_geojson()["features"]])
    return (
        float(points[:, 0].min()),
        float(points[:, 1].min()),
        float(points[:, 0].max()),
        float(points[:, 1].max()),
    )
