"""Showing problems to people: the grouped text report, the full CSV report, frames for the app.

Everything a file brought (names, values, file names) is made safe on the way out: control characters
are escaped for the terminal, and CSV cells that a spreadsheet could run as formulas are neutralised.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

import pandas as pd

from dashboard.export_safety import neutralise_text
from dashboard.i18n import t, tn
from dashboard.ingest.kinds import ERROR, kind
from dashboard.ingest.problems import Problem, ProblemCollector

REPORT_COLUMNS = ("severity", "kind", "file", "row", "column", "value", "detail", "message", "fix")
# The report the upload page offers: the CLI's columns with the kind's name beside its code, plus how
# many problems the group holds (the file keeps the first EXAMPLES_PER_GROUP of each).
BOUNDED_COLUMNS = (
    "severity",
    "kind_label",
    "kind",
    "file",
    "row",
    "column",
    "value",
    "detail",
    "message",
    "fix",
    "group_count",
)
SHOWN_EXAMPLES = 5  # per group, in the terminal and on screen
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
        shown = group.examples[:SHOWN_EXAMPLES]
        for p in shown:
            at = f"{t('pg.ingest.report.row', lang)} {p.row}: " if p.row is not None else ""
            value = f"«{terminal_safe(p.value)}» — " if p.value else ""
            lines.append(f"    {at}{value}{terminal_safe(p.message(lang), 300)}")
        if group.count > len(shown):
            lines.append("    " + t("pg.ingest.report.more", lang, n=group.count - len(shown)))
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


def severity_label(severity: str, lang: str = "uk") -> str:
    return t(f"pg.ingest.report.severity.{severity}", lang)


def bounded_report_csv(collector: ProblemCollector, lang: str = "uk") -> bytes:
    """The downloadable report: the kept examples of every group (at most EXAMPLES_PER_GROUP each) with
    the group's full count, headers and names in `lang`; `;`-separated UTF-8 with BOM, formulas neutralised.

    Its size is bounded by the number of groups, not of problems: 300 000 bad rows give a few kilobytes.
    """
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter=";")
    writer.writerow([t(f"pg.ingest.report.header.{c}", lang) for c in BOUNDED_COLUMNS])
    for group in collector.groups:
        label = kind(group.kind).label(lang)
        for p in group.examples:
            row = "" if p.row is None else str(p.row)
            cells = [
                severity_label(p.severity, lang),
                label,
                p.kind,
                p.file,
                row,
                p.column,
                p.value,
                p.detail,
            ]
            cells += [p.message(lang), p.fix(lang), str(group.count)]
            writer.writerow([neutralise_text(c) for c in cells])
    return stream.getvalue().encode("utf-8-sig")


def groups_frame(collector: ProblemCollector, lang: str = "uk") -> pd.DataFrame:
    """One row per group (severity, kind, file, column, count, message, fix, first rows) for the app, with
    headers, severities and kind names in `lang`."""
    columns = ["severity", "kind_label", "file", "column", "count", "message", "fix", "rows"]
    records = []
    for g in collector.groups:
        first = g.examples[0]
        shown = g.examples[:SHOWN_EXAMPLES]
        rows = ", ".join(str(p.row) for p in shown if p.row is not None)
        records.append(
            [
                severity_label(g.severity, lang),
                kind(g.kind).label(lang),
                g.file,
                g.column,
                g.count,
                first.message(lang),
                first.fix(lang),
                rows + (" …" if g.count > len(shown) else ""),
            ]
        )
    frame = pd.DataFrame.from_records(records, columns=columns)
    return frame.rename(columns={c: t(f"pg.ingest.report.header.{c}", lang) for c in columns})
