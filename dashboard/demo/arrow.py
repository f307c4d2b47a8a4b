"""Arrow columns from numpy arrays: typed dates and timestamps with NULLs, dictionaries, formatted ids.

The big tables stay columnar end to end: numpy computes them, Arrow carries them (repeated strings as
dictionaries, ids formatted by Arrow's C++ kernels rather than in a Python loop) and DuckDB scans them
without a copy.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.demo.timeline import NEVER


def dates(days: np.ndarray) -> pa.Array:
    """DATE column from day numbers; NEVER becomes NULL."""
    days = np.asarray(days, dtype=np.int64)
    missing = days >= NEVER
    return pa.array(np.where(missing, 0, days).astype(np.int32), mask=missing).cast(pa.date32())


def timestamps(microseconds: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
    """TIMESTAMP column (local time, no zone) from microseconds since 1970; `missing` rows are NULL."""
    return pa.array(np.asarray(microseconds, dtype=np.int64), mask=missing).cast(pa.timestamp("us"))


def floats(values: np.ndarray) -> pa.Array:
    values = np.asarray(values, dtype=np.float64)
    return pa.array(values, mask=np.isnan(values))


def integers(values: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
    return pa.array(np.asarray(values, dtype=np.int32), mask=missing)


def booleans(codes: np.ndarray) -> pa.Array:
    """BOOLEAN column from int8 codes: 1 true, 0 false, -1 NULL."""
    return pa.array(np.asarray(codes) == 1, mask=np.asarray(codes) < 0)


def dictionary(indices: np.ndarray, values: Iterable[str]) -> pa.DictionaryArray:
    """A string column stored once per distinct value (hromada codes, types, officer ids)."""
    return pa.DictionaryArray.from_arrays(
        pa.array(np.asarray(indices, dtype=np.int32)), pa.array(list(values))
    )


def ids(prefix: str, count: int, width: int) -> pa.Array:
    """'A000000001', 'A000000002', ...: the prefix and a zero-padded running number from 1."""
    numbers = pc.cast(pa.array(np.arange(1, count + 1, dtype=np.int64)), pa.string())
    return pc.binary_join_element_wise(prefix, pc.utf8_lpad(numbers, width=width, padding="0"), "")


def concat_sorted(parts: list[dict[str, np.ndarray]], key: str) -> dict[str, np.ndarray]:
    """Concatenate per-hromada column dicts and order all rows by `key` (stable: ties keep hromada order)."""
    columns = {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}
    parts.clear()  # let the per-hromada pieces go before the sort copies every column once more
    order = np.argsort(columns[key], kind="stable")
    for name in columns:  # one column at a time, so only one extra copy is alive
        columns[name] = columns[name][order]
    return columns
