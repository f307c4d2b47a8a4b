"""The oblast part of a report, in one place: its sections in order, and which of them a report leaves out.

The deck (slides.py: a slide a section) and the PDF report (pdf.py: the same sections on its pages, several
to a page where they fit) draw these sections in this order; each keeps only a drawer per key. A section
whose data is missing is left out of both (never an empty slide or page): the safety passports without any
passport item, the funding without funding rows.
"""

from __future__ import annotations

from dashboard.reports.content import ReportContent
from dashboard.reports.text import has_funding

OVERVIEW: tuple[str, ...] = (
    "title",
    "summary",
    "map",
    "rollout",
    "activity",
    "crime",
    "crime_by_hromada",
    "evaluation",
    "trust",
    "passports",
    "funding",  # issue 13 item 3
)


def planned(content: ReportContent) -> list[str]:
    """The sections of `OVERVIEW` whose data `content` holds, in order."""
    has = {
        "passports": bool(content.oblast.passport_totals["n_items"]),
        "funding": has_funding(content),
    }
    return [key for key in OVERVIEW if has.get(key, True)]
