"""`python -m dashboard diff DATE_A DATE_B`: rows added, changed and removed per table, and how the
headline indicators moved between two snapshots."""

from __future__ import annotations

import argparse

from dashboard.commands.ingest import date_arg
from dashboard.i18n import label, t
from dashboard.snapshot_diff import diff_snapshots
from dashboard.snapshots import SnapshotError, find_snapshot


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("diff", help="what changed between two snapshots (rows and headline indicators)")
    parser.add_argument("date_a", type=date_arg, metavar="DATE_A", help="the earlier snapshot, YYYY-MM-DD")
    parser.add_argument("date_b", type=date_arg, metavar="DATE_B", help="the later snapshot, YYYY-MM-DD")
    parser.add_argument("--lang", choices=("uk", "en"), default="uk", help="language of the labels")
    parser.set_defaults(func=run)


def _number(value: int, signed: bool = False) -> str:
    text = f"{value:+,}" if signed else f"{value:,}"
    return text.replace(",", " ")


def _print_table(rows: list[list[str]]) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        cells = (v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(r, widths, strict=True)))
        print("  ".join(cells))


def run(args: argparse.Namespace) -> int:
    lang = args.lang
    try:
        a, b = find_snapshot(args.date_a), find_snapshot(args.date_b)
    except SnapshotError as exc:
        print(f"error: {exc}")
        return 1
    diff = diff_snapshots(a, b)
    names = {"a": a.reporting_date.isoformat(), "b": b.reporting_date.isoformat()}
    print(t("pg.ingest.diff.title", lang, **names))
    header = [
        t("pg.ingest.diff.header.table", lang),
        t("pg.ingest.diff.header.rows_a", lang, **names),
        t("pg.ingest.diff.header.rows_b", lang, **names),
        t("pg.ingest.diff.header.added", lang),
        t("pg.ingest.diff.header.changed", lang),
        t("pg.ingest.diff.header.removed", lang),
    ]
    rows = [header]
    for c in diff.tables:
        rows.append(
            [
                label("table", c.table, lang),
                *(_number(v) for v in (c.rows_a, c.rows_b, c.added, c.changed, c.removed)),
            ]
        )
    _print_table(rows)
    print()
    rows = [
        [
            t("pg.ingest.diff.header.indicator", lang),
            names["a"],
            names["b"],
            t("pg.ingest.diff.header.change", lang),
        ]
    ]
    for h in diff.headline:
        indicator = t(f"pg.ingest.diff.indicator.{h.indicator}", lang)
        rows.append([indicator, _number(h.a), _number(h.b), _number(h.change, signed=True)])
    _print_table(rows)
    return 0
