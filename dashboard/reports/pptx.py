"""The 16:9 PPTX deck (python-pptx): its building blocks (`Deck`) and `write_pptx`.

Which slides, in which order, is slides.py: a short oblast deck (at most `slides.MAX_OBLAST_SLIDES`), a
slide per hromada only for the hromadas chosen, and with an appendix one for every other hromada. Charts
are PNG pictures drawn at the size they are shown (images.py); each slide's speaker notes define its
indicators; every slide carries the data date and, for demo data, the synthetic-data label.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from dashboard.charts.common import ACCENT as ACCENT_HEX
from dashboard.charts.common import INK as INK_HEX
from dashboard.charts.common import MUTED as MUTED_HEX
from dashboard.charts.common import rgb
from dashboard.i18n import Translator
from dashboard.reports.content import ReportContent
from dashboard.reports.images import ReportImages
from dashboard.reports.text import Item, data_as_of

SLIDE_W, SLIDE_H = Emu(12192000), Emu(6858000)  # 13.333 × 7.5 in: 16:9
ACCENT, INK, MUTED = (RGBColor(*rgb(c)) for c in (ACCENT_HEX, INK_HEX, MUTED_HEX))
CARD = RGBColor(0xF2, 0xF5, 0xF8)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
BLANK_LAYOUT = 6
GAP = Inches(0.15)
ROW_H = Inches(0.34)  # a table row
LEFT = Inches(0.5)  # the content's left edge; it spans CONTENT_W
CONTENT_W = Inches(12.33)
TOP = Inches(1.2)  # below the title
BOTTOM = Inches(6.9)  # above the footer
FOOTER_TOP = Inches(7.0)


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
        """A blank slide with its title, and the footer every slide has: the data date, the synthetic-data
        label on demo data, the slide number."""
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[BLANK_LAYOUT])
        if title:
            self.text(
                slide, title, LEFT, Inches(0.3), CONTENT_W, Inches(0.7), size=28, bold=True, colour=ACCENT
            )
        footer = data_as_of(self.content)
        if self.content.is_demo:
            footer += " · " + self.tr("pg.export.demo_footer")
        self.text(slide, footer, LEFT, FOOTER_TOP, Inches(9), Inches(0.35), size=10, colour=MUTED)
        number = str(len(self.prs.slides))
        self.text(slide, number, Inches(11.8), FOOTER_TOP, Inches(1.0), Inches(0.35), size=10, colour=MUTED,
                  align=PP_ALIGN.RIGHT)  # fmt: skip
        if notes:
            slide.notes_slide.notes_text_frame.text = notes
        return slide

    def text(self, slide, text, left, top, width, height, *, size=14, bold=False, colour=INK,
             align=PP_ALIGN.LEFT, paragraphs: Sequence[str] | None = None, space_after: float = 6):  # fmt: skip
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
                para.space_after = Pt(space_after)
        return box

    def picture(self, slide, key: str, left, top, *, width=None, height=None, centre: bool = False):
        """The chart `key`, fitted into width × height (keeping its aspect ratio); `centre` centres it in
        the width given."""
        png, (w_px, h_px) = self.images.get(key)
        ratio = h_px / w_px
        box_width = width
        if width is not None and height is not None:
            width = min(width, Emu(int(height / ratio)))
        if width is None:
            width = Emu(int(height / ratio))
        if centre and box_width is not None:
            left = Emu(int(left + (box_width - width) / 2))
        pic = slide.shapes.add_picture(
            io.BytesIO(png), left, top, width=width, height=Emu(int(width * ratio))
        )
        pic.name = key
        return pic

    def card(self, slide, item: Item, left, top, width, height, *, value_size: int = 20) -> None:
        shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, top, width, height)
        shape.fill.solid()
        shape.fill.fore_color.rgb = CARD
        shape.line.fill.background()
        shape.adjustments[0] = 0.08
        frame = shape.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = MSO_ANCHOR.TOP
        frame.margin_left = frame.margin_right = Inches(0.12)
        frame.margin_top = frame.margin_bottom = Inches(0.08)
        for index, (text, size, bold, colour) in enumerate(
            (
                (item.label, 12, False, MUTED),
                (item.value, value_size, True, INK),
                (item.note, 10, False, MUTED),
            )
        ):
            para = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            para.alignment = PP_ALIGN.LEFT
            run = para.add_run()
            run.text = text
            run.font.size, run.font.bold = Pt(size), bold
            run.font.color.rgb = colour

    def cards(self, slide, items: Sequence[Item], top, *, columns: int, height, value_size: int = 20) -> None:
        """Cards in rows of `columns` across the content width."""
        width = Emu(int((CONTENT_W - GAP * (columns - 1)) / columns))
        for index, item in enumerate(items):
            left = LEFT + (width + GAP) * (index % columns)
            row_top = top + (height + GAP) * (index // columns)
            self.card(slide, item, left, row_top, width, height, value_size=value_size)

    def grid(self, slide, rows: Sequence[Sequence[str]], left, top, width, *, shares: Sequence[float],
             size: int = 11, row_height=ROW_H, header: bool = False, header_height=None,
             bold_columns: Sequence[int] = (), muted_columns: Sequence[int] = ()) -> None:  # fmt: skip
        """A zebra-striped table; `shares` the column widths as shares of `width`; `header`: row 1 is a header
        (white on the accent colour), `header_height` tall if given (room for a two-line header)."""
        heights = [row_height] * len(rows)
        if header and header_height is not None:
            heights[0] = header_height
        shape = slide.shapes.add_table(len(rows), len(shares), left, top, width, sum(heights, Emu(0)))
        table = shape.table
        table.first_row = header
        for col, share in enumerate(shares):
            table.columns[col].width = Emu(int(width * share))
        for r, cells in enumerate(rows):
            table.rows[r].height = heights[r]
            for col, text in enumerate(cells):
                cell = table.cell(r, col)
                cell.fill.solid()
                cell.fill.fore_color.rgb = ACCENT if header and r == 0 else (CARD if r % 2 == 0 else WHITE)
                cell.margin_top = cell.margin_bottom = Inches(0.03)
                cell.margin_left = cell.margin_right = Inches(0.06)
                cell.vertical_anchor = MSO_ANCHOR.MIDDLE
                run = cell.text_frame.paragraphs[0].add_run()
                run.text = text
                run.font.size = Pt(size)
                run.font.bold = (header and r == 0) or col in bold_columns
                colour = WHITE if header and r == 0 else (MUTED if col in muted_columns else INK)
                run.font.color.rgb = colour

    def items_table(self, slide, items: Sequence[Item], left, top, width, *, size=11, row_height=ROW_H):
        """Label | value | note rows (a note may take two lines)."""
        self.grid(slide, [(i.label, i.value, i.note) for i in items], left, top, width,
                  shares=(0.33, 0.22, 0.45), size=size, row_height=row_height, bold_columns=(1,),
                  muted_columns=(2,))  # fmt: skip


def write_pptx(content: ReportContent, images: ReportImages) -> tuple[bytes, int]:
    """The deck as PPTX bytes and its number of slides."""
    from dashboard.reports.slides import add_slides  # slides.py builds on Deck

    deck = Deck(content, images)
    add_slides(deck)
    buffer = io.BytesIO()
    deck.prs.save(buffer)
    return buffer.getvalue(), len(deck.prs.slides)
