"""The deck and the report rendered as a reader sees them, on the demo snapshot (49 hromadas, real names).

Per language one chart render makes three files: the default oblast deck, the deck with one chosen hromada
(the one with the longest name) and the report with it. LibreOffice prints the deck to PDF; every word must
lie inside its own text box or table cell, no word on another, every chart readable where it is shown
(fonts, labels, titles: dashboard/reports/readability.py) and the pages are saved as PNGs under
tests/artifacts/render-<lang>/ for a person to look at. Needs LibreOffice (libreoffice-impress-nogui),
poppler-utils and chromium from Debian (scripts/ensure_chromium.sh).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from dashboard import maps
from dashboard.disclosure import connect_for
from dashboard.reports import figures, mapfig, readability
from dashboard.reports.access import policy_for
from dashboard.reports.content import ReportContent, gather
from dashboard.reports.images import ReportImages, overview_jobs, render_images, strip_jobs
from dashboard.reports.pdf import MARGIN, write_pdf
from dashboard.reports.pptx import write_pptx
from dashboard.reports.slides import MAX_OBLAST_SLIDES, OBLAST_SLIDES
from tests import render_helpers as rh

LONGEST = "UA35060110000056063"  # Великовисківська (Мар’янівська): the longest hromada name
MM = 72 / 25.4


@dataclass
class Rendered:
    lang: str
    default: ReportContent
    chosen: ReportContent
    images: ReportImages
    deck_default: Path
    deck: Path
    deck_pdf: Path
    report: Path
    seconds: dict[str, float]


@pytest.fixture(scope="module")
def demo_snapshot(demo_snapshots: Path) -> Path:
    """The default demo's latest snapshot (`write_demo_snapshots(directory, dates=1)`), from the demo built
    once for the run (tests/conftest.py)."""
    return demo_snapshots / "2026-10-31.duckdb"


def _render(snapshot: Path, out: Path, lang: str, role: str) -> Rendered:
    seconds: dict[str, float] = {}
    policy = policy_for(role)
    mark = time.perf_counter()
    with connect_for(snapshot, controlled=policy.controlled) as con:
        default = gather(con, lang=lang, hromadas=None, policy=policy)
        chosen = gather(con, lang=lang, hromadas=[LONGEST], policy=policy)
    images = render_images(chosen)  # the default deck's charts are the same oblast charts
    seconds["build"] = time.perf_counter() - mark
    paths = {}
    for name, content in (("deck-default", default), ("deck", chosen)):
        paths[name] = out / f"{name}-{lang}.pptx"
        paths[name].write_bytes(write_pptx(content, images)[0])
    report = out / f"report-{lang}.pdf"
    report.write_bytes(write_pdf(chosen, images)[0])
    mark = time.perf_counter()
    deck_pdf = rh.pptx_to_pdf(paths["deck"], out)
    seconds["libreoffice"] = time.perf_counter() - mark
    mark = time.perf_counter()
    rh.save_pages(deck_pdf, f"render-{lang}/deck")
    rh.save_pages(report, f"render-{lang}/report", dpi=50)
    seconds["pngs"] = time.perf_counter() - mark
    return Rendered(
        lang, default, chosen, images, paths["deck-default"], paths["deck"], deck_pdf, report, seconds
    )


@pytest.fixture(scope="module", params=[("uk", "partner"), ("en", "admin")], ids=["uk-partner", "en-admin"])
def rendered(request, demo_snapshot: Path, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    lang, role = request.param
    result = _render(demo_snapshot, tmp_path_factory.mktemp(f"render-{lang}"), lang, role)
    print(f"\n{lang}: " + ", ".join(f"{k} {v:.1f} s" for k, v in result.seconds.items()))
    return result


def test_default_deck_is_short_and_hromadas_only_when_chosen(rendered: Rendered) -> None:
    default = len(Presentation(str(rendered.deck_default)).slides)
    assert default == len(OBLAST_SLIDES) + 1 <= MAX_OBLAST_SLIDES  # + caveats and sources
    texts = rh.tokens(" ".join(w.text for w in rh.words(rendered.deck_pdf)[1]))
    assert len(Presentation(str(rendered.deck)).slides) == default + 1
    assert "Великовисківська" in texts or "Velykovyskivska" in texts


def test_deck_text_stays_in_its_boxes(rendered: Rendered) -> None:
    assert rh.deck_text_problems(rendered.deck, rendered.deck_pdf) == []


def test_deck_words_never_overlap_and_shapes_are_apart(rendered: Rendered) -> None:
    assert rh.overlapping_words(rendered.deck_pdf) == []
    assert rh.shape_overlaps(rendered.deck) == []


def test_every_slide_and_page_has_the_date_and_the_demo_label(rendered: Rendered) -> None:
    label = {"uk": "Демонстраційні синтетичні дані", "en": "Demo data (synthetic)"}[rendered.lang]
    date = {"uk": "31.10.2026", "en": "31 Oct 2026"}[rendered.lang]
    for pdf in (rendered.deck_pdf, rendered.report):
        sizes, printed = rh.words(pdf)
        for page in range(1, len(sizes) + 1):
            text = " ".join(w.text for w in printed if w.page == page)
            assert label in text and date in text, f"{pdf.name} page {page}"


def test_report_text_inside_margins_and_never_overlapping(rendered: Rendered) -> None:
    page = rh.Box(MARGIN * MM - 1, 0, (210 - MARGIN) * MM + 1, 297 * MM)
    assert rh.outside_area(rendered.report, page) == []
    assert rh.overlapping_words(rendered.report) == []


def _placed_inches(deck: Path) -> dict[str, float]:
    """Each chart's width on its slide, in inches (pptx.Deck.picture names a picture by its chart key)."""
    return {
        shape.name: shape.width / 914400
        for slide in Presentation(str(deck)).slides
        for shape in slide.shapes
        if shape.shape_type == MSO_SHAPE_TYPE.PICTURE
    }


