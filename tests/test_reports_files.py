"""The PPTX deck and the PDF report built from the fixture snapshot, opened and read back.

Two builds (each one chromium run, shared by the deck and the report): the partner view in Ukrainian and
the admin view in English, both for the three fixture hromadas A (Бобринецька), B (Ганнівська) and
C (Аджамська) in that order. Needs poppler-utils (pdfinfo, pdftotext, pdffonts, pdftoppm) and chromium.
"""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from dashboard.reports import render
from dashboard.reports.access import policy_for
from dashboard.reports.figures import BAND_H, BAND_W
from dashboard.reports.images import ReportImages, overview_jobs
from dashboard.reports.pdf import write_pdf
from dashboard.reports.pptx import write_pptx
from dashboard.reports.slides import OBLAST_SLIDES
from dashboard.reports.text import before_after_lines
from dashboard.translit import transliterate
from tests.auth_helpers import OFFICER_NEEDLES
from tests.fixture_snapshot import OFFICERS, A, B, C
from tests.reports_helpers import Built, build_both, pdf_pages, pdf_text, run, slide_texts, snapshot_file

SELECTED = [A, B, C]
NAMES_UK = {A: "Бобринецька", B: "Ганнівська", C: "Аджамська"}
NAMES_EN = {A: "Bobrynetska", B: "Hannivska", C: "Adzhamska"}
# The oblast slides (the fixture has passports, so all of them), then the chosen hromadas, then sources.
FIXED_SLIDES_BEFORE = len(OBLAST_SLIDES)
FIXED_SLIDES = FIXED_SLIDES_BEFORE + 1
ALL_NEEDLES = sorted({n for needles in OFFICER_NEEDLES.values() for n in needles})


