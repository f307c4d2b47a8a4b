"""The print-ready A4 PDF report (fpdf2): the oblast overview, one page per hromada, then data caveats,
sources and definitions. Text uses the DejaVu fonts shipped in dashboard/assets/fonts (Cyrillic on any
machine); every page carries «Дані станом на DD.MM.YYYY» and «Сторінка N з M»."""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from dashboard.config import FONTS_DIR
from dashboard.formatting import fmt_date
from dashboard.i18n import Translator
from dashboard.reports.access import audience_key
from dashboard.reports.content import ReportContent
from dashboard.reports.images import ReportImages
from dashboard.reports.locator import LOCATOR_W, locator
from dashboard.reports.profiles import HromadaProfile
from dashboard.reports.text import (
    Item,
    before_after_lines,
    caveat_lines,
    data_as_of,
    definitions,
    event_study_lines,
    headline_items,
    hromada_items,
    hromada_subtitle,
    officer_lines,
    personal_hidden,
    source_lines,
    trust_items,
)

log = logging.getLogger(__name__)
FONT = "DejaVu"
MARGIN = 15.0
WIDTH = 210.0 - 2 * MARGIN  # usable width in mm
BOTTOM = 297.0 - 18.0  # where content must end (the footer lies below)
INK = (34, 34, 34)
MUTED = (110, 110, 110)
ACCENT = (0, 114, 178)
WARN_FILL = (255, 243, 205)


@dataclass
class PdfLayout:
    """Which page each part starts on (1-based), for tests and the CLI summary."""

    overview_pages: int = 0
    hromada_pages: dict[str, int] = field(default_factory=dict)
    total_pages: int = 0
    missing_glyphs: dict[str, list[str]] = field(default_factory=dict)  # font → characters it lacks


