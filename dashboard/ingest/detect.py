"""Telling what a file is: its format, text encoding, CSV delimiter, header row and contract table.

Everything here looks at bytes or a small sample; reading the rows is read.py's job.
"""

from __future__ import annotations

import codecs
import csv
import re
from dataclasses import dataclass
from pathlib import Path

from dashboard.ingest.normalize import all_header_keys, fold, header_key, map_headers
from dashboard.schema import CONTRACT

CSV_SUFFIXES = (".csv",)
XLSX_SUFFIXES = (".xlsx", ".xlsm")
DELIMITERS = (";", ",", "\t")
HEADER_SCAN_ROWS = 10
_BLOCK = 1 << 20
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls


class DetectError(Exception):
    """The file cannot be read as a contract table; `code` is a kind of kinds.py."""

    def __init__(self, code: str, detail: str = "", row: int | None = None) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail
        self.row = row


def sniff_format(path: Path) -> tuple[str, str]:
    """("csv" | "xlsx", note): by the content's magic bytes, the extension deciding only for text."""
    with open(path, "rb") as fh:
        head = fh.read(8)
    suffix = path.suffix.lower()
    if head.startswith(_OLE_MAGIC):
        raise DetectError("unsupported_format", "старий формат .xls / old .xls")
    if head.startswith(_ZIP_MAGIC):
        return "xlsx", "" if suffix in XLSX_SUFFIXES else f"XLSX → {path.name}"
    if suffix in XLSX_SUFFIXES:
        raise DetectError("bad_xlsx", "не ZIP / not a ZIP archive")
    if suffix in CSV_SUFFIXES:
        return "csv", ""
    raise DetectError("unsupported_format", suffix or "—")


@dataclass(frozen=True)
class TextEncoding:
    name: str  # a Python codec name
    label: str  # what to show people


_CYRILLIC_UTF8 = re.compile(rb"[\xd0\xd1][\x80-\xbf]")
_HIGH_BYTES = re.compile(rb"[\x80-\xff]")


def detect_encoding(path: Path) -> TextEncoding:
    """UTF-8 (with or without BOM) when the whole file decodes as UTF-8, otherwise Windows-1251.

    A file that is mostly UTF-8 Cyrillic but has a broken byte is refused rather than read as 1251,
    which would silently turn every name into mojibake.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    first = b""
    with open(path, "rb") as fh:
        while block := fh.read(_BLOCK):
            if not first:
                first = block
                if block.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                    raise DetectError("not_text", "UTF-16")
            if b"\x00" in block:
                raise DetectError("not_text", "NUL")
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                return _fallback(path, first, max(offset + exc.start, 0))
            offset += len(block)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return _fallback(path, first, max(offset - 1, 0))
    if first.startswith(codecs.BOM_UTF8):
        return TextEncoding("utf-8-sig", "UTF-8 BOM")
    return TextEncoding("utf-8", "UTF-8")


def _fallback(path: Path, sample: bytes, bad_offset: int) -> TextEncoding:
    utf8_pairs = len(_CYRILLIC_UTF8.findall(sample))
    high = len(_HIGH_BYTES.findall(sample))
    if high and utf8_pairs * 2 >= high * 0.8:
        raise DetectError("bad_encoding", str(bad_offset + 1), row=_line_at(path, bad_offset))
    undefined = _find_byte(path, b"\x98")  # the one byte Windows-1251 does not define
    if undefined is not None:
        raise DetectError("not_text", "0x98", row=_line_at(path, undefined))
    return TextEncoding("cp1251", "Windows-1251")


def _find_byte(path: Path, byte: bytes) -> int | None:
    offset = 0
    with open(path, "rb") as fh:
        while block := fh.read(_BLOCK):
            found = block.find(byte)
            if found >= 0:
                return offset + found
            offset += len(block)
    return None


def _line_at(path: Path, offset: int) -> int:
    """The 1-based line number holding byte `offset`."""
    line = 1
    with open(path, "rb") as fh:
        while offset > 0 and (block := fh.read(min(_BLOCK, offset))):
            line += block.count(b"\n")
            offset -= len(block)
    return line


@dataclass(frozen=True)
class CsvLayout:
    delimiter: str
    header_index: int  # how many records precede the header


def _header_score(cells: list[str]) -> int:
    keys = all_header_keys()
    return sum(1 for c in cells if header_key(c) in keys)


def detect_csv_layout(sample: str) -> CsvLayout:
    """The delimiter and header row that make the most cells known column names."""
    lines = [line for line in sample.splitlines()[:HEADER_SCAN_ROWS]]
    best: tuple[int, int, int] | None = None  # (score, fields, -index)
    choice = CsvLayout(_most_frequent_delimiter(lines[0] if lines else ""), 0)
    for delimiter in DELIMITERS:
        for index, line in enumerate(lines):
            try:
                cells = next(csv.reader([line], delimiter=delimiter), [])
            except csv.Error:
                continue
            score = _header_score(cells)
            if score < 2:
                continue
            candidate = (score, len(cells), -index)
            if best is None or candidate > best:
                best, choice = candidate, CsvLayout(delimiter, index)
    return choice


def _most_frequent_delimiter(line: str) -> str:
    return max(DELIMITERS, key=line.count) if any(d in line for d in DELIMITERS) else ","


def find_header_row(rows: list[list[str]]) -> int:
    """Index of the header among the first rows: the first with ≥ 2 known column names, else 0."""
    for index, cells in enumerate(rows[:HEADER_SCAN_ROWS]):
        if _header_score(cells) >= 2:
            return index
    return 0


# --- which table -----------------------------------------------------------------------------------

_NAME_STEMS = {
    "officers": ("officer", "офіцер", "пог"),
    "stations": ("station", "станці", "станція"),
    "resources": ("resource", "ресурс", "забезпечен"),
    "activities": ("activit", "діяльн", "активн"),
    "offences": ("offence", "offense", "правопоруш", "єрдр"),
    "calls": ("call", "виклик", "102"),
    "surveys": ("survey", "опитуван"),
    "passport_items": ("passport", "паспорт"),
    # Budget and procurement files go by many names: «budget_2026», «Фінансування», «Закупівлі ПОГ».
    "funding": ("funding", "budget", "spending", "procurement", "фінансуван", "бюджет", "закупівл", "витрат"),
}
_WORD = re.compile(r"[^\W_]+")


def tables_from_name(name: str) -> list[str]:
    """The contract tables a file or sheet name points at (several when it is ambiguous)."""
    words = _WORD.findall(fold(name))
    found = [t for t, stems in _NAME_STEMS.items() if any(w.startswith(stems) for w in words)]
    if "passport_items" in found:
        return ["passport_items"]
    return found


def choose_table(name: str, header: list[str]) -> str:
    """The table named by `name` or, failing that, the one whose columns the header holds."""
    candidates = tables_from_name(name) or list(CONTRACT)
    scored = []
    for table_name in candidates:
        mapping = map_headers(CONTRACT[table_name], header)
        scored.append((len(mapping.missing), -len(mapping.present), len(mapping.unknown), table_name))
    scored.sort()
    missing, _present, _unknown, best = scored[0]
    if len(candidates) == 1:
        return best
    ties = [s[3] for s in scored if s[:3] == scored[0][:3]]
    if missing == 0 and len(ties) == 1:
        return best
    if missing == 0:
        raise DetectError("unknown_table", " / ".join(ties))
    lacking = ", ".join(map_headers(CONTRACT[best], header).missing)
    raise DetectError("unknown_table", f"{best}? — {lacking}")
