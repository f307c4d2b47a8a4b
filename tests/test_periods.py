"""dashboard.periods: equal, aligned windows; a month cut short by the reporting date is left out; no
comparison before a full year of data (INDICATORS.md, "Comparing periods"). The fixture cases: a copy cut
mid-month, the first year of data, and a calendar year against the previous snapshot."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from dashboard import periods
from dashboard.periods import Period, make_period, snapshot_baseline, year_on_year
from dashboard.queries import compare as cq
from dashboard.queries import overview as oq
from dashboard.queries.crime import crime_data_range
from dashboard.snapshots import SnapshotBuilder, connect_readonly
from tests.fixture_snapshot import LATEST_DATE, PREVIOUS_DATE, TABLES, _as_of

D = dt.date


def test_a_month_cut_short_is_left_out_of_every_window() -> None:
    assert periods.last_complete_month(D(2026, 10, 31)) == D(2026, 10, 1)
    assert periods.last_complete_month(D(2026, 10, 15)) == D(2026, 9, 1)
    assert periods.last_complete_month(D(2024, 2, 29)) == D(2024, 2, 1)  # a leap day ends February
    full = make_period("12m", D(2026, 10, 31))
    assert (full.month_from, full.month_to, full.cut_month) == (D(2025, 11, 1), D(2026, 10, 1), None)
    cut = make_period("12m", D(2026, 10, 15))
    assert (cut.month_from, cut.month_to, cut.cut_month) == (D(2025, 10, 1), D(2026, 9, 1), D(2026, 10, 1))
    assert cut.n_months == 12 and make_period("3m", D(2026, 10, 15)).n_months == 3
    year = make_period("y2026", D(2026, 10, 15))
    assert (year.month_from, year.month_to, year.cut_month) == (D(2026, 1, 1), D(2026, 9, 1), D(2026, 10, 1))
    assert make_period("y2025", D(2026, 10, 15)).cut_month is None  # October 2026 is not in 2025
    # On 15 January the year has no complete month: it is not offered (and falls back to 12 months).
    assert "y2027" not in periods.period_keys(D(2027, 1, 15)) and "y2026" in periods.period_keys(
        D(2027, 1, 15)
    )
    assert make_period("y2027", D(2027, 1, 15)).key == "12m"


def test_year_on_year_compares_the_same_months_or_says_why_not() -> None:
    period = make_period("y2026", D(2026, 10, 31))
    comparison = year_on_year(period, pd.Timestamp("2018-01-01"))
    assert comparison.previous == Period("y2026", D(2025, 1, 1), D(2025, 10, 1))
    assert comparison.previous.n_months == period.n_months == 10
    assert comparison.params() == {"month_from": D(2026, 1, 1), "month_to": D(2026, 10, 1),
                                   "prev_from": D(2025, 1, 1), "prev_to": D(2025, 10, 1)}  # fmt: skip
    first_year = year_on_year(make_period("y2018", D(2026, 10, 31)), D(2018, 1, 1))
    assert first_year.previous is None and first_year.reason == periods.BEFORE_DATA
    assert first_year.params()["prev_from"] is None and first_year.compared_from is None
    # A rolling window whose year-earlier months start one month before the data: no comparison either.
    assert not year_on_year(make_period("12m", D(2019, 12, 31)), D(2018, 2, 1)).comparable
    assert year_on_year(make_period("12m", D(2019, 12, 31)), D(2018, 1, 1)).comparable
    assert year_on_year(period, None).reason == periods.NO_DATA
    assert year_on_year(period, pd.NaT).reason == periods.NO_DATA


def test_snapshot_baseline_never_compares_a_longer_window_with_a_shorter_one() -> None:
    # Rolling: the previous snapshot's own window of the same length.
    assert snapshot_baseline(make_period("12m", LATEST_DATE), PREVIOUS_DATE) == make_period(
        "12m", PREVIOUS_DATE
    )
    # A running calendar year grew by a month since the previous snapshot: Jan–Oct vs Jan–Sep is refused.
    assert snapshot_baseline(make_period("y2026", LATEST_DATE), PREVIOUS_DATE) is None
    # A finished year: the same months in both snapshots.
    assert snapshot_baseline(make_period("y2025", LATEST_DATE), PREVIOUS_DATE) == Period(
        "y2025", D(2025, 1, 1), D(2025, 12, 1)
    )


def test_comparison_text_says_which_months() -> None:
    comparison = year_on_year(make_period("12m", D(2026, 10, 31)), D(2018, 1, 1))
    assert (
        periods.comparison_text(comparison, "uk")
        == "листопад 2025 – жовтень 2026 проти листопад 2024 – жовтень 2025"
    )
    assert (
        periods.comparison_text(comparison, "en")
        == "November 2025 – October 2026 against November 2024 – October 2025"
    )
    cut = periods.comparison_text(year_on_year(make_period("12m", D(2026, 10, 15)), D(2018, 1, 1)), "uk")
    assert (
        cut.startswith("жовтень 2025 – вересень 2026 проти жовтень 2024 – вересень 2025")
        and "жовтень 2026" in cut
    )
    first = periods.comparison_text(year_on_year(make_period("y2019", D(2026, 10, 31)), D(2019, 1, 1)), "en")
    assert "no comparison" in first and "January 2019" in first


@pytest.fixture(scope="module")
def mid_month(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture cut on 15 October 2026: what was known then (October half over)."""
    directory = tmp_path_factory.mktemp("mid") / "snapshots"
    day = D(2026, 10, 15)
    with SnapshotBuilder(day, is_demo=True, directory=directory, generator="tests mid-month") as builder:
        for table, frame in TABLES.items():
            builder.insert(table, _as_of(table, frame, day))
    return builder.final_path


