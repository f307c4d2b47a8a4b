"""Deterministic synthetic demo data: a realistic history of the ПОГ programme, written as demo snapshots.

`generate(seed, scale)` builds the whole history once (2018-01-01 .. 2026-10-31); `DemoData.as_of(date)`
gives what was known at a reporting date; `write_demo_snapshots(...)` writes those views as snapshots.
"""

from dashboard.demo.build import DemoData, generate
from dashboard.demo.writer import write_demo_snapshots

__all__ = ["DemoData", "generate", "write_demo_snapshots"]
