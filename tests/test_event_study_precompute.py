"""The rollout event study stored at snapshot build (dashboard/build/precompute.py, table agg_event_study)
and read back by queries.crime.crime_event_study: the same frame as computing it, for every category and
all categories; no computation on a page's view where it is stored (the query budget at national scale,
benchmarks/bench_queries.py); a partner reads only the stored studies no sensitive count enters and gets the
others computed from the rounded cells; a snapshot built before the table, or another reporting date, is
computed on the fly. On the demo, in two worlds: tests/test_disclosure.py."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dashboard.build.precompute import write_event_studies
from dashboard.disclosure import connect_partner_view, rounded
from dashboard.queries import crime
from dashboard.schema_compat import missing_precomputed_tables
from dashboard.snapshots import connect_readonly
from tests.fixture_snapshot import LATEST_DATE, copy_built_before
from tests.ingest_helpers import sha256

KEY = "5c" * 32
DV = "domestic_violence"


def _categories(con: duckdb.DuckDBPyConnection) -> list[str | None]:
    found = con.execute("SELECT DISTINCT category FROM agg_offence_month ORDER BY 1").fetchall()
    return [None, *(c for (c,) in found)]


def _computing(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """Record every category the wrapper computes (instead of reading it back), computing as before."""
    calls: list[str | None] = []
    compute = crime._computed_event_study

    def recorded(con, *, category, reporting_date):
        calls.append(category)
        return compute(con, category=category, reporting_date=reporting_date)

    monkeypatch.setattr(crime, "_computed_event_study", recorded)
    return calls


def _snapshot(fixture_data_dir: Path) -> Path:
    return fixture_data_dir / "snapshots" / f"{LATEST_DATE.isoformat()}.duckdb"


def test_every_category_is_stored_and_read_back_as_computed(con, monkeypatch: pytest.MonkeyPatch) -> None:
    categories = _categories(con)
    assert len(categories) >= 4
    stored = con.execute("SELECT DISTINCT category, reporting_date FROM agg_event_study").fetchall()
    assert sorted(stored, key=str) == sorted(((c, LATEST_DATE) for c in categories), key=str)
    computed = {
        c: crime._computed_event_study(con, category=c, reporting_date=LATEST_DATE) for c in categories
    }
    calls = _computing(monkeypatch)
    for category in categories:
        read = crime.crime_event_study(con, category=category, reporting_date=LATEST_DATE)
        assert len(read) == 24  # event times −9…12 with the reference month, then post and pre
        pd.testing.assert_frame_equal(read, computed[category])
    assert calls == []  # read back, nothing computed


def test_partner_reads_back_only_studies_without_sensitive_counts(
    fixture_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with connect_partner_view(_snapshot(fixture_data_dir), key=KEY) as view:
        passed_on = {c for (c,) in view.execute("SELECT DISTINCT category FROM agg_event_study").fetchall()}
        categories = _categories(view)
        assert passed_on == set(categories) - {None, DV}
        computed = {
            c: crime._computed_event_study(view, category=c, reporting_date=LATEST_DATE) for c in categories
        }
        calls = _computing(monkeypatch)
        for category in categories:
            read = crime.crime_event_study(view, category=category, reporting_date=LATEST_DATE)
            pd.testing.assert_frame_equal(read, computed[category])
        assert calls == [None, DV]  # from the rounded cells; the other categories read back


@pytest.mark.parametrize("audience", ["full", "partner"])
def test_a_snapshot_built_before_the_table_computes_it(
    fixture_data_dir: Path, tmp_path: Path, audience: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = _snapshot(fixture_data_dir)
    old = copy_built_before(original, tmp_path, "agg_event_study")
    before = sha256(old)

    def connect(path: Path) -> duckdb.DuckDBPyConnection:
        return connect_partner_view(path, key=KEY) if audience == "partner" else connect_readonly(path)

    with connect(old) as then, connect(original) as now:
        assert (
            missing_precomputed_tables(then) == ["agg_event_study"] and missing_precomputed_tables(now) == []
        )
        calls = _computing(monkeypatch)
        for category in (None, "theft", DV):
            pd.testing.assert_frame_equal(
                crime.crime_event_study(then, category=category, reporting_date=LATEST_DATE),
                crime.crime_event_study(now, category=category, reporting_date=LATEST_DATE),
            )
        assert calls.count("theft") == 1  # computed on the old snapshot, read back on the new one
    assert sha256(old) == before


def test_another_reporting_date_is_computed(con, monkeypatch: pytest.MonkeyPatch) -> None:
    earlier = dt.date(2026, 6, 30)
    calls = _computing(monkeypatch)
    frame = crime.crime_event_study(con, category="theft", reporting_date=earlier)
    assert calls == ["theft"]
    monkeypatch.undo()
    pd.testing.assert_frame_equal(
        frame, crime._computed_event_study(con, category="theft", reporting_date=earlier)
    )


def test_partner_whose_data_start_later_computes_every_category(
    fixture_data_dir: Path, tmp_path: Path
) -> None:
    """A month before the fixture's first (2019-01) with one domestic-violence offence only, rounded to 0
    for partners: the partner's data start a month later, so the study's months differ and even the
    non-sensitive categories' stored studies (from the exact data's months) are not the partner's."""
    path = tmp_path / _snapshot(fixture_data_dir).name
    shutil.copy(_snapshot(fixture_data_dir), path)
    with connect_partner_view(path, key=KEY) as view:
        draws = view.execute(
            "SELECT katottg, sdc_draw($k, katottg, DATE '2018-12-01', $c) AS u FROM hromadas ORDER BY katottg",
            {"k": KEY, "c": DV},
        ).fetchall()
    hromada = next(h for h, u in draws if rounded(1, u) == 0)
    with duckdb.connect(str(path)) as con:
        con.execute(
            "INSERT INTO agg_offence_month VALUES ($h, DATE '2018-12-01', $c, 1, 0)", {"h": hromada, "c": DV}
        )
        con.execute("DROP TABLE agg_event_study")
        write_event_studies(con, LATEST_DATE)
    with connect_readonly(path) as full, connect_partner_view(path, key=KEY) as view:
        assert view.execute("SELECT count(*) FROM agg_event_study").fetchone() == (0,)
        exact = crime.crime_event_study(full, category="theft", reporting_date=LATEST_DATE)
        partner = crime.crime_event_study(view, category="theft", reporting_date=LATEST_DATE)
        pd.testing.assert_frame_equal(
            partner, crime._computed_event_study(view, category="theft", reporting_date=LATEST_DATE)
        )
        assert exact["event_time"].min() == -10 and partner["event_time"].min() == -9