def test_mid_month_copy_compares_whole_months_only(mid_month: Path) -> None:
    """The fixture's burglary of 5 October falls in the cut month: it is in neither window."""
    con = connect_readonly(mid_month)
    try:
        period = make_period("12m", D(2026, 10, 15))
        first = crime_data_range(con, reporting_date=D(2026, 10, 15))["first_month"].iloc[0]
        comparison = year_on_year(period, first)
        now = oq.period_kpis(con, raion=None, hromada=None, **period.params()).iloc[0]
        before = oq.period_kpis(con, raion=None, hromada=None, **comparison.previous.params()).iloc[0]
        table = cq.hromada_table(con, **comparison.params(), raion=None, reporting_date=D(2026, 10, 15),
                                 category="theft").set_index("hromada")  # fmt: skip
    finally:
        con.close()
    # Oct 2025 – Sep 2026: A theft 9 + B dv 3 + C fraud 2 = 14 (the 5 October burglary left out);
    # Oct 2024 – Sep 2025: A theft 4 + B dv 1 = 5.
    assert (now["offences"], before["offences"]) == (14, 5)
    assert table.loc["UA35040030000074104", ["offences", "offences_prev"]].tolist() == [9, 4]


def test_first_year_of_data_gets_no_comparison(fixture_data_dir: Path) -> None:
    """The fixture's data begin in January 2019: 2019 has no year before it. Every hromada 'signal' against
    the zeros of 2018 was the bug; now there is no previous count, no z and no level."""
    con = connect_readonly(fixture_data_dir / "snapshots" / f"{LATEST_DATE.isoformat()}.duckdb")
    try:
        first = crime_data_range(con, reporting_date=LATEST_DATE)["first_month"].iloc[0]
        comparison = year_on_year(make_period("y2019", LATEST_DATE), first)
        table = cq.hromada_table(con, **comparison.params(), raion=None, reporting_date=LATEST_DATE,
                                 category="theft")  # fmt: skip
    finally:
        con.close()
    assert comparison.reason == periods.BEFORE_DATA
    assert table["offences"].sum() == 5  # A's five thefts of January 2019 are there
    for column in ("offences_prev", "offence_change", "offence_z", "category_z", "calls_prev"):
        assert table[column].isna().all(), column
    assert not table["offence_level"].isin(["watch", "signal"]).any()
