"""The deck's slides, in order: `OBLAST_SLIDES` (at most MAX_OBLAST_SLIDES), then a slide per chosen
hromada, the caveats and sources, then the appendix (a slide per other hromada) when asked.

Each slide is one function `(deck) -> None` that adds exactly one slide, one for each section of the
report's oblast part (sections.py: their order, and which ones are left out when their data is missing,
never drawn empty). Placement is in inches on a 13.33 × 7.5 in slide:
title 0.3–1.1 in, content 1.2–6.9 in (pptx.TOP, BOTTOM), footer 7.0 in.
"""

from __future__ import annotations

from collections.abc import Callable

from pptx.util import Inches

from dashboard.formatting import fmt_date, fmt_int
from dashboard.reports import sections
from dashboard.reports.access import audience_key
from dashboard.reports.pptx import ACCENT, BOTTOM, CONTENT_W, GAP, LEFT, MUTED, TOP, Deck
from dashboard.reports.profiles import HromadaProfile
from dashboard.reports.text import (
    before_after_lines,
    category_rows,
    caveat_lines,
    comparison_text,
    data_as_of,
    event_study_lines,
    event_study_source,
    funding_items,
    funding_method,
    funding_source_header,
    funding_source_rows,
    headline_items,
    hromada_items,
    hromada_subtitle,
    notes_text,
    officer_lines,
    passport_action_header,
    passport_action_rows,
    passport_items,
    passports_method,
    personal_hidden,
    shorten,
    source_lines,
    trust_items,
    wdd_check_lines,
)

Slide = Callable[[Deck], None]
MAX_OBLAST_SLIDES = 15  # the deck without per-hromada slides (issue 13): tests/test_reports_render.py
HALF_W = Inches(6.05)  # a half of the content width, with a gap
RIGHT = LEFT + CONTENT_W - HALF_W


def title_slide(deck: Deck) -> None:
    c, tr = deck.content, deck.tr
    slide = deck.slide(None, notes_text("headline", c.lang))
    deck.text(slide, tr("pg.export.deck_title"), Inches(0.8), Inches(1.7), Inches(11.7), Inches(1.5), size=40,
              bold=True, colour=ACCENT)  # fmt: skip
    deck.text(slide, tr("app.oblast"), Inches(0.8), Inches(3.3), Inches(11.7), Inches(0.6), size=24)
    deck.text(slide, data_as_of(c), Inches(0.8), Inches(3.9), Inches(11.7), Inches(0.6), size=24, bold=True)
    lines = [tr(f"pg.export.audience.{audience_key(c.policy)}")]
    if c.is_demo:
        lines.insert(0, tr("notice.demo"))
    deck.text(slide, "", Inches(0.8), Inches(4.8), Inches(11.7), Inches(1.6), size=14, colour=MUTED,
              paragraphs=lines)  # fmt: skip


def summary_slide(deck: Deck) -> None:
    slide = deck.slide(deck.tr("pg.export.section_headline"), notes_text("headline", deck.content.lang))
    deck.cards(slide, headline_items(deck.content), TOP, columns=4, height=Inches(1.72), value_size=18)


def map_slide(deck: Deck) -> None:
    c, tr = deck.content, deck.tr
    slide = deck.slide(tr("pg.export.section_map"), notes_text("map", c.lang))
    deck.picture(slide, "map", LEFT, TOP, width=Inches(8.7), height=Inches(5.2))
    for index, item in enumerate(headline_items(c)[:3]):
        deck.card(slide, item, Inches(9.5), TOP + Inches(1.75) * index, Inches(3.33), Inches(1.6))
    deck.text(slide, tr("pg.export.map_caption", date=fmt_date(c.reporting_date, c.lang)), LEFT, Inches(6.5),
              Inches(8.7), Inches(0.4), size=11, colour=MUTED)  # fmt: skip


def _two_charts(deck: Deck, title: str, notes: str, left: tuple[str, str], right: tuple[str, str]) -> None:
    slide = deck.slide(title, notes)
    for x, (key, caption) in ((LEFT, left), (RIGHT, right)):
        deck.text(slide, caption, x, TOP, HALF_W, Inches(0.45), size=16, bold=True)
        deck.picture(slide, key, x, TOP + Inches(0.55), width=HALF_W, height=BOTTOM - TOP - Inches(0.6))


