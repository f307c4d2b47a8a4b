"""`python -m dashboard approve DATE`: a second administrator's approval of a draft (four eyes).

Needed before `publish` when DASHBOARD_FOUR_EYES=1; the one who approved cannot also be the one who publishes.
"""

from __future__ import annotations

import argparse

from dashboard.commands.publish import add_arguments, change_status


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "approve",
        help="approve a draft snapshot (four eyes: another administrator then publishes it)",
        description="Approve the draft snapshot of DATE. With DASHBOARD_FOUR_EYES=1 a snapshot can only be "
        "published by an administrator other than the one who approved it.",
    )
    add_arguments(parser)
    parser.set_defaults(func=lambda args: change_status(args, "approved"))
