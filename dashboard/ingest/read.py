"""Streaming readers: a CSV file or the sheets of an XLSX workbook as (row number, cells as text).

CSV rows are produced one at a time (csv module over an incrementally decoded stream), so memory does
not grow with the file. An XLSX sheet is read by python-calamine (Rust, ~10× faster than openpyxl's
read-only mode), which loads one sheet at a time; xlsx_guard refuses, before anything is unpacked, a
workbook it could not hold (zip bombs, giant shared strings, more than a million-odd rows: use CSV). Row numbers are those a person sees in a text
editor or Excel: the header row has its own number (1 when it comes first).
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import datetime as dt
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from dashboard.ingest.detect import (
    HEADER_SCAN_ROWS,
    DetectError,
    detect_csv_layout,
    detect_encoding,
    find_header_row,
    sniff_format,
    tables_from_name,
)
from dashboard.ingest.xlsx_guard import check_archive

if TYPE_CHECKING:
    import _csv

    import python_calamine
    from _typeshed import WriteableBuffer

Row = tuple[int, list[str]]
# An XLSX sheet sits whole in memory while its rows are checked: smaller chunks keep the checks' own
# working set small beside it (a million rows: peak 990 MB with 100 000-row chunks, 870 MB with these).
XLSX_CHUNK_ROWS = 25_000


@dataclass
class Sheet:
    """One table-shaped block of a file: a whole CSV or one XLSX sheet, header read, rows pending."""

    label: str  # how problems name it: "officers.csv" or "book.xlsx [officers]"
    name_hint: str  # the file stem or sheet name, to tell the table
    header: list[str]
    header_row: int
    rows: Iterator[Row]
    format_label: str  # "CSV UTF-8 ;" or "XLSX"
    skipped_rows: list[int] = field(default_factory=list)  # non-empty rows above the header
    note: str = ""  # e.g. an XLSX named .csv


class ByteCounter(io.RawIOBase):
    """A binary file wrapper that reports how many bytes were read (for the progress bar)."""

    def __init__(self, raw: io.BufferedReader, on_read: Callable[[int], None] | None) -> None:
        self.raw, self.on_read = raw, on_read

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        n = self.raw.readinto(buffer)
        if self.on_read and n:
            self.on_read(n)
        return n or 0

    def close(self) -> None:
        self.raw.close()
        super().close()


@contextlib.contextmanager
def open_sheets(
    path: Path, label: str, max_bytes: int, on_read: Callable[[int], None] | None = None
) -> Iterator[Iterator[Sheet]]:
    """The sheets of `path`, open for reading, one after the other: consume each sheet's rows before
    asking for the next sheet (an XLSX sheet is loaded only when reached)."""
    fmt, note = sniff_format(path)
    if fmt == "csv":
        with _open_csv(path, label, on_read) as sheet:
            yield iter([sheet])
    else:
        with _open_xlsx(path, label, max_bytes) as sheets:
            yield (dataclasses.replace(sheet, note=note) for sheet in sheets)


@contextlib.contextmanager
def _open_csv(path: Path, label: str, on_read: Callable[[int], None] | None) -> Iterator[Sheet]:
    encoding = detect_encoding(path)
    with open(path, encoding=encoding.name, newline="") as fh:
        layout = detect_csv_layout(fh.read(1 << 16))
    raw = ByteCounter(open(path, "rb"), on_read)  # noqa: SIM115 - closed by the text wrapper below
    with io.TextIOWrapper(io.BufferedReader(raw, 1 << 16), encoding=encoding.name, newline="") as text:
        records = _csv_records(csv.reader(text, delimiter=layout.delimiter, strict=True))
        skipped: list[int] = []
        header: Row | None = None
        for index, record in enumerate(records):
            if index == layout.header_index:
                header = record
                break
            if any(c.strip() for c in record[1]):
                skipped.append(record[0])
        if header is None:
            raise DetectError("no_header")
        delimiter = {"\t": "TAB"}.get(layout.delimiter, layout.delimiter)
        yield Sheet(
            label,
            path.stem,
            header[1],
            header[0],
            _non_blank(records),
            f"CSV {encoding.label} «{delimiter}»",
            skipped,
        )


def _csv_records(reader: _csv.Reader) -> Iterator[Row]:
    """(starting line number, fields) for each record, blank lines included as empty records."""
    last_line = 0
    try:
        for fields in reader:
            yield last_line + 1, fields
            last_line = reader.line_num
    except csv.Error as exc:  # point at the line where the broken record starts
        if "field larger than field limit" in str(exc):  # a cell of more than csv.field_size_limit()
            raise DetectError("text_too_long", f"> {csv.field_size_limit()}", row=last_line + 1) from exc
        raise DetectError("bad_csv", str(exc), row=last_line + 1) from exc
    except UnicodeDecodeError as exc:
        raise DetectError("bad_encoding", str(exc.start), row=last_line + 1) from exc


def _non_blank(rows: Iterator[Row]) -> Iterator[Row]:
    for number, cells in rows:
        if any(c.strip() for c in cells):
            yield number, cells


@contextlib.contextmanager
def _open_xlsx(path: Path, label: str, max_bytes: int) -> Iterator[Iterator[Sheet]]:
    """The workbook's table sheets, each loaded only when reached (one sheet in memory at a time)."""
    check_archive(path, max_bytes)  # bombs, giant strings, more than the reader can hold: refused unread
    import python_calamine  # imported here: only XLSX needs it

    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several kinds (zip, XML, password) on a damaged file
        raise DetectError("bad_xlsx", type(exc).__name__) from exc
    try:
        worksheets = [
            m.name for m in book.sheets_metadata if m.typ == python_calamine.SheetTypeEnum.WorkSheet
        ]
        named = [name for name in worksheets if len(tables_from_name(name)) == 1]
        chosen = named or worksheets[:1]
        if not chosen:
            raise DetectError("no_header")

        def sheets() -> Iterator[Sheet]:
            for name in chosen:
                sheet_label = f"{label} [{name}]" if named else label
                yield _xlsx_sheet(_sheet_rows(book, name), sheet_label, name if named else path.stem)

        yield sheets()
    finally:
        book.close()


def _sheet_rows(book: python_calamine.CalamineWorkbook, name: str) -> Iterator[Row]:
    """(row number as Excel shows it, cells as text) of one sheet's non-empty rows."""
    try:
        sheet = book.get_sheet_by_name(name)
        first = sheet.start[0] if sheet.start else 0  # calamine skips empty rows above the data
        for number, values in enumerate(sheet.iter_rows(), start=first + 1):
            cells = [cell_text(v) for v in values]
            if any(cells):
                yield number, cells
    except DetectError:
        raise
    except Exception as exc:  # damaged XML inside the archive
        raise DetectError("bad_xlsx", type(exc).__name__) from exc


def _xlsx_sheet(stream: Iterator[Row], label: str, hint: str) -> Sheet:
    """Find the header among the first rows lazily; the returned rows continue after it."""
    head: list[Row] = []
    for row in stream:
        head.append(row)
        if len(head) >= HEADER_SCAN_ROWS:
            break
    if not head:
        raise DetectError("no_header")
    index = find_header_row([cells for _, cells in head])
    header_row, header = head[index]

    def rest() -> Iterator[Row]:
        yield from head[index + 1 :]
        yield from stream

    return Sheet(label, hint, header, header_row, rest(), "XLSX", [n for n, _ in head[:index]])


def cell_text(value: object) -> str:
    """An Excel cell as the text a CSV export would hold (dates ISO, whole numbers without `.0`)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):  # a cell formatted as a time only
        return value.isoformat(timespec="seconds")
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value)
