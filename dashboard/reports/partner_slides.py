"""The deck's "Safety passports" and "What partners funded" slides: self-contained, each one gather
function (called from content.gather) and one slide function (called from pptx.write_pptx).

The numbers come from the pages' own query wrappers (dashboard/queries/passports.py, funding.py) through
the audience's `DataPolicy.run`, so a partner's deck shows what the partner's pages show: passport notes
with what could identify a person masked, the same totals.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd
from pptx.util import Inches

from dashboard.auth.policy import DataPolicy
from dashboard.formatting import fmt_int, fmt_pct
from dashboard.i18n import label
from dashboard.queries.funding import funding_by_hromada, funding_by_source, funding_rows
from dashboard.queries.passports import passport_measures, passport_totals
from dashboard.views.funding import cost_per_officer, money_text

if TYPE_CHECKING:
    from dashboard.reports.pptx import Deck

MAX_ROWS = 7  # table rows that fit under the cards at 9–10 pt
MAX_NOTE = 95  # characters of a note in a table cell; the full text is on the dashboard and its downloads
WHOLE = {"raion": None, "hromada": None}


@dataclass(frozen=True)
class PassportSlideData:
    totals: pd.Series  # passport_totals
    recent: pd.DataFrame  # passport_measures with a note of what was done, latest first


@dataclass(frozen=True)
class FundingSlideData:
    rows: pd.DataFrame  # funding_rows
    by_source: pd.DataFrame  # funding_by_source
    by_hromada: pd.DataFrame  # funding_by_hromada


def gather_passports(con: duckdb.DuckDBPyConnection, policy: DataPolicy, on: dt.date) -> PassportSlideData:
    totals = policy.run(con, passport_totals, **WHOLE, reporting_date=on).iloc[0]
    measures = policy.run(con, passport_measures, **WHOLE, reporting_date=on)
    noted = measures[measures["action_taken"].notna()].sort_values(
        "updated_on", ascending=False, kind="stable"
    )
    return PassportSlideData(totals, noted.head(MAX_ROWS))


def gather_funding(con: duckdb.DuckDBPyConnection, policy: DataPolicy, on: dt.date) -> FundingSlideData:
    params: dict[str, Any] = {**WHOLE, "reporting_date": on}
    return FundingSlideData(
        policy.run(con, funding_rows, **params),
        policy.run(con, funding_by_source, **params),
        policy.run(con, funding_by_hromada, **params),
    )


def _short(text: Any) -> str:
    text = str(text) if isinstance(text, str) else "—"
    return text if len(text) <= MAX_NOTE else text[: MAX_NOTE - 1].rstrip() + "…"


def passports_slide(deck: Deck, data: PassportSlideData | None) -> None:
    """Cards: reviewed in the last 3 months (the UK Neighbourhood Policing Guarantee's measure), done ÷ due,
    overdue; a table of the latest things done (hromada: problem — status — what was done)."""
    if data is None or not data.totals["n_items"]:
        return
    from dashboard.reports.text import Item  # text.py imports content.py, which imports this module

    c, tr = deck.content, deck.tr
    lang, t = c.lang, data.totals
    formula = tr("methodology.formula")
    notes = "\n".join(
        [
            f"{tr('pg.passports.kpi_recent')} — {tr('pg.export.passports_notes')} {formula}: "
            f"{tr('pg.export.passports_formula')}.",
            f"{tr('indicator.measures_done.name')} — {tr('indicator.measures_done.definition')} {formula}: "
            f"{tr('indicator.measures_done.formula')}.",
        ]
    )
    slide = deck.slide(tr("pg.export.section_passports"), notes)
    cards = [
        Item(tr("pg.passports.kpi_recent"), fmt_pct(t["reviewed_recently_share"], 0, lang),
             tr("pg.export.passports_recent", n=fmt_int(t["n_reviewed_recently"], lang),
                of=fmt_int(t["n_with_passport"], lang))),
        Item(tr("indicator.measures_done.name"), fmt_pct(t["done_share"], 0, lang),
             tr("pg.passports.done_of_due", share=fmt_pct(t["done_share"], 0, lang),
                done=fmt_int(t["n_done_due"], lang), due=fmt_int(t["n_due"], lang))),
        Item(tr("kpi.overdue_measures"), fmt_int(t["n_overdue"], lang), ""),
    ]  # fmt: skip
    for index, item in enumerate(cards):
        deck.card(slide, item, Inches(0.5) + Inches(4.15) * index, Inches(1.2), Inches(3.95), Inches(1.35))
    name = "name_en" if lang == "en" else "name_uk"
    rows = [
        Item(_short(f"{r[name]}: {r['problem']}"), label("passport_status", r["shown_status"], lang),
             _short(r["action_taken"]))
        for _, r in data.recent.iterrows()
    ]  # fmt: skip
    if rows:
        deck.text(slide, tr("pg.export.passports_table"), Inches(0.5), Inches(2.75), Inches(12.3), Inches(0.4),
                  size=13, bold=True)  # fmt: skip
        deck.table(slide, rows, Inches(0.5), Inches(3.15), Inches(12.3), size=9)


def funding_slide(deck: Deck, data: FundingSlideData | None) -> None:
    """Cards: spent, paid by donors, per officer on duty; a table: what each source paid for (items and
    amount) with its ProZorro tender ids. No slide without funding data."""
    if data is None or data.rows.empty:
        return
    from dashboard.reports.text import Item  # text.py imports content.py, which imports this module

    c, tr = deck.content, deck.tr
    lang, rows = c.lang, data.rows
    notes = (
        f"{tr('pg.funding.kpi_per_officer')} — {tr('pg.export.funding_notes')} {tr('methodology.formula')}: "
        f"{tr('pg.export.funding_formula')}."
    )
    slide = deck.slide(tr("pg.export.section_funding"), notes)
    total = float(rows["amount_uah"].sum())
    donor = float(rows.loc[rows["source_type"] == "donor", "amount_uah"].sum())
    per_officer, _, officers = cost_per_officer(data.by_hromada)
    cards = [
        Item(tr("pg.funding.kpi_total"), money_text(total, lang),
             tr("pg.export.funding_payments", n=fmt_int(len(rows), lang))),
        Item(tr("pg.funding.kpi_donor"), fmt_pct(donor / total if total else math.nan, 0, lang),
             tr("pg.funding.uah", amount=fmt_int(donor, lang))),
        Item(tr("pg.funding.kpi_per_officer"),
             money_text(per_officer, lang),
             tr("pg.export.funding_officers", n=fmt_int(officers, lang))),
    ]  # fmt: skip
    for index, item in enumerate(cards):
        deck.card(slide, item, Inches(0.5) + Inches(4.15) * index, Inches(1.2), Inches(3.95), Inches(1.35))
    sources = data.by_source.groupby(["source_type", "source_name"], sort=False)
    lines = []
    for (source_type, source_name), part in list(sources)[:MAX_ROWS]:
        items = ", ".join(f"{label('funding_item', i, lang)} {fmt_int(q, lang)}"
                          for i, q in zip(part["item"], part["quantity"], strict=True))  # fmt: skip
        tenders = ", ".join(x for x in part["prozorro_ids"] if x)
        note = items + (f"; ProZorro: {tenders}" if tenders else "")
        lines.append(Item(_short(f"{source_name} ({label('funding_source', source_type, lang)})"),
                          tr("pg.funding.uah", amount=fmt_int(part["amount_uah"].sum(), lang)), _short(note)))  # fmt: skip
    deck.text(slide, tr("pg.funding.table_sources.title"), Inches(0.5), Inches(2.75), Inches(12.3), Inches(0.4),
              size=13, bold=True)  # fmt: skip
    deck.table(slide, lines, Inches(0.5), Inches(3.15), Inches(12.3), size=9)
