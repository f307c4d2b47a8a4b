"""Every change test is widened by the dispersion of its own history (issue 10): the calls on the compare
page, the domestic-violence reports on the trust page, the activity types, the map's offence z and the
before/after test per hromada. Each wrapper is run on the fixture with its dispersion replaced by a known
φ = 4 (df = ∞): its z must be the plain z ÷ 2. The dispersion wrappers themselves are checked on a small
in-memory history against indicators.dispersion_matrix."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from dashboard import indicators as ind
from dashboard.queries import activity, compare, trust
from dashboard.queries import dispersion as dq
from dashboard.queries import map as map_q
from dashboard.sql_macros import open_duckdb
from tests.fixture_snapshot import LATEST_DATE

CURRENT = {"month_from": dt.date(2025, 11, 1), "month_to": dt.date(2026, 10, 1)}
COMPARED = {**CURRENT, "prev_from": dt.date(2024, 11, 1), "prev_to": dt.date(2025, 10, 1)}


def _frame(keys) -> pd.DataFrame:
    """A dispersion result giving each of ``keys`` φ = 4, taken as known (df = ∞)."""
    keys = [str(k) for k in keys]
    return pd.DataFrame({"key": keys, "phi": 4.0, "df": np.inf, "own": True})


def test_compare_calls_z_is_widened(con, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = compare.hromada_table(con, **COMPARED, raion=None, reporting_date=LATEST_DATE, category="theft")
    monkeypatch.setattr(compare, "call_dispersion", lambda *a, **k: _frame(plain["hromada"]))
    wide = compare.hromada_table(con, **COMPARED, raion=None, reporting_date=LATEST_DATE, category="theft")
    calls = plain["calls_z"].notna() & (plain["calls_z"] != 0)
    assert calls.any()
    assert np.allclose(wide.loc[calls, "calls_z"], plain.loc[calls, "calls_z"] / 2)
    assert wide["offence_z"].equals(plain["offence_z"])  # only the calls took the calls' φ


def test_trust_dv_period_is_widened_and_uses_the_compared_window(con, monkeypatch) -> None:
    area = {"raion": None, "hromada": None}
    plain = trust.trust_dv_period(con, **COMPARED, **area).iloc[0]
    seen: dict[str, object] = {}

    def dv_dispersion(*_a, **kwargs):
        seen.update(kwargs)
        return _frame(["total"])

    monkeypatch.setattr(trust, "offence_dispersion", dv_dispersion)
    wide = trust.trust_dv_period(con, **COMPARED, **area).iloc[0]
    assert seen["category"] == "domestic_violence" and seen["before"] == COMPARED["prev_from"]
    assert wide["z"] == pytest.approx(plain["z"] / 2) and wide["p"] > plain["p"]
    # No window to compare with (periods.year_on_year before a full year of data): no previous, no test.
    none = trust.trust_dv_period(con, **CURRENT, prev_from=None, prev_to=None, **area).iloc[0]
    assert pd.isna(none["n_previous"]) and pd.isna(none["z"]) and none["level"] == "none"


def test_activity_by_type_is_widened_by_the_types_dispersion(con, monkeypatch) -> None:
    area = {"raion": None, "hromada": None}
    plain = activity.activity_by_type(con, **COMPARED, **area)
    monkeypatch.setattr(activity, "activity_dispersion", lambda *a, **k: _frame(plain["activity_type"]))
    wide = activity.activity_by_type(con, **COMPARED, **area)
    moved = plain["z"] != 0
    assert moved.any() and np.allclose(wide.loc[moved, "z"], plain.loc[moved, "z"] / 2)
    none = activity.activity_by_type(con, **CURRENT, prev_from=None, prev_to=None, **area)
    assert none["n_prev"].isna().all() and none["z"].isna().all() and (none["level"] == "none").all()


def test_map_offence_z_is_widened(con, monkeypatch) -> None:
    kwargs = {**COMPARED, "raion": None, "reporting_date": LATEST_DATE}
    plain = map_q.map_indicators(con, **kwargs)
    monkeypatch.setattr(map_q, "offence_dispersion", lambda *a, **k: _frame(plain["hromada"]))
    wide = map_q.map_indicators(con, **kwargs)
    moved = plain["offence_z"].notna() & (plain["offence_z"] != 0)
    assert moved.any() and np.allclose(wide.loc[moved, "offence_z"], plain.loc[moved, "offence_z"] / 2)


def test_before_after_per_hromada_is_widened() -> None:
    """Two hromadas deployed in January 2023 with 36 months of history before their pre window: one
    overdispersed (negative binomial, mean 6, variance 42 a month), one steady (6 every month). The first's test is widened by its
    φ from the 24 months before its pre window, the second's is Poisson."""
    months = pd.date_range("2019-01-01", "2024-12-01", freq="MS")
    wild = np.random.default_rng(4).negative_binomial(1, 1 / 7, len(months))
    monthly = pd.concat(
        [
            pd.DataFrame({"hromada": "W", "month": months, "n": wild}),
            pd.DataFrame({"hromada": "S", "month": months, "n": 6}),
        ]
    )
    monthly.loc[(monthly["hromada"] == "W") & (monthly["month"] >= "2023-02-01"), "n"] *= 2  # a rise after
    deployed = {"W": dt.date(2023, 1, 1), "S": dt.date(2023, 1, 1)}
    result = ind.before_after_deployment(monthly, {"W": 10_000, "S": 10_000}, deployed)
    per = result.per_hromada.set_index("hromada")
    history = monthly[monthly["month"].between("2020-01-01", "2021-12-01")]
    expected = ind.dispersion_matrix(
        np.vstack([history[history["hromada"] == h]["n"].to_numpy(float) for h in ("S", "W")])
    )
    assert per.loc["S", "phi"] == pytest.approx(expected.phi[0]) and per.loc["W", "phi"] == pytest.approx(
        expected.phi[1]
    )
    assert per.loc["W", "phi"] > 3 and per.loc["S", "phi"] == 1.0
    plain = ind.count_change(per.loc["W", "n_post"], per.loc["W", "n_pre"])
    assert plain.level == "signal" and per.loc["W", "p"] > plain.p and per.loc["W", "z"] < plain.z


