"""Response times to 102 calls, one path (dashboard/queries/response_times.py): the median and P90 taken from
the histogram of whole-second response times equal DuckDB's quantile_cont over the calls themselves, for
every scope and period, per month and for the period, on the crime page, the overview and the report; the
histogram the snapshot build stores equals the one computed from the calls; a snapshot built before the
table computes it; a partner gets the same times as everyone (no sensitive count enters them)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from dashboard import indicators as ind
from dashboard.build.precompute import write_call_response
from dashboard.disclosure import connect_partner_view
from dashboard.queries import crime, overview, report, response_times, run_query
from dashboard.schema_compat import missing_precomputed_tables
from dashboard.snapshots import connect_readonly
from dashboard.sql_macros import open_duckdb
from tests.fixture_snapshot import LATEST_DATE, A, copy_built_before
from tests.ingest_helpers import sha256

TOLERANCE_MIN = 1e-9
# Three hromadas in two raions (the raion is the KATOTTG's first 6 characters, the in_scope macro).
HROMADAS = ("UA35020010000011111", "UA35020030000022222", "UA35040010000033333")
FIRST_MONTH, LAST_MONTH = dt.date(2025, 1, 1), dt.date(2025, 8, 1)
SCOPES = [
    {"raion": None, "hromada": None},
    {"raion": "UA3502000000000001", "hromada": None},
    {"raion": None, "hromada": HROMADAS[2]},
    {"raion": "UA3502000000000001", "hromada": HROMADAS[0]},
]
PERIODS = [
    {"month_from": FIRST_MONTH, "month_to": LAST_MONTH},
    {"month_from": dt.date(2025, 3, 1), "month_to": dt.date(2025, 5, 1)},
    {"month_from": dt.date(2025, 6, 1), "month_to": dt.date(2025, 6, 1)},
    {"month_from": dt.date(2024, 1, 1), "month_to": dt.date(2024, 6, 1)},  # before the calls: no times
]


def _calls(seed: int = 7, n: int = 6000) -> pd.DataFrame:
    """Seeded calls with many ties (whole minutes or whole seconds), calls without an arrival, a month
    without a single arrival in one hromada and sub-second clock times (date_diff counts whole seconds)."""
    rng = np.random.default_rng(seed)
    start = pd.Timestamp(FIRST_MONTH)
    received = start + pd.to_timedelta(rng.integers(0, 240 * 86_400_000_000, n), unit="us")
    seconds = np.where(rng.random(n) < 0.5, 60 * rng.integers(3, 60, n), rng.integers(120, 7200, n))
    arrived = received + pd.to_timedelta(seconds * 1_000_000 + rng.integers(0, 1_000_000, n), unit="us")
    hromada = np.array(HROMADAS)[rng.choice(3, n, p=[0.6, 0.3, 0.1])]
    frame = pd.DataFrame({"call_id": [f"K{i}" for i in range(n)], "hromada": hromada, "received_at": received,
                          "arrived_at": arrived, "category": "other"})  # fmt: skip
    no_arrival = (rng.random(n) < 0.1) | ((hromada == HROMADAS[2]) & (received.month == 4))
    frame.loc[no_arrival, "arrived_at"] = pd.NaT
    return frame


def _world(*, stored: bool) -> duckdb.DuckDBPyConnection:
    """An in-memory database with the calls, their monthly aggregate and (``stored``) the histogram the
    snapshot build stores, as the build writes it."""
    con = open_duckdb()
    con.register("_calls", _calls())
    con.execute("CREATE TABLE calls AS SELECT * FROM _calls")
    con.unregister("_calls")
    con.execute(
        "CREATE TABLE agg_call_month AS SELECT hromada, date_trunc('month', received_at)::DATE AS month, "
        "count(*)::INTEGER AS n, count(arrived_at)::INTEGER AS n_arrived FROM calls GROUP BY ALL"
    )
    if stored:
        write_call_response(con)
    return con


@pytest.fixture(scope="module")
def stored_world():
    with _world(stored=True) as con:
        yield con


def _raw(con: duckdb.DuckDBPyConnection, *, month_from, month_to, raion, hromada) -> pd.DataFrame:
    """quantile_cont over the calls themselves, per month and for the period (month NULL), in minutes."""
    return con.execute(
        """
        SELECT date_trunc('month', received_at)::DATE AS month,
               count(*) FILTER (WHERE arrived_at >= received_at) AS n,
               quantile_cont(date_diff('second', received_at, arrived_at), 0.5)
                   FILTER (WHERE arrived_at >= received_at) / 60.0 AS median_min,
               quantile_cont(date_diff('second', received_at, arrived_at), 0.9)
                   FILTER (WHERE arrived_at >= received_at) / 60.0 AS p90_min
        FROM calls
        WHERE received_at >= $month_from AND received_at < $month_to::DATE + INTERVAL 1 MONTH
          AND in_scope(hromada, $raion, $hromada)
        GROUP BY GROUPING SETS ((date_trunc('month', received_at)::DATE), ())
        ORDER BY month NULLS FIRST
        """,
        {"month_from": month_from, "month_to": month_to, "raion": raion, "hromada": hromada},
    ).df()


def test_histogram_quantiles_interpolate_as_quantile_cont() -> None:
    rng = np.random.default_rng(3)
    probs = [0.0, 0.1, 0.25, 0.5, 0.9, 0.99, 1.0]
    for size in (1, 2, 3, 10, 1001):
        values = rng.integers(0, 40, size)  # many ties
        found, counts = np.unique(values, return_counts=True)
        expected = duckdb.execute("SELECT quantile_cont(v, $q) FROM (SELECT unnest($v) AS v)",
                                  {"v": values.tolist(), "q": probs}).fetchone()[0]  # fmt: skip
        # The order of the bins does not matter.
        got = ind.histogram_quantiles(found[::-1], counts[::-1], probs)
        np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12)
    assert np.isnan(ind.histogram_quantiles([], [], [0.5, 0.9])).all()
    assert np.isnan(ind.histogram_quantiles([5, 7], [0, 0], [0.5])).all()  # bins without data


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: f"{p['month_from']}..{p['month_to']}")
@pytest.mark.parametrize("scope", SCOPES, ids=lambda s: f"{s['raion']}/{s['hromada']}")
def test_every_page_gets_quantile_cont_of_the_calls(stored_world, period: dict, scope: dict) -> None:
    con = stored_world
    raw = _raw(con, **period, **scope)
    total = raw[raw["month"].isna()].iloc[0]
    page = crime.crime_response(con, **period, **scope)
    months_with_calls = int(con.execute(
        "SELECT count(DISTINCT month) FROM agg_call_month WHERE month BETWEEN $month_from AND $month_to "
        "AND in_scope(hromada, $raion, $hromada)", {**period, **scope}
    ).fetchone()[0])  # fmt: skip
    assert page["is_total"].tolist() == [True] + [False] * months_with_calls
    expected = raw.assign(month=pd.to_datetime(raw["month"]))
    got = page.set_index("month")[["n", "median_min", "p90_min"]]
    want = expected.set_index("month").reindex(got.index)[["n", "median_min", "p90_min"]]
    pd.testing.assert_frame_equal(
        got, want.astype({"n": "int64"}), rtol=0, atol=TOLERANCE_MIN, check_exact=False
    )
    assert page["n_calls"].sum() == 2 * page.iloc[0]["n_calls"]  # the months add up to the period

    ov = overview.response_times(con, **period, **scope).iloc[0]
    assert ov["n_response"] == total["n"]
    np.testing.assert_allclose([ov["response_median_min"], ov["response_p90_min"]],
                               [total["median_min"], total["p90_min"]], rtol=0, atol=TOLERANCE_MIN)  # fmt: skip


def test_a_month_without_arrivals_has_calls_but_no_times(stored_world) -> None:
    april = crime.crime_response(
        stored_world,
        month_from=dt.date(2025, 4, 1),
        month_to=dt.date(2025, 4, 1),
        raion=None,
        hromada=HROMADAS[2],
    )
    assert april.iloc[1]["n_calls"] > 0 and april.iloc[1]["n"] == 0 and np.isnan(april.iloc[1]["median_min"])


@pytest.mark.parametrize("period", PERIODS[:3], ids=lambda p: f"{p['month_from']}..{p['month_to']}")
def test_report_rows_are_quantile_cont_of_the_calls(stored_world, period: dict) -> None:
    got = report.response_times(stored_world, **period)
    assert pd.isna(got.iloc[0]["hromada"]) and got["hromada"].iloc[1:].tolist() == sorted(HROMADAS)
    for _, row in got.iterrows():
        hromada = None if pd.isna(row["hromada"]) else row["hromada"]
        want = _raw(stored_world, **period, raion=None, hromada=hromada).iloc[0]
        assert row["n_timed"] == want["n"]
        np.testing.assert_allclose([row["median_min"], row["p90_min"]], [want["median_min"], want["p90_min"]],
                                   rtol=0, atol=TOLERANCE_MIN)  # fmt: skip
    assert got.iloc[0]["n_calls"] == got["n_calls"].iloc[1:].sum()


def test_the_stored_histogram_is_the_computed_one(stored_world, monkeypatch: pytest.MonkeyPatch) -> None:
    con = stored_world
    stored = con.execute("SELECT * FROM agg_call_response ORDER BY month, seconds").df()
    computed = con.execute(
        "SELECT * FROM call_response_seconds(NULL, NULL, NULL, NULL) ORDER BY month, seconds"
    ).df()
    pd.testing.assert_frame_equal(stored, computed)
    assert (
        stored["n"].sum()
        == con.execute("SELECT count(*) FROM calls WHERE arrived_at >= received_at").fetchone()[0]
    )
    ran: list[str] = []

    def recorded(c: duckdb.DuckDBPyConnection, name: str, params: dict) -> pd.DataFrame:
        ran.append(name)
        return run_query(c, name, params)

    monkeypatch.setattr(response_times, "run_query", recorded)
    for scope in SCOPES:
        read = response_times.response_histogram(con, **PERIODS[1], **scope)
        pd.testing.assert_frame_equal(read, run_query(con, "call_response_computed", {**PERIODS[1], **scope}))
    # The whole oblast reads the stored rows; a scope computes from its calls.
    assert ran == ["call_response_stored"] + ["call_response_computed"] * 3


def test_without_the_stored_table_the_same_frames_are_computed(stored_world) -> None:
    with _world(stored=False) as old:
        assert missing_precomputed_tables(old) == ["agg_event_study", "agg_call_response"]
        for period in PERIODS:
            for scope in SCOPES:
                pd.testing.assert_frame_equal(crime.crime_response(old, **period, **scope),
                                              crime.crime_response(stored_world, **period, **scope))  # fmt: skip
            pd.testing.assert_frame_equal(report.response_times(old, **period),
                                          report.response_times(stored_world, **period))  # fmt: skip


@pytest.mark.parametrize("audience", ["full", "partner"])
def test_fixture_snapshot_old_and_new_for_every_audience(
    fixture_data_dir: Path, tmp_path: Path, audience: str
) -> None:
    """The fixture snapshot as built and a copy without the table (a snapshot built before it), read as
    everyone and as a partner: the same response times (a partner's are not rounded: no sensitive count
    enters them, dashboard/disclosure.py), and the old file is left unchanged."""
    original = fixture_data_dir / "snapshots" / f"{LATEST_DATE.isoformat()}.duckdb"
    old = copy_built_before(original, tmp_path, "agg_call_response")
    before = sha256(old)

    def connect(path: Path) -> duckdb.DuckDBPyConnection:
        return connect_partner_view(path, key="5c" * 32) if audience == "partner" else connect_readonly(path)

    period = {"month_from": dt.date(2025, 11, 1), "month_to": dt.date(2026, 10, 1)}
    with connect(old) as then, connect(original) as now, connect_readonly(original) as everyone:
        assert "agg_call_response" in missing_precomputed_tables(then)
        assert "agg_call_response" not in missing_precomputed_tables(now)
        for scope in ({"raion": None, "hromada": None}, {"raion": None, "hromada": A}):
            frames = [crime.crime_response(c, **period, **scope) for c in (then, now, everyone)]
            pd.testing.assert_frame_equal(frames[0], frames[1])
            pd.testing.assert_frame_equal(frames[1], frames[2])
        assert crime.crime_response(now, **period, **SCOPES[0]).iloc[0]["n"] == 4  # the fixture's timed calls
    assert sha256(old) == before
