"""`python -m dashboard snapshots`: list the snapshots with their date, status (draft / published /
withdrawn), demo flag, row counts and size, then every file of the folder that is skipped and why."""

from __future__ import annotations

import argparse

from dashboard import publication
from dashboard.config import snapshots_dir
from dashboard.snapshots import scan_snapshots

SHOWN_TABLES = ("officers", "activities", "offences", "calls", "surveys", "passport_items")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "snapshots", help="list the snapshots (date, status, demo flag, row counts, size) and skipped files"
    )
    parser.set_defaults(func=run)


def _status_text(status: publication.Status) -> str:
    if status.approvals and status.status != publication.PUBLISHED:
        return f"{status.status} (approved by {', '.join(status.approvals)})"
    return status.status


def run(args: argparse.Namespace) -> int:
    directory = snapshots_dir()
    scan = scan_snapshots(directory)
    statuses = publication.statuses(directory)
    if not scan.snapshots:
        print(f"no snapshots in {directory}; build the demo with: python -m dashboard demo")
    else:
        header = ["date", "status", "demo", *SHOWN_TABLES, "size MB"]
        rows = [
            [
                s.reporting_date.isoformat(),
                _status_text(statuses.get(s.reporting_date, publication.Status(s.reporting_date))),
                "demo" if s.is_demo else "real",
                *(f"{s.row_counts.get(t, 0):,}" for t in SHOWN_TABLES),
                f"{s.size_bytes / 1e6:.1f}",
            ]
            for s in scan.snapshots
        ]
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            print("  ".join(str(v).ljust(w) if i < 2 else str(v).rjust(w)
                            for i, (v, w) in enumerate(zip(row, widths, strict=True))))  # fmt: skip
        print(f"({len(scan.snapshots)} snapshot(s) in {directory})")
    for problem in scan.problems:
        print(f"skipped: {problem.message()}")
    return 0
