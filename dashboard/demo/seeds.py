"""Independent, order-free random streams: one child generator per (stream, replica, hromada).

Every random draw of the demo comes from a generator derived from the seed and a fixed key, never from
a shared generator consumed in some order, so adding a stream or a hromada never shifts another one's
numbers, and replica 0 of the national scale is exactly the oblast scale.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np


class Stream(IntEnum):
    """The keys of the random streams. Values are part of the output: never renumber them."""

    PLAN = 1  # which hromada joins in which wave; the turnover scenario (per replica)
    OFFICERS = 2
    STATIONS = 3
    RESOURCES = 4
    ACTIVITIES = 5
    OFFENCES = 6
    CALLS = 7
    SURVEYS = 8
    PASSPORTS = 9
    GEO_POOLS = 10  # the point pools: seed-independent, see points.py
    SETTLEMENTS = 11  # where settlements lie and how many live there: seed-independent, see settlements.py


def child_rng(seed: int, stream: Stream, replica: int = 0, index: int = 0) -> np.random.Generator:
    """The generator of one stream for one hromada (`index` = its row in the reference list)."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(int(stream), replica, index)))
