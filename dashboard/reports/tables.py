"""Any DataFrame → CSV or XLSX bytes for download, with spreadsheet formulas neutralised.

CSV is UTF-8 with a byte-order mark, so that Excel opens Cyrillic correctly on double-click. Every text
cell that starts with =, +, -, @, a tab or a carriage return is prefixed with ' (dashboard.export_safety)
in both formats: texts come from uploaded files and could otherwise run as formulas.
"""

from __future__ import annotations

import io
import re

import pandas as pd

from dashboard.export_safety import neutralise_cells

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_MAX_COLUMN_WIDTH = 60


def _for_spreadsheet(df: pd.DataFrame) -> pd.DataFrame:
    """Neutralised, index dropped, timezone-aware times made naive (Excel has no time zones)."""
    out = neutralise_cells(df.reset_index(drop=True))
    for name in out.columns:
        column = out[name]
        if isinstance(column.dtype, pd.DatetimeTZDtype):
            out[name] = column.dt.tz_localize(None)
    return out


def csv_bytes(df: pd.DataFrame) -> bytes:
    """The frame as CSV (UTF-8 with BOM, comma-separated, no index)."""
    return _for_spreadsheet(df).to_csv(index=False).encode("utf-8-sig")


def sheet_name(name: str) -> str:
    """A valid Excel sheet name: no []:*?/\\, at most 31 characters, never empty."""
    cleaned = _SHEET_FORBIDDEN.sub(" ", name).strip().strip("'")
    return (cleaned or "data")[:31]


def xlsx_bytes(df: pd.DataFrame, name: str = "data") -> bytes:
    """The frame as an XLSX workbook with one sheet, a frozen bold header and fitted column widths."""
    frame = _for_spreadsheet(df)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        title = sheet_name(name)
        frame.to_excel(writer, sheet_name=title, index=False)
        sheet = writer.sheets[title]
        sheet.freeze_panes = "A2"
        for index, column in enumerate(frame.columns, start=1):
            values = [str(column), *(str(v) for v in frame[column].head(200))]
            width = min(_MAX_COLUMN_WIDTH, max(len(v) for v in values) + 2)
            sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    return buffer.getvalue()
