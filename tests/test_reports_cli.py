"""`python -m dashboard report` end to end on the fixture snapshot, and its answers to bad arguments."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.cli import main
from tests.fixture_snapshot import A, B
from tests.reports_helpers import pdf_pages, pdf_text

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def env(fixture_data_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, str]:
    # A data dir of its own (the audit log is written there), with the fixture snapshots linked in.
    data = tmp_path / "data"
    data.mkdir()
    (data / "snapshots").symlink_to(fixture_data_dir / "snapshots", target_is_directory=True)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data))
    return {**os.environ, "DASHBOARD_DATA_DIR": str(data)}


def test_cli_writes_the_report_atomically(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "out" / "report.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", "report", "--format", "pdf", "--lang", "uk", "--hromada", A,
         "--snapshot", "2026-10-31", "--out", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Малюємо графіки" in done.stdout and "100.0 %" in done.stdout
    assert f"wrote {out}" in done.stdout and " s (data " in done.stdout
    assert sorted(p.name for p in out.parent.iterdir()) == ["report.pdf"]  # no temporary file left
    pages = pdf_pages(out)
    assert pages >= 7  # overview, Бобринецька, back matter
    text = pdf_text(out)
    assert "Бобринецька" in text and "Дані станом на 31.10.2026" in text and "Ганнівська" not in text
    audit = list((Path(env["DASHBOARD_DATA_DIR"]) / "audit").glob("audit-*.jsonl"))
    assert audit and '"event":"export"' in audit[0].read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--hromada", A[:-1]], f"did you mean {A} (Бобринецька)"),
        (["--hromada", "Ганнівська"], f"did you mean {B} (Ганнівська)"),
        (["--snapshot", "2020-01-31"], "no snapshot for 2020-01-31 (available: 2026-09-30, 2026-10-31)"),
        (["--snapshot", "31.10.2026"], "is not a date"),
        (["--role", "head"], "--own-hromada"),
    ],
)
def test_cli_bad_arguments(
    env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    out = tmp_path / "x.pdf"
    assert main(["report", "--format", "pdf", "--out", str(out), *args]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_cli_out_must_match_the_format(env: dict[str, str], tmp_path: Path, capsys) -> None:
    assert main(["report", "--format", "pptx", "--out", str(tmp_path / "deck.pdf")]) == 2
    assert "should end in .pptx" in capsys.readouterr().err


def test_cli_requires_format_and_out(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "--format", "docx", "--out", "x.docx"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_cli_deck_with_a_chosen_hromada_and_the_appendix(env: dict[str, str], tmp_path: Path, capsys) -> None:
    """--hromada puts A right after the oblast slides; --appendix adds every other hromada at the end,
    after the sources, under a title slide, in Ukrainian alphabetical order."""
    from pptx import Presentation

    from dashboard.reports.content import name_sort_key
    from dashboard.reports.slides import OBLAST_SLIDES
    from tests.reports_helpers import slide_texts

    out = tmp_path / "deck.pptx"
    assert main(["report", "--format", "pptx", "--hromada", A, "--appendix", "--out", str(out)]) == 0
    assert "appendix of all hromadas" in capsys.readouterr().out
    slides = len(Presentation(str(out)).slides)
    oblast = len(OBLAST_SLIDES)
    assert slides == oblast + 1 + 1 + 1 + 48  # oblast, A, sources, the appendix's title, the other 48
    texts = slide_texts(out)
    assert texts[oblast].startswith("Бобринецька")
    assert texts[oblast + 2].startswith("Додаток: громади") and "(48)" in texts[oblast + 2]
    names = [text.split("\n")[0] for text in texts[oblast + 3 :]]
    assert "Бобринецька" not in names and names == sorted(names, key=name_sort_key)
