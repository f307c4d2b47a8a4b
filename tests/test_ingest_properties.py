"""Property-based tests (hypothesis): random and mangled input never crashes the ingest, and nothing
invalid is ever accepted silently.

"Accepted" is judged by an oracle independent of the parsers: whenever an ingest succeeds, the written
snapshot is checked against the contract's invariants (known hromadas, allowed values, ranges, dates,
unique keys, existing officers, coordinates in the oblast).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import random
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dashboard import geo, reference
from dashboard.ingest import convert
from dashboard.ingest.rules import BBOX_MARGIN_DEG
from dashboard.schema import ACTIVITY_TYPES, CONTRACT
from dashboard.snapshots import connect_readonly
from dashboard.sql_ident import fill_identifiers
from tests.ingest_helpers import REPORTING_DATE, ingest, make_base_snapshot

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ACTIVITY_HEADER = ["activity_id", "officer_id", "hromada", "started_at", "duration_min", "activity_type",
                   "participants", "lat", "lon"]  # fmt: skip
VALID_ROWS = [
    ["A-1", "O-1", "UA35040210000014072", "2026-10-05 10:00", "60", "patrol", "", "48.51", "32.27"],
    ["A-2", "O-2", "Знам’янська", "06.10.2026 09:30", "45", "resident_meeting", "12", "48,72", "32,66"],
    ["A-3", "O-1", "Кропивницька міська громада", "2026-10-07 18:00:00", "120", "school_visit", "30", "", ""],
]


@pytest.fixture(scope="module")
def base_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("base")
    make_base_snapshot(directory)
    return directory


def fresh_copy(base_dir: Path) -> Path:
    target = Path(tempfile.mkdtemp(prefix="prop-"))
    for path in base_dir.glob("*.duckdb"):
        shutil.copy(path, target / path.name)
    return target


def csv_bytes(rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    # "\r\n" as Excel writes it; with "\n" alone csv.writer would leave a bare "\r" in a cell unquoted.
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def check_invariants(path: Path) -> None:
    """The oracle: what any snapshot written by ingest must satisfy, whatever the input was."""
    codes = set(reference.hromadas()["katottg"])
    min_lon, min_lat, max_lon, max_lat = geo.oblast_bbox()
    m = BBOX_MARGIN_DEG
    day_after = REPORTING_DATE + dt.timedelta(days=1)
    with connect_readonly(path) as con:
        for name, table in CONTRACT.items():
            frame = con.execute(fill_identifiers("SELECT * FROM {t}", t=name)).df()
            assert not frame.duplicated(list(table.key)).any(), name
            for column in table.columns:
                if column.required:
                    assert frame[column.name].notna().all(), (name, column.name)
            if "hromada" in frame:
                assert set(frame["hromada"]) <= codes, name
            if "lat" in frame:
                assert (frame["lat"].isna() == frame["lon"].isna()).all()
                located = frame.dropna(subset=["lat"])
                assert located["lat"].between(min_lat - m, max_lat + m).all()
                assert located["lon"].between(min_lon - m, max_lon + m).all()
        acts = con.execute("SELECT * FROM activities").df()
        assert acts["duration_min"].between(0, 1440).all()
        assert acts["activity_type"].isin(ACTIVITY_TYPES).all()
        assert (acts["participants"].dropna() >= 0).all()
        assert acts["started_at"].between(pd.Timestamp(2015, 1, 1), pd.Timestamp(day_after)).all()
        assert (acts["started_at"] < pd.Timestamp(day_after)).all()
        officers = set(con.execute("SELECT officer_id FROM officers").df()["officer_id"])
        assert set(acts["officer_id"]) <= officers


def run_on_bytes(base_dir: Path, name: str, data: bytes) -> None:
    directory = fresh_copy(base_dir)
    inputs = Path(tempfile.mkdtemp(prefix="prop-in-"))
    try:
        path = inputs / name
        path.write_bytes(data)
        result = ingest([path], directory)  # must not raise, whatever the bytes
        if result.ok:
            assert result.snapshot_path is not None
            check_invariants(result.snapshot_path)
        else:
            assert result.snapshot_path is None
            assert not (directory / f"{REPORTING_DATE.isoformat()}.duckdb").exists()
            assert all(p.message("uk") and p.fix("en") for p in result.collector.problems())
    finally:
        shutil.rmtree(directory, ignore_errors=True)
        shutil.rmtree(inputs, ignore_errors=True)


@SETTINGS
@given(data=st.binary(max_size=3000), name=st.sampled_from(["activities.csv", "officers.xlsx", "x.csv"]))
def test_random_bytes_never_crash_nor_pass(base_dir: Path, data: bytes, name: str) -> None:
    run_on_bytes(base_dir, name, data)


@SETTINGS
@given(data=st.binary(min_size=10, max_size=2000))
def test_random_bytes_behind_a_zip_header(base_dir: Path, data: bytes) -> None:
    run_on_bytes(base_dir, "resources.xlsx", b"PK\x03\x04" + data)


MUTATIONS = ("delete", "insert", "replace", "duplicate_line", "drop_line", "swap_lines", "truncate", "quote")


@SETTINGS
@given(
    seed=st.integers(0, 2**32 - 1),
    steps=st.integers(1, 6),
    delimiter=st.sampled_from([",", ";"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1251"]),
)
def test_mangled_csv_is_reported_or_valid(
    base_dir: Path, seed: int, steps: int, delimiter: str, encoding: str
) -> None:
    rng = random.Random(seed)
    rows = [ACTIVITY_HEADER, *VALID_ROWS]
    text = csv_bytes(rows, delimiter, "utf-8").decode("utf-8")
    for _ in range(steps):
        text = mangle(text, rng)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    run_on_bytes(base_dir, "activities.csv", data)


def mangle(text: str, rng: random.Random) -> str:
    kind = rng.choice(MUTATIONS)
    lines = text.split("\n")
    i = rng.randrange(len(text) or 1)
    noise = rng.choice(["-", "9", ",", ";", '"', "\n", "x", "я", "\x00", "'", " ", ".", "=", "0"])
    if kind == "delete":
        return text[:i] + text[i + 1 :]
    if kind == "insert":
        return text[:i] + noise + text[i:]
    if kind == "replace":
        return text[:i] + noise + text[i + 1 :]
    if kind == "duplicate_line" and len(lines) > 1:
        j = rng.randrange(1, len(lines))
        return "\n".join([*lines[: j + 1], lines[j], *lines[j + 1 :]])
    if kind == "drop_line":
        j = rng.randrange(len(lines))
        return "\n".join(lines[:j] + lines[j + 1 :])
    if kind == "swap_lines" and len(lines) > 2:
        a, b = rng.sample(range(len(lines)), 2)
        lines[a], lines[b] = lines[b], lines[a]
        return "\n".join(lines)
    if kind == "truncate":
        return text[:i]
    return text[:i] + '"' + text[i:]  # a stray quote


@SETTINGS
@given(order=st.permutations(list(range(len(ACTIVITY_HEADER)))), ukrainian=st.booleans(), upper=st.booleans())
def test_shuffled_and_renamed_headers_give_the_same_rows(
    base_dir: Path, order: list[int], ukrainian: bool, upper: bool
) -> None:
    aliases = {c.name: (c.alias_uk[0] if c.alias_uk else c.name) for c in CONTRACT["activities"].columns}
    header = [aliases[h] if ukrainian else h for h in ACTIVITY_HEADER]
    header = [h.upper() if upper else h for h in header]
    rows = [[row[i] for i in order] for row in [header, *VALID_ROWS]]
    directory = fresh_copy(base_dir)
    inputs = Path(tempfile.mkdtemp(prefix="prop-in-"))
    try:
        (inputs / "export.csv").write_bytes(csv_bytes(rows, ";"))
        result = ingest([inputs / "export.csv"], directory)
        assert result.ok, [p.message("en") for p in result.collector.problems()]
        with connect_readonly(result.snapshot_path) as con:  # type: ignore[arg-type]
            stored = con.execute(
                "SELECT activity_id, hromada, started_at, participants FROM activities "
                "WHERE activity_id <> 'A-0' ORDER BY activity_id"
            ).fetchall()
        assert stored == [
            ("A-1", "UA35040210000014072", dt.datetime(2026, 10, 5, 10, 0), None),
            ("A-2", "UA35040130000021732", dt.datetime(2026, 10, 6, 9, 30), 12),
            ("A-3", "UA35040210000014072", dt.datetime(2026, 10, 7, 18, 0), 30),
        ]
    finally:
        shutil.rmtree(directory, ignore_errors=True)
        shutil.rmtree(inputs, ignore_errors=True)


@SETTINGS
@given(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)), st.sampled_from(["iso", "uk"]))
def test_any_real_date_parses_back(day: dt.date, form: str) -> None:
    text = day.isoformat() if form == "iso" else f"{day.day:02d}.{day.month:02d}.{day.year:04d}"
    values, bad = convert.parse_dates(pd.Series([text], dtype="str"))
    assert not bad[0]
    assert values[0].date() == day


DATEISH = st.text(alphabet="0123456789-./: T", max_size=20)


@settings(max_examples=300, deadline=None)
@given(DATEISH)
def test_date_parser_accepts_only_documented_forms(text: str) -> None:
    values, bad = convert.parse_dates(pd.Series([text], dtype="str"))
    stripped = text.strip()
    if stripped and not bad[0]:
        candidates = [stripped, stripped.removesuffix(" 00:00:00").removesuffix(" 00:00")]
        candidates += [c.removesuffix("T00:00:00").removesuffix("T00:00") for c in candidates]
        parsed = set()
        for candidate in candidates:
            for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
                with contextlib.suppress(ValueError):
                    parsed.add(dt.datetime.strptime(candidate, fmt).date())
        assert values[0].date() in parsed


NUMBERISH = st.text(alphabet="0123456789+-.,  e", max_size=14)


@settings(max_examples=300, deadline=None)
@given(NUMBERISH)
def test_integer_parser_never_guesses(text: str) -> None:
    assume(text.strip())
    values, not_number, not_whole, too_large = convert.parse_ints(pd.Series([text], dtype="str"))
    accepted = not (not_number[0] or not_whole[0] or too_large[0])
    if accepted:
        plain = text.replace(" ", "").replace("\u00a0", "").replace(",", ".")
        assert Decimal(plain) == int(values[0])
        assert " " not in text.strip() or all(len(g) == 3 for g in text.strip().split(" ")[1:])
    else:
        assert pd.isna(values[0])


FREE_TEXT = st.text(max_size=60)


@SETTINGS
@given(name=FREE_TEXT)
def test_any_name_is_stored_exactly_or_reported(base_dir: Path, name: str) -> None:
    """A full name goes in unchanged (but for surrounding spaces and our formula quote) or is refused."""
    rows = [
        ["officer_id", "full_name", "hromada", "rank", "selected_on"],
        ["O-7", name, "Кропивницька", "лейтенант поліції", "2026-02-01"],
    ]
    directory = fresh_copy(base_dir)
    inputs = Path(tempfile.mkdtemp(prefix="prop-in-"))
    try:
        (inputs / "officers.csv").write_bytes(csv_bytes(rows))
        result = ingest([inputs / "officers.csv"], directory)
        if result.ok:
            with connect_readonly(result.snapshot_path) as con:  # type: ignore[arg-type]
                stored = con.execute("SELECT full_name FROM officers WHERE officer_id = 'O-7'").fetchone()[0]
            expected = name.strip()
            if expected.startswith("'") and expected[1:2] in ("=", "+", "-", "@", "\t", "\r"):
                expected = expected[1:]
            assert stored == expected
        else:
            kinds = {p.kind for p in result.collector.problems() if p.severity == "error"}
            assert kinds <= {"missing_value", "control_characters", "text_too_long", "bad_csv", "not_text"}
    finally:
        shutil.rmtree(directory, ignore_errors=True)
        shutil.rmtree(inputs, ignore_errors=True)
