"""The bad-file corpus (tests/data/ingest_bad/): each file produces exactly its listed errors, and no
snapshot; every message and fix renders in both languages without leftover placeholders."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from dashboard.ingest.kinds import KINDS
from dashboard.snapshots import list_snapshots
from tests.ingest_helpers import errors_of, ingest, make_base_snapshot

CORPUS = Path(__file__).resolve().parent / "data" / "ingest_bad"
EXPECTED = tomllib.loads((CORPUS / "expected.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def base_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("snapshots")
    make_base_snapshot(directory)
    return directory


def test_every_corpus_file_is_listed() -> None:
    on_disk = {p.name for p in CORPUS.iterdir() if p.name not in ("expected.toml", "make_binary_cases.py")}
    on_disk.discard("__pycache__")
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_gives_its_exact_error(name: str, base_dir: Path) -> None:
    case = EXPECTED[name]
    result = ingest([CORPUS / name], base_dir)
    assert errors_of(result) == {tuple(e) for e in case["errors"]}
    warnings = {
        (p.kind, p.row or 0, p.column) for p in result.collector.problems() if p.severity == "warning"
    }
    assert warnings == {tuple(w) for w in case.get("warnings", [])}
    assert result.snapshot_path is None
    assert [s.reporting_date.isoformat() for s in list_snapshots(base_dir)] == ["2026-09-30"]
    for problem in result.collector.problems():
        for lang in ("uk", "en"):
            text = problem.message(lang) + problem.fix(lang)
            assert "{" not in text and "}" not in text


def test_the_corpus_covers_most_row_and_file_kinds() -> None:
    covered = {e[0] for case in EXPECTED.values() for e in case["errors"]}
    command_level = {
        "no_files",
        "base_not_found",
        "base_is_demo",
        "date_before_base",
        "snapshot_exists",
        "snapshot_exists_draft",
        "snapshot_file_damaged",  # tests/test_ingest_pipeline.py
        "rejected_draft_replaced",
        "ingest_busy",
        "file_not_found",
        "file_too_large",
        "ignored_file",
        "base_withdrawn",
        "reporting_date_in_future",
    }  # fmt: skip  (tests/test_publication_ingest.py)
    warnings_only = {k for k, v in KINDS.items() if v.severity == "warning"}
    tested_elsewhere = {"date_too_far", "wrong_extension"}  # tests/test_ingest_pipeline.py
    tested_elsewhere |= {"xlsx_too_large", "zip_bomb"}  # tests/test_ingest_limits.py (built in the test)
    tested_elsewhere |= {"folder_unwritable", "disk_full"}  # tests/test_ingest_faults.py
    assert set(KINDS) - covered - command_level - warnings_only - tested_elsewhere == set()
