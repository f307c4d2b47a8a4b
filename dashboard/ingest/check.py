"""The state one chunk's checks share: the validation context and the per-chunk problem recorder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dashboard import geo
from dashboard.ingest.kinds import ERROR, kind
from dashboard.ingest.normalize import HromadaMatcher
from dashboard.ingest.problems import ProblemCollector
from dashboard.schema import Table

MIN_DATE = dt.date(2015, 1, 1)
PLAN_HORIZON_YEARS = 5


@dataclass
class Context:
    """What the checks need beyond the rows: the reporting date, the hromada list, the oblast's shape."""

    reporting_date: dt.date
    matcher: HromadaMatcher
    bbox: tuple[float, float, float, float] = field(default_factory=geo.oblast_bbox)
    geometries: dict[str, dict] = field(default_factory=geo.hromada_geometries)

    @property
    def day_after(self) -> pd.Timestamp:
        return pd.Timestamp(self.reporting_date) + pd.Timedelta(days=1)


class ChunkCheck:
    """Collects the problems of one chunk and remembers which rows have errors."""

    def __init__(self, table: Table, raw: pd.DataFrame, label: str, collector: ProblemCollector) -> None:
        self.table, self.raw, self.label, self.collector = table, raw, label, collector
        self.rows = raw["_row"].to_numpy()
        self.failed = np.zeros(len(raw), dtype=bool)

    def report(
        self,
        code: str,
        column: str,
        mask: pd.Series | np.ndarray,
        values: pd.Series | None = None,
        details: pd.Series | str = "",
        severity: str = "",
    ) -> None:
        mask = np.asarray(pd.Series(mask).fillna(False), dtype=bool)
        if not mask.any():
            return
        if values is None:
            values = self.raw_text(column)
        texts = pd.Series(values).to_numpy(dtype=object)[mask]
        detail = (
            details if isinstance(details, str) else list(pd.Series(details).to_numpy(dtype=object)[mask])
        )
        self.collector.add_rows(code, self.label, column, self.rows[mask], texts, detail, severity)
        if (severity or kind(code).severity) == ERROR:
            self.failed |= mask

    def raw_text(self, column: str) -> pd.Series:
        """The cells of `column` as the file wrote them (empty text where the file lacks the column)."""
        if column in self.raw:
            return self.raw[column].fillna("")
        return pd.Series("", index=self.raw.index, dtype="str")
