"""The KPI card every page shows: a typed value object the views build and `ui.layout.kpi_row` draws."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Kpi:
    """One KPI card: label, formatted value, optional delta (from formatting.metric_delta) and help."""

    label: str
    value: str
    delta: dict[str, Any] | None = None
    help: str | None = None
