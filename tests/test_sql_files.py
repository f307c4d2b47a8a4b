"""Every `dashboard/queries/*.sql` file runs against the fixture snapshot with its declared parameters.

Each file declares its bound parameters on a first-lines comment `-- params: a, b` (or `none`); the test
binds sample values for them, once with the whole oblast and once scoped to a raion and a hromada.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from dashboard.queries import SQL_DIR, load_sql, sql_names
from dashboard.snapshots import connect_readonly
from tests.fixture_snapshot import LATEST_DATE, A

PARAMS_RE = re.compile(r"^--\s*params:\s*(.*)$", re.MULTILINE)
# Sample values for every parameter name used by the queries; a new name must be added here.
SAMPLE_VALUES = {
    "month_from": dt.date(2025, 11, 1),
    "month_to": dt.date(2026, 10, 1),
    "prev_month_from": dt.date(2024, 11, 1),
    "prev_month_to": dt.date(2025, 10, 1),
    "prev_from": dt.date(2024, 11, 1),
    "prev_to": dt.date(2025, 10, 1),
    "reporting_date": LATEST_DATE,
    "as_of": LATEST_DATE,
    "hromada": None,
    "raion": None,
    "category": "theft",
    "by": "hromada",
    "year": 2026,
    "day_from": dt.date(2025, 11, 1),
    "day_to": LATEST_DATE,
    "date_from": dt.date(2025, 11, 1),
    "date_to": LATEST_DATE,
}
SCOPED = {"hromada": A, "raion": "UA35040000000034705"}


def declared_params(name: str) -> list[str]:
    match = PARAMS_RE.search(load_sql(name))
    assert match, f"{name}.sql: add a first-lines comment '-- params: a, b' (or '-- params: none')"
    text = match.group(1).strip()
    return [] if text == "none" else [p.strip() for p in text.split(",") if p.strip()]


def test_there_are_sql_files() -> None:
    assert len(sql_names()) >= 1
    assert all((SQL_DIR / f"{n}.sql").is_file() for n in sql_names())


@pytest.mark.parametrize("name", sql_names())
@pytest.mark.parametrize("scoped", [False, True], ids=["oblast", "scoped"])
def test_sql_file_runs_on_fixture(name: str, scoped: bool, fixture_data_dir: Path) -> None:
    params = declared_params(name)
    unknown = [p for p in params if p not in SAMPLE_VALUES]
    assert not unknown, f"{name}.sql: add sample values for {unknown} to SAMPLE_VALUES"
    values = {p: (SCOPED.get(p, SAMPLE_VALUES[p]) if scoped else SAMPLE_VALUES[p]) for p in params}
    with connect_readonly(fixture_data_dir / "snapshots" / f"{LATEST_DATE.isoformat()}.duckdb") as con:
        frame = con.execute(load_sql(name), values).df()
    assert frame is not None
