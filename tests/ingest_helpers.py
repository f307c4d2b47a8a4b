"""Helpers shared by the ingest tests: a tiny base snapshot, running the CLI, reading snapshot content."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd

from dashboard.ingest.pipeline import IngestOptions, IngestResult, run_ingest
from dashboard.schema import CONTRACT
from dashboard.snapshots import SnapshotBuilder, connect_readonly
from dashboard.sql_ident import fill_identifiers

ROOT = Path(__file__).resolve().parent.parent
BASE_DATE = dt.date(2026, 9, 30)
REPORTING_DATE = dt.date(2026, 10, 31)
KROPYVNYTSKA = "UA35040210000014072"
ZNAMIANSKA = "UA35040130000021732"


def base_tables() -> dict[str, pd.DataFrame]:
    """Two officers, one station, one activity and one survey: just enough for references."""
    return {
        "officers": pd.DataFrame(
            {
                "officer_id": ["O-1", "O-2"],
                "full_name": ["Іваненко Іван", "Петренко Петро"],
                "hromada": [KROPYVNYTSKA, ZNAMIANSKA],
                "rank": ["капітан поліції", "лейтенант поліції"],
                "selected_on": pd.to_datetime(["2019-02-01", "2020-01-10"]),
                "deployed_on": pd.to_datetime(["2019-06-01", "2020-05-01"]),
            }
        ),
        "activities": pd.DataFrame(
            {
                "activity_id": ["A-0"],
                "officer_id": ["O-1"],
                "hromada": [KROPYVNYTSKA],
                "started_at": pd.to_datetime(["2026-09-15 10:00"]),
                "duration_min": [60],
                "activity_type": ["patrol"],
            }
        ),
        "surveys": pd.DataFrame(
            {
                "hromada": [KROPYVNYTSKA],
                "survey_date": pd.to_datetime(["2026-04-15"]),
                "respondents": [300],
                "trust_yes": [150],
                "feel_safe_yes": [170],
                "knows_officer_yes": [90],
            }
        ),
    }


def make_base_snapshot(directory: Path, date: dt.date = BASE_DATE, *, is_demo: bool = False) -> Path:
    with SnapshotBuilder(date, is_demo=is_demo, directory=directory, generator="tests") as builder:
        for name, frame in base_tables().items():
            builder.insert(name, frame)
    return builder.final_path


def ingest(paths: list[Path], directory: Path, **options) -> IngestResult:  # type: ignore[no-untyped-def]
    options.setdefault("reporting_date", REPORTING_DATE)
    return run_ingest(paths, IngestOptions(directory=directory, **options))


def errors_of(result: IngestResult) -> set[tuple[str, int, str]]:
    """(kind, row or 0, column) of every error kept by the collector."""
    return {(p.kind, p.row or 0, p.column) for p in result.collector.problems() if p.severity == "error"}


def run_cli(*args: str, data_dir: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DASHBOARD_DATA_DIR": str(data_dir)}
    env.pop("PYTEST_CURRENT_TEST", None)
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def contract_content(path: Path) -> dict[str, pd.DataFrame]:
    """Every contract table of a snapshot (stored columns), sorted by key: for content comparisons."""
    out = {}
    with connect_readonly(path) as con:
        for name, table in CONTRACT.items():
            sql = fill_identifiers("SELECT * FROM {t} ORDER BY {k}", t=name, k=list(table.key))
            out[name] = con.execute(sql).df()
    return out
