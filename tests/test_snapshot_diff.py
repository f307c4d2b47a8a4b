"""`diff`: rows added, changed and removed per table, and the headline indicators, on the hand-made
fixture snapshots (tests/fixture_snapshot.py) whose values are computed by hand there."""

from __future__ import annotations

from pathlib import Path

from dashboard.snapshot_diff import diff_snapshots, headline
from dashboard.snapshots import connect_readonly, list_snapshots
from dashboard.views.snapshot_diff import headline_frame, tables_frame
from tests.fixture_snapshot import EXPECTED, EXPECTED_PREVIOUS, LATEST_DATE
from tests.ingest_helpers import run_cli


def test_headline_matches_the_hand_computed_values(fixture_data_dir: Path) -> None:
    latest = list_snapshots(fixture_data_dir / "snapshots")[-1]
    with connect_readonly(latest.path) as con:
        values = headline(con, LATEST_DATE)
    assert values == {name: EXPECTED[name] for name in values}


def test_changes_between_the_two_fixture_snapshots(fixture_data_dir: Path) -> None:
    previous, latest = list_snapshots(fixture_data_dir / "snapshots")
    diff = diff_snapshots(previous, latest)
    changes = {c.table: (c.added, c.changed, c.removed) for c in diff.tables}
    # O2 left and O4 began training after 30 September; three activities, one offence, one call are new.
    assert changes == {
        "officers": (0, 2, 0),
        "stations": (0, 0, 0),
        "resources": (0, 0, 0),
        "activities": (3, 0, 0),
        "offences": (1, 0, 0),
        "calls": (1, 0, 0),
        "surveys": (0, 0, 0),
        "passport_items": (0, 0, 0),
        "funding": (1, 0, 0),  # F4, paid 2026-10-20
    }
    moved = {h.indicator: (h.a, h.b, h.change) for h in diff.headline}
    assert moved["officers_on_duty"] == (
        EXPECTED_PREVIOUS["officers_on_duty"],
        EXPECTED["officers_on_duty"],
        -1,
    )
    assert moved["hromadas_covered"] == (2, 2, 0)
    assert moved["offences_12m"] == (14, 15, 1)
    assert moved["activities_12m"] == (3, 6, 3)

    uk, en = tables_frame(diff, "uk"), tables_frame(diff, "en")
    assert list(uk.columns) == [
        "таблиця",
        "рядків у 30.09.2026",
        "рядків у 31.10.2026",
        "додано",
        "змінено",
        "вилучено",
    ]
    assert list(en.columns) == [
        "table",
        "rows in 30 Sep 2026",
        "rows in 31 Oct 2026",
        "added",
        "changed",
        "removed",
    ]
    assert uk.iloc[3].tolist()[0] == "Діяльність офіцерів" and en.iloc[3].tolist()[0] == "Officer activity"
    assert uk.iloc[3].tolist()[3:] == ["3", "0", "0"]
    heads = headline_frame(diff, "uk")
    assert list(heads.columns) == ["показник", "30.09.2026", "31.10.2026", "зміна"]
    assert heads.iloc[:, 0].tolist()[:2] == ["громад з офіцером", "офіцерів на службі"]
    assert heads["зміна"].tolist() == ["0", "\u22121", "+1", "+3"]
    assert headline_frame(diff, "en").columns[0] == "indicator"


def test_diff_command(fixture_data_dir: Path) -> None:
    done = run_cli("diff", "2026-09-30", "2026-10-31", "--lang", "en", data_dir=fixture_data_dir)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Changes from snapshot 2026-09-30 to snapshot 2026-10-31"
    assert any(line.split() == ["Officer", "activity", "3", "6", "3", "0", "0"] for line in lines)
    assert any(
        line.split()[-4:] == ["on", "duty", *["3", "2", "-1"]][-4:]
        for line in lines
        if "officers on duty" in line
    )
    missing = run_cli("diff", "2026-09-30", "2025-01-31", data_dir=fixture_data_dir)
    assert missing.returncode == 1 and "no snapshot for 2025-01-31" in missing.stdout
