"""Writes the binary cases of this corpus (run once; the outputs are committed beside it).

.venv/bin/python tests/data/ingest_bad/make_binary_cases.py
"""

from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
OFFICERS = (
    "officer_id;ПІБ;громада;звання;дата відбору\nO-7;Литвин Ольга;Кропивницька;лейтенант поліції;02.01.2020\n"
)

# Excel's "Unicode text": UTF-16 with a BOM.
(HERE / "officers_utf16.csv").write_bytes(OFFICERS.encode("utf-16"))
# UTF-8 Cyrillic with one broken byte on line 3.
(HERE / "officers_broken_utf8.csv").write_bytes(
    OFFICERS.encode("utf-8")
    + "O-8;Гнатюк Петро;Знам’янська;".encode()
    + b"\xff"
    + "лейтенант;02.01.2020\n".encode()
)
# Windows-1251 text holding 0x98, the one byte that code page leaves undefined.
(HERE / "officers_cp1251_undefined_byte.csv").write_bytes(
    "officer_id;ПІБ;громада;звання;дата відбору\n".encode("cp1251")
    + b"O-7;\x98;"
    + "Кропивницька;лейтенант поліції;02.01.2020\n".encode("cp1251")
)
# The old binary Excel format.
(HERE / "officers_old_excel.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
# A ZIP header and then garbage.
(HERE / "officers_corrupt.xlsx").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
# A valid workbook whose sheet «surveys» has more «yes» than respondents on row 3 (a title row first).
book = openpyxl.Workbook()
sheet = book.active
sheet.title = "surveys"
sheet.append(["Опитування, жовтень 2026"])
sheet.append(
    [
        "громада",
        "дата опитування",
        "респондентів",
        "довіряють",
        "почуваються в безпеці",
        "знають свого офіцера",
    ]
)
sheet.append(["Кропивницька", None, 100, 120, 50, 20])
sheet["B3"] = __import__("datetime").date(2026, 10, 15)
book.save(HERE / "book_yes_above_respondents.xlsx")
