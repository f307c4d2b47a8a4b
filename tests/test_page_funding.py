"""The funding page and its queries on the hand-made fixture (tests/fixture_snapshot.py, FUNDING):

At 2026-10-31: A: F1 vehicle 1 200 000 (donor, UA-2025-02-01-000123-a) + F2 tablets 60 000 (state);
B: F3 office 350 000.50 (hromada, UA-2026-08-01-004567-b) + F4 training 45 000 (oblast).
Total 1 655 000.50; donors 1 200 000 = 72.5 %; officers on duty: O1 (A), O3 (B) → per officer
1 655 000.50 ÷ 2 = 827 500.25. At 2026-09-30 F4 is not yet paid: 1 610 000.50, per officer 1 610 000.50 ÷ 3
(O2 still on duty in A) — A: 1 260 000 ÷ 2, B: 350 000.50 ÷ 1.
"""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.auth.policy import DataPolicy
from dashboard.queries import funding as q
from dashboard.snapshots import connect_readonly
from dashboard.views import funding as view
from tests.fixture_snapshot import LATEST_DATE, PREVIOUS_DATE, A, B
from tests.page_helpers import metrics, open_app_page

NBSP = "\u00a0"
WHOLE = {"raion": None, "hromada": None, "reporting_date": LATEST_DATE}


def test_rows_and_totals(con) -> None:
    rows = q.funding_rows(con, **WHOLE)
    assert rows["funding_id"].tolist() == ["F4", "F3", "F2", "F1"]  # newest first
    assert rows["amount_uah"].sum() == pytest.approx(1_655_000.5)
    assert rows["prozorro_id"].dropna().tolist() == ["UA-2026-08-01-004567-b", "UA-2025-02-01-000123-a"]


def test_by_hromada_and_cost_per_officer(con) -> None:
    per = q.funding_by_hromada(con, **WHOLE).set_index("hromada")
    assert per.loc[A, "amount_uah"] == pytest.approx(1_260_000) and per.loc[A, "donor_uah"] == 1_200_000
    assert per.loc[B, "cost_per_officer"] == pytest.approx(395_000.5)
    assert view.cost_per_officer(per.reset_index()) == pytest.approx((827_500.25, 1_655_000.5, 2))


def test_by_year_and_by_source(con) -> None:
    years = q.funding_by_year(con, **WHOLE)
    assert years.groupby("year")["amount_uah"].sum().to_dict() == pytest.approx(
        {2025: 1_200_000, 2026: 455_000.5}
    )
    sources = q.funding_by_source(con, **WHOLE)
    assert sources.iloc[0][["source_type", "item", "quantity", "prozorro_ids"]].tolist() == [
        "donor",
        "vehicle",
        1,
        "UA-2025-02-01-000123-a",
    ]
    assert sources.loc[sources["item"] == "tablet", "prozorro_ids"].tolist() == [""]


def test_scope_and_previous_snapshot(con, fixture_data_dir) -> None:
    only_b = q.funding_rows(con, raion=None, hromada=B, reporting_date=LATEST_DATE)
    assert set(only_b["funding_id"]) == {"F3", "F4"}
    with connect_readonly(fixture_data_dir / "snapshots" / f"{PREVIOUS_DATE.isoformat()}.duckdb") as previous:
        before = q.funding_by_hromada(previous, raion=None, hromada=None, reporting_date=PREVIOUS_DATE)
    assert before.set_index("hromada")["cost_per_officer"].to_dict() == pytest.approx(
        {A: 1_260_000 / 2, B: 350_000.5}
    )


@pytest.mark.parametrize("role", ["partner", "head"])
def test_every_role_sees_the_same_funding(con, role) -> None:
    # Public money, no personal data: the policy changes nothing.
    raw = q.funding_by_source(con, **WHOLE)
    policy = DataPolicy(role=role, own_hromada=B if role == "head" else None)
    pd.testing.assert_frame_equal(policy.checked(q.funding_by_source, WHOLE, raw), raw)


def test_page(fixture_env) -> None:
    at = open_app_page("funding")
    assert metrics(at) == {
        "Витрачено": f"1,66{NBSP}млн{NBSP}грн",  # 1 655 000.50
        "Сплатили донори": f"73{NBSP}%",
        "На офіцера на службі": f"827{NBSP}500{NBSP}грн",  # 827 500.25
        "З ідентифікатором ProZorro": "2 / 4",
    }
    assert len(at.get("plotly_chart")) == 2
    sources, hromadas, payments = (d.value for d in at.dataframe)
    assert "UA-2025-02-01-000123-a" in sources["prozorro_ids"].tolist()
    assert hromadas["cost_per_officer"].tolist() == [
        f"1{NBSP}260{NBSP}000",
        f"395{NBSP}001",
    ]  # most spent first
    assert payments["prozorro_id"].tolist() == ["—", "UA-2026-08-01-004567-b", "—", "UA-2025-02-01-000123-a"]


def test_page_in_english_and_empty_scope(fixture_env) -> None:
    at = open_app_page("funding", lang="en")
    assert metrics(at)["Spent"] == "UAH 1.66 m"
    from tests.fixture_snapshot import C

    at = open_app_page("funding", hromada=C)
    assert not at.metric and any("funding" in c.value for c in at.caption)
