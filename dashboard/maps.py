"""Pure pydeck builders: the hromada choropleth with raion borders, stations and pilots, and its legend.

No `st.` here. The map must work offline, so the deck has no basemap (`map_provider=None`): the hromada
and raion polygons are the map. Everything a tooltip shows is pre-formatted text in the page's
language (deck.gl fills `{field}` placeholders from each object and sets it as plain text, never HTML).
Hromadas without a polygon (the national-scale replicas) are simply not drawn.
"""

from __future__ import annotations

import copy
import itertools
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

import numpy as np
import pandas as pd
import pydeck as pdk

from dashboard import geo, reference
from dashboard.charts.activity import styled_table
from dashboard.charts.common import (
    BLACK,
    BLUE,
    COVERAGE_COLOURS,
    GREYED,
    LIGHT_GREY,
    ORANGE,
    PINK,
    SEQUENTIAL,
    SKY,
    VERMILION,
    YELLOW,
    share_with_margin_text,
)
from dashboard.formatting import DASH, fmt_date, fmt_int, fmt_num, fmt_pct, fmt_signed
from dashboard.i18n import Translator, tn
from dashboard.indicators import MIN_RELIABLE_N
from dashboard.proper_names import proper_name

METRICS = ("coverage", "offence_rate", "residents_per_officer", "trust", "passport")
LAYER_HROMADAS = "hromadas"  # the layer id a click selects from (st.pydeck_chart selection)
MAP_HEIGHT = 480
NO_DATA = LIGHT_GREY
UNRELIABLE = YELLOW  # a share from fewer than 100 respondents, not coloured by value
PILOT_LINE = BLACK
RAION_LINE = "#5F5F5F"
# Sequential classes without the near-white first step, which would vanish on the white page.
CLASS_COLOURS = SEQUENTIAL[1:]
# Residents per officer ÷ the norm of the hromada's type (6 000 / 7 000): blues within it, warm above.
NORM_CLASSES = ((0.75, SKY, "norm_le75"), (1.0, BLUE, "norm_le100"), (1.5, ORANGE, "norm_le150"))
NORM_ABOVE = (VERMILION, "norm_gt150")
TRUST_BREAKS = (0.45, 0.55, 0.65)  # fixed, so that colours mean the same in every snapshot
PASSPORT_BREAKS = (0.5, 0.75, 0.9)


@dataclass(frozen=True)
class LegendItem:
    colour: str  # "#RRGGBB"
    label: str
    kind: str = "fill"  # "fill" (a square), "outline" (a hollow square), "line", "point"


@dataclass(frozen=True)
class Legend:
    title: str
    items: tuple[LegendItem, ...]
    note: str | None = None


