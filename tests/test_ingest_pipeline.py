"""Ingest behaviour: samples, upserts, idempotency, base rules, limits, locks and leftovers, reports."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import openpyxl
import pytest

from dashboard.ingest.housekeeping import ingest_lock, stale_temp_files
from dashboard.ingest.pipeline import IngestOptions, run_ingest
from dashboard.ingest.problems import ProblemCollector
from dashboard.ingest.report import format_report, report_file
from dashboard.snapshots import list_snapshots, read_info
from tests.ingest_helpers import (
    BASE_DATE,
    REPORTING_DATE,
    ROOT,
    contract_content,
    errors_of,
    ingest,
    make_base_snapshot,
    sha256,
)

VALID = ROOT / "data" / "samples" / "valid"
BROKEN = ROOT / "data" / "samples" / "broken"
ACTIVITY_HEADER = (
    "activity_id,officer_id,hromada,started_at,duration_min,activity_type,participants,lat,lon\n"
)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


@pytest.fixture
def base_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "snapshots"
    make_base_snapshot(directory)
    return directory


def test_the_valid_samples_make_a_snapshot(tmp_path: Path) -> None:
    result = ingest([VALID], tmp_path, base="none")
    assert result.ok, format_report(result.collector, "en")
    counts = {name: s.rows for name, s in result.tables.items()}
    assert counts == {"officers": 6, "stations": 3, "resources": 9, "activities": 48, "offences": 30,
                      "calls": 36, "surveys": 3, "passport_items": 4, "funding": 5}  # fmt: skip
    info = read_info(result.snapshot_path)  # type: ignore[arg-type]
    assert not info.is_demo and info.row_counts["activities"] == 48
    with duckdb.connect(str(result.snapshot_path), read_only=True) as con:
        assert con.execute("SELECT count(DISTINCT hromada) FROM officers").fetchone()[0] == 3
        assert con.execute("SELECT warnings, base_snapshot FROM snapshot_meta").fetchone() == (2, "")
        resources = con.execute(
            "SELECT resource, status, count(*) FROM resources GROUP BY ALL ORDER BY ALL"
        ).fetchall()
        assert ("vehicle", "planned", 1) in resources  # Ukrainian values of the XLSX, translated
        located = con.execute("SELECT count(*) FILTER (WHERE inside_hromada) FROM activities").fetchone()[0]
        assert located > 30  # the sample points lie near the centres, inside the polygons


def test_upsert_updates_known_ids_and_adds_new_ones(base_dir: Path, tmp_path: Path) -> None:
    path = write(
        tmp_path / "activities.csv",
        ACTIVITY_HEADER
        + "A-0,O-1,UA35040210000014072,2026-09-15 10:00,90,patrol,,,\n"
        + "A-9,O-2,UA35040130000021732,2026-10-02 11:00,30,school_visit,25,,\n",
    )
    result = ingest([path], base_dir)
    assert result.ok
    summary = result.tables["activities"]
    assert (summary.rows, summary.added, summary.updated, summary.unchanged) == (2, 1, 1, 0)
    content = contract_content(result.snapshot_path)  # type: ignore[arg-type]
    assert content["activities"]["duration_min"].tolist() == [90, 30]
    assert len(content["officers"]) == 2 and len(content["surveys"]) == 1  # the base's other tables kept
    assert read_info(result.snapshot_path).row_counts["activities"] == 2  # type: ignore[arg-type]


def test_same_files_twice_give_the_same_content(tmp_path: Path) -> None:
    first = ingest([VALID], tmp_path / "a", base="none")
    again = ingest([VALID], tmp_path / "a", base="latest", reporting_date=dt.date(2026, 11, 30))
    elsewhere = ingest([VALID], tmp_path / "b", base="none")
    assert first.ok and again.ok and elsewhere.ok
    assert all(s.added == 0 and s.updated == 0 and s.unchanged == s.rows for s in again.tables.values())
    reference = contract_content(first.snapshot_path)  # type: ignore[arg-type]
    for other in (again, elsewhere):
        content = contract_content(other.snapshot_path)  # type: ignore[arg-type]
        for name, frame in reference.items():
            assert content[name].equals(frame), name


def test_a_demo_base_is_never_used_silently(tmp_path: Path) -> None:
    make_base_snapshot(tmp_path, is_demo=True)
    path = write(
        tmp_path / "activities.csv", ACTIVITY_HEADER + "A-9,O-2,Знам’янська,2026-10-02 11:00,30,patrol,,,\n"
    )
    refused = ingest([path], tmp_path)
    assert errors_of(refused) == {("base_is_demo", 0, "")}
    explicit = ingest([path], tmp_path, base=BASE_DATE.isoformat())
    assert explicit.ok and read_info(explicit.snapshot_path).is_demo  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("options", "kind"),
    [
        ({"base": "2026-01-31"}, "base_not_found"),
        ({"base": "yesterday"}, "base_not_found"),
        ({"reporting_date": BASE_DATE}, "date_before_base"),
    ],
)
def test_base_problems(base_dir: Path, tmp_path: Path, options: dict, kind: str) -> None:
    path = write(tmp_path / "activities.csv", ACTIVITY_HEADER)
    assert kind in {k for k, _, _ in errors_of(ingest([path], base_dir, **options))}


def test_an_existing_snapshot_is_never_replaced(base_dir: Path, tmp_path: Path) -> None:
    before = sha256(base_dir / f"{BASE_DATE.isoformat()}.duckdb")
    path = write(tmp_path / "activities.csv", ACTIVITY_HEADER)
    result = ingest([path], base_dir, base="none", reporting_date=BASE_DATE)
    assert errors_of(result) == {("snapshot_exists_draft", 0, "")}  # a draft under review: reject it first
    assert sha256(base_dir / f"{BASE_DATE.isoformat()}.duckdb") == before


def test_a_damaged_file_under_the_date_is_named_as_such_and_kept(tmp_path: Path) -> None:
    """A truncated file with the reporting date's name: the error says the file is damaged (not that a draft
    awaits review, which the administrator could never find), and the file is left byte for byte."""
    directory = tmp_path / "snapshots"
    directory.mkdir()
    damaged = directory / f"{REPORTING_DATE.isoformat()}.duckdb"
    damaged.write_bytes(b"DUCK" + bytes(5000))
    before = sha256(damaged)
    path = write(tmp_path / "activities.csv", ACTIVITY_HEADER)
    result = ingest([path], directory, base="none")
    assert ("snapshot_file_damaged", 0, "") in errors_of(result)
    assert "snapshot_exists_draft" not in {kind for kind, _, _ in errors_of(result)}
    assert result.snapshot_path is None
    assert sha256(damaged) == before
    for lang in ("uk", "en"):
        problem = next(p for p in result.collector.problems() if p.kind == "snapshot_file_damaged")
        assert REPORTING_DATE.isoformat() in problem.message(lang) and "snapshots/" in problem.fix(lang)


def test_paths_files_and_folders(tmp_path: Path, base_dir: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    write(folder / "README.txt", "not data")
    write(folder / "~$activities.csv", "Excel's lock file")
    write(
        folder / "sub" / "activities.csv",
        ACTIVITY_HEADER + "A-9,O-2,Знам’янська,2026-10-02 11:00,30,patrol,,,\n",
    )
    result = ingest([folder, tmp_path / "missing.csv"], base_dir)
    assert errors_of(result) == {("file_not_found", 0, "")}
    kinds = {(p.kind, p.severity) for p in result.collector.problems()}
    assert ("ignored_file", "warning") in kinds
    assert result.tables["activities"].rows == 1
    assert errors_of(ingest([], base_dir)) == {("no_files", 0, "")}


def test_files_above_the_limit_are_refused(base_dir: Path, tmp_path: Path) -> None:
    path = write(
        tmp_path / "activities.csv", ACTIVITY_HEADER + "A-9,O-2,Знам’янська,2026-10-02 11:00,30,patrol,,,\n"
    )
    assert errors_of(ingest([path], base_dir, max_bytes=100)) == {("file_too_large", 0, "")}


def test_an_xlsx_that_unpacks_too_big_is_refused(base_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "officers.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * 5_000_000 + b"</a>")
    assert path.stat().st_size < 100_000
    assert errors_of(ingest([path], base_dir, max_bytes=200_000)) == {("xlsx_too_large", 0, "")}


def test_a_workbook_with_a_sheet_per_table_and_an_xlsx_named_csv(base_dir: Path, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Зміст"
    officers = book.create_sheet("Офіцери")
    officers.append(["officer_id", "ПІБ", "громада", "звання", "дата відбору", "дата призначення"])
    officers.append(
        ["O-3", "Литвин Ольга", "Кропивницька", "лейтенант поліції", dt.date(2026, 2, 1), dt.date(2026, 6, 1)]
    )
    activities = book.create_sheet("activities")
    activities.append(ACTIVITY_HEADER.strip().split(","))
    activities.append(
        ["A-9", "O-3", "Кропивницька", dt.datetime(2026, 10, 2, 11, 0), 30, "patrol", None, 48.51, 32.27]
    )
    book.save(tmp_path / "export.csv")  # an XLSX under the wrong name
    result = ingest([tmp_path / "export.csv"], base_dir)
    assert result.ok, format_report(result.collector, "en")
    assert set(result.tables) == {"officers", "activities"}
    assert result.tables["officers"].sources == ["export.csv [Офіцери]"]
    assert any(p.kind == "wrong_extension" for p in result.collector.problems())


def test_plans_far_ahead_are_refused_near_ones_allowed(base_dir: Path, tmp_path: Path) -> None:
    header = "item_id;громада;проблема;пріоритет;захід;відповідальний;термін;статус;оновлено\n"
    near = "SP-1;Кропивницька;Крадіжки;високий;Рейди;ПОГ;31.12.2027;заплановано;20.10.2026\n"
    far = "SP-2;Кропивницька;Крадіжки;високий;Рейди;ПОГ;31.12.2040;заплановано;20.10.2026\n"
    path = write(tmp_path / "passport_items.csv", header + near + far)
    assert errors_of(ingest([path], base_dir)) == {("date_too_far", 3, "due_on")}


def test_rows_are_numbered_as_in_the_file(base_dir: Path, tmp_path: Path) -> None:
    text = (
        "Звіт про діяльність, жовтень 2026\n\n"
        + ACTIVITY_HEADER
        + "\n"
        + "A-9,O-2,Нікуди,2026-10-02 11:00,30,patrol,,,\n"
    )
    result = ingest([write(tmp_path / "activities.csv", text)], base_dir)
    assert errors_of(result) == {("unknown_hromada", 5, "hromada")}
    assert {p.kind for p in result.collector.problems()} == {"unknown_hromada", "rows_before_header"}


def test_small_chunks_give_the_same_result(base_dir: Path, tmp_path: Path) -> None:
    rows = "".join(f"A-{i},O-1,Кропивницька,2026-10-02 11:00,30,patrol,,,\n" for i in range(1, 40))
    path = write(
        tmp_path / "activities.csv",
        ACTIVITY_HEADER + rows + "A-3,O-1,Кропивницька,2026-10-03 11:00,30,patrol,,,\n",
    )
    one = ingest([path], base_dir, check_only=True)
    many = ingest([path], base_dir, check_only=True, chunk_rows=7)
    assert errors_of(one) == errors_of(many) == {("duplicate_id", 41, "activity_id")}


def test_check_only_writes_nothing(base_dir: Path) -> None:
    result = ingest([VALID], base_dir, check_only=True)
    assert result.ok and result.snapshot_path is None
    assert [s.reporting_date for s in list_snapshots(base_dir)] == [BASE_DATE]


def test_one_ingest_at_a_time(base_dir: Path) -> None:
    with ingest_lock(base_dir):
        assert errors_of(ingest([VALID], base_dir)) == {("ingest_busy", 0, "")}
    assert ingest([VALID], base_dir).ok


HOLD_OPEN = """
import duckdb, sys, time
con = duckdb.connect(sys.argv[1])
con.execute("CREATE TABLE t AS SELECT 1")
print("open", flush=True)
time.sleep(60)
"""


def test_stale_temporary_files_are_ignored_then_cleaned(base_dir: Path) -> None:
    stale = [
        base_dir / ".2026-10-31.duckdb.tmp-0badc0de",
        base_dir / ".ingest-staging-0123456789ab.duckdb.tmp",
    ]
    for path in stale:
        duckdb.connect(str(path)).close()
    (base_dir / ".2026-10-31.duckdb.tmp-0badc0de.wal").write_bytes(b"x")
    busy = base_dir / ".2026-11-30.duckdb.tmp-0000beef"
    holder = subprocess.Popen([sys.executable, "-c", HOLD_OPEN, str(busy)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        assert [s.reporting_date for s in list_snapshots(base_dir)] == [BASE_DATE]
        assert busy not in stale_temp_files(base_dir)
        result = ingest([VALID], base_dir)
        assert result.ok
        assert sorted(result.removed_temp_files) == sorted(
            [".2026-10-31.duckdb.tmp-0badc0de", ".2026-10-31.duckdb.tmp-0badc0de.wal",
             ".ingest-staging-0123456789ab.duckdb.tmp"]
        )  # fmt: skip
        assert busy.exists()  # another process is still building it
    finally:
        holder.kill()
        holder.wait()
    leftovers = {p.name for p in base_dir.iterdir()} - {
        ".ingest.lock",
        ".publication.sqlite",
        busy.name,
        busy.name + ".wal",
    }
    assert leftovers == {"2026-09-30.duckdb", "2026-10-31.duckdb"}


READ_LOOP = """
import duckdb, sys, time
ok = failed = 0
end = time.time() + float(sys.argv[2])
while time.time() < end:
    try:
        with duckdb.connect(sys.argv[1], read_only=True) as con:
            con.execute("SELECT count(*) FROM activities").fetchone()
        ok += 1
    except Exception as exc:
        failed += 1
        print(repr(exc), file=sys.stderr)
