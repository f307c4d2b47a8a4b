"""Reference lists stored in every snapshot (hromadas, raions)."""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.queries import run_query


def hromada_list(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per hromada.

    Columns: katottg, name_uk, name_en, type, type_en, raion, raion_en, raion_katottg, center,
    center_lat, center_lon, n_settlements, area_km2, population_2022, is_pilot (bool), peer_group.
    """
    return run_query(con, "hromada_list")