def test_a_study_that_fails_at_build_is_left_to_the_page(
    fixture_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A stored study is an optimisation: one that cannot be computed at build time does not refuse the
    snapshot; it is not stored (logged), and the page's wrapper computes it when asked."""
    from dashboard.build import precompute

    path = tmp_path / _snapshot(fixture_data_dir).name
    shutil.copy(_snapshot(fixture_data_dir), path)

    def failing_for_theft(con, *, category, reporting_date):
        if category == "theft":
            raise FloatingPointError("simulated")
        return crime.crime_event_study(con, category=category, reporting_date=reporting_date)

    monkeypatch.setattr(precompute, "crime_event_study", failing_for_theft)
    with duckdb.connect(str(path)) as con:
        con.execute("DROP TABLE agg_event_study")
        precompute.write_event_studies(con, LATEST_DATE)
    monkeypatch.undo()
    assert "event study of theft not stored: simulated" in caplog.text
    with connect_readonly(path) as con:
        stored = {c for (c,) in con.execute("SELECT DISTINCT category FROM agg_event_study").fetchall()}
        assert "theft" not in stored and {None, DV} <= stored
        pd.testing.assert_frame_equal(
            crime.crime_event_study(con, category="theft", reporting_date=LATEST_DATE),
            crime._computed_event_study(con, category="theft", reporting_date=LATEST_DATE),
        )
