"""Reference lists stored in every snapshot (hromadas, raions)."""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.queries import run_query
from dashboard.queries.columns import HROMADA_PLACE, Role, declare


@declare(
    HROMADA_PLACE,
    katottg=Role.KEY,
    name_uk=Role.KEY,
    name_en=Role.KEY,
    center_lat=Role.SAFE,
    center_lon=Role.SAFE,
    n_settlements=Role.SAFE,
    area_km2=Role.SAFE,
    population_2022=Role.SAFE,
    is_pilot=Role.SAFE,
    peer_group=Role.SAFE,
)
def hromada_list(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per hromada.

    Columns: katottg, name_uk, name_en, type, type_en, raion, raion_en, raion_katottg, center,
    center_lat, center_lon, n_settlements, area_km2, population_2022, is_pilot (bool), peer_group.
    """
    return run_query(con, "hromada_list")
