"""`python -m dashboard report`: write the PDF report or the PPTX deck of a snapshot to a file.

    python -m dashboard report --format pdf|pptx --lang uk|en [--hromada KATOTTG ...] [--appendix]
        [--snapshot DATE] [--role partner|head|admin [--own-hromada KATOTTG]] --out FILE

The oblast part is short (the deck: at most 15 slides); hromadas get a slide or page of their own only
when named with --hromada, or all of them in an appendix with --appendix.

Prints progress and the time taken; writes the file atomically (a temporary file beside it, then
os.replace), so a failed or interrupted run never leaves a half-written file. The default audience is
`partner` (no personal data, sensitive counts rounded to base 5): a file written here may be passed on.
Only a published snapshot can be reported (the default: the newest published one); `--role admin` may
also name a draft, to review it on paper before publishing.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import tempfile
from pathlib import Path

from dashboard import publication
from dashboard.auth import audit
from dashboard.config import snapshots_dir
from dashboard.reports.access import ROLES, describe, policy_for
from dashboard.reports.build import FORMATS, UnknownHromadaError, build_export
from dashboard.reports.render import RenderError
from dashboard.snapshots import SnapshotError, SnapshotInfo, find_snapshot, list_snapshots, parse_date


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "report",
        help="write the PDF report or the PPTX deck of a snapshot",
        description="Write the oblast's PDF report (A4) or PPTX deck (16:9) for partners and councils: "
        "headline indicators, the coverage map, rollout, activity, crime, the rollout evaluation (event "
        "study), trust, safety passports, caveats and sources; a page or slide per hromada only for the "
        "hromadas named (--hromada) or, with --appendix, for all of them at the end. Works offline (charts "
        "are drawn by the Debian chromium).",
    )
    parser.add_argument("--format", required=True, choices=FORMATS, dest="fmt", help="pdf or pptx")
    parser.add_argument("--lang", default="uk", choices=("uk", "en"), help="document language (default uk)")
    parser.add_argument(
        "--hromada",
        nargs="+",
        metavar="KATOTTG",
        help="hromadas with their own page/slide right after the oblast part (default: none), "
        "e.g. UA35040030000074104",
    )
    parser.add_argument(
        "--appendix",
        action="store_true",
        help="add an appendix with a page/slide for every hromada not named with --hromada",
    )
    parser.add_argument(
        "--snapshot", metavar="DATE", help="reporting date YYYY-MM-DD (default: the newest published one)"
    )
    parser.add_argument(
        "--role",
        default="partner",
        choices=ROLES,
        help="whose access rules apply (default partner: no personal data, sensitive counts rounded to base 5)",
    )
    parser.add_argument("--own-hromada", metavar="KATOTTG", help="the head's own hromada (with --role head)")
    parser.add_argument("--out", required=True, type=Path, help="the file to write")
    parser.set_defaults(func=run)


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def _progress_printer():
    last = {"step": -1, "message": ""}

    def show(fraction: float, message: str) -> None:
        step = int(fraction * 10)
        if message != last["message"] or step != last["step"]:
            print(f"  {fraction * 100:5.1f} %  {message}", flush=True)
            last.update(step=step, message=message)

    return show


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _choose_snapshot(date_text: str | None, role: str) -> SnapshotInfo:
    """The snapshot to report: a published one (any non-withdrawn one, named, for --role admin)."""
    directory = snapshots_dir()
    statuses = publication.statuses(directory)
    published = {d for d, s in statuses.items() if s.status == publication.PUBLISHED}
    if date_text is None:
        snaps = [s for s in list_snapshots(directory) if s.reporting_date in published]
        if not snaps:
            raise SnapshotError("no snapshot is published yet (python -m dashboard snapshots lists them)")
        return snaps[-1]
    snapshot = find_snapshot(parse_date(date_text), directory)
    status = statuses.get(snapshot.reporting_date, publication.Status(snapshot.reporting_date)).status
    if status == publication.PUBLISHED or (role == "admin" and status == publication.DRAFT):
        return snapshot
    raise SnapshotError(
        f"the snapshot of {date_text} is {status}, not published: only published snapshots are reported"
        + (" (--role admin may report a draft)" if status == publication.DRAFT else "")
    )


def run(args: argparse.Namespace) -> int:
    expected_suffix = f".{args.fmt}"
    if args.out.suffix.lower() != expected_suffix:
        return _fail(f"--out {args.out} should end in {expected_suffix} for --format {args.fmt}")
    if args.out.is_dir():
        return _fail(f"--out {args.out} is a directory; give a file name")
    if args.role == "head" and not args.own_hromada:
        return _fail("--role head needs --own-hromada KATOTTG (the head's own hromada)")
    try:
        snapshot = _choose_snapshot(args.snapshot, args.role)
    except SnapshotError as exc:
        return _fail(str(exc))
    policy = policy_for(args.role, args.own_hromada)
    scope = f"{len(args.hromada)} hromada(s)" if args.hromada else "no hromada pages"
    if args.appendix:
        scope += ", appendix of all hromadas"
    print(
        f"{args.fmt} ({args.lang}, {args.role}) of the snapshot {snapshot.reporting_date}, {scope} → {args.out}"
    )
    try:
        result = build_export(
            snapshot.path,
            fmt=args.fmt,
            lang=args.lang,
            hromadas=args.hromada,
            appendix=args.appendix,
            policy=policy,
            progress=_progress_printer(),
        )
    except UnknownHromadaError as exc:
        return _fail(str(exc))
    except RenderError as exc:
        print(f"error: {exc}. Is chromium installed (apt-get install chromium)?", file=sys.stderr)
        return 1
    _write_atomically(args.out, result.data)
    audit.record(
        "export",
        login=f"cli:{getpass.getuser()}",
        client="cli",
        detail={
            "what": args.fmt,
            "file": args.out.name,
            "lang": args.lang,
            "snapshot": snapshot.reporting_date.isoformat(),
            "hromadas": len(result.hromadas),
            "appendix": args.appendix,
            **describe(policy),
        },
    )
    kind = "pages" if args.fmt == "pdf" else "slides"
    timing = ", ".join(f"{k} {v:.1f} s" for k, v in result.seconds.items() if k != "total")
    print(
        f"wrote {args.out} ({result.pages} {kind}, {len(result.data) / 1e6:.1f} MB) "
        f"in {result.total_seconds:.1f} s ({timing})"
    )
    return 0
