"""`diff`: rows added, changed and removed per table, and the headline indicators, on the hand-made
fixture snapshots (tests/fixture_snapshot.py) whose values are computed by hand there."""

from __future__ import annotations

import re
from pathlib import Path

from dashboard.i18n import t
from dashboard.snapshot_diff import diff_snapshots, headline, headline_frame, tables_frame
from dashboard.snapshots import connect_readonly, list_snapshots
from tests.fixture_snapshot import EXPECTED, EXPECTED_PREVIOUS, LATEST_DATE
from tests.ingest_helpers import run_cli

CYRILLIC = re.compile("[А-Яа-яЇїІіЄєҐґ]")


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
    # The upload page's tables: headers, table names and indicators in the interface language.
    tables = tables_frame(diff, "uk")
    assert list(tables.columns) == ["таблиця", "рядків у 2026-09-30", "рядків у 2026-10-31", "додано", "змінено",
                                    "вилучено"]  # fmt: skip
    assert tables["таблиця"].iloc[0] == "Офіцери громад"
    english = tables_frame(diff, "en")
    assert not english.map(lambda v: bool(CYRILLIC.search(str(v)))).to_numpy().any()
    assert not any(CYRILLIC.search(c) for c in english.columns)
    heads = headline_frame(diff, "en")
    assert list(heads.columns) == ["indicator", "2026-09-30", "2026-10-31", "change"]
    assert heads["change"].tolist() == [0, -1, 1, 3]
    assert heads["indicator"].iloc[1] == t("pg.ingest.diff.indicator.officers_on_duty", "en")
    assert headline_frame(diff, "uk")["зміна"].tolist() == [0, -1, 1, 3]


def test_diff_command(fixture_data_dir: Path) -> None:
    done = run_cli("diff", "2026-09-30", "2026-10-31", "--lang", "en", data_dir=fixture_data_dir)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Changes from snapshot 2026-09-30 to snapshot 2026-10-31"
    assert any(line.split() == ["activities", "3", "6", "3", "0", "0"] for line in lines)
    assert any(
        line.split()[-4:] == ["on", "duty", *["3", "2", "-1"]][-4:]
        for line in lines
        if "officers on duty" in line
    )
    missing = run_cli("diff", "2026-09-30", "2025-01-31", data_dir=fixture_data_dir)
    assert missing.returncode == 1 and "no snapshot for 2025-01-31" in missing.stdout
