"""The command-line interface: one sub-command per module in `dashboard/commands/`.

Each command module exposes `register(subparsers)`, which adds its parser and sets `func`, a callable
taking the parsed arguments and returning the exit code.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# Order of appearance in `--help`.
COMMAND_MODULES = (
    "demo",
    "snapshots",
    "ingest",
    "approve",
    "publish",
    "withdraw",
    "diff",
    "users",
    "report",
    "serve",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard",
        description="Monitoring dashboard of the community police officer (ПОГ) project, Kirovohrad oblast.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"dashboard.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
