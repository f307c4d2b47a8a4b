"""Contract v1.1 in the ingest: a funding file (also named «budget…») is recognised and checked with the
same rigour as the other tables; passport files of contract v1 stay valid; the new passport columns land
in the snapshot."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard.ingest.detect import tables_from_name
from dashboard.ingest.rules import canonical_prozorro_id, prozorro_problem
from tests.ingest_helpers import REPORTING_DATE, contract_content, errors_of, ingest, make_base_snapshot

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
V1_PASSPORT = (
    "item_id;громада;проблема;пріоритет;захід;відповідальний;термін;статус;оновлено\n"
    "SP-1;Кропивницька;Крадіжки;високий;Патрулі;ПОГ;31.12.2026;в роботі;20.10.2026\n"
)


@pytest.fixture()
def base_dir(tmp_path: Path) -> Path:
    make_base_snapshot(tmp_path / "snapshots")
    return tmp_path / "snapshots"


def test_a_budget_file_is_a_funding_table() -> None:
    for name in ("budget_2026.csv", "funding.xlsx", "Фінансування громад.csv", "Закупівлі 2026.csv"):
        assert tables_from_name(name) == ["funding"], name


def test_the_valid_funding_sample_is_accepted(base_dir: Path) -> None:
    result = ingest([SAMPLES / "valid" / "budget_2026.csv"], base_dir)
    assert result.ok and result.tables["funding"].rows == 5
    funding = contract_content(result.snapshot_path)["funding"]  # type: ignore[arg-type]
    assert funding["amount_uah"].sum() == pytest.approx(1_450_000 + 96_000 + 385_500.5 + 54_000 + 1_200_000)
    assert funding["source_type"].tolist() == ["donor", "state", "hromada", "oblast", "donor"]
    assert funding["item"].tolist() == ["vehicle", "tablet", "office", "training", "station"]
    assert funding["hromada"].iloc[2] == "UA35040230000015609"  # Новгородківська (2020 name) → its code
    assert funding["prozorro_id"].isna().tolist() == [False, True, False, True, False]
    assert funding["prozorro_id"].dropna().tolist() == [
        "UA-2026-02-10-001234-a",
        "UA-2026-04-22-004321-b",
        "UA-2026-07-01-000777-c",
    ]


def test_the_broken_funding_sample_is_refused_precisely(base_dir: Path) -> None:
    # One row per problem kind, each with its file row and column; nothing written.
    result = ingest([SAMPLES / "broken" / "funding_broken.csv"], base_dir)
    assert errors_of(result) == {
        ("unknown_hromada", 2, "hromada"),
        ("not_allowed", 3, "item"),
        ("out_of_range", 4, "quantity"),
        ("negative_amount", 5, "amount_uah"),
        ("not_allowed", 6, "source_type"),
        ("missing_value", 7, "source_name"),
        ("date_in_future", 8, "paid_on"),
        ("bad_prozorro_id", 9, "prozorro_id"),
        ("bad_prozorro_id", 10, "prozorro_id"),
        ("bad_prozorro_id", 11, "prozorro_id"),
        ("duplicate_id", 11, "funding_id"),
    }
    assert result.snapshot_path is None
    by_row = {(p.row, p.kind): p for p in result.collector.problems()}
    assert "Кропивницька" in by_row[(2, "unknown_hromada")].message("uk")  # the closest name is offered
    assert "2026-02-30" in by_row[(10, "bad_prozorro_id")].message("en")
    assert "2027-01-15 > 2026-10-31" in by_row[(11, "bad_prozorro_id")].message("en")
    for problem in result.collector.problems():
        for lang in ("uk", "en"):
            assert problem.fix(lang) and "{" not in problem.message(lang) + problem.fix(lang)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("UA-2025-03-14-001234-a", None),
        (" ua-2025-03-14-001234-A ", None),
        ("UA-2015-02-11-000001-a", "2015-02-11 < 2015-02-12"),  # before ProZorro's first tenders
        ("UA-2024-02-29-000001-b", None),  # a leap day
        ("UA-2025-02-29-000001-b", "2025-02-29: немає такої дати / no such date"),
        ("UA-2025-13-01-000001-b", "2025-13-01: немає такої дати / no such date"),
        ("UA-2025-03-14-01234-a", "UA-YYYY-MM-DD-NNNNNN-x"),
        ("UA-2025-03-14-001234", "UA-YYYY-MM-DD-NNNNNN-x"),
        ("UA-2025-03-14-001234-ab", "UA-YYYY-MM-DD-NNNNNN-x"),
        ("2025-03-14-001234-a", "UA-YYYY-MM-DD-NNNNNN-x"),
    ],
)
def test_prozorro_ids(text: str, problem: str | None) -> None:
    assert prozorro_problem(text, REPORTING_DATE) == problem
    if problem is None:
        assert (
            canonical_prozorro_id(text)
            == text.strip()[:2].upper() + text.strip()[2:-1] + text.strip()[-1].lower()
        )


def test_a_v1_passport_file_is_still_valid(base_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "passport_items.csv"
    path.write_text(V1_PASSPORT, encoding="utf-8")
    result = ingest([path], base_dir)
    assert result.ok, [p.kind for p in result.collector.problems()]
    items = contract_content(result.snapshot_path)["passport_items"]  # type: ignore[arg-type]
    assert items[["action_taken", "outcome", "reviewed_on"]].isna().all().all()


def test_v1_1_passport_columns_are_read(base_dir: Path) -> None:
    result = ingest([SAMPLES / "valid" / "passport_items.csv"], base_dir)
    assert result.ok
    items = contract_content(result.snapshot_path)["passport_items"].set_index("item_id")  # type: ignore[arg-type]
    assert items.loc["SP-9002", "outcome"] == "Скарг батьків на темряву більше немає"
    assert str(items.loc["SP-9001", "reviewed_on"])[:10] == "2026-10-10"
    late = ingest([SAMPLES / "valid" / "passport_items.csv"], base_dir, base="2026-09-30", check_only=True,
                  reporting_date=dt.date(2026, 10, 12))  # fmt: skip
    assert ("date_in_future", 4, "reviewed_on") in errors_of(late)  # a review cannot lie ahead
