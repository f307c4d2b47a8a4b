"""The data-and-methodology page on the hand-made fixture: snapshots, changes, freshness, completeness,
indicator catalogue, rules.

Fixture (tests/fixture_snapshot.py), latest snapshot 2026-10-31, period 2025-11 .. 2026-10:
- latest records: activities 2026-10-07 (24 days: late, > 7), offences 2026-10-05 (26: late), calls
  2026-10-20 (11: late), surveys 2026-05-15 (169 ≤ 190: on time), passports 2026-08-01 (91 ≤ 180: on
  time), resources 2020-06-01 (the planned 2026-12-01 row is not in the snapshot; no expectation) → 3 late.
- hromadas with data in the period: activities A, B = 2; offences A, B, C = 3; calls A, B = 2;
  surveys A, B = 2; passport updates A = 1; resources none = 0 (of 49).
- vs 2026-09-30: activities 3 → 6 (AC1, AC2, AC6 are October), offences 24 → 25, calls 4 → 5;
  officers on duty 3 → 2 (O2 left on 2026-10-15); officers rows changed by key: O2 (left_on) and O4
  (training_from) = 2.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from dashboard import reference
from dashboard.charts.data import LATEX, indicator_catalogue, indicator_ids, source_files_table
from dashboard.i18n import t
from dashboard.queries import data as q
from tests.fixture_snapshot import LATEST_DATE, C
from tests.page_helpers import metrics, open_app_page

APP = Path(__file__).resolve().parent.parent / "app.py"
PERIOD = {"month_from": dt.date(2025, 11, 1), "month_to": dt.date(2026, 10, 1)}


def open_page(**state) -> AppTest:
    return open_app_page("data", **state)


# --- query wrappers ---------------------------------------------------------------------------------------
def test_freshness(con) -> None:
    frame = q.data_freshness(con, reporting_date=LATEST_DATE).set_index("source")
    assert list(frame.index) == list(q.SOURCES)
    assert frame["days_behind"].astype(int).to_dict() == {
        "activities": 24,
        "offences": 26,
        "calls": 11,
        "surveys": 169,
        "passport_items": 91,
        "resources": (LATEST_DATE - dt.date(2020, 6, 1)).days,
    }
    assert frame[frame["late"]].index.tolist() == ["activities", "offences", "calls"]


def test_completeness(con) -> None:
    frame = q.data_completeness(con, **PERIOD, raion=None, hromada=None).set_index("source")
    assert frame["n_with_data"].to_dict() == {
        "activities": 2,
        "offences": 3,
        "calls": 2,
        "surveys": 2,
        "passport_items": 1,
        "resources": 0,
    }
    assert (frame["n_hromadas"] == 49).all()
    only_c = q.data_completeness(con, **PERIOD, raion=None, hromada=C).set_index("source")
    assert only_c["n_with_data"].tolist() == [0, 1, 0, 0, 0, 0] and (only_c["n_hromadas"] == 1).all()


def test_meta_files_and_headline(con) -> None:
    meta = q.data_meta(con).iloc[0]
    assert (meta["rows_rejected"], meta["warnings"], bool(meta["is_demo"])) == (0, 0, True)
    assert q.data_source_files(con).empty  # the fixture is built without source files
    assert q.data_headline(con, reporting_date=LATEST_DATE).iloc[0].to_dict() == {
        "hromadas_covered": 2,
        "officers_on_duty": 2,
        "offences_12m": 15,
        "activities_12m": 6,
    }


def test_indicator_catalogue_lists_every_indicator() -> None:
    for lang in ("uk", "en"):
        listed = [item["id"] for _, items in indicator_catalogue(lang) for item in items]
        assert sorted(listed) == sorted(indicator_ids())
    trust = next(item for _, items in indicator_catalogue("uk") for item in items if item["id"] == "trust")
    assert "1{,}96" in trust["latex"] and "{dec}" not in trust["latex"]


def test_pilot_note_is_the_reference_note() -> None:
    assert t("pg.data.pilot_mapping_note", "uk") == reference.PILOT_MAPPING_NOTE


# --- the page ---------------------------------------------------------------------------------------------
def test_page_kpis_and_tables(fixture_env) -> None:
    at = open_page()
    assert metrics(at) == {
        "Звітна дата знімка": "31.10.2026",
        "Відхилено рядків": "0",
        "Попереджень": "0",
        "Джерел із запізненням": "3",
    }
    frames = [df.value for df in at.dataframe]
    # With login off everyone is an administrator: the publication section (statuses, review) is shown.
    snapshots, counts, headline, statuses, review, freshness, completeness = frames
    assert snapshots["kind"].tolist() == ["демо · переглядаєте зараз", "демо"]
    assert statuses["status"].tolist() == ["опубліковано", "опубліковано"]
    assert review.set_index("what").loc[t("table.activities"), "change"] == "+3"  # against 30.09.2026
    changes = counts.set_index("table")
    assert changes.loc[t("table.activities"), "change"] == "+3"
    assert changes.loc[t("table.offences"), ["rows_previous", "rows_current"]].tolist() == ["24", "25"]
    officers = headline.set_index("indicator").loc[t("kpi.officers_on_duty")]
    assert officers[["previous", "current", "change"]].tolist() == ["3", "2", "\u22121"]
    assert freshness["status"].tolist() == ["запізнюється"] * 3 + ["вчасно"] * 2 + ["—"]
    assert completeness["hromadas"].tolist() == ["2 з 49", "3 з 49", "2 з 49", "2 з 49", "1 з 49", "0 з 49"]
    assert len(at.expander) == len(indicator_ids())
    assert len(at.get("latex")) == len(LATEX)  # the typeset formulas
    assert any("не перевірено" in m.value for m in at.markdown)  # the pilot mapping note


def test_key_diff_on_request(fixture_env) -> None:
    at = open_page()
    assert len(at.dataframe) == 7  # the slow key-by-key diff is not computed by default
    at.toggle(key="data_diff_details").set_value(True).run()
    assert not at.exception
    diff = at.dataframe[3].value.set_index("table")
    assert diff.loc[t("table.officers"), "changed"] == "2"
    assert diff.loc[t("table.activities"), "added"] == "3"


def test_hromada_filter_changes_completeness(fixture_env) -> None:
    at = open_page(hromada=C)
    completeness = at.dataframe[-1].value
    assert completeness["hromadas"].tolist()[:2] == ["0 з 1", "1 з 1"]


def test_language_switch(fixture_env) -> None:
    at = open_page(lang="en")
    assert metrics(at)["Snapshot reporting date"] == "31 Oct 2026"
    assert at.dataframe[5].value["status"].tolist()[0] == "late"  # after the publication section
    assert at.dataframe[3].value["status"].tolist() == ["published", "published"]


def test_source_files_table_formats_counts_and_sizes() -> None:
    files = pd.DataFrame(
        [
            {
                "name": "officers.csv",
                "table": "officers",
                "sha256": "ab" * 32,
                "rows": 1234,
                "size_bytes": 2_500_000,
            }
        ]
    )
    row = source_files_table(files, lang="uk").iloc[0]
    assert (row["table"], row["rows"], row["size"]) == ("Офіцери громад", "1\u00a0234", "2,5\u00a0МБ")
    assert row["sha256"] == "ab" * 32
