"""A hromada's place in the oblast, drawn as vector outlines on its PDF page (no image, no network)."""

from __future__ import annotations

import math
from functools import lru_cache

from fpdf import FPDF

from dashboard import reference
from dashboard.charts.common import ACCENT as ACCENT_HEX
from dashboard.charts.common import MUTED as MUTED_HEX
from dashboard.charts.common import rgb
from dashboard.reference import OSM_CREDIT
from dashboard.reports import mapfig

ACCENT, MUTED = rgb(ACCENT_HEX), rgb(MUTED_HEX)  # the dashboard's palette
OTHER = (215, 219, 224)
FONT = "DejaVu"  # registered by pdf.ReportPDF

LOCATOR_W = 70.0  # mm: the little oblast map on a hromada's page


@lru_cache(maxsize=1)
def _outlines() -> tuple[
    tuple[float, float, float, float], tuple[tuple[str, tuple[tuple[float, float], ...]], ...]
]:
    """The hromadas' outer rings in lon/lat, and their bounding box (min lon, max lon, min lat, max lat)."""
    features = reference.hromada_geojson()["features"]
    rings = tuple(
        (f["properties"]["katottg"], tuple((float(p[0]), float(p[1])) for p in ring))
        for f in features
        for ring in mapfig.outer_rings(f["geometry"])
    )
    lons = [p[0] for _, ring in rings for p in ring]
    lats = [p[1] for _, ring in rings for p in ring]
    return (min(lons), max(lons), min(lats), max(lats)), rings


def locator(pdf: FPDF, katottg: str, *, x: float, y: float, width: float) -> None:
    """The oblast's hromadas as vector outlines with `katottg` filled: where the hromada lies."""
    (lon0, lon1, lat0, lat1), rings = _outlines()
    shrink = math.cos(math.radians((lat0 + lat1) / 2))
    scale = width / ((lon1 - lon0) * shrink)
    pdf.set_line_width(0.15)
    pdf.set_draw_color(255, 255, 255)
    for code, ring in rings:
        pdf.set_fill_color(*(ACCENT if code == katottg else OTHER))
        pdf.polygon(
            [(x + (lon - lon0) * shrink * scale, y + (lat1 - lat) * scale) for lon, lat in ring], style="DF"
        )
    pdf.set_draw_color(200, 200, 200)
    pdf.set_fill_color(255, 255, 255)
    pdf.set_font(FONT, "", 6)
    pdf.set_text_color(*MUTED)
    pdf.set_xy(x, y + (lat1 - lat0) * scale + 0.5)
    pdf.cell(width, 3, OSM_CREDIT, align="R")
    pdf.set_text_color(34, 34, 34)
