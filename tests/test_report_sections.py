"""dashboard/reports/sections.py: one list of the oblast part's sections, drawn by both the deck and the PDF."""

from __future__ import annotations

from types import SimpleNamespace
from typing import cast

import pandas as pd
import pytest

from dashboard.reports import pdf, sections, slides
from dashboard.reports.content import ReportContent


def test_the_deck_and_the_report_draw_every_section_in_one_order() -> None:
    assert [key for key, _ in slides.OBLAST_SLIDES] == list(sections.OVERVIEW)
    assert set(slides._SLIDE_OF) == set(sections.OVERVIEW)  # no slide for a section that is not there
    assert set(pdf._SECTION_PAGES) == set(sections.OVERVIEW)


def _content(passport_items: int, funding_rows: int) -> ReportContent:
    oblast = SimpleNamespace(
        passport_totals={"n_items": passport_items}, funding_rows=pd.DataFrame({"x": range(funding_rows)})
    )
    return cast(ReportContent, SimpleNamespace(oblast=oblast))


@pytest.mark.parametrize(
    ("passport_items", "funding_rows", "left_out"),
    [(3, 2, []), (0, 2, ["passports"]), (3, 0, ["funding"]), (0, 0, ["passports", "funding"])],
)
def test_a_section_without_its_data_is_left_out(
    passport_items: int, funding_rows: int, left_out: list[str]
) -> None:
    planned = sections.planned(_content(passport_items, funding_rows))
    assert planned == [key for key in sections.OVERVIEW if key not in left_out]
