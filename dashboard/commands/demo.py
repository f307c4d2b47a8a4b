"""`python -m dashboard demo`: write deterministic synthetic demo snapshots (see dashboard/demo/) and
publish them, so that `make run` shows data to every role (they are labelled as synthetic everywhere)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from dashboard import publication
from dashboard.config import snapshots_dir
from dashboard.demo.build import DEFAULT_SEED
from dashboard.demo.territory import SCALES
from dashboard.demo.writer import DEFAULT_DATES, SnapshotResult, write_demo_snapshots
from dashboard.schema import CONTRACT_TABLE_NAMES
from dashboard.snapshots import SnapshotError, list_snapshots


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "demo",
        help="write synthetic demo snapshots (month-ends up to 2026-10-31)",
        description="Generate a deterministic synthetic history of the programme and write it as demo "
        "snapshots at month-end reporting dates ending 2026-10-31. Existing demo snapshots are skipped "
        "unless --force. Refuses to write where real (non-demo) snapshots are: they are never replaced.",
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
    )
    parser.add_argument(
        "--scale",
        choices=SCALES,
        default="oblast",
        help="oblast: the 49 hromadas; national: 29 replicas (~1,400 communities) for load tests",
    )
    parser.add_argument(
        "--dates",
        type=_positive,
        default=DEFAULT_DATES,
        help=f"number of month-end snapshots (default {DEFAULT_DATES})",
    )
    parser.add_argument("--force", action="store_true", help="rebuild demo snapshots that already exist")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    directory = snapshots_dir()
    print(f"demo snapshots → {directory} (seed {args.seed}, scale {args.scale}, {args.dates} date(s))")
    started = time.perf_counter()
    try:
        results = write_demo_snapshots(directory, args.seed, args.scale, args.dates, args.force, log=print)
    except SnapshotError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    _print_summary(results)
    _publish(directory, [r.reporting_date for r in results])
    print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


def _publish(directory: Path, dates: list[dt.date]) -> None:
    """Publish the demo snapshots still in draft (built now, or found from an older version). A withdrawn
    one stays withdrawn, a damaged file is not published. Synthetic data need no second approval,
    whatever DASHBOARD_FOUR_EYES says."""
    statuses = publication.statuses(directory)
    actor = publication.Actor.from_cli()
    good = {s.reporting_date for s in list_snapshots(directory) if s.is_demo}
    for day in dates:
        if day in good and statuses.get(day, publication.Status(day)).status == publication.DRAFT:
            publication.publish(directory, day, actor, four_eyes=False)
            print(f"{day.isoformat()}: published")


def _print_summary(results: list[SnapshotResult]) -> None:
    built = [r for r in results if r.row_counts]
    if not built:
        return
    header = ["table", *(r.reporting_date.isoformat() for r in built)]
    rows = [[name, *(f"{r.row_counts[name]:,}" for r in built)] for name in CONTRACT_TABLE_NAMES]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  " + "  ".join(value.ljust(w) if i == 0 else value.rjust(w) for i, (value, w) in
                               enumerate(zip(row, widths, strict=True))))  # fmt: skip
