"""Showing problems to people: the grouped text report, the full CSV report, frames for the app.

Everything a file brought (names, values, file names) is made safe on the way out: control characters
are escaped for the terminal, and CSV cells that a spreadsheet could run as formulas are neutralised.
"""

from __future__ import annotations

import contextlib
import csv
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

import pandas as pd

from dashboard.export_safety import neutralise_text
from dashboard.i18n import t, tn
from dashboard.ingest.kinds import ERROR
from dashboard.ingest.problems import Problem, ProblemCollector

REPORT_COLUMNS = ("severity", "kind", "file", "row", "column", "value", "detail", "message", "fix")
SHOWN_VALUE_LENGTH = 80
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: object, limit: int = SHOWN_VALUE_LENGTH) -> str:
    """`text` with control and bidi characters escaped (no terminal tricks), cut to `limit` characters."""
    shown = _UNSAFE.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}",
        str(text),
    )
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def format_report(collector: ProblemCollector, lang: str = "uk") -> str:
    """The problems grouped by file, column and kind, with counts and the first examples of each."""
    lines: list[str] = []
    for group in collector.groups:
        first = group.examples[0]
        where = [terminal_safe(group.file)] if group.file else []
        if group.column:
            where.append(f"{t('pg.ingest.report.column', lang)} «{terminal_safe(group.column)}»")
        rows = tn("count.rows", group.count, lang) if group.count > 1 else ""
        severity = t(f"pg.ingest.report.severity.{group.severity}", lang)
        head = " · ".join([severity, *where, rows] if rows else [severity, *where])
        lines.append(f"{'✗' if group.severity == ERROR else '!'} {head} [{group.kind}]")
        lines.append(f"    {t('pg.ingest.report.fix', lang)}: {terminal_safe(first.fix(lang), 400)}")
        for p in group.examples:
            at = f"{t('pg.ingest.report.row', lang)} {p.row}: " if p.row is not None else ""
            value = f"«{terminal_safe(p.value)}» — " if p.value else ""
            lines.append(f"    {at}{value}{terminal_safe(p.message(lang), 300)}")
        if group.count > len(group.examples):
            lines.append("    " + t("pg.ingest.report.more", lang, n=group.count - len(group.examples)))
    if any(p.row is not None for g in collector.groups for p in g.examples):
        lines.append(t("pg.ingest.report.rows_note", lang))
    counts = {"errors": collector.n_errors, "warnings": collector.n_warnings}
    if collector.has_errors:
        lines.append(t("pg.ingest.report.summary_errors", lang, **counts))
    else:
        lines.append(t("pg.ingest.report.summary_ok", lang, **counts))
    return "\n".join(lines)


def problem_cells(problem: Problem, lang: str, *, for_spreadsheet: bool = True) -> list[str]:
    """The report's cells of one problem; neutralised against formulas when they go to a file."""
    row = "" if problem.row is None else str(problem.row)
    cells = [problem.severity, problem.kind, problem.file, row, problem.column, problem.value, problem.detail]
    cells += [problem.message(lang), problem.fix(lang)]
    return [neutralise_text(c) for c in cells] if for_spreadsheet else cells


class CsvReportWriter:
    """A ProblemSink writing every problem as a CSV row (`;`-separated, UTF-8 with BOM: Excel opens it)."""

    def __init__(self, stream: TextIO, lang: str = "uk") -> None:
        self.lang = lang
        self.writer = csv.writer(stream, delimiter=";")
        self.writer.writerow(REPORT_COLUMNS)

    def write(self, problems: Iterable[Problem]) -> None:
        self.writer.writerows(problem_cells(p, self.lang) for p in problems)


@contextlib.contextmanager
def report_file(path: Path, lang: str = "uk") -> Iterator[CsvReportWriter]:
    """Write the report to a temporary file beside `path` and move it into place when done."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as stream:
            yield CsvReportWriter(stream, lang)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def groups_frame(collector: ProblemCollector, lang: str = "uk") -> pd.DataFrame:
    """One row per group (severity, kind, file, column, count, fix, first rows) for the app."""
    records = []
    for g in collector.groups:
        first = g.examples[0]
        rows = ", ".join(str(p.row) for p in g.examples if p.row is not None)
        records.append(
            {
                "severity": g.severity,
                "kind": g.kind,
                "file": g.file,
                "column": g.column,
                "count": g.count,
                "message": first.message(lang),
                "fix": first.fix(lang),
                "rows": rows + (" …" if g.count > len(g.examples) else ""),
            }
        )
    return pd.DataFrame.from_records(
        records, columns=["severity", "kind", "file", "column", "count", "message", "fix", "rows"]
    )


def examples_frame(collector: ProblemCollector, lang: str = "uk") -> pd.DataFrame:
    """The kept examples, one row per problem, with the report's columns."""
    rows = [problem_cells(p, lang, for_spreadsheet=False) for p in collector.problems()]
    return pd.DataFrame(rows, columns=list(REPORT_COLUMNS))