def chart_problems(rendered: Rendered) -> list[str]:
    """What makes a chart hard to read where it is shown: small fonts at its size on the slide and on the
    A4 page, labels without room, titles longer than their axis, ink cut at the image's edge."""
    jobs = overview_jobs(rendered.chosen)
    placed = _placed_inches(rendered.deck)
    problems = []
    for key, job in jobs.items():
        natural_in = job.width / readability.PX_PER_INCH
        scales = [min(1.0, 7.09 / natural_in)] if key != "forest_wide" else []  # the report's A4 page
        if key in placed:
            scales.append(placed[key] / natural_in)
        for scale in scales:
            problems += [f"{key}: {p}" for p in readability.font_problems(job.fig, shown_scale=scale)]
        problems += [f"{key}: {p}" for p in readability.margin_problems(job.fig, width_px=job.width,
                                                                          height_px=job.height)]  # fmt: skip
        problems += [f"{key}: {p}" for p in readability.edge_problems(rendered.images.get(key)[0])]
    for _, strip in strip_jobs(rendered.chosen):
        # The strips place their panels in fixed pixels (figures.hromada_strip): each activity label must
        # fit the room left of its panel; the other axes show numbers and months, no category labels.
        fixed = {name: 1000.0 for name in strip.fig.layout if name.startswith(("xaxis", "yaxis"))}
        rooms = {name: figures.ACTIVITY_LABEL_ROOM for name in fixed if name.startswith("yaxis")
                 and int(name[5:] or 1) % 2 == 0}  # fmt: skip
        problems += readability.font_problems(strip.fig)
        problems += readability.margin_problems(strip.fig, width_px=strip.width, height_px=strip.height,
                                                fixed_room_px={**fixed, **rooms})  # fmt: skip
    problems += readability.edge_problems(rendered.images.get(f"hromada:{LONGEST}")[0])
    return problems


def test_every_chart_is_readable_where_it_is_shown(rendered: Rendered) -> None:
    assert chart_problems(rendered) == []


def test_charts_keep_their_margins_inside_streamlit(rendered: Rendered) -> None:
    """The export page builds the charts inside Streamlit, which makes its own plotly template (no
    automargin) the default: the exported charts must not depend on it."""
    import plotly.graph_objects as go
    import plotly.io as pio

    previous = pio.templates.default
    pio.templates["bare"] = go.layout.Template()  # like Streamlit's: no automargin
    pio.templates.default = "bare"
    try:
        assert chart_problems(rendered) == []
    finally:
        pio.templates.default = previous


def test_deck_uses_the_dashboard_colours() -> None:
    assert {code: maps.COVERAGE_COLOURS[code] for code in mapfig.STATUS_COLOURS} == mapfig.STATUS_COLOURS
    assert mapfig.STATUS_COLOURS["deployed"] == "#009E73"  # on duty: green on the dashboard map and here


# --- the checks themselves catch what they are for -----------------------------------------------------
def test_edge_check_finds_a_label_cut_at_the_edge() -> None:
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (200, 60), "white")
    ImageDraw.Draw(image).text((-15, 20), "Бобринецька", fill="black")  # starts left of the image
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    assert [p.split(" (")[0] for p in readability.edge_problems(buffer.getvalue())] == [
        "ink at the left edge"
    ]


def test_margin_check_finds_automargin_off_and_long_titles() -> None:
    import plotly.graph_objects as go

    fig = go.Figure(go.Bar(y=["Великовисківська (Мар’янівська)"], x=[1], orientation="h"))
    fig.update_yaxes(automargin=False, title_text="Домашнє насильство на 10 000 мешканців за півріччя")
    problems = readability.margin_problems(fig, width_px=500, height_px=150)
    assert any("automargin is off" in p for p in problems)
    assert any("title" in p for p in problems)
    assert any("label" in p for p in problems)  # 31 characters take more than 40 % of 500 px
    readability.wrap_axis_titles(fig, width_px=500, height_px=300)
    assert "<br>" in fig.layout.yaxis.title.text


def test_font_check_finds_small_text_where_a_chart_is_shrunk() -> None:
    import plotly.graph_objects as go

    fig = go.Figure(layout={"font": {"size": 14}})
    assert readability.font_problems(fig) == []
    assert "layout.font: 6.0 pt (at least 9 pt)" in readability.font_problems(fig, shown_scale=0.6)
