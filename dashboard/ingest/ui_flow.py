"""The upload page's logic, without Streamlit: saving uploads safely, previews, the check, the build,
and the frames the page shows. dashboard/pages/upload.py only lays these out.

Everything a file brings is shown through frames (st.dataframe renders text as text), never through
Markdown; the frames' text cells are neutralised against spreadsheet formulas because st.dataframe
offers its own CSV download.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard.auth import audit
from dashboard.config import max_upload_mb
from dashboard.export_safety import neutralise_cells
from dashboard.i18n import label, t
from dashboard.ingest.detect import DetectError, choose_table
from dashboard.ingest.kinds import kind
from dashboard.ingest.normalize import map_headers
from dashboard.ingest.pipeline import IngestOptions, IngestResult, Progress, run_ingest
from dashboard.ingest.read import open_sheets
from dashboard.ingest.report import bounded_report_csv, groups_frame
from dashboard.schema import CONTRACT
from dashboard.snapshots import SnapshotInfo

PREVIEW_ROWS = 20


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


_UNSAFE_NAME = re.compile(r"[^\w.\- ()\[\]№’']", re.UNICODE)


def safe_name(name: str, taken: set[str]) -> str:
    """A plain file name for the upload (no folders, no control characters), unique among `taken`."""
    base = Path(name.replace("\\", "/")).name
    base = _UNSAFE_NAME.sub("_", base).strip(" .") or "upload"
    base = base[:120]
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{n}-{base}"
    taken.add(candidate)
    return candidate


@contextlib.contextmanager
def saved_uploads(uploads: list[Upload]) -> Iterator[list[Path]]:
    """The uploads written to a private temporary folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="pog-upload-") as folder:
        taken: set[str] = set()
        paths = []
        for upload in uploads:
            path = Path(folder) / safe_name(upload.name, taken)
            path.write_bytes(upload.data)
            paths.append(path)
        yield paths


@dataclass
class Preview:
    label: str
    table: str  # "" when it cannot be told
    format_label: str
    frame: pd.DataFrame  # the first rows, headers shown as «header → column»
    problem: str = ""


def preview(path: Path, lang: str = "uk", rows: int = PREVIEW_ROWS) -> list[Preview]:
    """The first rows of each sheet of the file, with how each header maps to the contract."""
    previews = []
    try:
        with open_sheets(path, path.name, max_upload_mb() * 1_000_000) as sheets:
            for sheet in sheets:
                try:
                    table = choose_table(sheet.name_hint, sheet.header)
                    mapped = map_headers(CONTRACT[table], sheet.header).columns
                except DetectError as exc:
                    previews.append(_failed(sheet.label, sheet.format_label, exc, lang))
                    continue
                head = [cells for _, cells in zip(range(rows), sheet.rows, strict=False)]
                previews.append(
                    Preview(sheet.label, table, sheet.format_label, _frame(sheet.header, mapped, head))
                )
    except DetectError as exc:
        previews.append(_failed(path.name, "", exc, lang))
    return previews


def _failed(label: str, format_label: str, exc: DetectError, lang: str) -> Preview:
    message = kind(exc.code).message(lang, detail=exc.detail)
    return Preview(label, "", format_label, pd.DataFrame(), message)


def _frame(header: list[str], mapped: list[str | None], rows: list[tuple[int, list[str]]]) -> pd.DataFrame:
    names: list[str] = []
    for title, column in zip(header, mapped, strict=True):
        name = f"{title} → {column}" if column else f"{title} (?)"
        while name in names:
            name += " "
        names.append(name)
    width = len(names)
    data = [(cells + [""] * width)[:width] for _, cells in rows]
    frame = pd.DataFrame(data, columns=names, dtype="str")
    frame.insert(0, "#", [number for number, _ in rows])
    return neutralise_cells(frame)


