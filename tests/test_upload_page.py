"""The upload page under AppTest: previews and the check before anything is written, the build with its
progress bar, the report download, and file contents never rendered as Markdown."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.auth.audit import read_events
from dashboard.ingest import ui_flow
from dashboard.periods import make_period
from dashboard.reference import hromadas
from dashboard.snapshots import list_snapshots
from dashboard.ui.context import CONTEXT_KEY, PageContext
from dashboard.ui.data import forget_snapshot_list
from tests.ingest_helpers import ROOT, make_base_snapshot

PAGE = str(ROOT / "dashboard" / "pages" / "upload.py")
VALID = ROOT / "data" / "samples" / "valid"
HOSTILE_NAME = "**bold** [x](http://evil) <img src=x onerror=alert(1)> $x$ :red[y].csv"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DASHBOARD_AUTH", "off")
    make_base_snapshot(tmp_path / "snapshots")
    forget_snapshot_list()
    return tmp_path


def page(lang: str = "uk") -> AppTest:
    snapshot = list_snapshots()[-1]
    ctx = PageContext(lang, snapshot, make_period("12m", snapshot.reporting_date), None, None, hromadas())
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state[CONTEXT_KEY] = ctx
    return at


def upload(at: AppTest, files: list[tuple[str, bytes]]) -> AppTest:
    at.file_uploader(key="upload_files").set_value([(name, data, "text/csv") for name, data in files])
    at.date_input(key="upload_date").set_value(dt.date(2026, 10, 31))
    return at.run()


def frames_with(at: AppTest, column: str) -> list[pd.DataFrame]:
    return [d.value for d in at.dataframe if column in d.value.columns]


def shown_header(element, column: str) -> str:  # type: ignore[no-untyped-def]
    """The header the browser shows: the column_config label, or the column's name."""
    config = json.loads(element.proto.columns or "{}")
    return str(config.get(column, {}).get("label") or column)


def rendered_markdown(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [
        e.value for e in (*at.success, *at.error, *at.warning, *at.info)
    ]
    return "\n".join(str(p) for p in parts)


def test_without_files_the_page_just_asks_for_them(data_dir: Path) -> None:
    at = page().run()
    assert not at.exception
    assert at.file_uploader(key="upload_files").label.startswith("Оберіть файли")
    assert len(at.dataframe) == 0


def test_errors_are_shown_and_nothing_can_be_built(data_dir: Path) -> None:
    bad = 'activity_id,officer_id,hromada,started_at,duration_min,activity_type\nA-1,O-1,=HYPERLINK("http://x"),2026-10-05 10:00,60,patrol\n'
    at = upload(page().run(), [(HOSTILE_NAME, bad.encode())])
    assert not at.exception
    blocked = [e.value for e in at.error if e.icon == ":material/block:"]
    assert blocked and "Знайдено помилок: 1" in blocked[0]
    assert not [b for b in at.button if b.key == "upload_build"]
    (report,) = frames_with(at, "вид проблеми")  # headers, severities and kinds in Ukrainian
    assert report["вид проблеми"].tolist() == ["невідома громада"]
    assert report["важливість"].tolist() == ["ПОМИЛКА"]
    assert not {"kind", "severity", "error", "unknown_hromada"} & {
        *report.columns,
        *report.iloc[0].astype(str),
    }
    download = at.get("download_button")
    assert download, "the report can be downloaded"
    # What the file brought never reaches Markdown, and table cells are neutralised.
    markdown = rendered_markdown(at)
    assert "evil" not in markdown and "onerror" not in markdown and "HYPERLINK" not in markdown
    files = at.dataframe[0].value
    shown = files.iloc[0, 0]  # the hostile name reduced to a plain file name
    assert shown.endswith(".csv") and not set(shown) & set("<>/\\$:*")
    previews = pd.concat(frames_with(at, "#"), ignore_index=True)
    assert any(str(v).startswith("'=HYPERLINK") for v in previews.astype(str).to_numpy().ravel())
    assert list_snapshots()[-1].reporting_date == dt.date(2026, 9, 30)


def test_valid_files_are_previewed_checked_then_built(data_dir: Path) -> None:
    files = [(p.name, p.read_bytes()) for p in sorted(VALID.iterdir())]
    at = upload(page("en").run(), files)
    assert not at.exception
    assert at.success and at.success[0].value.startswith("No errors")
    assert len(at.expander) == len(files)  # one preview per file (the workbook has one table sheet)
    assert list_snapshots()[-1].reporting_date == dt.date(2026, 9, 30)  # nothing written by the check
    at.button(key="upload_build").click().run()
    assert not at.exception
    assert [s.reporting_date for s in list_snapshots()] == [dt.date(2026, 9, 30), dt.date(2026, 10, 31)]
    assert any("built" in s.value for s in at.success)
    assert at.get("progress"), "the build shows a progress bar"
    summary = frames_with(at, "updated")[-1]
    assert summary.set_index("table").loc["Officer activity", "added"] == 48
    changes = frames_with(at, "removed")[-1].set_index("table")
    assert (
        changes.loc["Officer activity", "added"] == "48" and changes.loc["Officer activity", "removed"] == "0"
    )
    events = {e["event"]: e["detail"] for e in read_events()}
    assert events["upload"]["errors"] == 0 and "activities_2026-10.csv" in events["upload"]["files"]
    assert events["snapshot_created"]["reporting_date"] == "2026-10-31"
    assert events["snapshot_created"]["added"] > 48


def test_safe_names_and_default_date() -> None:
    taken: set[str] = set()
    assert ui_flow.safe_name("../../etc/passwd", taken) == "passwd"
    assert ui_flow.safe_name("C:\\Users\\x\\звіт жовтень.csv", taken) == "звіт жовтень.csv"
    assert ui_flow.safe_name("звіт жовтень.csv", taken) == "2-звіт жовтень.csv"
    assert "\x1b" not in ui_flow.safe_name("a\x1b[2J.csv", taken)
    assert ui_flow.default_reporting_date(dt.date(2026, 11, 25)) == dt.date(2026, 10, 31)
    assert ui_flow.default_reporting_date(dt.date(2027, 1, 3)) == dt.date(2026, 12, 31)


def test_the_tables_after_a_build_speak_ukrainian(data_dir: Path) -> None:
    """Headers and codes of the build summary, the snapshot diff and the review: no English in Ukrainian."""
    files = [(p.name, p.read_bytes()) for p in sorted(VALID.iterdir())]
    at = upload(page("uk").run(), files)
    at.button(key="upload_build").click().run()
    assert not at.exception
    frames = [d.value for d in at.dataframe]
    headers = {shown_header(d, str(c)) for d in at.dataframe for c in d.value.columns}
    assert {"таблиця", "додано", "змінено", "вилучено", "показник", "зміна", "рядків у 30.09.2026"} <= headers
    # The previews show the files' own column names ("activity_id → activity_id"): data, not interface.
    latin = {h for h in headers if "→" not in h and any("a" <= ch.lower() <= "z" for ch in h)}
    assert not latin, latin
    cells = {str(v) for frame in frames for v in frame.astype(str).to_numpy().ravel()}
    codes = {
        "activities",
        "officers",
        "hromadas_covered",
        "officers_on_duty",
        "offences_12m",
        "activities_12m",
    }
    assert not cells & codes
    assert "Діяльність офіцерів" in cells and "громад з офіцером" in cells
