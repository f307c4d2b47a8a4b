"""The real reference data of Kirovohrad oblast: 49 hromadas, settlements, pre-2020 ОТГ, boundaries.

Loaded from `data/reference/` (copied from the shared reference set; see data/reference/SOURCES.md).
"""

from __future__ import annotations

import json
from functools import lru_cache

import pandas as pd

from dashboard.config import REFERENCE_DIR
from dashboard.translit import transliterate

HROMADAS_CSV = REFERENCE_DIR / "kirovohrad_hromadas.csv"
SETTLEMENTS_CSV = REFERENCE_DIR / "kirovohrad_katottg_settlements.csv"
OTG_PRE2020_CSV = REFERENCE_DIR / "kirovohrad_otg_pre2020.csv"
HROMADAS_GEOJSON = REFERENCE_DIR / "kirovohrad_hromadas_simplified.geojson"
RAIONS_GEOJSON = REFERENCE_DIR / "kirovohrad_raions.geojson"
OSM_CREDIT = "© OpenStreetMap contributors"

# The pilot ОТГ «Мар’янівська» (first elections 23.12.2018) is not in the KSE list of voluntary ОТГ;
# the project maps it to today's Великовисківська (formerly Мар’янівська) hromada. Which Мар’янівка
# council formed that ОТГ is not verified (see the note in kirovohrad_otg_pre2020.csv).
MARIANIVSKA_OTG = "Мар’янівська"
MARIANIVSKA_SUCCESSOR = "UA35060110000056063"
PILOT_MAPPING_NOTE = (
    "Пілотна ОТГ «Мар’янівська» (вибори 23.12.2018) віднесена до Великовисківської (колишньої "
    "Мар’янівської) громади; яка саме Мар’янівська рада утворила ту ОТГ, не перевірено."
)

TYPE_EN = {"міська": "urban", "селищна": "settlement", "сільська": "rural"}


def population_band(population: int) -> str:
    """A population band for peer groups: communities of similar size are compared with each other."""
    if population < 7_500:
        return "lt7.5k"
    if population < 15_000:
        return "7.5-15k"
    if population < 30_000:
        return "15-30k"
    return "30k+"


@lru_cache(maxsize=1)
def pilot_katottg_codes() -> frozenset[str]:
    """The hromadas that succeed the 20 ОТГ that existed by 1 January 2019 (the 2019 pilot)."""
    otg = pd.read_csv(OTG_PRE2020_CSV, dtype=str)
    pilots = otg[otg["existed_by_2019_01_01"] == "1"]
    codes = pilots["successor_hromada_katottg"].fillna("")
    codes = codes.where(pilots["otg_short"] != MARIANIVSKA_OTG, MARIANIVSKA_SUCCESSOR)
    if (codes == "").any():
        raise ValueError("a pilot ОТГ has no successor hromada in kirovohrad_otg_pre2020.csv")
    return frozenset(codes)


@lru_cache(maxsize=1)
def hromadas() -> pd.DataFrame:
    """One row per hromada, the columns stored in every snapshot's `hromadas` table."""
    raw = pd.read_csv(HROMADAS_CSV, dtype={"katottg": str, "raion_katottg": str})
    pilots = pilot_katottg_codes()
    df = pd.DataFrame(
        {
            "katottg": raw["katottg"],
            "name_uk": raw["name_short_2020"],
            "name_current_uk": raw["name_codifier_current"],
            "name_full_uk": raw["name_uk"],
            "name_en": raw["name_codifier_current"].map(transliterate),
            "type": raw["type"],
            "type_en": raw["type"].map(TYPE_EN),
            "raion": raw["raion"],
            "raion_en": raw["raion"].map(transliterate),
            "raion_katottg": raw["raion_katottg"],
            "center": raw["center_current_name"],
            "center_lat": raw["center_lat"].astype(float),
            "center_lon": raw["center_lon"].astype(float),
            "n_settlements": raw["n_settlements"].astype(int),
            "area_km2": raw["area_km2"].astype(float),
            "population_2021": raw["population_2021"].astype(int),
            "population_2022": raw["population_2022"].astype(int),
            "is_pilot": raw["katottg"].isin(pilots),
            "first_election_date": pd.to_datetime(raw["first_election_date"]).dt.date,
        }
    )
    # Where the name changed after 2020, show the current one with the 2020 one in brackets.
    renamed = df["name_uk"] != df["name_current_uk"]
    df["name_uk"] = df["name_current_uk"].where(~renamed, df["name_current_uk"] + " (" + df["name_uk"] + ")")
    df["peer_group"] = df["type_en"] + " " + df["population_2022"].map(population_band)
    return df


@lru_cache(maxsize=1)
def settlements() -> pd.DataFrame:
    return pd.read_csv(SETTLEMENTS_CSV, dtype=str)


@lru_cache(maxsize=1)
def otg_pre2020() -> pd.DataFrame:
    return pd.read_csv(OTG_PRE2020_CSV, dtype=str)


@lru_cache(maxsize=2)
def _geojson(path: str) -> dict:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def hromada_geojson() -> dict:
    """Simplified hromada polygons (FeatureCollection; `katottg` in each feature's properties)."""
    return _geojson(str(HROMADAS_GEOJSON))


def raion_geojson() -> dict:
    return _geojson(str(RAIONS_GEOJSON))