def rollout_slide(deck: Deck) -> None:
    tr = deck.tr
    _two_charts(deck, tr("pg.export.section_rollout"), notes_text("rollout", deck.content.lang),
                ("coverage", tr("chart.coverage_over_time.title")), ("funnel", tr("chart.rollout_funnel.title")))  # fmt: skip


def activity_slide(deck: Deck) -> None:
    c, tr = deck.content, deck.tr
    slide = deck.slide(tr("pg.export.section_activity"), notes_text("rollout", c.lang))
    deck.picture(slide, "activity", LEFT, TOP, width=Inches(8.7), height=BOTTOM - TOP)
    items = [i for i in headline_items(c) if i.label in (tr("kpi.activities"), tr("kpi.median_response"))]
    for index, item in enumerate(items):
        deck.card(slide, item, Inches(9.5), TOP + Inches(1.75) * index, Inches(3.33), Inches(1.6))


def crime_slide(deck: Deck) -> None:
    """Offences by category with their flags (an exact test of the change; withheld where counts are
    rounded), beside the trend in covered and not yet covered hromadas."""
    c, tr = deck.content, deck.tr
    slide = deck.slide(tr("pg.export.section_crime"), notes_text("trends", c.lang))
    header = (tr("column.category"), tr("pg.export.col_12m"), tr("pg.crime.col_prev"), tr("column.change"),
              tr("column.signal"))  # fmt: skip
    rows = [header, *category_rows(c)]
    table_w, row_h, header_h = Inches(7.1), Inches(0.36), Inches(0.55)
    deck.grid(slide, rows, LEFT, TOP, table_w, shares=(0.45, 0.12, 0.12, 0.12, 0.19), size=10, row_height=row_h,
              header=True, header_height=header_h)  # fmt: skip
    notes = [tr("signal.legend"), tr("pg.export.flag_note")]
    if c.policy.partner:
        notes.append(tr("pg.export.partner_flags"))
    notes_top = TOP + header_h + row_h * (len(rows) - 1) + Inches(0.15)
    deck.text(slide, "", LEFT, notes_top, table_w, BOTTOM - notes_top, size=10, colour=MUTED, paragraphs=notes,
              space_after=3)  # fmt: skip
    x = LEFT + table_w + Inches(0.2)
    width = LEFT + CONTENT_W - x
    deck.text(slide, tr("pg.overview.offence_trend_title"), x, TOP, width, Inches(0.7), size=14, bold=True)
    deck.picture(slide, "trend", x, TOP + Inches(0.8), width=width, height=BOTTOM - TOP - Inches(0.8))


def forest_slide(deck: Deck) -> None:
    c, tr = deck.content, deck.tr
    slide = deck.slide(tr("pg.export.section_forest"), notes_text("before_after", c.lang))
    deck.text(
        slide, tr("pg.export.forest_note"), LEFT, Inches(1.0), CONTENT_W, Inches(0.5), size=12, colour=MUTED
    )
    deck.picture(
        slide, "forest_wide", LEFT, Inches(1.5), width=CONTENT_W, height=BOTTOM - Inches(1.5), centre=True
    )


def evaluation_slide(deck: Deck) -> None:
    """The rollout evaluation: the event study (estimates by month from deployment, the pre-period shaded)
    with where its numbers come from under it and its plain reading beside it, the WDD of one wave as the
    simpler check below the reading. Without an event-study estimate (images.event_study_figure): the
    pooled before/after on event time beside the WDD, with both results in words."""
    c, tr = deck.content, deck.tr
    slide = deck.slide(tr("pg.export.section_rollout_evaluation"), notes_text("before_after", c.lang))
    if "event_study" not in deck.images.images:
        _before_after_evaluation(deck, slide)
        return
    chart_w = Inches(7.4)
    pic = deck.picture(slide, "event_study", LEFT, TOP, width=chart_w, height=Inches(4.5))
    caption_top = pic.top + pic.height + Inches(0.1)
    deck.text(slide, event_study_source(c), LEFT, caption_top, chart_w, BOTTOM - caption_top, size=9,
              colour=MUTED)  # fmt: skip
    x = LEFT + chart_w + Inches(0.25)
    width = LEFT + CONTENT_W - x
    wdd_top = BOTTOM - Inches(1.55)
    deck.text(slide, "", x, TOP, width, wdd_top - TOP - GAP, size=11, paragraphs=event_study_lines(c),
              space_after=4)  # fmt: skip
    deck.text(slide, "", x, wdd_top, width, BOTTOM - wdd_top, size=9, colour=MUTED,
              paragraphs=wdd_check_lines(c), space_after=2)  # fmt: skip


