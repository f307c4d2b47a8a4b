"""The ingest side of publishing: reporting dates after today or not after the base are refused (CLI and
upload page), a refused base is reported with the files' own problems, a withdrawn snapshot is never a
base, and the review of a draft against the published snapshot finds what would hurt viewers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import publication
from dashboard.i18n import t
from dashboard.ingest.kinds import KINDS
from dashboard.periods import make_period
from dashboard.reference import hromadas
from dashboard.snapshot_review import review_snapshot
from dashboard.snapshots import SnapshotBuilder, list_snapshots, read_info
from dashboard.ui.context import CONTEXT_KEY, PageContext
from dashboard.ui.data import forget_snapshot_list
from dashboard.views import review as view
from tests.ingest_helpers import (
    BASE_DATE,
    KROPYVNYTSKA,
    REPORTING_DATE,
    ROOT,
    ZNAMIANSKA,
    base_tables,
    errors_of,
    ingest,
    make_base_snapshot,
    run_cli,
    sha256,
)

VALID = ROOT / "data" / "samples" / "valid"
BROKEN_ACTIVITIES = ROOT / "data" / "samples" / "broken" / "activities_broken.csv"
ADMIN = publication.Actor("olena")


def hashes(directory: Path) -> dict[str, str]:
    return {p.name: sha256(p) for p in sorted(directory.glob("*.duckdb"))}


def test_a_reporting_date_after_today_is_refused(tmp_path: Path) -> None:
    make_base_snapshot(tmp_path)
    today = dt.date(2026, 11, 5)
    refused = ingest([VALID], tmp_path, reporting_date=dt.date(2026, 11, 30), today=today)
    assert ("reporting_date_in_future", 0, "") in errors_of(refused) and refused.snapshot_path is None
    assert ingest([VALID], tmp_path, today=today, check_only=True).ok  # 2026-10-31 has passed
    assert KINDS["reporting_date_in_future"].message("en", detail="2026-11-05").endswith("(2026-11-05)")


@pytest.mark.parametrize(
    ("date", "words"),
    [("2099-12-31", "пізніша за сьогоднішню"), ("2026-09-30", "не пізніша за дату базового знімка")],
)
def test_the_cli_refuses_a_future_date_or_one_not_after_the_base(
    tmp_path: Path, date: str, words: str
) -> None:
    make_base_snapshot(tmp_path / "snapshots")
    before = hashes(tmp_path / "snapshots")
    done = run_cli("ingest", "--date", date, str(VALID), data_dir=tmp_path)
    assert done.returncode == 1 and words in done.stderr and "Traceback" not in done.stderr
    assert hashes(tmp_path / "snapshots") == before
    assert [s.reporting_date for s in list_snapshots(tmp_path / "snapshots")] == [BASE_DATE]


def test_a_demo_base_is_reported_with_the_files_own_problems(tmp_path: Path) -> None:
    make_base_snapshot(tmp_path, is_demo=True)
    before = hashes(tmp_path)
    result = ingest([BROKEN_ACTIVITIES], tmp_path)
    kinds = {kind for kind, _, _ in errors_of(result)}
    assert "base_is_demo" in kinds and len(kinds) > 3  # the files' own errors too
    assert "unknown_officer" not in kinds  # not checked against a base that was refused
    assert hashes(tmp_path) == before


def test_a_withdrawn_snapshot_is_never_the_base(tmp_path: Path) -> None:
    make_base_snapshot(tmp_path, dt.date(2026, 8, 31))
    make_base_snapshot(tmp_path, BASE_DATE)
    publication.withdraw(tmp_path, BASE_DATE, ADMIN)
    latest = ingest([VALID], tmp_path, check_only=True)
    assert latest.ok and latest.base is not None and latest.base.reporting_date == dt.date(2026, 8, 31)
    named = ingest([VALID], tmp_path, base=BASE_DATE.isoformat(), check_only=True)
    assert ("base_withdrawn", 0, "") in errors_of(named)


# --- the review --------------------------------------------------------------------------------------------


def make_draft(directory: Path) -> Path:
    """A draft that lost one hromada, its survey and every activity but one dated after the reporting date."""
    tables = base_tables()
    late = tables["activities"].assign(activity_id="A-late", started_at=pd.to_datetime(["2026-11-02 09:00"]))
    with SnapshotBuilder(REPORTING_DATE, is_demo=False, directory=directory, generator="tests") as builder:
        builder.insert("officers", tables["officers"].iloc[:1])
        builder.insert("activities", late)
    return builder.final_path


def test_the_review_finds_lost_hromadas_drops_and_late_rows(tmp_path: Path) -> None:
    published = read_info(make_base_snapshot(tmp_path))
    draft = read_info(make_draft(tmp_path))
    review = review_snapshot(draft, published)
    assert review.published == BASE_DATE
    assert review.missing_hromadas == [ZNAMIANSKA]
    assert {(c.kind, c.name, c.before, c.after) for c in review.drops} == {
        ("indicator", "activities_12m", 1, 0),
        ("table", "surveys", 1, 0),
    }
    assert review.future_rows == {"activities": 1}
    officers = next(c for c in review.counts if c.name == "officers_on_duty")
    assert (officers.before, officers.after, officers.dropped) == (
        2,
        1,
        False,
    )  # half is not "more than half"
    names = dict(zip(hromadas()["katottg"], hromadas()["name_uk"], strict=True))
    uk = view.warnings(review, names, "uk")
    assert len(uk) == review.n_warnings == 3  # the drops in one warning, a line each
    assert uk[0].startswith("Кількості впали більш як удвічі")
    assert "\n- «Опитування мешканців»: 1 → 0 (−100\u00a0%)" in uk[0]
    assert ": 1 (Знам’янська)" in uk[1]
    assert uk[2].startswith("Діяльність офіцерів: записів, датованих пізніше за звітну дату 31.10.2026: 1.")
    en = view.warnings(review, dict(zip(hromadas()["katottg"], hromadas()["name_en"], strict=True)), "en")
    assert "\n- “activities, last 12 months”: 1 → 0 (−100%)" in en[0]
    assert "none in this one: 1 (Znamianska)" in en[1]
    first = review_snapshot(published, None)
    assert first.published is None and first.n_warnings == 0 and first.missing_hromadas == []
    assert view.comparison_line(first, "en").startswith("Nothing is published yet")
    assert KROPYVNYTSKA not in review.missing_hromadas


# --- the upload page ---------------------------------------------------------------------------------------

PAGE = str(ROOT / "dashboard" / "pages" / "upload.py")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DASHBOARD_AUTH", "off")
    make_base_snapshot(tmp_path / "snapshots")
    publication.publish(tmp_path / "snapshots", BASE_DATE, ADMIN, four_eyes=False)
    forget_snapshot_list()
    return tmp_path


def page(lang: str = "uk") -> AppTest:
    snapshot = list_snapshots()[-1]
    ctx = PageContext(lang, snapshot, make_period("12m", snapshot.reporting_date), None, None, hromadas())
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state[CONTEXT_KEY] = ctx
    return at


def upload(at: AppTest, date: dt.date) -> AppTest:
    files = [(p.name, p.read_bytes(), "text/csv") for p in sorted(VALID.iterdir())]
    at.file_uploader(key="upload_files").set_value(files)
    at.date_input(key="upload_date").set_value(date)
    return at.run()


def test_the_upload_page_limits_and_checks_the_date(data_dir: Path) -> None:
    at = page().run()
    assert dt.date.fromisoformat(at.date_input(key="upload_date").proto.max) == dt.date.today()
    at = upload(at, BASE_DATE)  # not after the base
    assert not at.exception
    report = next(d.value for d in at.dataframe if "вид проблеми" in d.value.columns)
    assert t("pg.ingest.kind.date_before_base.label", "uk") in report["вид проблеми"].tolist()
    assert not [b for b in at.button if b.key == "upload_build"]


def test_build_then_review_then_publish_on_the_upload_page(data_dir: Path) -> None:
    directory = data_dir / "snapshots"
    at = upload(page("en").run(), REPORTING_DATE)
    at.button(key="upload_build").click().run()
    assert not at.exception
    assert publication.status_of(directory, REPORTING_DATE).status == "draft"
    assert any("Draft data snapshot" in s.value for s in at.success)
    assert any(s.value.startswith("Review of the snapshot of 31 Oct 2026") for s in at.subheader)
    assert "Status: draft" in [i.value for i in at.info]
    at.button(key="publish_upload").click().run()  # the review stays on the page for the same files
    assert not at.exception
    assert publication.status_of(directory, REPORTING_DATE).status == "published"
    assert any("everyone sees it now" in s.value for s in at.success)
    assert "Status: published" in [i.value for i in at.info]
    assert [b.key for b in at.button if b.key and b.key.endswith("_upload")] == ["withdraw_upload"]
