"""Ranks and proper names from the data in the interface language; the uploader's texts as safe CSS."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace
from typing import Any, cast

import pandas as pd

from dashboard.i18n import labels
from dashboard.proper_names import proper_name, rank_code, rank_text
from dashboard.reports.text import officer_lines
from dashboard.ui.widget_text import css_string, uploader_css

CYRILLIC = re.compile("[А-Яа-яЇїІіЄєҐґ]")


def test_every_rank_of_the_table_is_found_as_the_data_write_it():
    for code, ukrainian in labels("police_rank", "uk").items():
        assert rank_code(ukrainian) == code
        assert rank_code(f"  {ukrainian.upper()} ") == code  # case and spaces do not matter
        assert rank_code(ukrainian.removesuffix(" поліції")) == code  # «капітан» as well as «капітан поліції»
    assert rank_text("старший лейтенант поліції", "en") == "Police Senior Lieutenant"
    assert rank_text("Капітан\u00a0поліції", "en") == "Police Captain"
    assert rank_text("капітан поліції", "uk") == "капітан поліції"  # Ukrainian: as written


def test_an_unknown_rank_is_transliterated_and_a_missing_one_is_a_dash():
    assert rank_text("інспектор", "en") == "inspektor"
    assert rank_text(None, "en") == rank_text("", "uk") == "—"


def test_proper_names_are_transliterated_in_english_only():
    assert proper_name("Яворський Ігор Петрович", "en") == "Yavorskyi Ihor Petrovych"
    assert proper_name("Поліцейська станція м. Бобринець", "uk") == "Поліцейська станція м. Бобринець"


def test_the_decks_officer_lines_are_english_in_english():
    officers = pd.DataFrame(
        {
            "rank": ["капітан поліції", "старший лейтенант поліції"],
            "full_name": ["Петренко Іван Петрович", None],
            "phone": ["+380 50 123 45 67", None],
            "deployed_on": [dt.date(2019, 9, 1), dt.date(2021, 3, 15)],
        }
    )
    profile = cast(Any, SimpleNamespace(officers=officers))
    lines = officer_lines(profile, "en")
    assert lines[0].startswith("Police Captain, Petrenko Ivan Petrovych, ")
    assert lines[1].startswith("Police Senior Lieutenant, ")
    assert not any(CYRILLIC.search(line) for line in lines)
    assert officer_lines(profile, "uk")[0].startswith("капітан поліції, Петренко Іван Петрович, ")


def test_css_strings_cannot_escape_their_rule():
    hostile = 'x"} body {display:none} \\'
    literal = css_string(hostile)
    assert literal.count('"') == 2 and "}" not in literal and "{" not in literal
    assert css_string("До 500 МБ") == '"До 500 МБ"'


def test_the_uploader_css_is_in_the_language_and_scoped_to_its_key():
    css = uploader_css("upload_files", lang="uk", limit_mb=500, types=["csv", "xlsx"])
    assert ".st-key-upload_files" in css and 'content: "Обрати файли"' in css
    assert "Choose files" in uploader_css("upload_files", lang="en", limit_mb=500, types=["csv"])
