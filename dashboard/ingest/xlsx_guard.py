"""What an XLSX archive must pass before any reader unpacks it: bounded size, no zip bomb, no giant text.

An XLSX is a ZIP of XML parts. A few hundred kilobytes can unpack to gigabytes (a «zip bomb»), and the
XLSX reader (python-calamine) loads a whole sheet and the whole shared-string table into memory. So,
looking only at the ZIP directory and streaming the shared strings once (never holding more than a
block), refuse:

- a workbook whose parts unpack to more than `READER_LIMIT_BYTES` (the reader needs about 2 bytes of
  memory per byte of sheet XML: a million-row sheet is ~345 MB of XML; a larger workbook is refused with
  the advice to save it as CSV, which is read in constant memory);
- a part that unpacks to more than `MAX_INFLATE_RATIO` times its compressed size (Apache POI's
  ZipSecureFile rule and default: 100×, for parts above `RATIO_GRACE_BYTES`);
- a shared string longer than Excel's own cell limit of 32 767 characters (`text_too_long`): no real
  export holds one.
"""

from __future__ import annotations

import re
import xml.parsers.expat
import zipfile
from pathlib import Path

from dashboard.ingest.detect import DetectError

EXCEL_CELL_LIMIT = 32_767  # characters: Excel's limit for the text of one cell
# Unpacked XML the reader may load: calamine peaks at about twice the unpacked size while it loads a
# sheet, so with the ingest's own working set a workbook this large stays under 1 GB (measured: a million
# activity rows, 345 MB unpacked, peak 870 MB: benchmarks/bench_ingest.py --xlsx).
READER_LIMIT_BYTES = 360_000_000
MAX_INFLATE_RATIO = 100
RATIO_GRACE_BYTES = 1 << 20  # small parts (styles, a tiny sheet) compress extremely well and harmlessly
SHARED_STRINGS = "xl/sharedStrings.xml"
_BLOCK = 1 << 20
# A shared string's XML may be longer than its text (entities such as &#x0456; take up to 10 bytes a
# character, rich-text runs add markup): an <si> up to this size is parsed to count its characters
# exactly; a larger one is too long whatever it holds.
_MAX_SI_BYTES = 10 * EXCEL_CELL_LIMIT + 4096
_SI_START = re.compile(rb"<(?:\w+:)?si[\s>/]")
_SI_END = re.compile(rb"</(?:\w+:)?si\s*>")


def check_archive(path: Path, max_bytes: int) -> int:
    """Raise DetectError unless the workbook at `path` is safe to hand to the XLSX reader; its unpacked size."""
    limit = min(READER_LIMIT_BYTES, 10 * max_bytes)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            # First the shared strings (streamed, stopping at the first giant one): a bomb hidden there
            # gets the precise reason, text_too_long, rather than a size.
            if any(info.filename == SHARED_STRINGS for info in infos):
                _check_shared_strings(archive, limit)
            unpacked = sum(info.file_size for info in infos)
            if unpacked > limit:
                raise DetectError("xlsx_too_large", f"{unpacked / 1e6:.0f} MB > {limit / 1e6:.0f} MB")
            for info in infos:
                ratio = info.file_size / max(info.compress_size, 1)
                if info.file_size > RATIO_GRACE_BYTES and ratio > MAX_INFLATE_RATIO:
                    raise DetectError("zip_bomb", f"{info.filename}: {ratio:.0f}×")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as exc:
        raise DetectError("bad_xlsx", type(exc).__name__) from exc
    return unpacked


def _check_shared_strings(archive: zipfile.ZipFile, limit: int) -> None:
    """Stream the shared-string table: every string at most EXCEL_CELL_LIMIT characters, at most `limit` bytes."""
    index = -1  # of the <si> being read
    current = bytearray()  # its bytes so far (kept only up to _MAX_SI_BYTES)
    tail = b""  # the end of the previous block, so that a tag split between blocks is still found
    read = 0
    with archive.open(SHARED_STRINGS) as part:
        while block := part.read(_BLOCK):
            read += len(block)
            if read > limit:
                raise DetectError("xlsx_too_large", f"{SHARED_STRINGS} > {limit / 1e6:.0f} MB")
            data = tail + block
            last = len(tail)
            for match in _SI_START.finditer(data):
                if match.start() < len(tail):
                    continue  # its bytes were counted in the previous round
                if current or match.start() - last > EXCEL_CELL_LIMIT:  # only a long one needs a look
                    _check_one(index, current + data[last : match.start()])
                index, current, last = index + 1, bytearray(), match.start()
            current += data[last:]
            if len(current) > _MAX_SI_BYTES:
                _check_one(index, current)
            tail = data[-8:]
    _check_one(index, current)


def _check_one(index: int, si_xml: bytearray) -> None:
    if index < 0 or len(si_xml) <= EXCEL_CELL_LIMIT:
        return  # no more bytes than the limit: no more characters either
    if len(si_xml) > _MAX_SI_BYTES or _text_length(bytes(si_xml)) > EXCEL_CELL_LIMIT:
        raise DetectError("text_too_long", f"sharedStrings #{index + 1} > {EXCEL_CELL_LIMIT}")


def _text_length(si_xml: bytes) -> int:
    """The characters of text in one `<si>…</si>` (what follows its end tag, e.g. `</sst>`, ignored)."""
    ends = list(_SI_END.finditer(si_xml))
    whole = si_xml[: ends[-1].end()] if ends else si_xml
    count = 0

    def text(chunk: str) -> None:
        nonlocal count
        count += len(chunk)

    parser = xml.parsers.expat.ParserCreate()
    parser.CharacterDataHandler = text
    try:
        parser.Parse(whole, True)
    except xml.parsers.expat.ExpatError:
        return len(si_xml)  # not well-formed: judge it by its size
    return count