@pytest.fixture(scope="module")
def partner_uk(fixture_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    out = tmp_path_factory.mktemp("reports-partner")
    return build_both(snapshot_file(fixture_data_dir), out, lang="uk", policy=policy_for("partner"),
                      hromadas=SELECTED)  # fmt: skip


@pytest.fixture(scope="module")
def admin_en(fixture_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    out = tmp_path_factory.mktemp("reports-admin")
    return build_both(snapshot_file(fixture_data_dir), out, lang="en", policy=policy_for("admin"),
                      hromadas=SELECTED)  # fmt: skip


# --- the deck ----------------------------------------------------------------------------------------------
def test_deck_has_the_fixed_slides_and_one_per_hromada(partner_uk: Built) -> None:
    prs = Presentation(str(partner_uk.pptx_path))
    assert len(prs.slides) == partner_uk.slides == FIXED_SLIDES + len(SELECTED)
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)  # 16:9


def test_deck_titles_date_and_cyrillic_hromada_names(partner_uk: Built) -> None:
    texts = slide_texts(partner_uk.pptx_path)
    assert "Дані станом на 31.10.2026" in texts[0]
    assert all("Дані станом на 31.10.2026" in text for text in texts)  # the footer of every slide
    for offset, code in enumerate(SELECTED):
        assert NAMES_UK[code] in texts[FIXED_SLIDES_BEFORE + offset]
    assert "© OpenStreetMap contributors" in "\n".join(texts)


def test_deck_charts_are_pictures(partner_uk: Built) -> None:
    prs = Presentation(str(partner_uk.pptx_path))
    pictures = [[s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE] for slide in prs.slides]
    keys = [key for key, _ in OBLAST_SLIDES]
    tables = {keys.index("passports"), keys.index("funding")}  # cards and a table: what was done, paid for
    for index in range(2, FIXED_SLIDES_BEFORE):  # every oblast slide but the title and the summary
        if index in tables:
            assert any(s.has_table for s in prs.slides[index].shapes), f"slide {index + 1} has no table"
        else:
            assert pictures[index], f"slide {index + 1} has no chart"
    bands = []
    for offset in range(len(SELECTED)):
        assert len(pictures[FIXED_SLIDES_BEFORE + offset]) == 1
        bands.append(pictures[FIXED_SLIDES_BEFORE + offset][0].image.blob)
    # The hromada charts are bands cut from one strip figure: each the band's size, each different.
    scale = render.DEFAULT_SCALE
    for blob in bands:
        assert Image.open(io.BytesIO(blob)).size == (int(BAND_W * scale), int(BAND_H * scale))
    assert len(set(bands)) == len(bands)
    for picture in (p for slide in pictures for p in slide):
        assert picture.image.content_type == "image/png"
        assert picture.image.blob[:8] == b"\x89PNG\r\n\x1a\n"
        assert len(picture.image.blob) > 5_000
        assert (
            picture.left + picture.width <= prs.slide_width
            and picture.top + picture.height <= prs.slide_height
        )


def test_deck_speaker_notes_define_the_indicators(partner_uk: Built) -> None:
    prs = Presentation(str(partner_uk.pptx_path))
    for index, slide in enumerate(prs.slides):
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        assert "Формула" in notes, f"slide {index + 1} has no definitions in its notes"
    assert "z = √2 × (√поточне − √попереднє)" in prs.slides[5].notes_slide.notes_text_frame.text


def test_partner_deck_has_no_personal_data_and_suppresses_small_dv(partner_uk: Built) -> None:
    text = "\n".join(slide_texts(partner_uk.pptx_path))
    assert [n for n in ALL_NEEDLES if n in text] == []
    b_slide = slide_texts(partner_uk.pptx_path)[FIXED_SLIDES_BEFORE + 1]
    # B: 3 reports in the last 12 months, rounded to base 5 at the source in the partner's export.
    match = re.search(r"Домашнє насильство\n(\d+)", b_slide)
    assert match is not None and int(match.group(1)) % 5 == 0
    assert "Імена й контакти офіцерів не показано" in b_slide


def test_admin_deck_in_english_shows_officers(admin_en: Built) -> None:
    texts = slide_texts(admin_en.pptx_path)
    assert "Data as of 31 Oct 2026" in texts[0]
    for offset, code in enumerate(SELECTED):
        assert NAMES_EN[code] in texts[FIXED_SLIDES_BEFORE + offset]
    a_slide = texts[FIXED_SLIDES_BEFORE]
    # The English deck's officer lines are English: rank from the locale table, name transliterated.
    assert "Police Captain, Petrenko Ivan Petrovych, " in a_slide and "+380 50 111 11 11" in a_slide
    assert "Петренко" not in a_slide and "капітан" not in a_slide
    assert "Коваль" not in a_slide  # left on 2026-10-15: not on duty
    assert "Domestic violence\n3" in texts[FIXED_SLIDES_BEFORE + 1]


def test_rollout_evaluation_slide_and_section(partner_uk: Built, admin_en: Built) -> None:
    """The event study in the deck and the report: its chart in place of the pooled before/after, where its
    numbers come from, the plain reading and the WDD as the simpler check; the partner's total includes
    rounded domestic-violence counts, so their reading draws no verdict, the admin's does."""
    index = [key for key, _ in OBLAST_SLIDES].index("evaluation")
    prs = Presentation(str(partner_uk.pptx_path))
    charts = {s.name for s in prs.slides[index].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE}
    assert charts == {"event_study"}
    partner_slide = slide_texts(partner_uk.pptx_path)[index]
    assert "Оцінка впровадження" in partner_slide and "Призначення не було випадковим" in partner_slide
    assert "висновку про значущість не зроблено" in partner_slide
    # The fixture's one deployment wave has no hromada left without an officer: the WDD says so.
    assert "Простіша перевірка (WDD)" in partner_slide and "Немає хвилі призначень" in partner_slide
    admin_slide = slide_texts(admin_en.pptx_path)[index]
    assert "Rollout evaluation" in admin_slide and "Deployment was not random" in admin_slide
    assert "within random variation" in admin_slide and "the comparison looks fair" in admin_slide
    assert "Callaway & Sant’Anna" in admin_slide
    assert "The simpler check (WDD)" in admin_slide and "No deployment wave has control" in admin_slide
    report = pdf_text(admin_en.pdf_path)
    assert "Rollout evaluation" in report and "Deployment was not random" in report
    assert "Callaway & Sant’Anna" in report and "The simpler check (WDD)" in report


def test_without_an_event_study_estimate_the_evaluation_shows_the_before_after(admin_en: Built) -> None:
    """No hromada got its officer after the data's first month (or none was left to compare with): the
    evaluation slide and page show the pooled before/after on event time and the results in words instead
    (the WDD chart beside it where a wave has controls). Placeholder pictures: no chromium run."""
    with_study = overview_jobs(admin_en.content)
    assert "event_study" in with_study and "event_time" not in with_study and "wdd" not in with_study
    ob = admin_en.content.oblast
    content = dataclasses.replace(
        admin_en.content, oblast=dataclasses.replace(ob, event_study=ob.event_study.iloc[0:0])
    )
    jobs = overview_jobs(content)
    assert "event_study" not in jobs and "event_time" in jobs
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, format="PNG")
    sizes = {key: (job.width, job.height) for key, job in jobs.items()}
    sizes |= {f"hromada:{p.katottg}": (BAND_W, BAND_H) for p in content.profiles}
    images = ReportImages({key: (buffer.getvalue(), size) for key, size in sizes.items()})
    prs = Presentation(io.BytesIO(write_pptx(content, images)[0]))
    slide = prs.slides[[key for key, _ in OBLAST_SLIDES].index("evaluation")]
    assert {s.name for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE} == {"event_time"}
    text = "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    lines = before_after_lines(content)  # the fixture: no hromada with 12 months either side, no WDD wave
    assert lines[0].startswith("No hromada has 12 months") and lines[1].startswith("No deployment wave")
    assert "Rollout evaluation" in text and all(line in text for line in lines)
    assert "Deployment was not random" not in text
    pdf_path = admin_en.pdf_path.with_name("report-no-event-study.pdf")
    pdf_path.write_bytes(write_pdf(content, images)[0])
    report = pdf_text(pdf_path)
    assert (
        "Rollout evaluation" in report and "No hromada has 12 months" in report and "Callaway" not in report
    )


