"""Round trip: a demo snapshot exported to contract files and ingested back (--base none) gives the same
headline indicators, the same contract tables (derived `inside_hromada` included) and the same aggregates.

The default case uses the demo as of 2020-12-31 (~170k rows, a few seconds). The full demo at
2026-10-31 (~900k rows, ~25 s) runs with INGEST_FULL_ROUNDTRIP=1.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from dashboard.demo.writer import write_demo_snapshots
from dashboard.ingest.export import export_contract_files
from dashboard.snapshot_diff import headline, table_changes
from dashboard.snapshots import connect_readonly, read_info
from tests.ingest_helpers import ingest

FULL = pytest.mark.skipif(not os.environ.get("INGEST_FULL_ROUNDTRIP"), reason="set INGEST_FULL_ROUNDTRIP=1")
AGGREGATES = {
    "agg_activity_month": "SELECT hromada, officer_id, month, activity_type, n, minutes, participants, "
    "minutes_inside, minutes_located FROM agg_activity_month ORDER BY ALL",
    "agg_offence_month": "SELECT * FROM agg_offence_month ORDER BY ALL",
    "agg_call_month": "SELECT hromada, month, n, n_arrived FROM agg_call_month ORDER BY ALL",
}


@pytest.mark.parametrize("date", [dt.date(2020, 12, 31), pytest.param(dt.date(2026, 10, 31), marks=FULL)])
def test_demo_exported_and_ingested_back_is_the_same(tmp_path: Path, date: dt.date) -> None:
    write_demo_snapshots(tmp_path / "demo", dates=[date])
    demo = tmp_path / "demo" / f"{date.isoformat()}.duckdb"
    with connect_readonly(demo) as con:
        files = export_contract_files(con, tmp_path / "files")
    assert [f.name for f in files][:2] == ["officers.csv", "stations.csv"]

    result = ingest(files, tmp_path / "real", base="none", reporting_date=date)
    assert result.ok, [p.message("en") for p in result.collector.problems()][:10]
    rebuilt = result.snapshot_path
    assert rebuilt is not None and not read_info(rebuilt).is_demo

    with connect_readonly(demo) as a, connect_readonly(rebuilt) as b:
        assert headline(a, date) == headline(b, date)
        assert headline(a, date)["activities_12m"] > 0
        for name, sql in AGGREGATES.items():
            assert a.execute(sql).fetchall() == b.execute(sql).fetchall(), name
        inside = "SELECT inside_hromada, count(*) FROM activities GROUP BY ALL ORDER BY ALL"
        assert a.execute(inside).fetchall() == b.execute(inside).fetchall()
    for change in table_changes(str(demo), str(rebuilt)):
        assert (change.added, change.changed, change.removed) == (0, 0, 0), change
        assert change.rows_a == change.rows_b == result.tables[change.table].rows