print(ok, failed)
"""


def test_readers_keep_working_while_a_snapshot_is_built(base_dir: Path, tmp_path: Path) -> None:
    rows = "".join(
        f"A-{i},O-1,Кропивницька,2026-10-02 11:00,30,patrol,,48.51,32.27\n" for i in range(1, 60_000)
    )
    path = write(tmp_path / "activities.csv", ACTIVITY_HEADER + rows)
    base_file = base_dir / f"{BASE_DATE.isoformat()}.duckdb"
    with duckdb.connect(str(base_file), read_only=True) as mine:  # the app holds the base open too
        reader = subprocess.Popen(
            [sys.executable, "-c", READ_LOOP, str(base_file), "4"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        result = ingest([path], base_dir)
        out, err = reader.communicate(timeout=60)
        assert mine.execute("SELECT count(*) FROM activities").fetchone() == (1,)
    assert result.ok
    ok, failed = map(int, out.split())
    assert failed == 0 and ok > 10, err


def test_the_csv_report_lists_every_problem_and_neutralises_formulas(tmp_path: Path, base_dir: Path) -> None:
    rows = "".join(
        f'A-{i},O-1,"=HYPERLINK(""http://x"")",2026-10-02 11:00,30,patrol,,,\n' for i in range(1, 13)
    )
    path = write(tmp_path / "activities.csv", ACTIVITY_HEADER + rows)
    report = tmp_path / "report.csv"
    with report_file(report) as sink:
        result = run_ingest([path], IngestOptions(REPORTING_DATE, directory=base_dir), sink=sink)
    assert result.collector.n_errors == 12
    assert report.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads it as UTF-8
    with open(report, encoding="utf-8-sig", newline="") as stream:
        lines = list(csv.DictReader(stream, delimiter=";"))
    assert len(lines) == 12
    assert {line["value"] for line in lines} == {'\'=HYPERLINK("http://x")'}
    assert {line["row"] for line in lines} == {str(i) for i in range(2, 14)}
    assert {line["kind"] for line in lines} == {"unknown_hromada"}
    text = format_report(result.collector)
    assert "12 рядків" in text and "… і ще 7" in text


def test_the_text_report_escapes_terminal_controls() -> None:
    collector = ProblemCollector()
    collector.add_rows("unknown_hromada", "a\x1b[2Jb.csv", "hromada", [2], ["\x1b]0;pwned\x07"], "—")
    text = format_report(collector, "en")
    assert "\x1b" not in text and "\x07" not in text
    assert "\\x1b]0;pwned\\x07" in text


def test_composite_keys_update_by_hromada_name_or_code(base_dir: Path, tmp_path: Path) -> None:
    header = "громада;дата опитування;респондентів;довіряють;почуваються в безпеці;знають свого офіцера\n"
    path = write(
        tmp_path / "surveys.csv",
        header
        + "Кропивницька міська громада;15.04.2026;300;160;170;90\nЗнам’янська;15.04.2026;120;60;70;50\n",
    )
    result = ingest([path], base_dir)
    assert result.ok
    summary = result.tables["surveys"]
    assert (summary.added, summary.updated, summary.unchanged) == (1, 1, 0)
    surveys = contract_content(result.snapshot_path)["surveys"]  # type: ignore[arg-type]
    assert surveys[["hromada", "trust_yes"]].values.tolist() == [
        ["UA35040130000021732", 60],
        ["UA35040210000014072", 160],
    ]


def test_the_check_already_says_when_the_date_is_taken(base_dir: Path) -> None:
    result = ingest([VALID], base_dir, base="none", reporting_date=BASE_DATE, check_only=True)
    assert ("snapshot_exists_draft", 0, "") in errors_of(result)