def _before_after_evaluation(deck: Deck, slide) -> None:
    tr = deck.tr
    charts = [("event_time", tr("chart.before_after.title"))]
    if "wdd" in deck.images.images:
        charts.append(("wdd", tr("indicator.wdd.name")))
    for x, (key, caption) in zip((LEFT, RIGHT), charts, strict=False):
        deck.text(slide, caption, x, TOP, HALF_W, Inches(0.45), size=15, bold=True)
        deck.picture(slide, key, x, TOP + Inches(0.5), width=HALF_W, height=Inches(3.45))
    deck.text(slide, "", LEFT, Inches(5.25), CONTENT_W, Inches(1.6), size=11,
              paragraphs=before_after_lines(deck.content), space_after=3)  # fmt: skip


def trust_slide(deck: Deck) -> None:
    c, tr = deck.content, deck.tr
    slide = deck.slide(tr("pg.export.section_trust"), notes_text("trends", c.lang))
    deck.picture(slide, "trust", LEFT, TOP, width=Inches(7.9), height=BOTTOM - TOP)
    x = LEFT + Inches(8.1)
    for index, item in enumerate(trust_items(c)):
        deck.card(slide, item, x, TOP + Inches(1.4) * index, Inches(4.23), Inches(1.28), value_size=16)
    deck.text(slide, tr("notice.dv_reporting"), x, TOP + Inches(4.25), Inches(4.23), Inches(1.4), size=10,
              colour=MUTED)  # fmt: skip


# Characters of the free text that fit a cell of the passports table in 3 lines at 9 pt (Cyrillic is wider
# than Latin; checked in the LibreOffice render, tests/test_reports_render.py): the rest is cut with «…».
ACTION_CELL_CHARS = (40, 80, 85, 20, 150)  # hromada, problem, measure, status, what was done
ACTION_SHARES = (0.13, 0.2, 0.21, 0.1, 0.36)
SOURCE_CELL_CHARS = (60, 25, 20, 190)  # source, type, amount, what was bought and the tenders
SOURCE_SHARES = (0.25, 0.13, 0.12, 0.5)


def passports_slide(deck: Deck) -> None:
    """Safety passports: what was done. The page's cards (coverage, open problems, done ÷ due, overdue, the
    share reviewed in the last 3 months — the UK Neighbourhood Policing Guarantee's measure), then the
    latest recorded actions: problem → measure → what was done, texts masked for partners as on the page."""
    c, tr = deck.content, deck.tr
    notes = "\n".join([passports_method(c.lang), notes_text("passports", c.lang)])
    slide = deck.slide(tr("pg.export.section_passports"), notes)
    cards_h = Inches(1.35)
    deck.cards(slide, passport_items(c), TOP, columns=5, height=cards_h, value_size=18)
    rows = passport_action_rows(c)
    if not rows:
        return
    top = TOP + cards_h + GAP
    deck.text(slide, tr("pg.export.passports_table"), LEFT, top, CONTENT_W, Inches(0.4), size=13, bold=True)
    cells = [tuple(shorten(text, n) for text, n in zip(row, ACTION_CELL_CHARS, strict=True)) for row in rows]
    deck.grid(slide, [passport_action_header(c.lang), *cells], LEFT, top + Inches(0.45), CONTENT_W,
              shares=ACTION_SHARES, size=9, row_height=Inches(0.54), header=True, header_height=Inches(0.3),
              muted_columns=(4,))  # fmt: skip


def funding_slide(deck: Deck) -> None:
    """What partners funded: spent, the donors' share, the cost per officer on duty; what each source paid
    for with its ProZorro tenders (the funding page's cards and its table of sources)."""
    c, tr = deck.content, deck.tr
    slide = deck.slide(tr("pg.export.section_funding"), funding_method(c.lang))
    cards_h = Inches(1.35)
    deck.cards(slide, funding_items(c), TOP, columns=3, height=cards_h)
    top = TOP + cards_h + GAP
    deck.text(
        slide, tr("pg.funding.table_sources.title"), LEFT, top, CONTENT_W, Inches(0.4), size=13, bold=True
    )
    cells = [tuple(shorten(text, n) for text, n in zip(row, SOURCE_CELL_CHARS, strict=True))
             for row in funding_source_rows(c)]  # fmt: skip
    deck.grid(slide, [funding_source_header(c.lang), *cells], LEFT, top + Inches(0.45), CONTENT_W,
              shares=SOURCE_SHARES, size=9, row_height=Inches(0.5), header=True, header_height=Inches(0.3),
              bold_columns=(2,), muted_columns=(3,))  # fmt: skip


