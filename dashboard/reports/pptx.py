"""The 16:9 PPTX deck (python-pptx): title with the data date, headline indicators, the coverage map,
rollout, trends, before/after with its uncertainty, the rollout evaluation (event study), the change by hromada, one slide per selected hromada,
then caveats and sources. Charts are PNG pictures; each slide's speaker notes define its indicators."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from dashboard.formatting import fmt_date
from dashboard.i18n import Translator
from dashboard.reports.access import audience_key
from dashboard.reports.content import ReportContent
from dashboard.reports.images import ReportImages
from dashboard.reports.profiles import HromadaProfile
from dashboard.reports.text import (
    Item,
    before_after_lines,
    caveat_lines,
    data_as_of,
    event_study_lines,
    headline_items,
    hromada_items,
    hromada_subtitle,
    notes_text,
    officer_lines,
    personal_hidden,
    source_lines,
)

SLIDE_W, SLIDE_H = Emu(12192000), Emu(6858000)  # 13.333 × 7.5 in: 16:9
ACCENT = RGBColor(0x00, 0x72, 0xB2)
INK = RGBColor(0x22, 0x22, 0x22)
MUTED = RGBColor(0x6E, 0x6E, 0x6E)
CARD = RGBColor(0xF2, 0xF5, 0xF8)
WARN = RGBColor(0xFF, 0xF3, 0xCD)
BLANK_LAYOUT = 6
GAP = Inches(0.15)
# Slides before and after the hromada slides (title, headline, map, rollout, trends, before/after,
# rollout evaluation, change by hromada | sources).
FIXED_SLIDES_BEFORE = 8
FIXED_SLIDES_AFTER = 1
FIXED_SLIDES = FIXED_SLIDES_BEFORE + FIXED_SLIDES_AFTER


@dataclass
class Deck:
    content: ReportContent
    images: ReportImages

    def __post_init__(self) -> None:
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = SLIDE_W, SLIDE_H
        self.tr = Translator(self.content.lang)

    # --- building blocks -------------------------------------------------------------------------------
    def slide(self, title: str | None, notes: str = ""):
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[BLANK_LAYOUT])
        if title:
            self.text(slide, title, Inches(0.5), Inches(0.3), Inches(12.3), Inches(0.8), size=28, bold=True,
                      colour=ACCENT)  # fmt: skip
        footer = data_as_of(self.content) + (" · DEMO" if self.content.is_demo else "")
        self.text(slide, footer, Inches(0.5), Inches(7.0), Inches(8), Inches(0.35), size=10, colour=MUTED)
        number = str(len(self.prs.slides))
        self.text(slide, number, Inches(11.8), Inches(7.0), Inches(1.0), Inches(0.35), size=10, colour=MUTED,
                  align=PP_ALIGN.RIGHT)  # fmt: skip
        if notes:
            slide.notes_slide.notes_text_frame.text = notes
        return slide

    def text(self, slide, text, left, top, width, height, *, size=14, bold=False, colour=INK,
             align=PP_ALIGN.LEFT, paragraphs: Sequence[str] | None = None):  # fmt: skip
        box = slide.shapes.add_textbox(left, top, width, height)
        frame = box.text_frame
        frame.word_wrap = True
        for index, line in enumerate(paragraphs if paragraphs is not None else [text]):
            para = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            para.alignment = align
            run = para.add_run()
            run.text = line
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.color.rgb = colour
            if paragraphs is not None:
                para.space_after = Pt(6)
        return box

    def picture(self, slide, key: str, left, top, *, width=None, height=None):
        """The chart `key`, fitted into width × height (keeping its aspect ratio)."""
        png, (w_px, h_px) = self.images.get(key)
        ratio = h_px / w_px
        if width is not None and height is not None:
            width = min(width, Emu(int(height / ratio)))
        if width is None:
            width = Emu(int(height / ratio))
        pic = slide.shapes.add_picture(
            io.BytesIO(png), left, top, width=width, height=Emu(int(width * ratio))
        )
        pic.name = key
        return pic

    def card(self, slide, item: Item, left, top, width, height) -> None:
        shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, top, width, height)
        shape.fill.solid()
        shape.fill.fore_color.rgb = CARD
        shape.line.fill.background()
        shape.adjustments[0] = 0.08
        frame = shape.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = MSO_ANCHOR.TOP
        for index, (text, size, bold, colour) in enumerate(
            ((item.label, 12, False, MUTED), (item.value, 21, True, INK), (item.note, 11, False, MUTED))
        ):
            para = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            para.alignment = PP_ALIGN.LEFT
            run = para.add_run()
            run.text = text
            run.font.size, run.font.bold = Pt(size), bold
            run.font.color.rgb = colour

    def table(self, slide, items: Sequence[Item], left, top, width, *, size=11) -> None:
        rows = len(items)
        shape = slide.shapes.add_table(rows, 3, left, top, width, Inches(0.34) * rows)
        table = shape.table
        widths = (0.36, 0.26, 0.38)
        for col, share in enumerate(widths):
            table.columns[col].width = Emu(int(width * share))
        for r, item in enumerate(items):
            for col, (text, bold) in enumerate(((item.label, False), (item.value, True), (item.note, False))):
                cell = table.cell(r, col)
                cell.fill.solid()
                cell.fill.fore_color.rgb = CARD if r % 2 == 0 else RGBColor(0xFF, 0xFF, 0xFF)
                cell.margin_top = cell.margin_bottom = Inches(0.03)
                para = cell.text_frame.paragraphs[0]
                run = para.add_run()
                run.text = text
                run.font.size, run.font.bold = Pt(size if col < 2 else size - 1), bold
                run.font.color.rgb = INK if col < 2 else MUTED


def _title_slide(deck: Deck) -> None:
    c, tr = deck.content, deck.tr
    slide = deck.slide(None, notes_text("headline", c.lang))
    deck.text(slide, tr("pg.export.deck_title"), Inches(0.8), Inches(2.0), Inches(11.7), Inches(1.4), size=40,
              bold=True, colour=ACCENT)  # fmt: skip
    deck.text(slide, tr("app.oblast"), Inches(0.8), Inches(3.4), Inches(11.7), Inches(0.6), size=24)
    deck.text(slide, data_as_of(c), Inches(0.8), Inches(4.0), Inches(11.7), Inches(0.6), size=24, bold=True)
    lines = [tr(f"pg.export.audience.{audience_key(c.policy)}")]
    if c.is_demo:
        lines.insert(0, tr("notice.demo"))
    deck.text(slide, "", Inches(0.8), Inches(5.0), Inches(11.7), Inches(1.4), size=14, colour=MUTED,
              paragraphs=lines)  # fmt: skip


def _headline_slide(deck: Deck) -> None:
    slide = deck.slide(deck.tr("pg.export.section_headline"), notes_text("headline", deck.content.lang))
    items = headline_items(deck.content)
    cols, width, height = 4, Inches(2.95), Inches(1.75)
    for index, item in enumerate(items[:12]):
        left = Inches(0.5) + (width + GAP) * (index % cols)
        top = Inches(1.2) + (height + GAP) * (index // cols)
        deck.card(slide, item, left, top, width, height)


def _map_slide(deck: Deck) -> None:
    c, tr = deck.content, deck.tr
    slide = deck.slide(tr("pg.export.section_map"), notes_text("map", c.lang))
    deck.picture(slide, "map", Inches(0.4), Inches(1.15), width=Inches(9.0), height=Inches(5.3))
    items = headline_items(c)[:3]
    for index, item in enumerate(items):
        deck.card(slide, item, Inches(9.7), Inches(1.3) + Inches(1.85) * index, Inches(3.2), Inches(1.7))
    deck.text(slide, tr("pg.export.map_caption", date=fmt_date(c.reporting_date, c.lang)), Inches(0.5),
              Inches(6.6), Inches(9), Inches(0.4), size=10, colour=MUTED)  # fmt: skip


def _two_charts(deck: Deck, title: str, notes: str, left: tuple[str, str], right: tuple[str, str]) -> None:
    slide = deck.slide(title, notes)
    for index, (key, caption) in enumerate((left, right)):
        x = Inches(0.5) + Inches(6.3) * index
        deck.text(slide, caption, x, Inches(1.2), Inches(6.0), Inches(0.5), size=16, bold=True)
        deck.picture(slide, key, x, Inches(1.8), width=Inches(6.0), height=Inches(4.9))


def _before_after_slide(deck: Deck) -> None:
    c, tr = deck.content, deck.tr
    slide = deck.slide(tr("chart.before_after.title"), notes_text("before_after", c.lang))
    deck.picture(slide, "event_time", Inches(0.4), Inches(1.3), width=Inches(7.6), height=Inches(5.4))
    deck.text(slide, "", Inches(8.3), Inches(1.3), Inches(4.6), Inches(5.4), size=14,
              paragraphs=before_after_lines(c))  # fmt: skip


def _rollout_evaluation_slide(deck: Deck) -> None:
    """The event study of the staggered rollout: the chart (pre-period shaded) and its plain reading."""
    c, tr = deck.content, deck.tr
    slide = deck.slide(tr("pg.export.section_rollout_evaluation"), notes_text("before_after", c.lang))
    lines = event_study_lines(c)
    if "event_study" in deck.images.images:
        pic = deck.picture(
            slide, "event_study", Inches(0.4), Inches(1.2), width=Inches(7.6), height=Inches(5.0)
        )
        deck.text(slide, "", Inches(8.2), Inches(1.2), Inches(4.7), Inches(5.6), size=11,
                  paragraphs=lines[:-1])  # fmt: skip
        caption_top = Emu(pic.top + pic.height + Inches(0.1))
        deck.text(slide, lines[-1], Inches(0.5), caption_top, Inches(7.5), Inches(1.0), size=9, colour=MUTED)
    else:
        deck.text(slide, "", Inches(0.5), Inches(1.3), Inches(12.3), Inches(5.4), size=14, paragraphs=lines)


def _forest_slide(deck: Deck) -> None:
    c, tr = deck.content, deck.tr
    slide = deck.slide(tr("pg.export.section_forest"), notes_text("before_after", c.lang))
    deck.picture(slide, "forest", Inches(0.5), Inches(1.15), width=Inches(8.5), height=Inches(5.8))
    deck.text(slide, tr("pg.export.forest_note"), Inches(9.3), Inches(1.3), Inches(3.6), Inches(3), size=13,
              colour=MUTED)  # fmt: skip


def hromada_slide(deck: Deck, p: HromadaProfile) -> None:
    lang, tr = deck.content.lang, deck.tr
    slide = deck.slide(p.name, notes_text("hromada", lang))
    deck.text(slide, hromada_subtitle(p, lang), Inches(0.5), Inches(0.95), Inches(12.3), Inches(0.4), size=14,
              colour=MUTED)  # fmt: skip
    deck.table(
        slide, hromada_items(p, deck.content.comparison, lang), Inches(0.5), Inches(1.45), Inches(6.4), size=9
    )
    deck.picture(
        slide, f"hromada:{p.katottg}", Inches(7.1), Inches(1.45), width=Inches(5.9), height=Inches(3.2)
    )
    lines = officer_lines(p, lang)[:6] or [tr("pg.export.no_officers")]
    if personal_hidden(p):
        lines.append(tr("pg.export.personal_hidden"))
    deck.text(slide, tr("pg.export.officers"), Inches(7.1), Inches(4.8), Inches(5.9), Inches(0.4), size=13,
              bold=True)  # fmt: skip
    deck.text(slide, "", Inches(7.1), Inches(5.2), Inches(5.9), Inches(1.7), size=11, paragraphs=lines)


def _sources_slide(deck: Deck) -> None:
    c, tr = deck.content, deck.tr
    slide = deck.slide(tr("pg.export.section_sources"), notes_text("trends", c.lang))
    deck.text(slide, "", Inches(0.5), Inches(1.2), Inches(7.4), Inches(5.6), size=12,
              paragraphs=[f"• {line}" for line in caveat_lines(c)])  # fmt: skip
    extra = [tr("pg.export.generated", date=fmt_date(c.generated_on, c.lang))]
    deck.text(slide, "", Inches(8.2), Inches(1.2), Inches(4.7), Inches(5.6), size=12, colour=MUTED,
              paragraphs=[*source_lines(c), *extra])  # fmt: skip


def write_pptx(content: ReportContent, images: ReportImages) -> tuple[bytes, int]:
    """The deck as PPTX bytes and its number of slides."""
    deck = Deck(content, images)
    tr = deck.tr
    _title_slide(deck)
    _headline_slide(deck)
    _map_slide(deck)
    _two_charts(
        deck,
        tr("pg.export.section_rollout"),
        notes_text("rollout", content.lang),
        ("coverage", tr("chart.coverage_over_time.title")),
        ("funnel", tr("chart.rollout_funnel.title")),
    )
    _two_charts(deck, tr("pg.export.section_crime"), notes_text("trends", content.lang),
                ("trend", tr("pg.overview.offence_trend_title")), ("trust", tr("chart.trust_trend.title")))  # fmt: skip
    _before_after_slide(deck)
    _rollout_evaluation_slide(deck)
    _forest_slide(deck)
    for profile in content.hromadas:
        hromada_slide(deck, profile)
    _sources_slide(deck)
    buffer = io.BytesIO()
    deck.prs.save(buffer)
    return buffer.getvalue(), len(deck.prs.slides)