def test_passports_slide_shows_what_was_done_masked_for_partners(partner_uk: Built, admin_en: Built) -> None:
    """«Safety passports: what was done»: the share reviewed in the last 3 months, then problem → measure →
    what was done (with its result); a partner reads P1's note with the officer's name and phone masked, as
    on the passports page; the report's section says the same, in the deck's order."""
    index = [key for key, _ in OBLAST_SLIDES].index("passports")
    partner, admin = slide_texts(partner_uk.pptx_path)[index], slide_texts(admin_en.pptx_path)[index]
    assert partner.startswith("Паспорти безпеки: що зроблено") and "Переглянуто за 3 місяці" in partner
    assert admin.startswith("Safety passports: what was done") and "Reviewed in the last 3 months" in admin
    # Only A has a passport; its last review, P2's 2026-08-01, lies within 3 months of 2026-10-31.
    assert "Reviewed in the last 3 months\n100%\n1 of 1 hromadas with a passport" in admin
    for text in (partner, admin):
        assert "встановлено 4 камери" in text and "погоджено кошторис з виконкомом" in text
        assert text.index("встановлено 4 камери") > text.index(
            "What was done" if text is admin else "Що зроблено"
        )
    assert "Петренко" not in partner and "067 123 45 67" not in partner and "[…]" in partner
    assert "Іван Петренко" in admin
    report = pdf_text(partner_uk.pdf_path)
    assert "Паспорти безпеки: що зроблено" in report and "проти 5 роком раніше" in report
    assert "Петренко" not in report and "067 123 45 67" not in report


def test_funding_slide_and_section_only_with_funding_rows(partner_uk: Built, admin_en: Built) -> None:
    """«What partners funded» fills the slot after the passports: the fixture's 1 655 000.50 UAH, 72.5 %
    from donors, 827 500.25 UAH per officer on duty, each source with its ProZorro tender; the report's
    section after the passports one. A snapshot without funding rows has neither (no empty slide)."""
    keys = [key for key, _ in OBLAST_SLIDES]
    assert keys.index("funding") == keys.index("passports") + 1
    text = slide_texts(admin_en.pptx_path)[keys.index("funding")]
    assert text.startswith("What partners funded")
    assert "UAH 1.66 m" in text and "827,500 UAH" in text  # millions from a million up (money_text)
    assert "72%" in text or "73%" in text
    assert "Demo Fund (демо)" in text and "UA-2025-02-01-000123-a" in text and "1,200,000" in text
    assert "UA-2026-08-01-004567-b" in text and "officers on duty: 2" in text
    report = pdf_text(admin_en.pdf_path)
    assert report.index("Safety passports: what was done") < report.index("What partners funded")
    assert report.index("What partners funded") < report.index("Data, caveats and sources")

    ob = partner_uk.content.oblast
    content = dataclasses.replace(
        partner_uk.content, oblast=dataclasses.replace(ob, funding_rows=ob.funding_rows.iloc[0:0])
    )
    jobs = overview_jobs(content)
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, format="PNG")
    sizes = {key: (job.width, job.height) for key, job in jobs.items()}
    sizes |= {f"hromada:{p.katottg}": (BAND_W, BAND_H) for p in content.profiles}
    images = ReportImages({key: (buffer.getvalue(), size) for key, size in sizes.items()})
    deck, slides = write_pptx(content, images)
    assert slides == partner_uk.slides - 1
    assert not any("Що профінансували партнери" in t for t in slide_texts_of(deck))
    pdf_path = partner_uk.pdf_path.with_name("report-no-funding.pdf")
    pdf_path.write_bytes(write_pdf(content, images)[0])
    assert "Що профінансували партнери" not in pdf_text(pdf_path)


