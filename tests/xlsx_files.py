"""XLSX files written as raw XML (fast, no openpyxl): large sheets for the benchmark, crafted ones for tests.

`write_xlsx` writes what Excel writes (text in the shared-string table, numbers inline), streaming, so a
million rows take seconds. `write_shared_string_bomb` writes a small file whose one shared string unpacks
to `chars` characters: the attack the XLSX reader must refuse without unpacking it.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
{sheets}
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""
_SHEET_TYPE = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets>{sheets}</sheets></workbook>"""
_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
{sheets}
<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""
_SHEET_REL = (
    '<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet{n}.xml"/>'
)
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SST_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _skeleton(archive: zipfile.ZipFile, names: Sequence[str]) -> None:
    numbers = range(1, len(names) + 1)
    archive.writestr(
        "[Content_Types].xml", _CONTENT_TYPES.format(sheets="".join(_SHEET_TYPE.format(n=n) for n in numbers))
    )
    archive.writestr("_rels/.rels", _ROOT_RELS)
    sheets = "".join(
        f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"/>'
        for n, name in zip(numbers, names, strict=True)
    )
    archive.writestr("xl/workbook.xml", _WORKBOOK.format(sheets=sheets))
    archive.writestr(
        "xl/_rels/workbook.xml.rels",
        _WORKBOOK_RELS.format(sheets="".join(_SHEET_REL.format(n=n) for n in numbers)),
    )


def write_xlsx(path: Path, sheets: dict[str, Iterable[Sequence[object]]]) -> Path:
    """Each sheet's rows (the first is the header): str -> shared string, int/float -> number, None -> empty."""
    strings: dict[str, int] = {}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        _skeleton(archive, list(sheets))
        for n, rows in enumerate(sheets.values(), start=1):
            with archive.open(f"xl/worksheets/sheet{n}.xml", "w", force_zip64=True) as part:
                part.write(_SHEET_HEAD.encode())
                buffer: list[str] = []
                for r, row in enumerate(rows, start=1):
                    cells = []
                    for c, value in enumerate(row):
                        if value is None or value == "":
                            continue
                        ref = f"{_column_letter(c)}{r}"
                        if isinstance(value, str):
                            index = strings.setdefault(value, len(strings))
                            cells.append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
                        else:
                            cells.append(f'<c r="{ref}"><v>{value}</v></c>')
                    buffer.append(f'<row r="{r}">{"".join(cells)}</row>')
                    if len(buffer) >= 10_000:
                        part.write("".join(buffer).encode())
                        buffer.clear()
                part.write(("".join(buffer) + "</sheetData></worksheet>").encode())
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(_SST_HEAD.encode())
            batch: list[str] = []
            for text in strings:
                batch.append(f"<si><t>{escape(text)}</t></si>")
                if len(batch) >= 10_000:
                    part.write("".join(batch).encode())
                    batch.clear()
            part.write(("".join(batch) + "</sst>").encode())
    return path


def write_shared_string_bomb(
    path: Path, chars: int, header: Sequence[str] = ("officer_id", "full_name")
) -> Path:
    """A valid workbook whose shared string #0 (the first data cell) holds `chars` × «A»: tiny on disk."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        _skeleton(archive, ["officers"])
        head = "".join(
            f'<c r="{_column_letter(c)}1" t="inlineStr"><is><t>{escape(h)}</t></is></c>'
            for c, h in enumerate(header)
        )
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'{_SHEET_HEAD}<row r="1">{head}</row><row r="2"><c r="A2" t="s"><v>0</v></c></row></sheetData></worksheet>',
        )
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write((_SST_HEAD + "<si><t>").encode())
            block = b"A" * (1 << 20)
            left = chars
            while left > 0:
                part.write(block[: min(left, len(block))])
                left -= len(block)
            part.write(b"</t></si></sst>")
    return path