def test_dispersion_wrappers_read_their_own_history() -> None:
    """call_dispersion and activity_dispersion estimate φ from agg_call_month / agg_activity_month over
    the 24 months before `before`, by hromada / activity type (the moderated estimate)."""
    con = open_duckdb(None)
    months = pd.date_range("2022-01-01", "2023-12-01", freq="MS")
    rng = np.random.default_rng(1)
    rows = [(f"UA35{i:017d}", m.date(), int(n)) for i in range(4) for m, n in zip(months, rng.negative_binomial(3, 0.2, 24), strict=True)]  # fmt: skip
    calls = pd.DataFrame(rows, columns=["hromada", "month", "n"])
    con.register("calls_df", calls)
    con.execute("CREATE TABLE agg_call_month AS SELECT hromada, month::DATE AS month, n FROM calls_df")
    con.execute(
        "CREATE TABLE agg_activity_month AS SELECT hromada, 'patrol' AS activity_type, month::DATE AS month, n"
        " FROM calls_df"
    )
    before = dt.date(2024, 1, 1)
    got = dq.call_dispersion(con, before=before, raion=None, hromada=None).set_index("key")
    grid = calls.pivot(index="hromada", columns="month", values="n").to_numpy(float)
    expected = ind.dispersion_matrix(grid)
    assert np.allclose(got["phi"], expected.phi) and np.allclose(got["df"], expected.df)
    assert (got["phi"] > 1).all()
    total = dq.activity_dispersion(con, before=before, raion=None, hromada=None).set_index("key")
    assert total.loc["patrol", "phi"] == pytest.approx(ind.dispersion_matrix(grid.sum(0)[None, :]).phi[0])
    assert dq.call_dispersion(con, before=None, raion=None, hromada=None).empty
    con.close()


def test_offence_dispersion_sums_the_history_in_sql_as_pandas_did() -> None:
    """offence_history sums the monthly counts per key in SQL (at national scale the per-hromada, category
    and month rows cost ~0.3 s to move into pandas; their sums a few ms): φ per hromada, per category and
    of the total, whole oblast, in a raion and for one category, must be what indicators.dispersion_frame
    gives on the unsummed rows (months without offences missing, some before the first month of data)."""
    con = open_duckdb(None)
    rng = np.random.default_rng(7)
    months = pd.date_range("2021-06-01", "2024-12-01", freq="MS")
    hromadas = [f"UA3502{i:013d}" for i in range(3)] + [f"UA3504{i:013d}" for i in range(3)]
    rows = pd.DataFrame(
        [(h, m.date(), c, int(n)) for h in hromadas for c in ("theft", "fraud", "domestic_violence")
         for m, n in zip(months, rng.negative_binomial(2, 0.3, len(months)), strict=True) if n > 0],
        columns=["hromada", "month", "category", "n"],
    )  # fmt: skip
    con.register("rows_df", rows)
    con.execute(
        "CREATE TABLE agg_offence_month AS SELECT hromada, month::DATE AS month, category, n, 0 AS solved FROM rows_df"
    )
    before, first = dt.date(2023, 3, 1), rows["month"].min()
    window = rows[(rows["month"] >= dt.date(2021, 3, 1)) & (rows["month"] < before)]
    cases = [({"raion": None, "category": None}, window),
             ({"raion": "UA3504", "category": None}, window[window["hromada"].str.startswith("UA3504")]),
             ({"raion": None, "category": "fraud"}, window[window["category"] == "fraud"])]  # fmt: skip
    for params, history in cases:
        for by, key in (("hromada", "hromada"), ("category", "category"), ("total", None)):
            got = dq.offence_dispersion(con, before=before, hromada=None, by=by, **params).set_index("key")
            expected = ind.dispersion_frame(history, before=before, first_month=first, key=key)
            assert list(got.index) == list(expected.index), (params, by)
            assert np.array_equal(got["phi"], expected["phi"]) and np.array_equal(got["df"], expected["df"])
            assert (got["phi"] > 1).any(), (params, by)
    con.close()
