"""An ingest from start to end: check everything first, then build the snapshot atomically, or nothing.

1. Resolve the base snapshot and refuse what cannot work (no base, a demo base by default, a date
   whose snapshot exists, lies after today or precedes the base; a rejected draft of the date is the
   one existing file a build may replace, keeping it in rejected/). A refused base still lets every file be
   checked, so that one run reports the files' own problems too.
2. Under the ingest lock, remove stale temporary files, then read every file in chunks, validate each
   chunk and keep the typed rows in the staging database.
3. Run the checks across rows and files (duplicate ids, unknown officers) in SQL.
4. Only when no error was found: build the snapshot with SnapshotBuilder (temporary file, renamed into
   place) from the base's tables plus the staged rows. Otherwise write nothing. The new snapshot is a
   draft (dashboard/publication.py): only administrators see it until one publishes it.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from dashboard import publication, reference
from dashboard.config import max_upload_mb, snapshots_dir
from dashboard.ingest import crosscheck
from dashboard.ingest.check import Context
from dashboard.ingest.detect import DetectError, choose_table
from dashboard.ingest.frames import CHUNK_ROWS, batched, raw_frame
from dashboard.ingest.housekeeping import IngestBusy, ingest_lock, remove_stale_temp_files, storage_problem
from dashboard.ingest.merge import MergeCounts, copy_base, upsert_staged
from dashboard.ingest.normalize import HeaderMap, HromadaMatcher, map_headers
from dashboard.ingest.problems import Problem, ProblemCollector, ProblemSink
from dashboard.ingest.read import XLSX_CHUNK_ROWS, Sheet, open_sheets
from dashboard.ingest.sources import InputFile, check_size, expand_paths
from dashboard.ingest.staging import Staging
from dashboard.ingest.validate import validate_chunk
from dashboard.schema import CONTRACT, Table
from dashboard.snapshots import (
    SnapshotBuilder,
    SnapshotError,
    SnapshotInfo,
    SourceFile,
    connect_readonly,
    find_snapshot,
    list_snapshots,
    scan_snapshots,
    snapshot_path,
)

Progress = Callable[[float, str], None]
VALIDATION_SHARE = 0.75  # of the progress bar; cross-checks and the build take the rest
BUILD_MEMORY_LIMIT = "500MB"


@dataclass(frozen=True)
class IngestOptions:
    reporting_date: dt.date
    base: str = "latest"  # "latest", "none" or a snapshot's date YYYY-MM-DD
    directory: Path | None = None  # the snapshots directory (config.snapshots_dir() by default)
    max_bytes: int | None = None  # per file (config.max_upload_mb() by default)
    check_only: bool = False  # validate and report, write nothing
    chunk_rows: int = CHUNK_ROWS
    today: dt.date | None = None  # the reporting date may not be later (dt.date.today() by default)


@dataclass
class TableSummary:
    table: str
    sources: list[str] = field(default_factory=list)
    rows: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: int = 0


@dataclass
class StagedSource:
    item: InputFile
    label: str
    table: str
    rows: int = 0


@dataclass
class IngestResult:
    reporting_date: dt.date
    collector: ProblemCollector
    base: SnapshotInfo | None = None
    tables: dict[str, TableSummary] = field(default_factory=dict)
    snapshot_path: Path | None = None
    removed_temp_files: list[str] = field(default_factory=list)
    set_aside_path: Path | None = None  # the rejected draft this build replaced, kept under rejected/
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.collector.has_errors

    def audit_detail(self) -> dict[str, object]:
        """What the audit log keeps about a created snapshot: its date, base and rows added/updated."""
        return {
            "reporting_date": self.reporting_date.isoformat(),
            "base": self.base.reporting_date.isoformat() if self.base else "none",
            "added": sum(s.added for s in self.tables.values()),
            "updated": sum(s.updated for s in self.tables.values()),
            "warnings": self.collector.n_warnings,
            **({"replaced_rejected_draft": self.set_aside_path.name} if self.set_aside_path else {}),
        }


def resolve_base(options: IngestOptions, directory: Path, collector: ProblemCollector) -> SnapshotInfo | None:
    """The snapshot to build on; problems (and None) when it cannot be used.

    "latest" is the newest snapshot that is not withdrawn (a withdrawn one was judged wrong; a draft not
    yet published is the work in progress the next month builds on). Damaged files are skipped.
    """
    spec = options.base.strip().lower()
    if spec == "none":
        return None
    withdrawn = {d for d, s in publication.statuses(directory).items() if s.status == publication.WITHDRAWN}
    if spec == "latest":
        usable = [s for s in list_snapshots(directory) if s.reporting_date not in withdrawn]
        base = usable[-1] if usable else None
        if base is not None and base.is_demo:
            collector.add(Problem("base_is_demo", detail=base.reporting_date.isoformat()))
            return None
    else:
        try:
            base = find_snapshot(dt.date.fromisoformat(spec), directory)
        except (ValueError, SnapshotError) as exc:
            collector.add(Problem("base_not_found", detail=str(exc)))
            return None
        if base.reporting_date in withdrawn:
            collector.add(Problem("base_withdrawn", detail=base.reporting_date.isoformat()))
            return None
    if base is not None and base.reporting_date >= options.reporting_date:
        collector.add(Problem("date_before_base", detail=base.reporting_date.isoformat()))
    return base


def check_reporting_date(options: IngestOptions, collector: ProblemCollector) -> None:
    """A reporting date after today is refused: it would also block every later `--base latest`."""
    today = options.today or dt.date.today()
    if options.reporting_date > today:
        collector.add(Problem("reporting_date_in_future", detail=today.isoformat()))


# What the date's existing file means for a build (publication.replace_verdict): a rejected draft is kept in
# rejected/ and replaced (a warning says so); a draft under review, or a snapshot that was ever published,
# stays as it is (an error says why and what to do).
_EXISTING_KIND = {
    publication.REPLACEABLE: "rejected_draft_replaced",
    publication.KEEP_DRAFT: "snapshot_exists_draft",
    publication.KEEP_PUBLISHED: "snapshot_exists",
}


def check_existing_snapshot(options: IngestOptions, directory: Path, collector: ProblemCollector) -> None:
    path = snapshot_path(options.reporting_date, directory)
    if path.exists() and any(p.name == path.name for p in scan_snapshots(directory).problems):
        # A damaged or foreign file under the date's name: it is never overwritten (it may be evidence of a
        # fault), and "a draft exists" would send the administrator looking for a draft that cannot open.
        collector.add(Problem("snapshot_file_damaged", detail=options.reporting_date.isoformat()))
    elif path.exists():
        verdict = publication.replace_verdict(directory, options.reporting_date)
        collector.add(Problem(_EXISTING_KIND[verdict], detail=options.reporting_date.isoformat()))


def run_ingest(
    paths: list[Path],
    options: IngestOptions,
    *,
    sink: ProblemSink | None = None,
    progress: Progress | None = None,
) -> IngestResult:
    """Validate `paths` and, when nothing blocks (and not check_only), write the new snapshot."""
    started = time.perf_counter()
    report = progress or (lambda fraction, text: None)
    collector = ProblemCollector(sink)
    directory = options.directory or snapshots_dir()
    result = IngestResult(options.reporting_date, collector)
    check_reporting_date(options, collector)
    errors_before = collector.n_errors
    result.base = resolve_base(options, directory, collector)
    # Without the right base the check of officer references against it would mislead: it is skipped,
    # but every file's own problems are still reported.
    base_refused = result.base is None and collector.n_errors > errors_before
    check_existing_snapshot(options, directory, collector)  # a check must say what a build would do
    files = expand_paths(paths, collector)
    if not files and not collector.has_errors:
        collector.add(Problem("no_files"))
    if not files:
        return _finish(result, started)
    # Other problems (a refused base or date, a missing path, an existing snapshot) still let every file
    # be checked, so that one run reports everything; nothing is written while any error stands.
    try:
        with ingest_lock(directory):
            result.removed_temp_files = remove_stale_temp_files(directory)
            _validate_then_build(result, files, options, directory, report, check_base_refs=not base_refused)
    except IngestBusy:
        collector.add(Problem("ingest_busy"))
    except (OSError, duckdb.IOException) as exc:  # a read-only, full or missing data folder: say so
        collector.add(storage_problem(exc, directory))
        result.snapshot_path = None  # SnapshotBuilder removed its temporary file; nothing was published
    return _finish(result, started)


def _validate_then_build(
    result: IngestResult,
    files: list[InputFile],
    options: IngestOptions,
    directory: Path,
    report: Progress,
    *,
    check_base_refs: bool = True,
) -> None:
    """Stage and check every file; build only if nothing blocks. Runs under the ingest lock."""
    collector = result.collector
    staging = Staging(directory)
    try:
        staged = _Stager(options, staging, collector, report).stage_all(files)
        report(VALIDATION_SHARE, "cross-checks")
        if result.base is not None:
            with connect_readonly(result.base.path) as base_con:
                staging.set_base_officers(base_con.execute("SELECT officer_id FROM officers").df())
        labels = [s.label for s in staged]
        crosscheck.check_duplicates(staging.connection, labels, collector)
        if check_base_refs:
            crosscheck.check_officers(staging.connection, labels, collector)
        result.tables = _summaries(staged, collector)
        if collector.has_errors or options.check_only:
            return
        staging.close()
        report(0.85, "build")
        for name, merged in _build(result, options, directory, staging, staged, collector).items():
            if name in result.tables:
                summary = result.tables[name]
                summary.added, summary.updated, summary.unchanged = (
                    merged.added,
                    merged.updated,
                    merged.unchanged,
                )
        report(1.0, "done")
    finally:
        staging.remove()


def _finish(result: IngestResult, started: float) -> IngestResult:
    result.seconds = time.perf_counter() - started
    return result


class _Stager:
    """Reads, validates and stages the files one chunk at a time, reporting progress by bytes read."""

    def __init__(
        self, options: IngestOptions, staging: Staging, collector: ProblemCollector, report: Progress
    ) -> None:
        self.options, self.staging, self.collector, self.report = options, staging, collector, report
        self.max_bytes = options.max_bytes if options.max_bytes is not None else max_upload_mb() * 1_000_000
        self.ctx = Context(options.reporting_date, HromadaMatcher(reference.hromadas()))
        self.total = 1
        self.done = 0
        self.staged: list[StagedSource] = []

    def _on_read(self, n: int) -> None:
        self.done += n

    def _progress(self, text: str) -> None:
        self.report(VALIDATION_SHARE * min(self.done / self.total, 1.0), text)

    def stage_all(self, files: list[InputFile]) -> list[StagedSource]:
        self.total = sum(f.path.stat().st_size for f in files) or 1
        for item in files:
            if not check_size(item, self.max_bytes, self.collector):
                continue
            before = self.done
            try:
                with open_sheets(item.path, item.label, self.max_bytes, self._on_read) as sheets:
                    for sheet in sheets:
                        self._stage_sheet(item, sheet)
            except DetectError as exc:
                self.collector.add(Problem(exc.code, item.label, exc.row, detail=exc.detail))
            self.done = before + item.path.stat().st_size
            self._progress(item.label)
        return self.staged

    def _stage_sheet(self, item: InputFile, sheet: Sheet) -> None:
        label, collector = sheet.label, self.collector
        if sheet.note:
            collector.add(Problem("wrong_extension", label, detail=sheet.note))
        if sheet.skipped_rows:
            collector.add(
                Problem("rows_before_header", label, detail=", ".join(map(str, sheet.skipped_rows)))
            )
        try:
            table = CONTRACT[choose_table(sheet.name_hint, sheet.header)]
        except DetectError as exc:
            collector.add(Problem(exc.code, label, sheet.header_row, detail=exc.detail))
            return
        header = _report_header(table, sheet, collector)
        source = StagedSource(item, label, table.name)
        src = len(self.staged)
        self.staged.append(source)
        pad = sheet.format_label == "XLSX"  # an XLSX row may simply end early
        chunk_rows = min(self.options.chunk_rows, XLSX_CHUNK_ROWS) if pad else self.options.chunk_rows
        try:
            for numbers, rows in batched(sheet.rows, chunk_rows):
                raw = raw_frame(numbers, rows, header, label, collector, pad_short_rows=pad)
                self.staging.append(table.name, validate_chunk(table, raw, self.ctx, label, collector), src)
                source.rows += len(rows)
                self._progress(f"{label}: {source.rows:,}")
        except DetectError as exc:  # the file broke midway: say where, and stop reading it
            collector.add(Problem(exc.code, label, exc.row, detail=exc.detail))
            return
        if source.rows == 0:
            collector.add(Problem("empty_file", label))


def _report_header(table: Table, sheet: Sheet, collector: ProblemCollector) -> HeaderMap:
    header = map_headers(table, sheet.header)
    row = sheet.header_row
    for name in header.missing:
        aliases = next(c.alias_uk for c in table.columns if c.name == name)
        collector.add(Problem("missing_column", sheet.label, row, name, detail=", ".join(aliases) or "—"))
    for name, positions in header.duplicates.items():
        shown = ", ".join(f"«{sheet.header[p]}»" for p in positions)
        collector.add(Problem("duplicate_column", sheet.label, row, name, detail=shown))
    for _position, text in header.unknown:
        collector.add(Problem("unknown_column", sheet.label, row, "", value=text))
    return header


def _summaries(staged: list[StagedSource], collector: ProblemCollector) -> dict[str, TableSummary]:
    warnings = collector.warnings_by_file()
    tables: dict[str, TableSummary] = {}
    for source in staged:
        summary = tables.setdefault(source.table, TableSummary(source.table))
        summary.sources.append(source.label)
        summary.rows += source.rows
        summary.warnings += warnings.get(source.label, 0)
    return dict(sorted(tables.items(), key=lambda kv: list(CONTRACT).index(kv[0])))


def _build(
    result: IngestResult,
    options: IngestOptions,
    directory: Path,
    staging: Staging,
    staged: list[StagedSource],
    collector: ProblemCollector,
) -> dict[str, MergeCounts]:
    base = result.base
    sources = [SourceFile.from_path(s.item.path, s.table, s.rows) for s in staged]
    try:
        with SnapshotBuilder(
            options.reporting_date,
            is_demo=bool(base and base.is_demo),  # on a demo base the result is synthetic too
            directory=directory,
            sources=sources,
            generator="ingest",
            base_snapshot=base.path.name if base else "",
            rows_rejected=0,  # any error blocks the whole ingest
            warnings=collector.n_warnings,
            replace_rejected=True,  # only a rejected draft; the builder refuses anything else
        ) as builder:
            builder.con.execute("SET memory_limit = $limit", {"limit": BUILD_MEMORY_LIMIT})
            if base is not None:
                copy_base(builder.con, base.path)
            counts = upsert_staged(builder.con, staging.path)
        result.snapshot_path = builder.final_path
        result.set_aside_path = builder.set_aside_path
    except SnapshotError:
        # Published, rebuilt or not rejected after the check (another administrator, meanwhile): say which.
        verdict = publication.replace_verdict(directory, options.reporting_date)
        kind = _EXISTING_KIND[verdict] if verdict != publication.REPLACEABLE else "snapshot_exists"
        collector.add(Problem(kind, detail=options.reporting_date.isoformat()))
        return {}
    return counts
