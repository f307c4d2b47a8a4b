"""A snapshot built before contract v1.1 (no `funding`, no passport notes or review dates) still serves
every page query, on the full and the partner connection, without being written to."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from dashboard.disclosure import connect_partner_view
from dashboard.queries import funding, passports
from dashboard.schema_compat import missing_contract_objects
from dashboard.snapshots import connect_readonly
from tests.fixture_snapshot import LATEST_DATE
from tests.ingest_helpers import sha256

WHOLE = {"raion": None, "hromada": None, "reporting_date": LATEST_DATE}


@pytest.fixture(scope="module")
def v1_snapshot(fixture_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The latest fixture snapshot turned into what contract v1 built (a copy; the fixture is untouched)."""
    path = tmp_path_factory.mktemp("v1") / f"{LATEST_DATE.isoformat()}.duckdb"
    shutil.copy(fixture_data_dir / "snapshots" / path.name, path)
    with duckdb.connect(str(path)) as con:
        con.execute("DROP TABLE funding")
        for column in ("action_taken", "outcome", "reviewed_on"):
            con.execute(f"ALTER TABLE passport_items DROP COLUMN {column}")
    return path


@pytest.mark.parametrize("audience", ["full", "partner"])
def test_v1_snapshot_reads_as_v1_1_with_empty_additions(v1_snapshot: Path, audience: str) -> None:
    before = sha256(v1_snapshot)
    con = (
        connect_partner_view(v1_snapshot, key="test")
        if audience == "partner"
        else connect_readonly(v1_snapshot)
    )
    try:
        assert set(missing_contract_objects(con)) == {"funding", "passport_items"}
        assert funding.funding_rows(con, **WHOLE).empty
        assert funding.funding_by_hromada(con, **WHOLE).empty
        measures = passports.passport_measures(con, **WHOLE)
        assert len(measures) == 4 and measures[["action_taken", "outcome", "reviewed_on"]].isna().all().all()
        # Without review dates the last update stands in: 2026-08-01, 91 days.
        totals = passports.passport_totals(con, **WHOLE).iloc[0]
        assert totals["median_days_since_review"] == 91 and totals["n_reviewed_recently"] == 1
    finally:
        con.close()
    assert sha256(v1_snapshot) == before


def test_a_current_snapshot_needs_nothing(con) -> None:
    assert missing_contract_objects(con) == {}
