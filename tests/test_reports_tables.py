"""Table downloads (CSV, XLSX) neutralise formulas; the small pure helpers of dashboard/reports/."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from dashboard.queries.reference import hromada_list
from dashboard.reports.access import audience_key, policy_for
from dashboard.reports.build import UnknownHromadaError, export_filename, resolve_hromadas
from dashboard.reports.content import name_sort_key
from dashboard.reports.tables import csv_bytes, sheet_name, xlsx_bytes
from dashboard.snapshots import connect_readonly
from tests.fixture_snapshot import A, B
from tests.reports_helpers import snapshot_file

RISKY = pd.DataFrame(
    {
        "hromada": [
            '=HYPERLINK("http://x","Бобринецька")',
            "+380 50 111 11 11",
            "-2+3",
            "@SUM(A1)",
            "Ганнівська",
        ],
        "count": [1, -5, 3, 0, 12],
        "when": pd.to_datetime(["2026-10-31"] * 5),
    }
)


def test_csv_is_utf8_with_bom_and_neutralised() -> None:
    data = csv_bytes(RISKY)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(back["hromada"]) == [
        '\'=HYPERLINK("http://x","Бобринецька")',
        "'+380 50 111 11 11",
        "'-2+3",
        "'@SUM(A1)",
        "Ганнівська",
    ]
    assert list(back["count"]) == [1, -5, 3, 0, 12]  # numbers are left alone


def test_xlsx_cells_are_text_not_formulas() -> None:
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(RISKY, "Громади: 12/2026")))
    sheet = book.active
    assert sheet.title == "Громади  12 2026"
    assert [c.value for c in sheet[1]] == ["hromada", "count", "when"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.data_type for c in cells] == ["s"] * 5
    assert all(str(c.value).startswith("'") for c in cells[:4]) and cells[4].value == "Ганнівська"
    assert [row[1].value for row in sheet.iter_rows(min_row=2)] == [1, -5, 3, 0, 12]
    assert sheet.freeze_panes == "A2"


def test_sheet_names_are_valid() -> None:
    assert sheet_name("") == "data"
    assert len(sheet_name("x" * 40)) == 31
    assert sheet_name("a[b]*c?") == "a b  c"


def test_policy_roles() -> None:
    assert audience_key(policy_for("partner")) == "partner"
    assert policy_for("admin").may_see_personal(A)
    head = policy_for("head", A)
    assert head.may_see_personal(A) and not head.may_see_personal(B)
    assert policy_for("partner").controlled and not policy_for("head", A).controlled
    with pytest.raises(ValueError):
        policy_for("guest")


def test_unknown_katottg_gets_suggestions(fixture_data_dir: Path) -> None:
    with connect_readonly(snapshot_file(fixture_data_dir)) as con:
        hromadas = hromada_list(con)
    assert resolve_hromadas(None, hromadas) is None
    assert resolve_hromadas([B, A, B], hromadas) == [B, A]
    with pytest.raises(UnknownHromadaError) as typo:
        resolve_hromadas([A[:-1]], hromadas)
    assert A in str(typo.value) and "Бобринецька" in str(typo.value)
    with pytest.raises(UnknownHromadaError) as name:
        resolve_hromadas(["бобринецька"], hromadas)
    assert f"did you mean {A} (Бобринецька)" in str(name.value)


def test_export_file_names_are_latin_and_dated() -> None:
    day = dt.date(2026, 10, 31)
    assert export_filename("pdf", "uk", day, None) == "pog-report-2026-10-31-uk.pdf"
    assert export_filename("pptx", "en", day, [A]) == f"pog-deck-2026-10-31-en-{A}.pptx"
    assert export_filename("pptx", "en", day, [A, B]) == "pog-deck-2026-10-31-en-2-hromadas.pptx"


def test_ukrainian_alphabetical_order() -> None:
    names = ["Іршанська", "Ганнівська", "Ґалаганівська", "Аджамська", "Єлисаветградська", "Ингульська"]
    assert sorted(names, key=name_sort_key) == [
        "Аджамська", "Ганнівська", "Ґалаганівська", "Єлисаветградська", "Ингульська", "Іршанська",
    ]  # fmt: skip
