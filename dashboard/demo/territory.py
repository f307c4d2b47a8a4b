"""The communities a demo simulates: the hromadas frame plus, per row, its replica and reference row.

Geometry, point pools and random streams are keyed by the reference row (`geo_index`, 0..48) and the
replica, so every replica reuses the oblast's polygons while drawing its own numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dashboard import reference
from dashboard.demo.national import N_REPLICAS, replicate_hromadas

SCALES = ("oblast", "national")


@dataclass(frozen=True)
class Territory:
    hromadas: pd.DataFrame  # exactly the frame stored as the snapshot's `hromadas` table
    replica: np.ndarray  # per row: 0 for the real oblast, k for replica k
    geo_index: np.ndarray  # per row: the row of the same hromada in reference.hromadas()
    _columns: dict[str, np.ndarray] = field(default_factory=dict, repr=False, compare=False)

    @property
    def size(self) -> int:
        return len(self.hromadas)

    @property
    def n_replicas(self) -> int:
        return int(self.replica.max()) + 1

    def column(self, name: str) -> np.ndarray:
        """A column as a numpy array, converted once (generators ask for it per hromada)."""
        if name not in self._columns:
            self._columns[name] = self.hromadas[name].to_numpy()
        return self._columns[name]

    @property
    def is_urban(self) -> np.ndarray:
        return self.column("type") == "міська"


def build_territory(scale: str) -> Territory:
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}: choose one of {', '.join(SCALES)}")
    base = reference.hromadas()
    n_replicas = 1 if scale == "oblast" else N_REPLICAS
    frame = base if n_replicas == 1 else replicate_hromadas(base, n_replicas)
    n = len(base)
    return Territory(
        hromadas=frame,
        replica=np.repeat(np.arange(n_replicas), n),
        geo_index=np.tile(np.arange(n), n_replicas),
    )
