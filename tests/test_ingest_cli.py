"""`python -m dashboard ingest` as an office worker runs it: exit codes, what it prints, the report."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dashboard.auth.audit import read_events
from dashboard.snapshots import list_snapshots
from tests.ingest_helpers import ROOT, run_cli

VALID = ROOT / "data" / "samples" / "valid"
BROKEN = ROOT / "data" / "samples" / "broken"


def test_help_lists_the_commands(tmp_path: Path) -> None:
    done = run_cli("--help", data_dir=tmp_path)
    assert "ingest" in done.stdout and "diff" in done.stdout
    done = run_cli("ingest", "--help", data_dir=tmp_path)
    assert "--base" in done.stdout and "--report" in done.stdout


def test_success_prints_per_table_counts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path))  # where read_events looks
    done = run_cli("ingest", "--date", "2026-10-31", str(VALID), data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = {line.split()[0]: line.split()[1:] for line in done.stdout.splitlines() if line.strip()}
    assert lines["activities"] == ["48", "48", "0", "0", "0"]
    assert lines["officers"] == ["6", "6", "0", "0", "2"]
    assert "Знімок 2026-10-31 створено" in done.stdout
    assert "попередження" in done.stdout  # the two planned dates are reported, not hidden
    (created,) = [e for e in read_events() if e["event"] == "snapshot_created"]
    assert created["login"].startswith("cli:") and created["detail"]["reporting_date"] == "2026-10-31"
    # Again on top of it: nothing new, everything unchanged.
    again = run_cli("ingest", "--date", "2026-11-30", "--lang", "en", str(VALID), data_dir=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "Base snapshot: 2026-10-31" in again.stdout
    assert any(
        line.split() == ["activities", "48", "0", "0", "48", "0"] for line in again.stdout.splitlines()
    )


def test_errors_exit_1_write_nothing_and_the_report_lists_everything(tmp_path: Path) -> None:
    report = tmp_path / "problems.csv"
    done = run_cli(
        "ingest", "--date", "2026-10-31", "--report", str(report), str(VALID), str(BROKEN), data_dir=tmp_path
    )
    assert done.returncode == 1
    assert list_snapshots(tmp_path / "snapshots") == []
    assert "Знімок НЕ створено" in done.stderr
    assert "activities_broken.csv · стовпець «hromada»" in done.stderr
    assert "рядок 2: «Кропивницкая» — невідома громада; схожі назви: Кропивницька" in done.stderr
    with open(report, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream, delimiter=";"))
    errors = [r for r in rows if r["severity"] == "error"]
    assert len(errors) == int(done.stderr.split("Помилок: ")[1].split(",")[0])
    assert {"unknown_hromada", "unknown_officer", "duplicate_id", "wrong_field_count", "missing_column",
            "unknown_table", "yes_above_respondents", "arrived_before_received"} <= {r["kind"] for r in errors}  # fmt: skip
    assert all(r["fix"] for r in rows)


def test_check_only(tmp_path: Path) -> None:
    done = run_cli("ingest", "--check", "--date", "2026-10-31", str(VALID), data_dir=tmp_path)
    assert done.returncode == 0
    assert "нічого не записано" in done.stdout
    assert list_snapshots(tmp_path / "snapshots") == []


def test_bad_arguments(tmp_path: Path) -> None:
    wrong = run_cli("ingest", "--date", "31/10/2026", str(VALID), data_dir=tmp_path)
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr and "not a date" in wrong.stderr
    assert run_cli("ingest", "--check", "--date", "31.10.2026", str(VALID), data_dir=tmp_path).returncode == 0
    missing = run_cli("ingest", "--date", "2026-10-31", str(tmp_path / "nowhere"), data_dir=tmp_path)
    assert missing.returncode == 1 and "file_not_found" in missing.stderr