def rgba(colour: str, alpha: int = 255) -> list[int]:
    """'#0072B2' → [0, 114, 178, alpha]."""
    value = colour.lstrip("#")
    return [int(value[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]


# --- classes ---------------------------------------------------------------------------------------------
def _fixed_classes(
    values: pd.Series, breaks: Sequence[float], fmt: Callable[[float], str]
) -> tuple[pd.Series, list[LegendItem]]:
    """Colour by fixed breaks (< b0, b0–b1, …, ≥ bn); NaN gets no colour (the caller decides)."""
    edges = [fmt(b) for b in breaks]
    labels = [f"< {edges[0]}", *(f"{a}–{b}" for a, b in itertools.pairwise(edges)), f"≥ {edges[-1]}"]
    colours = list(CLASS_COLOURS[-len(labels) :])
    index = np.searchsorted(np.asarray(breaks, dtype=float), values.to_numpy(dtype=float), side="right")
    out = pd.Series([colours[i] for i in index], index=values.index, dtype=object).where(values.notna())
    return out, [LegendItem(c, label) for c, label in zip(colours, labels, strict=True)]


def _quantile_classes(
    values: pd.Series, fmt: Callable[[float], str], n_classes: int = 4
) -> tuple[pd.Series, list[LegendItem]]:
    """Colour by quantile classes of the values shown (rates depend on the period's length, so fixed
    breaks would not fit every period); NaN gets no colour."""
    known = values.dropna().to_numpy(dtype=float)
    if known.size == 0:
        return pd.Series(np.nan, index=values.index, dtype=object), []
    # Ties (many equal rates) merge classes rather than making empty ones like "0,0–0,0".
    quantiles = np.quantile(known, np.linspace(0, 1, n_classes + 1)[1:-1])
    bounds = np.unique([known.min(), *quantiles, known.max()])
    if len(bounds) == 1:
        out = pd.Series(CLASS_COLOURS[-1], index=values.index, dtype=object).where(values.notna())
        return out, [LegendItem(CLASS_COLOURS[-1], fmt(bounds[0]))]
    colours = list(CLASS_COLOURS[-(len(bounds) - 1) :])
    index = np.searchsorted(bounds[1:-1], values.to_numpy(dtype=float), side="right").clip(
        0, len(colours) - 1
    )
    out = pd.Series([colours[i] for i in index], index=values.index, dtype=object).where(values.notna())
    labels = [f"{fmt(lo)}–{fmt(hi)}" for lo, hi in itertools.pairwise(bounds)]
    return out, [LegendItem(c, label) for c, label in zip(colours, labels, strict=True)]


def classify(df: pd.DataFrame, metric: str, *, lang: str) -> tuple[pd.Series, Legend]:
    """The fill colour ('#RRGGBB') of each hromada for `metric` (index of `df`) and the legend.

    `df` is the frame of queries.map.map_indicators. Unknown metrics raise ValueError.
    """
    tr = Translator(lang)
    no_data = LegendItem(NO_DATA, tr("map.legend.no_data"))
    if metric == "coverage":
        colours = df["coverage_status"].map(COVERAGE_COLOURS)
        items = [LegendItem(c, tr.label("coverage_status", code)) for code, c in COVERAGE_COLOURS.items()]
        return colours, Legend(tr("map.legend.coverage"), tuple(items), tr("pg.map.note_coverage"))
    if metric == "offence_rate":
        colours, items = _quantile_classes(df["offence_rate"], lambda v: fmt_num(v, 1, lang))
        note = tr("pg.map.note_offence_rate")
        return colours.fillna(NO_DATA), Legend(tr("map.legend.offence_rate"), (*items, no_data), note)
    if metric == "residents_per_officer":
        ratio = df["norm_ratio"].to_numpy(dtype=float)
        colours = pd.Series(NO_DATA, index=df.index, dtype=object)
        for upper, colour, _ in reversed(NORM_CLASSES):
            colours[ratio <= upper] = colour
        colours[ratio > NORM_CLASSES[-1][0]] = NORM_ABOVE[0]
        items = [LegendItem(c, tr(f"pg.map.class.{key}")) for _, c, key in (*NORM_CLASSES, (0, *NORM_ABOVE))]
        items.append(LegendItem(NO_DATA, tr("pg.map.class.no_officer")))
        return colours, Legend(tr("map.legend.residents_per_officer"), tuple(items), tr("kpi.norm_help"))
    if metric == "trust":
        colours, items = _fixed_classes(df["trust_share"], TRUST_BREAKS, lambda v: fmt_pct(v, 0, lang))
        colours = colours.where(df["trust_reliable"].astype(bool), UNRELIABLE).where(
            df["respondents"].notna()
        )
        items = [*items, LegendItem(UNRELIABLE, tr("pg.map.class.unreliable")), no_data]
        return colours.fillna(NO_DATA), Legend(tr("map.legend.trust"), tuple(items), tr("pg.map.note_trust"))
    if metric == "passport":
        share = df["passport_done_share"]
        colours, items = _fixed_classes(share, PASSPORT_BREAKS, lambda v: fmt_pct(v, 0, lang))
        items = [*items, LegendItem(NO_DATA, tr("pg.map.class.nothing_due"))]
        return colours.fillna(NO_DATA), Legend(
            tr("pg.map.legend_passport"), tuple(items), tr("pg.map.note_passport")
        )
    raise ValueError(f"unknown map metric {metric!r}; expected one of {METRICS}")


def overlay_legend(*, lang: str, highlighted: bool) -> tuple[LegendItem, ...]:
    """The legend entries of what is drawn over the colours: pilot outlines, raion borders, stations."""
    tr = Translator(lang)
    items = [
        LegendItem(PILOT_LINE, tr("pg.map.pilot_outline"), "outline"),
        LegendItem(RAION_LINE, tr("map.layer.raions"), "line"),
        LegendItem(BLACK, tr("map.layer.stations"), "point"),
    ]
    if highlighted:
        items.append(LegendItem(PINK, tr("pg.map.selected_outline"), "outline"))
    return tuple(items)


# --- tooltips and the accessible table ---------------------------------------------------------------------
def tooltip_text(row: pd.Series, *, lang: str, name: str, raion: str) -> str:
    """Every indicator of one hromada as plain lines of text in the language (the map tooltip)."""
    tr = Translator(lang)
    title = f"{name} · {tr('hromada.pilot')}" if row["is_pilot"] else name
    lines = [
        title,
        f"{tr('column.raion')}: {raion}",
        f"{tr('hromada.population')}: {fmt_int(row['population'], lang)}",
        tr.label("coverage_status", row["coverage_status"])
        + (f": {tn('count.officers', row['officers_on_duty'], lang)}" if row["officers_on_duty"] > 0 else ""),
    ]
    if row["officers_on_duty"] > 0:
        rpo = fmt_int(row["residents_per_officer"], lang)
        flag = f" — {tr('kpi.above_norm')}" if row["exceeds_norm"] else ""
        norm = fmt_int(row["norm"], lang)
        lines.append(f"{tr('kpi.residents_per_officer')}: {rpo} ({tr('pg.map.norm_short', norm=norm)}){flag}")
    if row["has_offence_data"]:
        rate = fmt_num(row["offence_rate"], 1, lang)
        detail = tr(
            "pg.map.offences_detail",
            n=fmt_int(row["offences"], lang),
            prev=fmt_int(row["offences_prev"], lang) if row["has_previous_data"] else DASH,
            z=fmt_signed(row["offence_z"], 1, lang),
        )
        lines.append(f"{tr('pg.map.offence_rate_short')}: {rate} ({detail})")
        if row["small_number"]:
            lines.append(tr("small_numbers.note"))
    else:
        lines.append(f"{tr('pg.map.offence_rate_short')}: {tr('common.no_data').lower()}")
    if pd.notna(row["respondents"]):
        share = share_with_margin_text(
            row["trust_share"], row["trust_moe"], row["respondents"], lang, digits=0
        )
        n = fmt_int(row["respondents"], lang)
        when = fmt_date(row["survey_date"], lang)
        lines.append(f"{tr('kpi.trust')}: {share} (n = {n}, {when})")
        if not row["trust_reliable"]:
            lines.append(tr("small_numbers.unreliable", n=fmt_int(MIN_RELIABLE_N, lang)))
    if row["passport_items"] > 0:
        lines.append(
            tr(
                "pg.map.passport_detail",
                done=fmt_int(row["passport_done_due"], lang),
                due=fmt_int(row["passport_due"], lang),
                overdue=fmt_int(row["passport_overdue"], lang),
            )
        )
    return "\n".join(lines)


# --- geometry ----------------------------------------------------------------------------------------------
def _rdp(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Ramer–Douglas–Peucker simplification of a polyline (iterative, keeps the end points)."""
    keep = np.zeros(len(points), dtype=bool)
    keep[[0, -1]] = True
    stack = [(0, len(points) - 1)]
    while stack:
        start, end = stack.pop()
        if end - start < 2:
            continue
        a, b = points[start], points[end]
        segment = points[start + 1 : end]
        ab = b - a
        length = math.hypot(*ab)
        if length == 0:
            dist = np.hypot(*(segment - a).T)
        else:
            dist = np.abs(ab[0] * (segment[:, 1] - a[1]) - ab[1] * (segment[:, 0] - a[0])) / length
        i = int(np.argmax(dist))
        if dist[i] > tolerance:
            keep[start + 1 + i] = True
            stack += [(start, start + 1 + i), (start + 1 + i, end)]
    return points[keep]


def _rings(geometry: dict) -> list[list[list[list[float]]]]:
    """A Polygon or MultiPolygon as a list of polygons, each a list of rings."""
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


@lru_cache(maxsize=1)
def raion_paths() -> tuple[tuple[tuple[float, float], ...], ...]:
    """Raion boundaries as simplified closed paths (0.002° ≈ 200 m: invisible at oblast zoom, 10× fewer
    vertices than the OSM polygons, so the deck JSON stays small)."""
    paths = []
    for feature in reference.raion_geojson()["features"]:
        for polygon in _rings(feature["geometry"]):
            for ring in polygon:
                simple = _rdp(np.asarray(ring, dtype=float), 0.002)
                paths.append(tuple((round(x, 4), round(y, 4)) for x, y in simple))
    return tuple(paths)


def _bbox(codes: Sequence[str]) -> tuple[float, float, float, float] | None:
    geometries = geo.hromada_geometries()
    points = [
        np.asarray(ring, dtype=float)
        for code in codes
        if code in geometries
        for polygon in _rings(geometries[code])
        for ring in polygon
    ]
    if not points:
        return None
    stacked = np.concatenate(points)
    return (*stacked.min(axis=0), *stacked.max(axis=0))


def fit_view(
    bbox: tuple[float, float, float, float], *, width: int = 640, height: int = MAP_HEIGHT
) -> pdk.ViewState:
    """A Web-Mercator view that shows the whole bounding box in a `width` × `height` pixel map.

    The default width is the map column on a laptop screen with the sidebar open; wider screens get a
    margin round the oblast rather than a cut-off edge.
    """
    min_lon, min_lat, max_lon, max_lat = bbox

    def merc(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    # deck.gl's Web-Mercator world is 512 px wide at zoom 0 (not the 256 px of raster tiles).
    zoom_x = math.log2(width * 360 / (512 * max(max_lon - min_lon, 1e-6)))
    zoom_y = math.log2(height * 2 * math.pi / (512 * max(merc(max_lat) - merc(min_lat), 1e-9)))
    centre_lat = math.degrees(2 * math.atan(math.exp((merc(min_lat) + merc(max_lat)) / 2)) - math.pi / 2)
    zoom = min(zoom_x, zoom_y, 11) - 0.2  # a margin round the edges
    return pdk.ViewState(
        longitude=(min_lon + max_lon) / 2, latitude=centre_lat, zoom=round(zoom, 2), min_zoom=5, max_zoom=12
    )


# On a phone the map is as wide as the screen less the page's and the box's padding: about 300 px on a
# 360–390 px phone. The phone view fits the oblast to that width, and its height to the oblast at that
# zoom (no empty band above and below); a wider phone gets a margin at the sides.
PHONE_MAP_WIDTH = 300


def fitted_height(bbox: tuple[float, float, float, float], width: int) -> int:
    """The map height (px) at which `bbox`, fitted to `width`, fills the height as it fills the width."""
    min_lon, min_lat, max_lon, max_lat = bbox

    def merc(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    world = width * 360 / max(max_lon - min_lon, 1e-6)  # px of the whole world at the zoom fitting the width
    return math.ceil(world * (merc(max_lat) - merc(min_lat)) / (2 * math.pi))


def phone_deck(deck: pdk.Deck, codes: Sequence[str]) -> tuple[pdk.Deck, int]:
    """The same deck with the phone view of the hromadas `codes`, and the map height it needs."""
    bbox = _bbox(list(codes)) or geo.oblast_bbox()
    height = fitted_height(bbox, PHONE_MAP_WIDTH)
    phone = copy.copy(deck)
    phone.initial_view_state = fit_view(bbox, width=PHONE_MAP_WIDTH, height=height)
    return phone, height


# --- the deck ------------------------------------------------------------------------------------------------
# pydeck turns every string keyword into a JavaScript expression ("pixels" → the field `pixels`): string
# constants must be quoted inside the string.
PIXELS = "'pixels'"


class CompactDeck(pdk.Deck):
    """A Deck whose JSON spec is compact: pydeck pretty-prints it (indent=2), which makes the map's spec
    about four times larger on every rerun."""

    def to_json(self) -> str:
        return json.dumps(json.loads(super().to_json()), separators=(",", ":"), ensure_ascii=False)


def build_map(
    df: pd.DataFrame,
    stations: pd.DataFrame,
    *,
    metric: str,
    lang: str,
    names: dict[str, str],
    raions: dict[str, str],
    highlight: str | None = None,
) -> tuple[pdk.Deck, Legend]:
    """The choropleth of `df` (queries.map.map_indicators) coloured by `metric`, and its legend.

    `names` maps KATOTTG → hromada name and `raions` KATOTTG → raion name in the language (df carries
    `raion_katottg`, `is_pilot`). Pilots get a thick dark outline, `highlight` (the sidebar's hromada) a
    pink one. Only hromadas with a polygon are drawn; the view fits them.
    """
    colours, legend = classify(df, metric, lang=lang)
    geometries = geo.hromada_geometries()
    polygons: list[dict[str, Any]] = []
    # Only hromadas with a polygon are drawn (at national scale, the 49 real ones of the reference set).
    drawn = df["hromada"].astype(str).isin(geometries.keys())
    for idx, row in df[drawn].iterrows():
        code = str(row["hromada"])
        name = names.get(code, code)
        tip = tooltip_text(row, lang=lang, name=name, raion=raions.get(str(row["raion_katottg"]), ""))
        pilot = bool(row["is_pilot"])
        for polygon in _rings(geometries[code]):
            polygons.append(
                {
                    "polygon": polygon,
                    "hromada": code,
                    "name": name,
                    "tip": tip,
                    # cast: iterrows types the label as Hashable, pandas-stubs' Series.loc wants a scalar.
                    "fill": rgba(str(colours.loc[cast(Any, idx)]), 215),
                    "line": rgba(PILOT_LINE) if pilot else [255, 255, 255, 255],
                    "width": 2.5 if pilot else 0.8,
                }
            )
    layers = [
        pdk.Layer(
            "PolygonLayer",
            id=LAYER_HROMADAS,
            data=polygons,
            get_polygon="polygon",
            get_fill_color="fill",
            get_line_color="line",
            get_line_width="width",
            line_width_units=PIXELS,
            stroked=True,
            filled=True,
            pickable=True,
            auto_highlight=True,
            highlight_color=[255, 255, 255, 90],
        ),
        pdk.Layer(
            "PathLayer",
            id="raions",
            data=[{"path": list(path)} for path in raion_paths()],
            get_path="path",
            get_color=rgba(RAION_LINE, 230),
            get_width=2,
            width_units=PIXELS,
            # Dashed, as administrative borders are drawn on maps, so they don't read as pilot outlines.
            extensions=[{"@@type": "PathStyleExtension", "dash": True}],
            get_dash_array=[5, 3],
            dash_justified=True,
            pickable=False,
        ),
    ]
    if highlight and highlight in geometries:
        rings = [ring for polygon in _rings(geometries[highlight]) for ring in polygon]
        layers.append(
            pdk.Layer(
                "PathLayer",
                id="highlight",
                data=[{"path": ring} for ring in rings],
                get_path="path",
                get_color=rgba(PINK),
                get_width=4.5,
                width_units=PIXELS,
                pickable=False,
            )
        )
    station_rows = [
        {
            "position": [float(s["lon"]), float(s["lat"])],
            "hromada": str(s["hromada"]),
            "tip": "\n".join(
                [
                    proper_name(s["name"], lang),
                    names.get(str(s["hromada"]), str(s["hromada"])),
                    Translator(lang)("pg.map.station_opened", date=fmt_date(s["opened_on"], lang)),
                ]
            ),
        }
        for _, s in stations[stations["hromada"].astype(str).isin(set(df.loc[drawn, "hromada"]))].iterrows()
    ]
    layers.append(
        pdk.Layer(
            "ScatterplotLayer",
            id="stations",
            data=station_rows,
            get_position="position",
            get_radius=4,
            radius_units=PIXELS,
            get_fill_color=[255, 255, 255, 255],
            get_line_color=rgba(BLACK),
            line_width_units=PIXELS,
            get_line_width=1.5,
            stroked=True,
            pickable=True,
        )
    )
    bbox = _bbox([p["hromada"] for p in polygons]) or geo.oblast_bbox()
    deck = CompactDeck(
        layers=layers,
        initial_view_state=fit_view(bbox),
        # No basemap at all: the polygons are the map. Leave map_style at pydeck's default sentinel:
        # map_style=None would make Streamlit fetch an online Carto basemap (offline: a console error).
        map_provider=None,
        tooltip={
            "text": "{tip}",
            "style": {
                "backgroundColor": "white",
                "color": "#1F1F1F",
                "fontSize": "13px",
                "border": "1px solid #BDBDBD",
                "whiteSpace": "pre-line",
                "maxWidth": "360px",
            },
        },
    )
    return deck, legend


def selected_hromada(selection: Any) -> str | None:
    """The KATOTTG code of the hromada (or station) clicked on the map, from st.pydeck_chart's event.

    The event looks like {"selection": {"indices": {layer: [i]}, "objects": {layer: [row]}}}; a row is
    the dict the layer was given (our rows carry "hromada"). Anything else gives None.
    """
    try:
        objects = selection["selection"]["objects"]
    except (KeyError, TypeError):
        return None
    for layer in (LAYER_HROMADAS, "stations"):
        for obj in objects.get(layer) or []:
            code = obj.get("hromada") if isinstance(obj, dict) else None
            if code:
                return str(code)
    return None


# --- the table under the map ---------------------------------------------------------------------------------
_SORT_BY = {
    "coverage": "status_order",
    "offence_rate": "offence_rate",
    "residents_per_officer": "residents_per_officer",
    "trust": "trust_share",
    "passport": "passport_done_share",
}
# The chosen indicator's columns come right after the name, so that they are in view without scrolling.
_FIRST = {
    "coverage": ["status", "officers_on_duty"],
    "offence_rate": ["offence_rate", "offences", "offence_z"],
    "residents_per_officer": ["residents_per_officer", "officers_on_duty"],
    "trust": ["trust_share", "respondents"],
    "passport": ["passport_done_share"],
}


def values_table(
    df: pd.DataFrame, *, metric: str, lang: str, names: dict[str, str], raions: dict[str, str]
) -> tuple[Any, dict[str, str | None]]:
    """The map's values as a sortable table: a pandas Styler (numbers stay numbers, so columns sort;
    the Styler writes them the language's way) and the column labels for st.dataframe's column_config.

    Rates from small numbers and shares from fewer than 100 respondents are greyed out.
    """
    tr = Translator(lang)
    order = {code: i for i, code in enumerate(COVERAGE_COLOURS)}
    table = pd.DataFrame(
        {
            "name": df["hromada"].map(names).fillna(df["hromada"]),
            "raion": df["raion_katottg"].map(raions),
            "is_pilot": df["is_pilot"].astype(bool),
            "status": df["coverage_status"].map(lambda code: tr.label("coverage_status", code)),
            "status_order": df["coverage_status"].map(order),
            "officers_on_duty": df["officers_on_duty"],
            "residents_per_officer": df["residents_per_officer"],
            "offences": df["offences"].where(df["has_offence_data"]),
            "offence_rate": df["offence_rate"],
            "offence_z": df["offence_z"],
            "trust_share": df["trust_share"],
            "respondents": df["respondents"],
            "passport_done_share": df["passport_done_share"],
        }
    )
    small = df["small_number"].to_numpy(dtype=bool)
    unreliable = ~df["trust_reliable"].to_numpy(dtype=bool)
    table = table.sort_values(_SORT_BY[metric], ascending=metric == "coverage", na_position="last")
    first = ["name", *_FIRST[metric]]
    table = table[[*first, *(c for c in table.columns if c not in first)]]
    # styled_table: a column with missing values becomes text with «—» (st.dataframe would draw "None").
    styler = styled_table(
        table,
        {
            "officers_on_duty": lambda v: fmt_int(v, lang),
            "residents_per_officer": lambda v: fmt_int(v, lang),
            "offences": lambda v: fmt_int(v, lang),
            "offence_rate": lambda v: fmt_num(v, 1, lang),
            "offence_z": lambda v: fmt_signed(v, 1, lang),
            "trust_share": lambda v: fmt_pct(v, 0, lang),
            "respondents": lambda v: fmt_int(v, lang),
            "passport_done_share": lambda v: fmt_pct(v, 0, lang),
        },
    )
    positions = table.index  # the Styler keeps the sorted order: look flags up by the original index
    flags = pd.DataFrame({"small": small, "unreliable": unreliable}, index=df.index).loc[positions]
    styler = styler.apply(
        lambda _: np.where(flags["small"], GREYED, "").tolist(), subset=["offence_rate", "offence_z"]
    )
    styler = styler.apply(
        lambda _: np.where(flags["unreliable"], GREYED, "").tolist(), subset=["trust_share"]
    )
    labels = {
        "name": tr("column.hromada"),
        "raion": tr("column.raion"),
        "is_pilot": tr("column.pilot"),
        "status": tr("column.status"),
        "status_order": None,
        "officers_on_duty": tr("column.officers"),
        "residents_per_officer": tr("kpi.residents_per_officer"),
        "offences": tr("pg.map.col_offences"),
        "offence_rate": tr("column.rate_per_10k"),
        "offence_z": tr("column.z"),
        "trust_share": tr("kpi.trust"),
        "respondents": tr("column.respondents"),
        "passport_done_share": tr("pg.map.col_passport"),
    }
    return styler, labels
