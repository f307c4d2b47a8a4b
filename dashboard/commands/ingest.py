"""`python -m dashboard ingest --date YYYY-MM-DD [--base ...] PATH...`: exports -> a new snapshot.

Prints what was done per table and exits 0, or prints every problem grouped (with how to fix it),
exits 1 and writes no snapshot. `--report FILE.csv` writes the full list; `--check` only validates.
The snapshot written is a draft that only administrators see; `--publish` also publishes it (for scripted
monthly runs): exit 3 when the draft was written but publishing was refused (four eyes: it needs
another administrator's approval first).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

from dashboard import publication
from dashboard.auth import audit
from dashboard.i18n import t
from dashboard.ingest.pipeline import IngestOptions, IngestResult, run_ingest
from dashboard.ingest.report import format_report, report_file, terminal_safe


def date_arg(text: str) -> dt.date:
    """A reporting date as people write it: 2026-10-31 or 31.10.2026 (argparse reports anything else)."""
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"{text!r} is not a date: write 2026-10-31 or 31.10.2026")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "ingest",
        help="build a snapshot from the oblast's CSV/XLSX exports",
        description="Validate the exports and build the snapshot of DATE from the base snapshot plus "
        "the files: rows with a known id update it, new ids are added. Any error: nothing is written.",
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="CSV/XLSX files or folders")
    parser.add_argument("--date", required=True, type=date_arg, help="reporting date YYYY-MM-DD")
    parser.add_argument(
        "--base", default="latest", help="latest (default), none, or the date of an existing snapshot"
    )
    parser.add_argument("--report", type=Path, metavar="FILE.csv", help="write every problem to this CSV")
    parser.add_argument("--check", action="store_true", help="validate only, write no snapshot")
    parser.add_argument(
        "--publish",
        action="store_true",
        help="publish the new snapshot at once (otherwise it is a draft only administrators see)",
    )
    parser.add_argument("--lang", choices=("uk", "en"), default="uk", help="language of the messages")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    options = IngestOptions(args.date, base=args.base, check_only=args.check)
    with contextlib.ExitStack() as stack:
        sink = stack.enter_context(report_file(args.report, args.lang)) if args.report else None
        result = run_ingest(list(args.paths), options, sink=sink, progress=_progress_printer())
    if result.collector.groups:
        print(format_report(result.collector, args.lang), file=sys.stderr if not result.ok else sys.stdout)
    if args.report:
        print(t("pg.ingest.cli.report", args.lang, path=args.report))
    if not result.ok:
        return 1
    print_summary(result, args.lang)
    if result.snapshot_path is None:
        return 0
    actor = publication.Actor.from_cli()
    audit.record("snapshot_created", login=actor.login, detail=result.audit_detail())
    if not args.publish:
        print(t("publication.cli.draft", args.lang, date=result.reporting_date.isoformat()))
        return 0
    try:
        publication.publish(result.snapshot_path.parent, result.reporting_date, actor)
    except publication.PublicationError as exc:
        print(t("publication.refused", args.lang, reason=exc.text(args.lang)), file=sys.stderr)
        return 3
    print(t("publication.done.published", args.lang, date=result.reporting_date.isoformat()))
    return 0


def print_summary(result: IngestResult, lang: str) -> None:
    if result.base is not None:
        print(t("pg.ingest.cli.base", lang, base=result.base.reporting_date.isoformat()))
        if result.base.is_demo:
            print(t("pg.ingest.cli.demo", lang))
    else:
        print(t("pg.ingest.cli.no_base", lang))
    if result.removed_temp_files:
        print(t("pg.ingest.cli.cleaned", lang, n=len(result.removed_temp_files)))
    header = [
        t("pg.ingest.cli.header.table", lang),
        t("pg.ingest.cli.header.rows", lang),
        t("pg.ingest.cli.header.added", lang),
        t("pg.ingest.cli.header.updated", lang),
        t("pg.ingest.cli.header.unchanged", lang),
        t("pg.ingest.cli.header.warnings", lang),
    ]
    rows = [header]
    for s in result.tables.values():
        rows.append(
            [s.table, *(f"{v:,}".replace(",", " ") for v in (s.rows, s.added, s.updated, s.unchanged))]
        )
        rows[-1].append(str(s.warnings))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print(
            "  ".join(
                v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(r, widths, strict=True))
            )
        )
    if result.snapshot_path is not None:
        path = terminal_safe(result.snapshot_path, 300)
        print(t("pg.ingest.cli.done", lang, date=result.reporting_date.isoformat(), path=path))
    else:
        print(t("pg.ingest.cli.checked", lang))
    print(t("pg.ingest.cli.seconds", lang, s=f"{result.seconds:.1f}"))


def _progress_printer() -> Callable[[float, str], None] | None:
    """Progress on stderr, only on an interactive terminal (logs and tests stay clean)."""
    if not sys.stderr.isatty():
        return None
    last = [-1]

    def show(fraction: float, text: str) -> None:
        percent = int(fraction * 100)
        if percent != last[0]:
            last[0] = percent
            print(f"\r{percent:3d}% {terminal_safe(text, 60):<60}", end="", file=sys.stderr, flush=True)
            if fraction >= 1:
                print(file=sys.stderr)

    return show