def sources_slide(deck: Deck) -> None:
    c, tr = deck.content, deck.tr
    slide = deck.slide(tr("pg.export.section_sources"), notes_text("trends", c.lang))
    deck.text(slide, tr("pg.export.section_caveats"), LEFT, TOP, Inches(7.4), Inches(0.4), size=15, bold=True)
    deck.text(slide, "", LEFT, TOP + Inches(0.5), Inches(7.4), Inches(5.1), size=11,
              paragraphs=[f"• {line}" for line in caveat_lines(c)], space_after=4)  # fmt: skip
    extra = [tr("pg.export.generated", date=fmt_date(c.generated_on, c.lang))]
    deck.text(slide, "", Inches(8.2), TOP + Inches(0.5), Inches(4.63), Inches(5.1), size=11, colour=MUTED,
              paragraphs=[*source_lines(c), *extra], space_after=4)  # fmt: skip


def hromada_slide(deck: Deck, p: HromadaProfile) -> None:
    lang, tr, comparison = deck.content.lang, deck.tr, deck.content.comparison
    slide = deck.slide(p.name, notes_text("hromada", lang))
    deck.text(
        slide, hromada_subtitle(p, lang), LEFT, Inches(1.0), CONTENT_W, Inches(0.4), size=13, colour=MUTED
    )
    # The months compared, once under the table: in every offences note they would take two more lines.
    items = hromada_items(p, comparison, lang, months=False)
    row_h = Inches(0.38)
    deck.items_table(slide, items, Inches(0.4), Inches(1.45), Inches(5.95), size=9, row_height=row_h)
    deck.text(slide, comparison_text(comparison, lang), Inches(0.4), Inches(1.5) + row_h * len(items), Inches(5.95),
              Inches(0.4), size=9, colour=MUTED)  # fmt: skip
    deck.picture(slide, f"hromada:{p.katottg}", Inches(6.55), Inches(1.45), width=Inches(6.6))
    lines = officer_lines(p, lang)[:4] or [tr("pg.export.no_officers")]
    if personal_hidden(p):
        lines.append(tr("pg.export.personal_hidden"))
    deck.text(slide, tr("pg.export.officers"), Inches(6.55), Inches(4.6), Inches(6.6), Inches(0.4), size=13,
              bold=True)  # fmt: skip
    deck.text(slide, "", Inches(6.55), Inches(5.0), Inches(6.6), Inches(1.85), size=11, paragraphs=lines,
              space_after=3)  # fmt: skip


def appendix_slide(deck: Deck) -> None:
    c, tr = deck.content, deck.tr
    slide = deck.slide(tr("pg.export.appendix_title"), notes_text("hromada", c.lang))
    deck.text(slide, tr("pg.export.appendix_note", n=fmt_int(len(c.appendix), c.lang)), LEFT, TOP, CONTENT_W,
              Inches(0.5), size=16)  # fmt: skip


# The slide of each section of the oblast part (sections.OVERVIEW).
_SLIDE_OF: dict[str, Slide] = {
    "title": title_slide,
    "summary": summary_slide,
    "map": map_slide,
    "rollout": rollout_slide,
    "activity": activity_slide,
    "crime": crime_slide,
    "crime_by_hromada": forest_slide,
    "evaluation": evaluation_slide,
    "trust": trust_slide,
    "passports": passports_slide,
    "funding": funding_slide,
}
# The oblast deck, in the sections' order (at most MAX_OBLAST_SLIDES); a section without a slide fails here.
OBLAST_SLIDES: tuple[tuple[str, Slide], ...] = tuple((key, _SLIDE_OF[key]) for key in sections.OVERVIEW)


def add_slides(deck: Deck) -> None:
    """The whole deck: oblast slides, chosen hromadas, caveats and sources, then the appendix if asked."""
    for key in sections.planned(deck.content):
        _SLIDE_OF[key](deck)
    for profile in deck.content.hromadas:
        hromada_slide(deck, profile)
    sources_slide(deck)
    if deck.content.appendix:
        appendix_slide(deck)
        for profile in deck.content.appendix:
            hromada_slide(deck, profile)