def slide_texts_of(pptx: bytes) -> list[str]:
    prs = Presentation(io.BytesIO(pptx))
    return ["\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in prs.slides]


# --- the report --------------------------------------------------------------------------------------------
def test_report_pages_one_per_hromada(partner_uk: Built) -> None:
    layout = partner_uk.pdf_layout
    assert pdf_pages(partner_uk.pdf_path) == layout.total_pages
    assert list(layout.hromada_pages) == SELECTED
    assert list(layout.hromada_pages.values()) == [layout.overview_pages + i for i in (1, 2, 3)]
    assert layout.total_pages in (layout.overview_pages + 4, layout.overview_pages + 5)  # + back matter
    for code, page in layout.hromada_pages.items():
        assert NAMES_UK[code] in pdf_text(partner_uk.pdf_path, page).splitlines()[2:6]


def test_report_every_page_has_date_and_page_number(partner_uk: Built) -> None:
    total = partner_uk.pdf_layout.total_pages
    for page in range(1, total + 1):
        text = pdf_text(partner_uk.pdf_path, page)
        assert "Дані станом на 31.10.2026" in text
        assert f"Сторінка {page} з {total}" in text


def test_report_has_caveats_sources_and_osm_credit(partner_uk: Built) -> None:
    text = pdf_text(partner_uk.pdf_path)
    assert "© OpenStreetMap contributors" in text
    assert "Демонстраційні дані" in text  # the fixture snapshot is a demo one
    assert "Дані, застереження та джерела" in text and "Визначення показників" in text


def test_report_fonts_are_the_shipped_dejavu_embedded(partner_uk: Built) -> None:
    fonts = run("pdffonts", str(partner_uk.pdf_path)).splitlines()[2:]
    assert fonts, "no fonts in the PDF"
    for line in fonts:
        assert "DejaVuSans" in line.split()[0], line
        assert line.split()[-5:-2] == ["yes", "yes", "yes"], line  # embedded, subset, unicode map
    assert partner_uk.pdf_layout.missing_glyphs == {}


def test_report_page_renders_text_not_boxes(partner_uk: Built, tmp_path: Path) -> None:
    page = partner_uk.pdf_layout.hromada_pages[A]
    run("pdftoppm", "-r", "50", "-png", "-f", str(page), "-l", str(page), "-singlefile",
        str(partner_uk.pdf_path), str(tmp_path / "page"))  # fmt: skip
    pixels = np.asarray(Image.open(tmp_path / "page.png").convert("L"))
    assert pixels.shape[0] == 585 and pixels.shape[1] in (413, 414)  # A4 at 50 dpi
    ink = pixels < 200
    assert 0.02 < ink.mean() < 0.5, "the page is blank or solid"
    # The title band (the hromada's name, 18 pt) holds dark pixels, and the text layer reads back in Cyrillic.
    assert ink[40:60, 25:200].any()
    text = pdf_text(partner_uk.pdf_path, page)
    assert "Бобринецька" in text and "Зареєстровано правопорушень" in text
    assert "\ufffd" not in text and "□" not in text


def test_partner_report_hides_personal_data(partner_uk: Built) -> None:
    text = pdf_text(partner_uk.pdf_path)
    assert [n for n in ALL_NEEDLES if n in text] == []
    b_page = pdf_text(partner_uk.pdf_path, partner_uk.pdf_layout.hromada_pages[B])
    match = re.search(r"Домашнє насильство\s+(\d+)", b_page)
    assert match is not None and int(match.group(1)) % 5 == 0, b_page


def test_admin_report_shows_officers_on_their_hromada_page(admin_en: Built) -> None:
    a_page = pdf_text(admin_en.pdf_path, admin_en.pdf_layout.hromada_pages[A])
    name = OFFICERS.set_index("officer_id").loc["O1", "full_name"]
    assert transliterate(name) in a_page and name not in a_page  # the English report: the name in Latin
    assert "Data as of 31 Oct 2026" in a_page
    assert f"Page {admin_en.pdf_layout.hromada_pages[A]} of {admin_en.pdf_layout.total_pages}" in a_page
