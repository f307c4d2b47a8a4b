"""The print-ready A4 PDF report (fpdf2): the oblast overview (the deck's sections, in its order:
sections.py), a page per chosen hromada, data caveats, sources and definitions, then the appendix (a page
per other hromada) when asked. Text uses the DejaVu fonts shipped in dashboard/assets/fonts (Cyrillic on any
machine); every page carries «Дані станом на DD.MM.YYYY» and «Сторінка N з M»."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from dashboard.charts.common import ACCENT as ACCENT_HEX
from dashboard.charts.common import INK as INK_HEX
from dashboard.charts.common import MUTED as MUTED_HEX
from dashboard.charts.common import rgb
from dashboard.config import FONTS_DIR
from dashboard.formatting import fmt_date, fmt_int
from dashboard.i18n import Translator
from dashboard.reports import sections
from dashboard.reports.access import audience_key
from dashboard.reports.content import ReportContent
from dashboard.reports.images import ReportImages
from dashboard.reports.locator import LOCATOR_W, locator
from dashboard.reports.profiles import HromadaProfile
from dashboard.reports.readability import PX_PER_INCH
from dashboard.reports.text import (
    Item,
    before_after_lines,
    category_rows,
    caveat_lines,
    data_as_of,
    definitions,
    event_study_lines,
    event_study_source,
    funding_items,
    funding_method,
    funding_source_header,
    funding_source_rows,
    headline_items,
    hromada_items,
    hromada_subtitle,
    officer_lines,
    passport_action_header,
    passport_action_rows,
    passport_items,
    passports_method,
    personal_hidden,
    source_lines,
    trust_items,
    wdd_check_lines,
)

log = logging.getLogger(__name__)
FONT = "DejaVu"
MARGIN = 15.0
WIDTH = 210.0 - 2 * MARGIN  # usable width in mm
BOTTOM = 297.0 - 18.0  # where content must end (the footer lies below)
INK, MUTED, ACCENT = rgb(INK_HEX), rgb(MUTED_HEX), rgb(ACCENT_HEX)  # the dashboard's palette
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
            left += " · " + self.tr("pg.export.demo_footer")
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

    def rows(self, rows: Sequence[Sequence[str]], widths: Sequence[float], size: float = 8.5) -> None:
        """A table whose first row is its header (bold), zebra-striped; text left-aligned (a justified
        narrow cell of free text or tender ids spreads its words apart)."""
        self.set_font(FONT, "", size)
        with self.table(col_widths=tuple(widths), width=sum(widths), align="LEFT", borders_layout="NONE",
                        line_height=size * 0.5, padding=(0.8, 1.2), cell_fill_color=(244, 246, 248),
                        cell_fill_mode="ROWS", first_row_as_headings=True, text_align="LEFT",
                        headings_style=FontFace(emphasis="BOLD", fill_color=(255, 255, 255))) as table:  # fmt: skip
            for cells in rows:
                row = table.row()
                for text in cells:
                    row.cell(text)
        self.ln(2)

    def titled_picture(
        self, title: str, key: str, images: ReportImages, *, size: float = 10, **kwargs
    ) -> None:
        """A chart with its title above it, both moved to the next page if the chart does not fit here
        (a title never stays alone at the bottom of a page). `size` 13 makes the title a heading."""
        png, size_px = images.get(key)
        width = min(WIDTH, natural_width(size_px))
        if self.get_y() + 12 + width * size_px[1] / size_px[0] > BOTTOM:
            self.add_page()
        if size >= 13:
            self.heading(title, size)
        else:
            self.paragraph(title, size, bold=True)
        self.picture(png, size_px, **kwargs)

    def picture(
        self, png: bytes, size_px: tuple[int, int], width: float | None = None, caption: str = ""
    ) -> None:
        """A chart at the size it was drawn for (readability.PX_PER_INCH), narrowed to the page if wider."""
        width = min(WIDTH, natural_width(size_px) if width is None else width)
        height = width * size_px[1] / size_px[0]
        if self.get_y() + height > BOTTOM:
            self.add_page()
        x = MARGIN + (WIDTH - width) / 2
        self.image(io.BytesIO(png), x=x, y=self.get_y(), w=width, h=height)
        self.set_y(self.get_y() + height + 1)
        if caption:
            self.paragraph(caption, 7.5, colour=MUTED)


def _title(pdf: ReportPDF, images: ReportImages) -> None:
    """The first page: the title, the data date and the audience; the summary and the map follow on it."""
    c, tr = pdf.content, pdf.tr
    pdf.add_page()
    pdf.set_font(FONT, "B", 20)
    pdf.multi_cell(WIDTH, 9, tr("pg.export.report_title"), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.paragraph(f"{tr('app.oblast')} · {data_as_of(c)}", 12, bold=True)
    if c.is_demo:
        pdf.notice(tr("notice.demo"))
    pdf.paragraph(tr(f"pg.export.audience.{audience_key(c.policy)}"), 8.5, colour=MUTED)


def _summary(pdf: ReportPDF, images: ReportImages) -> None:
    pdf.heading(pdf.tr("pg.export.section_headline"), 13)
    pdf.items(headline_items(pdf.content))


def _map(pdf: ReportPDF, images: ReportImages) -> None:
    c, tr = pdf.content, pdf.tr
    caption = tr("pg.export.map_caption", date=fmt_date(c.reporting_date, c.lang))
    pdf.titled_picture(tr("pg.export.section_map"), "map", images, size=13, caption=caption)


def _rollout(pdf: ReportPDF, images: ReportImages) -> None:
    tr = pdf.tr
    pdf.add_page()
    pdf.heading(tr("pg.export.section_rollout"))
    pdf.titled_picture(tr("chart.coverage_over_time.title"), "coverage", images)
    pdf.titled_picture(tr("chart.rollout_funnel.title"), "funnel", images)


def _activity(pdf: ReportPDF, images: ReportImages) -> None:
    pdf.add_page()
    pdf.heading(pdf.tr("pg.export.section_activity"))
    pdf.picture(*images.get("activity"))


def _crime(pdf: ReportPDF, images: ReportImages) -> None:
    c, tr = pdf.content, pdf.tr
    pdf.add_page()
    pdf.heading(tr("pg.export.section_crime"))
    pdf.titled_picture(tr("pg.overview.offence_trend_title"), "trend", images)
    pdf.paragraph(tr("pg.overview.offence_trend_note"), 8, colour=MUTED)
    pdf.paragraph(tr("chart.offences_by_category.title"), 10, bold=True)
    header = (tr("column.category"), tr("pg.export.col_12m"), tr("pg.crime.col_prev"), tr("column.change"),
              tr("column.signal"))  # fmt: skip
    pdf.rows([header, *category_rows(c)], widths=(52, 26, 26, 24, 52))
    pdf.paragraph(f"{tr('signal.legend')}. {tr('pg.export.flag_note')}", 8, colour=MUTED)
    if c.policy.partner:
        pdf.paragraph(tr("notice.partner_view"), 8, colour=MUTED)


def _forest(pdf: ReportPDF, images: ReportImages) -> None:
    tr = pdf.tr
    pdf.add_page()
    pdf.heading(tr("pg.export.section_forest"))
    pdf.paragraph(tr("pg.export.forest_note"), 8.5, colour=MUTED)
    png, size = images.get("forest")
    pdf.picture(png, size, width=min(natural_width(size), (BOTTOM - pdf.get_y() - 2) * size[0] / size[1]))


def _evaluation(pdf: ReportPDF, images: ReportImages) -> None:
    """The rollout evaluation on one page, as on its slide: the event study with where its numbers come
    from and its plain reading, then the WDD of one wave in words as the simpler check. Without an event-study estimate
    (images.event_study_figure): the pooled before/after on event time and the WDD, both in words."""
    c, tr = pdf.content, pdf.tr
    pdf.add_page()
    pdf.heading(tr("pg.export.section_rollout_evaluation"))
    if "event_study" not in images.images:
        pdf.titled_picture(tr("chart.before_after.title"), "event_time", images)
        if "wdd" in images.images:
            pdf.titled_picture(tr("indicator.wdd.name"), "wdd", images)
        for line in before_after_lines(c):
            pdf.paragraph(line, 9)
        return
    pdf.titled_picture(tr("event_study.question"), "event_study", images, caption=event_study_source(c))
    pdf.ln(1)
    for line in event_study_lines(c):
        pdf.paragraph(line, 9)
    pdf.ln(2)
    what, result, *why_no_z = wdd_check_lines(c)
    pdf.paragraph(what, 8.5, colour=MUTED)
    pdf.paragraph(result, 9)
    for line in why_no_z:
        pdf.paragraph(line, 8, colour=MUTED)


def _trust(pdf: ReportPDF, images: ReportImages) -> None:
    c, tr = pdf.content, pdf.tr
    pdf.add_page()
    pdf.heading(tr("pg.export.section_trust"))
    pdf.titled_picture(tr("chart.trust_trend.title"), "trust", images)
    pdf.paragraph(tr("notice.dv_reporting"), 8.5, colour=MUTED)
    pdf.items(trust_items(c))


def _passports(pdf: ReportPDF, images: ReportImages) -> None:
    """Safety passports: what was done — the slide's cards and latest recorded actions (full texts, masked
    for partners as on the page), how the share reviewed in the last 3 months is counted, then the charts
    (left out without any passport item: sections.planned)."""
    c, tr = pdf.content, pdf.tr
    pdf.add_page()
    pdf.heading(tr("pg.export.section_passports"))
    pdf.items(passport_items(c))
    pdf.paragraph(passports_method(c.lang), 8, colour=MUTED)
    if rows := passport_action_rows(c):
        pdf.paragraph(tr("pg.export.passports_table"), 10, bold=True)
        pdf.rows([passport_action_header(c.lang), *rows], widths=(28, 32, 36, 24, 60), size=7.5)
        pdf.paragraph(tr("pg.passports.mask_note"), 7.5, colour=MUTED)
    pdf.titled_picture(tr("pg.passports.chart_problems.title"), "passport_problems", images)
    pdf.titled_picture(tr("chart.passport_status.title"), "passport_status", images)


def _funding(pdf: ReportPDF, images: ReportImages) -> None:
    """What partners funded, as on its slide: spent, donors' share, cost per officer on duty, what each
    source paid for with its ProZorro tenders (left out without funding rows: sections.planned)."""
    c, tr = pdf.content, pdf.tr
    pdf.add_page()
    pdf.heading(tr("pg.export.section_funding"))
    pdf.items(funding_items(c))
    pdf.paragraph(funding_method(c.lang), 8, colour=MUTED)
    pdf.paragraph(tr("pg.funding.table_sources.title"), 10, bold=True)
    pdf.rows([funding_source_header(c.lang), *funding_source_rows(c)], widths=(46, 26, 26, 82), size=7.5)
    pdf.paragraph(tr("pg.funding.prozorro_note"), 7.5, colour=MUTED)


# What each section of the oblast part (sections.OVERVIEW, the deck's order) draws in the PDF; the title,
# summary and map share the first page, the others start a page of their own.
_SECTION_PAGES: dict[str, Callable[[ReportPDF, ReportImages], None]] = {
    "title": _title,
    "summary": _summary,
    "map": _map,
    "rollout": _rollout,
    "activity": _activity,
    "crime": _crime,
    "crime_by_hromada": _forest,
    "evaluation": _evaluation,
    "trust": _trust,
    "passports": _passports,
    "funding": _funding,
}


def natural_width(size_px: tuple[int, int]) -> float:
    """The width in mm a chart was drawn for: its layout pixels at readability.PX_PER_INCH."""
    return size_px[0] / PX_PER_INCH * 25.4


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
        for key in sections.planned(content):
            _SECTION_PAGES[key](pdf, images)
    layout.overview_pages = pdf.page_no()
    for profile in content.hromadas:
        hromada_page(pdf, profile, images)
        layout.hromada_pages[profile.katottg] = pdf.page_no()
    _back_matter(pdf)
    if content.appendix:
        pdf.add_page()
        pdf.heading(pdf.tr("pg.export.appendix_title"))
        pdf.paragraph(pdf.tr("pg.export.appendix_note", n=fmt_int(len(content.appendix), content.lang)), 10)
        for profile in content.appendix:
            hromada_page(pdf, profile, images)
            layout.hromada_pages[profile.katottg] = pdf.page_no()
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
