"""`python -m dashboard diff DATE_A DATE_B`: rows added, changed and removed per table, and how the
headline indicators moved between two snapshots."""

from __future__ import annotations

import argparse

from dashboard.commands.ingest import date_arg
from dashboard.snapshot_diff import diff_snapshots
from dashboard.snapshots import SnapshotError, find_snapshot

TEXTS = {
    "uk": {
        "title": "Зміни від знімка {a} до знімка {b}",
        "tables": ("таблиця", "рядків у {a}", "рядків у {b}", "додано", "змінено", "вилучено"),
        "headline": ("показник", "{a}", "{b}", "зміна"),
        "hromadas_covered": "громад з офіцером",
        "officers_on_duty": "офіцерів на службі",
        "offences_12m": "правопорушень за 12 міс.",
        "activities_12m": "заходів офіцерів за 12 міс.",
    },
    "en": {
        "title": "Changes from snapshot {a} to snapshot {b}",
        "tables": ("table", "rows in {a}", "rows in {b}", "added", "changed", "removed"),
        "headline": ("indicator", "{a}", "{b}", "change"),
        "hromadas_covered": "hromadas covered",
        "officers_on_duty": "officers on duty",
        "offences_12m": "offences, last 12 months",
        "activities_12m": "activities, last 12 months",
    },
}


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
    tx = TEXTS[args.lang]
    try:
        a, b = find_snapshot(args.date_a), find_snapshot(args.date_b)
    except SnapshotError as exc:
        print(f"error: {exc}")
        return 1
    diff = diff_snapshots(a, b)
    names = {"a": a.reporting_date.isoformat(), "b": b.reporting_date.isoformat()}
    print(tx["title"].format(**names))
    rows = [[h.format(**names) for h in tx["tables"]]]
    for c in diff.tables:
        rows.append([c.table, *(_number(v) for v in (c.rows_a, c.rows_b, c.added, c.changed, c.removed))])
    _print_table(rows)
    print()
    rows = [[h.format(**names) for h in tx["headline"]]]
    for h in diff.headline:
        rows.append([tx[h.indicator], _number(h.a), _number(h.b), _number(h.change, signed=True)])
    _print_table(rows)
    return 0
