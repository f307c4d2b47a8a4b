"""Bounded input and bounded reports: XLSX bombs refused unread, and 300 000 bad rows give a report of a
few kilobytes (counted, not kept), in the upload page's session and in its download."""

from __future__ import annotations

import pickle
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

from dashboard.config import max_upload_mb
from dashboard.ingest import ui_flow
from dashboard.ingest.xlsx_guard import EXCEL_CELL_LIMIT
from tests.ingest_helpers import KROPYVNYTSKA, REPORTING_DATE, ROOT, ingest, make_base_snapshot
from tests.xlsx_files import write_shared_string_bomb, write_xlsx

# Checks the file in a fresh process and prints its kinds, seconds and peak memory (VmHWM).
_CHECK = """
import sys, time
from pathlib import Path
from dashboard.ingest.pipeline import IngestOptions, run_ingest
import datetime as dt
started = time.perf_counter()
result = run_ingest([Path(sys.argv[1])], IngestOptions(dt.date(2026, 10, 31), base="none",
                    directory=Path(sys.argv[2]), check_only=True, max_bytes=500_000_000))
hwm = next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(sorted({g.kind for g in result.collector.groups}), time.perf_counter() - started, int(hwm) // 1024)
"""


def check_in_child(path: Path, tmp_path: Path) -> tuple[str, float, int]:
    done = subprocess.run(
        [sys.executable, "-c", _CHECK, str(path), str(tmp_path / "snapshots")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    kinds, seconds, mb = done.stdout.strip().rsplit(" ", 2)
    return kinds, float(seconds), int(mb)


def test_a_shared_string_bomb_is_refused_quickly_with_little_memory(tmp_path: Path) -> None:
    bomb = write_shared_string_bomb(tmp_path / "officers.xlsx", 200_000_000)
    assert bomb.stat().st_size < 500_000  # 200 MB of text in a few hundred kilobytes
    kinds, seconds, peak_mb = check_in_child(bomb, tmp_path)
    assert kinds == "['text_too_long']"
    assert seconds < 5 and peak_mb < 250, (seconds, peak_mb)


def test_a_long_shared_string_is_measured_in_characters(tmp_path: Path) -> None:
    base = tmp_path / "snapshots"
    make_base_snapshot(base)
    rows = [["officer_id", "full_name", "hromada", "rank", "selected_on", "deployed_on"]]
    # Cyrillic: 2 bytes a character, so the XML is longer than the limit while the text is not.
    rows.append(["O-9", "Ж" * (EXCEL_CELL_LIMIT - 10), KROPYVNYTSKA, "капітан", "2019-02-01", "2019-06-01"])
    fits = write_xlsx(tmp_path / "officers.xlsx", {"officers": rows})
    groups = ingest([fits], base, check_only=True).collector.groups
    # Read: only the contract's own 2 000-character limit for a text applies, to that row.
    assert [(g.kind, g.examples[0].row, g.column) for g in groups if g.severity == "error"] == [
        ("text_too_long", 2, "full_name")
    ]
    rows[1][1] = "Ж" * (EXCEL_CELL_LIMIT + 1)
    too_long = write_xlsx(tmp_path / "officers2.xlsx", {"officers": rows})
    groups = ingest([too_long], base, check_only=True).collector.groups
    assert [(g.kind, g.examples[0].row) for g in groups] == [("text_too_long", None)]
    assert "sharedStrings #" in groups[0].examples[0].detail


def test_a_part_that_inflates_like_a_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "officers.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * 5_000_000 + b"</a>")
    groups = ingest([path], tmp_path / "snapshots", base="none", max_bytes=500_000_000).collector.groups
    assert [g.kind for g in groups] == ["zip_bomb"]


def test_300k_bad_rows_give_a_bounded_report(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path))
    make_base_snapshot(tmp_path / "snapshots")
    path = tmp_path / "activities.csv"
    with open(path, "w", encoding="utf-8") as out:
        out.write("activity_id,officer_id,hromada,started_at,duration_min,activity_type\n")
        for i in range(300_000):
            out.write(f"A-{i},O-1,{KROPYVNYTSKA},not a date {i},60,patrol\n")
    checked = ui_flow.check([path], REPORTING_DATE, "latest", "uk")
    collector = checked.result.collector
    assert collector.n_errors == 300_000
    (group,) = collector.groups
    assert group.kind == "bad_datetime" and group.count == 300_000 and len(group.examples) == 100
    kept = len(pickle.dumps(checked))  # what the upload page keeps in the session
    assert kept < 200_000, kept
    lines = checked.report_csv.decode("utf-8-sig").splitlines()
    assert len(lines) == 101  # the header and the group's first 100 problems
    header = lines[0].split(";")
    assert header[:3] == ["важливість", "вид проблеми", "код"] and header[-1] == "усього такого"
    assert lines[1].split(";")[:3] == ["ПОМИЛКА", "неправильні дата й час", "bad_datetime"]
    assert lines[1].endswith(";300000")


def test_the_upload_limit_matches_what_the_page_says() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == max_upload_mb()