class ReportPDF(FPDF):
    """A4 portrait with the project's fonts, a running header (title, data date) and a footer (page N of M)."""

    def __init__(self, content: ReportContent) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.content = content
        self.tr = Translator(content.lang)
        self.add_font(FONT, "", str(FONTS_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONTS_DIR / "DejaVuSans-Bold.ttf"))
        self.set_margins(MARGIN, 20, MARGIN)
        self.set_auto_page_break(True, margin=20)
        self.set_title(self.tr("pg.export.report_title"))
        self.set_author(self.tr("app.title"))
        self.set_creator("pog-dashboard")
        self.set_lang("en" if content.lang == "en" else "uk")
        self.alias_nb_pages("{nb}")

    def header(self) -> None:
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        self.set_xy(MARGIN, 8)
        self.cell(WIDTH / 2, 5, self.tr("pg.export.report_title"))
        self.cell(WIDTH / 2, 5, data_as_of(self.content), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(200, 200, 200)
        self.line(MARGIN, 14, MARGIN + WIDTH, 14)
        self.set_xy(MARGIN, 18)
        self.set_text_color(*INK)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        left = self.tr("app.oblast")
        if self.content.is_demo:
            left += " · DEMO"
        self.cell(WIDTH / 2, 5, left)
        self.cell(
            WIDTH / 2, 5, self.tr("pg.export.page_of", page=str(self.page_no()), pages="{nb}"), align="R"
        )

    # --- building blocks -------------------------------------------------------------------------------
    def heading(self, text: str, size: float = 15, *, bookmark: bool = True) -> None:
        """A section title in the accent colour; a top-level one is also a PDF bookmark (the outline)."""
        if bookmark and size >= 15:
            self.start_section(text, level=0)
        self.set_font(FONT, "B", size)
        self.set_text_color(*ACCENT)
        self.multi_cell(WIDTH, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)
        self.ln(1.5)

    def paragraph(
        self, text: str, size: float = 9.5, *, colour=INK, bold: bool = False, width: float = WIDTH
    ) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*colour)
        self.multi_cell(width, size * 0.48, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)
        self.ln(1)

    def notice(self, text: str) -> None:
        self.set_fill_color(*WARN_FILL)
        self.set_font(FONT, "", 9)
        self.multi_cell(
            WIDTH, 4.6, text, align="L", fill=True, padding=2, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.set_fill_color(255, 255, 255)
        self.ln(2)

    def items(
        self, items: Sequence[Item], widths: tuple[float, float, float] = (58, 42, 80), size: float = 9
    ) -> None:
        """Label | value | note rows, zebra-striped."""
        self.set_font(FONT, "", size)
        with self.table(
            col_widths=widths,
            width=WIDTH,
            first_row_as_headings=False,
            borders_layout="NONE",
            line_height=size * 0.5,
            padding=(0.8, 1.2),
            cell_fill_color=(244, 246, 248),
            cell_fill_mode="ROWS",
            text_align=("LEFT", "LEFT", "LEFT"),
        ) as table:
            for item in items:
                row = table.row()
                row.cell(item.label)
                self.set_font(FONT, "B", size)
                row.cell(item.value)
                self.set_font(FONT, "", size)
                row.cell(item.note)
        self.ln(2)

    def picture(self, png: bytes, size_px: tuple[int, int], width: float = WIDTH, caption: str = "") -> None:
        height = width * size_px[1] / size_px[0]
        if self.get_y() + height > BOTTOM:
            self.add_page()
        x = MARGIN + (WIDTH - width) / 2
        self.image(io.BytesIO(png), x=x, y=self.get_y(), w=width, h=height)
        self.set_y(self.get_y() + height + 1)
        if caption:
            self.paragraph(caption, 7.5, colour=MUTED)


def _overview(pdf: ReportPDF, images: ReportImages) -> None:
    c, tr = pdf.content, pdf.tr
    pdf.add_page()
    pdf.set_font(FONT, "B", 20)
    pdf.multi_cell(WIDTH, 9, tr("pg.export.report_title"), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.paragraph(f"{tr('app.oblast')} · {data_as_of(c)}", 12, bold=True)
    if c.is_demo:
        pdf.notice(tr("notice.demo"))
    pdf.paragraph(tr(f"pg.export.audience.{audience_key(c.policy)}"), 8.5, colour=MUTED)
    pdf.heading(tr("pg.export.section_headline"), 13)
    pdf.items(headline_items(c))
    pdf.heading(tr("pg.export.section_map"), 13)
    pdf.picture(*images.get("map"), width=WIDTH * 0.92,
                caption=tr("pg.export.map_caption", date=fmt_date(c.reporting_date, c.lang)))  # fmt: skip

    pdf.add_page()
    pdf.heading(tr("pg.export.section_rollout"))
    pdf.paragraph(tr("chart.coverage_over_time.title"), 10, bold=True)
    pdf.picture(*images.get("coverage"))
    pdf.paragraph(tr("chart.rollout_funnel.title"), 10, bold=True)
    pdf.picture(*images.get("funnel"), width=WIDTH * 0.9)
    pdf.paragraph(tr("pg.export.section_activity"), 10, bold=True)
    pdf.picture(*images.get("activity"), width=WIDTH * 0.9)

    pdf.add_page()
    pdf.heading(tr("pg.export.section_crime"))
    pdf.paragraph(tr("pg.overview.offence_trend_title"), 10, bold=True)
    pdf.picture(*images.get("trend"))
    pdf.paragraph(tr("pg.overview.offence_trend_note"), 8, colour=MUTED)
    pdf.paragraph(tr("chart.offences_by_category.title"), 10, bold=True)
    pdf.picture(*images.get("categories"), width=WIDTH * 0.9)
    if c.policy.partner:
        pdf.paragraph(tr("notice.partner_view"), 8, colour=MUTED)

    pdf.add_page()
    pdf.heading(tr("chart.before_after.title"))
    pdf.picture(*images.get("event_time"))
    for line in before_after_lines(c):
        pdf.paragraph(line, 9)
    if "wdd" in images.images:
        pdf.paragraph(tr("indicator.wdd.name"), 10, bold=True)
        pdf.picture(*images.get("wdd"), width=WIDTH * 0.75)

    _rollout_evaluation(pdf, images)

    pdf.add_page()
    pdf.heading(tr("pg.export.section_trust"))
    pdf.paragraph(tr("chart.trust_trend.title"), 10, bold=True)
    pdf.picture(*images.get("trust"))
    pdf.paragraph(tr("notice.dv_reporting"), 8.5, colour=MUTED)
    pdf.items(trust_items(c))

    pdf.add_page()
    pdf.heading(tr("pg.export.section_forest"))
    pdf.paragraph(tr("pg.export.forest_note"), 8.5, colour=MUTED)
    png, size = images.get("forest")
    pdf.picture(png, size, width=min(WIDTH, (BOTTOM - pdf.get_y() - 2) * size[0] / size[1]))


def _rollout_evaluation(pdf: ReportPDF, images: ReportImages) -> None:
    """The event study of the staggered rollout: the chart (pre-period shaded) and its plain reading."""
    pdf.add_page()
    pdf.heading(pdf.tr("pg.export.section_rollout_evaluation"))
    lines = event_study_lines(pdf.content)
    if "event_study" in images.images:
        pdf.picture(*images.get("event_study"))
        *lines, caption = lines
        pdf.paragraph(caption, 8, colour=MUTED)
    for line in lines:
        pdf.paragraph(line, 9)


def hromada_page(pdf: ReportPDF, p: HromadaProfile, images: ReportImages) -> None:
    """Exactly one page: title, labelled values, the two-panel chart, the officers."""
    lang, tr = pdf.content.lang, pdf.tr
    pdf.add_page()
    pdf.set_auto_page_break(False)
    pdf.start_section(p.name, level=0)
    pdf.set_font(FONT, "B", 18)
    pdf.set_text_color(*ACCENT)
    pdf.cell(WIDTH, 9, p.name, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*INK)
    pdf.paragraph(hromada_subtitle(p, lang), 9.5, colour=MUTED)
    pdf.items(hromada_items(p, pdf.content.comparison, lang), size=8.5)
    png, size = images.get(f"hromada:{p.katottg}")
    pdf.picture(png, size)
    top = pdf.get_y()
    locator(pdf, p.katottg, x=MARGIN + WIDTH - LOCATOR_W, y=top + 1, width=LOCATOR_W)
    pdf.set_xy(MARGIN, top)
    pdf.paragraph(tr("pg.export.officers"), 9.5, bold=True, width=WIDTH - LOCATOR_W - 5)
    lines = officer_lines(p, lang) or [tr("pg.export.no_officers")]
    for line in lines:
        if pdf.get_y() > BOTTOM - 10:
            pdf.paragraph("…", 8.5, width=WIDTH - LOCATOR_W - 5)
            break
        pdf.paragraph(line, 8.5, width=WIDTH - LOCATOR_W - 5)
    if personal_hidden(p):
        pdf.paragraph(tr("pg.export.personal_hidden"), 7.5, colour=MUTED, width=WIDTH - LOCATOR_W - 5)
    pdf.set_auto_page_break(True, margin=20)


def _back_matter(pdf: ReportPDF) -> None:
    c, tr = pdf.content, pdf.tr
    pdf.add_page()
    pdf.heading(tr("pg.export.section_sources"))
    pdf.paragraph(tr("pg.export.section_caveats"), 10.5, bold=True)
    for line in caveat_lines(c):
        pdf.paragraph(f"• {line}", 8.5)
    pdf.ln(1)
    for line in source_lines(c):
        pdf.paragraph(line, 8.5)
    pdf.paragraph(tr("pg.export.generated", date=fmt_date(c.generated_on, c.lang)), 8, colour=MUTED)
    pdf.ln(2)
    pdf.paragraph(tr("pg.export.section_definitions"), 10.5, bold=True)
    seen: set[str] = set()
    for section in ("headline", "rollout", "trends", "before_after", "hromada"):
        for name, definition, formula in definitions(section, c.lang):
            if name in seen:
                continue
            seen.add(name)
            pdf.paragraph(f"{name}. {definition} {tr('methodology.formula')}: {formula}.", 7.5)


def write_pdf(
    content: ReportContent, images: ReportImages, *, overview: bool = True
) -> tuple[bytes, PdfLayout]:
    """The report as PDF bytes, and where each part landed. `overview=False`: the selected hromadas'
    pages and the back matter only (the print-friendly community profile)."""
    pdf = ReportPDF(content)
    layout = PdfLayout()
    if overview:
        _overview(pdf, images)
    layout.overview_pages = pdf.page_no()
    for profile in content.hromadas:
        hromada_page(pdf, profile, images)
        layout.hromada_pages[profile.katottg] = pdf.page_no()
    _back_matter(pdf)
    layout.total_pages = pdf.page_no()
    data = bytes(pdf.output())
    # A character the font lacks would print as an empty box: say so loudly (tests assert there is none).
    layout.missing_glyphs = {
        name: [chr(code) for code in missing]
        for name, font in pdf.fonts.items()
        if (missing := getattr(font, "missing_glyphs", None))  # TTF fonts only
    }
    if layout.missing_glyphs:
        log.warning("PDF report: characters missing from the fonts: %s", layout.missing_glyphs)
    return data, layout
