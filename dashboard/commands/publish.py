"""`python -m dashboard publish DATE`: make a draft snapshot visible to everyone (an audited admin action).

With four eyes on (DASHBOARD_FOUR_EYES=1) another administrator must first `approve` it. The file is
verified (its recorded SHA-256) before its status changes; nothing in the .duckdb file is written.
`withdraw` and `approve` (dashboard/commands/withdraw.py, approve.py) run through `change_status` here.
"""

from __future__ import annotations

import argparse
import sys

from dashboard import publication
from dashboard.commands.ingest import date_arg
from dashboard.config import snapshots_dir
from dashboard.i18n import t
from dashboard.snapshots import SnapshotError, find_snapshot


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "date", type=date_arg, metavar="DATE", help="the snapshot's reporting date, YYYY-MM-DD"
    )
    parser.add_argument("--lang", choices=("uk", "en"), default="uk", help="language of the messages")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "publish",
        help="publish a draft snapshot: everyone sees it (audited)",
        description="Publish the snapshot of DATE: from now on every role sees it and it is the default. "
        "With DASHBOARD_FOUR_EYES=1 another administrator must approve it first (python -m dashboard approve).",
    )
    add_arguments(parser)
    parser.set_defaults(func=lambda args: change_status(args, "published"))


def change_status(args: argparse.Namespace, action: str) -> int:
    """Verify the file, then approve / publish / withdraw it as `cli:<OS user>`; 0 on success, 1 if refused."""
    lang, directory = args.lang, snapshots_dir()
    try:
        find_snapshot(args.date, directory)  # refuses a missing, damaged or changed file, with the reason
        status = {
            "approved": publication.approve,
            "published": publication.publish,
            "withdrawn": publication.withdraw,
        }[action](directory, args.date, publication.Actor.from_cli())
    except SnapshotError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except publication.PublicationError as exc:
        print(t("publication.refused", lang, reason=exc.text(lang)), file=sys.stderr)
        return 1
    print(t(f"publication.done.{action}", lang, date=args.date.isoformat()))
    print(t("publication.now", lang, status=t(f"publication.status.{status.status}", lang)))
    return 0
