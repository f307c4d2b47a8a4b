"""Any DataFrame → CSV or XLSX bytes for download, with spreadsheet formulas neutralised.

CSV is UTF-8 with a byte-order mark, so that Excel opens Cyrillic correctly on double-click. Every text
cell that starts with =, +, -, @, a tab or a carriage return is prefixed with ' (dashboard.export_safety)
in both formats, headers and the "about" rows included: texts come from uploaded files and could
otherwise run as formulas.

What the file is about (`about_rows`: the as-of date, the data sources, the demo label) travels with it:

    CSV   the table, one blank line, then one `key,value` row each: `as_of`, `source`, `demo` (demo
          snapshots only). At the END, so that a program reading the file still finds the header in
          row 1; stop reading at the first empty line to get the table alone.
    XLSX  the table on sheet 1, the same rows on a second sheet named "about".
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence

import pandas as pd

from dashboard.export_safety import neutralise_cells, neutralise_text
from dashboard.i18n import t

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ABOUT_SHEET = "about"
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_MAX_COLUMN_WIDTH = 60
_BOLD_NAME = re.compile(r"\*\*(.+?)\*\*")

About = Sequence[tuple[str, str]]  # (key, value) rows: as_of, source, demo


def as_of_text(reporting_date: dt.date, lang: str) -> str:
    """«Дані станом на 31.10.2026» / "Data as of 31.10.2026" (DD.MM.YYYY in every language)."""
    return t("notice.data_as_of", lang, date=reporting_date.strftime("%d.%m.%Y"))


def _plain(markdown: str) -> str:
    """The methodology page's Markdown list as one line of plain text."""
    items = [re.sub(r"^[-*]\s+", "", line.strip()) for line in markdown.splitlines() if line.strip()]
    return " ".join(item.replace("**", "").replace("`", "") for item in items)


def source_text(lang: str) -> str:
    """The project's data sources in full, as the methodology page lists them (one line)."""
    return f"{t('methodology.sources', lang)}: {_plain(t('pg.data.sources', lang))}"


def source_names(lang: str) -> str:
    """The same sources by name only, short enough for the foot of a chart image."""
    names = _BOLD_NAME.findall(t("pg.data.sources", lang))
    return f"{t('methodology.sources', lang)}: {'; '.join(names)}"


def about_rows(reporting_date: dt.date, lang: str, is_demo: bool) -> list[tuple[str, str]]:
    """The `as_of`, `source` (and for a demo snapshot `demo`) rows every downloaded table carries."""
    rows = [("as_of", as_of_text(reporting_date, lang)), ("source", source_text(lang))]
    if is_demo:
        rows.append(("demo", t("notice.demo", lang)))
    return rows


def _for_spreadsheet(df: pd.DataFrame, labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Neutralised (cells and headers), index dropped, timezone-aware times made naive (Excel has no
    time zones), columns renamed to their `labels` (the interface's column headers) where given."""
    out = neutralise_cells(df.reset_index(drop=True))
    for name in out.columns:
        column = out[name]
        if isinstance(column.dtype, pd.DatetimeTZDtype):
            out[name] = column.dt.tz_localize(None)
    labels = labels or {}
    out.columns = [neutralise_text(str(labels.get(str(name), name))) for name in out.columns]
    return out


def _about(about: About | None) -> list[tuple[str, str]]:
    return [(neutralise_text(str(key)), neutralise_text(str(value))) for key, value in about or ()]


def csv_bytes(
    df: pd.DataFrame, *, labels: Mapping[str, str] | None = None, about: About | None = None
) -> bytes:
    """The frame as CSV (UTF-8 with BOM, comma-separated, CRLF, no index), headers renamed by `labels`.

    With `about` (see `about_rows`): after the table one blank line, then one `key,value` row per item
    (as_of, source, demo), at the end so that row 1 stays the header.
    """
    # CRLF line ends (RFC 4180): the csv writer then quotes every cell holding a CR or LF of its own.
    text = _for_spreadsheet(df, labels).to_csv(index=False, lineterminator="\r\n")
    rows = _about(about)
    if rows:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([])
        writer.writerows(rows)
        text += buffer.getvalue()
    return text.encode("utf-8-sig")


def sheet_name(name: str) -> str:
    """A valid Excel sheet name: no []:*?/\\, at most 31 characters, never empty."""
    cleaned = _SHEET_FORBIDDEN.sub(" ", name).strip().strip("'")
    return (cleaned or "data")[:31]


def _fit_widths(sheet, columns: list[list[str]]) -> None:
    for index, values in enumerate(columns, start=1):
        width = min(_MAX_COLUMN_WIDTH, max((len(v) for v in values), default=0) + 2)
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width


def xlsx_bytes(
    df: pd.DataFrame,
    name: str = "data",
    *,
    labels: Mapping[str, str] | None = None,
    about: About | None = None,
) -> bytes:
    """The frame as an XLSX workbook: one sheet with a frozen bold header and fitted column widths,
    headers renamed by `labels`; with `about`, a second sheet "about" holding those key/value rows."""
    frame = _for_spreadsheet(df, labels)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        title = sheet_name(name)
        if title == ABOUT_SHEET and about:
            title = "data"
        frame.to_excel(writer, sheet_name=title, index=False)
        sheet = writer.sheets[title]
        sheet.freeze_panes = "A2"
        _fit_widths(
            sheet,
            [[str(column), *(str(v) for v in frame.iloc[:200, i])] for i, column in enumerate(frame.columns)],
        )
        rows = _about(about)
        if rows:
            info = writer.book.create_sheet(ABOUT_SHEET)
            for row in rows:
                info.append(list(row))
            _fit_widths(info, [[k for k, _ in rows], [v for _, v in rows]])
    return buffer.getvalue()
