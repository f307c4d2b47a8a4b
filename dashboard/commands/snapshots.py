"""`python -m dashboard snapshots`: list the snapshots with their date, demo flag, row counts and size."""

from __future__ import annotations

import argparse

from dashboard.config import snapshots_dir
from dashboard.snapshots import list_snapshots

SHOWN_TABLES = ("officers", "activities", "offences", "calls", "surveys", "passport_items")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("snapshots", help="list the snapshots (date, demo flag, row counts, size)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    snaps = list_snapshots()
    if not snaps:
        print(f"no snapshots in {snapshots_dir()}; build the demo with: python -m dashboard demo")
        return 0
    header = ["date", "demo", *SHOWN_TABLES, "size MB"]
    rows = [
        [
            s.reporting_date.isoformat(),
            "demo" if s.is_demo else "real",
            *(f"{s.row_counts.get(t, 0):,}" for t in SHOWN_TABLES),
            f"{s.size_bytes / 1e6:.1f}",
        ]
        for s in snaps
    ]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(str(v).rjust(w) for v, w in zip(row, widths, strict=True)))
    print(f"({len(snaps)} snapshot(s) in {snapshots_dir()})")
    return 0
