"""The national scale: 29 replicas of the oblast's 49 hromadas (~1,400 communities) for load testing.

Replica 0 is the real oblast, unchanged. Replica k ≥ 1 gets its own KATOTTG codes (the two digits of the
oblast part, "UA35", replaced), names suffixed « #k» (raions too), and the same geometry and population.
"""

from __future__ import annotations

import pandas as pd

N_REPLICAS = 29
REAL_OBLAST_CODE = "35"


def oblast_code(replica: int) -> str:
    """Two digits that replace "35" in the codes of `replica` (36, 37, ... for replicas 1, 2, ...)."""
    if not 0 <= replica < 100 - int(REAL_OBLAST_CODE):
        raise ValueError(f"replica {replica} out of range")
    return f"{int(REAL_OBLAST_CODE) + replica:02d}"


def recode(katottg: pd.Series, replica: int) -> pd.Series:
    """KATOTTG codes moved to the replica's oblast: 'UA35xxxx…' → 'UA36xxxx…' for replica 1."""
    return "UA" + oblast_code(replica) + katottg.str.slice(4)


def replicate_hromadas(hromadas: pd.DataFrame, n_replicas: int = N_REPLICAS) -> pd.DataFrame:
    """The reference frame repeated `n_replicas` times with distinct codes and names, replica 0 first."""
    copies = []
    for replica in range(n_replicas):
        copy = hromadas.copy()
        if replica:
            suffix = f" #{replica}"
            copy["katottg"] = recode(copy["katottg"], replica)
            copy["raion_katottg"] = recode(copy["raion_katottg"], replica)
            for column in ("name_uk", "name_current_uk", "name_full_uk", "name_en", "raion", "raion_en"):
                copy[column] = copy[column] + suffix
        copies.append(copy)
    return pd.concat(copies, ignore_index=True)