def files_frame(previews: list[Preview], lang: str = "uk") -> pd.DataFrame:
    """One row per file or sheet: its name, the table it holds, its format, any problem reading it."""
    frame = pd.DataFrame(
        {
            t("pg.ingest.upload.file", lang): [p.label for p in previews],
            t("pg.ingest.upload.table", lang): [
                label("table", p.table, lang) if p.table else "—" for p in previews
            ],
            t("pg.ingest.upload.format", lang): [p.format_label or "—" for p in previews],
            t("pg.ingest.upload.problem", lang): [p.problem for p in previews],
        }
    )
    return neutralise_cells(frame)


@dataclass
class Check:
    result: IngestResult
    report_csv: bytes  # the first problems of each group with the group's count (report.bounded_report_csv)


def check(paths: list[Path], reporting_date: dt.date, base: str, lang: str = "uk") -> Check:
    """Validate the uploads (nothing is written) and keep the bounded report (it stays in the session)."""
    result = run_ingest(paths, IngestOptions(reporting_date, base=base, check_only=True))
    return Check(result, bounded_report_csv(result.collector, lang))


def build(
    paths: list[Path], reporting_date: dt.date, base: str, progress: Progress | None = None
) -> IngestResult:
    """Validate again and write the snapshot (everything or nothing)."""
    return run_ingest(paths, IngestOptions(reporting_date, base=base), progress=progress)


def record_build(result: IngestResult, user: object, file_names: list[str], base: str) -> None:
    """Audit log: every build attempt from the page (`upload`), and the snapshot it created."""
    who = {"login": getattr(user, "login", None), "role": getattr(user, "role", None)}
    detail = {
        "files": file_names,
        "reporting_date": result.reporting_date.isoformat(),
        "base": base,
        "errors": result.collector.n_errors,
        "warnings": result.collector.n_warnings,
    }
    audit.record("upload", **who, detail=detail)
    if result.ok and result.snapshot_path is not None:
        audit.record("snapshot_created", **who, detail=result.audit_detail())


def report_frame(result: IngestResult, lang: str = "uk") -> pd.DataFrame:
    return neutralise_cells(groups_frame(result.collector, lang))


def summary_frame(result: IngestResult, lang: str = "uk") -> pd.DataFrame:
    """table, rows, added, updated, unchanged, warnings: what the ingest did (or would do) per table,
    with the tables' names and the headers in `lang` (the CLI prints the same headers)."""
    columns = ["table", "rows", "added", "updated", "unchanged", "warnings"]
    rows = [
        [label("table", s.table, lang), *(getattr(s, c) for c in columns[1:])] for s in result.tables.values()
    ]
    return pd.DataFrame(rows, columns=[t(f"pg.ingest.cli.header.{c}", lang) for c in columns])


def base_options(snapshots: list[SnapshotInfo]) -> list[str]:
    """The choices for the base: the latest, none, then every snapshot's date, newest first."""
    return ["latest", "none", *(s.reporting_date.isoformat() for s in reversed(snapshots))]


def base_label(option: str, snapshots: list[SnapshotInfo], lang: str = "uk") -> str:
    if option == "latest":
        return t("pg.ingest.upload.base_latest", lang)
    if option == "none":
        return t("pg.ingest.upload.base_none", lang)
    demo = {s.reporting_date.isoformat() for s in snapshots if s.is_demo}
    return option + (f" ({t('pg.ingest.upload.demo', lang)})" if option in demo else "")


def default_reporting_date(today: dt.date) -> dt.date:
    """The last day of the previous month: exports arrive after the month they report."""
    return today.replace(day=1) - dt.timedelta(days=1)


def progress_text(fraction: float, phase: str, lang: str = "uk") -> str:
    """A fixed text per phase (never a file name: the progress text is rendered as Markdown)."""
    if phase == "cross-checks":
        shown = t("pg.ingest.upload.phase_cross", lang)
    elif phase == "build":
        shown = t("pg.ingest.upload.phase_build", lang)
    elif phase == "done":
        shown = t("pg.ingest.upload.phase_done", lang)
    else:
        shown = t("pg.ingest.upload.phase_read", lang)
    return f"{shown} {int(fraction * 100)} %"
