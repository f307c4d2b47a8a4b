"""Rows of text cells -> a chunk frame under contract column names, checking each row's field count."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from dashboard.ingest.convert import clean_cells
from dashboard.ingest.normalize import HeaderMap
from dashboard.ingest.problems import ProblemCollector
from dashboard.ingest.read import Row

CHUNK_ROWS = 100_000


def batched(rows: Iterator[Row], size: int = CHUNK_ROWS) -> Iterator[tuple[list[int], list[list[str]]]]:
    numbers: list[int] = []
    cells: list[list[str]] = []
    for number, row in rows:
        numbers.append(number)
        cells.append(row)
        if len(cells) >= size:
            yield numbers, cells
            numbers, cells = [], []
    if cells:
        yield numbers, cells


def raw_frame(
    numbers: list[int],
    rows: list[list[str]],
    header: HeaderMap,
    label: str,
    collector: ProblemCollector,
    *,
    pad_short_rows: bool,
) -> pd.DataFrame:
    """The cleaned text cells of the contract columns plus `_row`; rows of the wrong width are reported.

    Trailing empty cells beyond the header are ignored. A CSV row with fewer values than headers is an
    error (a value went missing or a decimal comma split one); an XLSX row simply ends early.
    """
    width = len(header.columns)
    kept_numbers: list[int] = []
    kept: list[list[str]] = []
    bad_rows: list[int] = []
    bad_counts: list[str] = []
    for number, row in zip(numbers, rows, strict=True):
        n = len(row)
        if n == width:
            kept.append(row)
        elif n > width and not any(c.strip() for c in row[width:]):
            kept.append(row[:width])
        elif n < width and pad_short_rows:
            kept.append(row + [""] * (width - n))
        else:
            bad_rows.append(number)
            bad_counts.append(f"{n}/{width}")
            continue
        kept_numbers.append(number)
    if bad_rows:
        collector.add_rows("wrong_field_count", label, "", bad_rows, [""] * len(bad_rows), bad_counts)
    positions = [(i, name) for i, name in enumerate(header.columns) if name]
    data = {name: pd.Series([r[i] for r in kept], dtype="str") for i, name in positions}
    frame = clean_cells(pd.DataFrame(data, index=pd.RangeIndex(len(kept))))
    frame["_row"] = pd.Series(kept_numbers, dtype="int64")
    return frame
