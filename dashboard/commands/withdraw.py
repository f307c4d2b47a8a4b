"""`python -m dashboard withdraw DATE`: hide a published snapshot from everyone (or reject a draft).

The previous published snapshot becomes the default again; the file is kept (and can be published again).
"""

from __future__ import annotations

import argparse

from dashboard.commands.publish import add_arguments, change_status


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "withdraw",
        help="withdraw a snapshot: hidden from everyone, the file kept (audited)",
        description="Withdraw the snapshot of DATE: no role sees it any more and the previous published "
        "snapshot is the default again. The file is kept; `publish DATE` makes it visible again.",
    )
    add_arguments(parser)
    parser.set_defaults(func=lambda args: change_status(args, "withdrawn"))
