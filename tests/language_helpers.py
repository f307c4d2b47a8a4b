"""One language at a time: what a page drawn in Ukrainian or in English may not show. Used by the browser
sweeps (tests/test_browser_a11y.py on every page with login off, in Ukrainian as loaded and in English after
the sidebar's switch; tests/test_browser_a11y_roles.py on every page loaded fresh on a phone in each
language): no Cyrillic in English (but for data fields listed in ALLOWED_DATA_FIELDS, whose texts have no
English form), and in Ukrainian none of the English locale texts nor Streamlit's own English defaults.

What is read: the text the browser lays out (`innerText`, icon ligatures left out), the placeholders of
inputs and the generated content of the app's style sheets (the upload box). Table cells are drawn on a
canvas and are not in the text: tables are checked through their data (tests/test_proper_names.py,
tests/test_snapshot_diff.py).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from dashboard.i18n import placeholders, strings
from dashboard.snapshots import connect_readonly

CYRILLIC_WORD = re.compile(r"[А-Яа-яЇїІіЄєҐґ][А-Яа-яЇїІіЄєҐґ’ʼ'-]*")
# Data fields that are free text typed by the hromadas, shown as they were submitted (the page says so in
# English): their words may be Cyrillic in the English interface.
ALLOWED_DATA_FIELDS = {"passport_items": ("problem", "measure", "responsible", "action_taken", "outcome")}
# The language switch names each language in that language (the usual convention for language menus).
ALLOWED_NAMES = {"uk": {"English"}, "en": {"Українська"}}
# Streamlit's own English texts that leak into a Ukrainian page when a widget is left at its default.
STREAMLIT_DEFAULTS = (
    "Choose options", "Choose an option", "Drag and drop file here", "Browse files", "Limit ", "per file",
    "No results", "Upload", "Press Enter to apply", "Clear all",
)  # fmt: skip
# The visible text: innerText without Material icon ligatures (their names are English words that are
# drawn as icons), plus input placeholders and the style sheets' generated content on the page.
READ_TEXT = """() => {
  const icons = [...document.querySelectorAll('[data-testid="stIconMaterial"]')];
  const shown = icons.map((e) => e.style.display);
  icons.forEach((e) => { e.style.display = 'none'; });
  const parts = [document.body.innerText];
  icons.forEach((e, i) => { e.style.display = shown[i]; });
  document.querySelectorAll('input[placeholder], textarea[placeholder]').forEach((e) => {
    if (!e.value) parts.push(e.placeholder);
  });
  document.querySelectorAll('[data-testid="stMain"] *').forEach((e) => {
    const after = getComputedStyle(e, '::after').content;
    if (after && after.startsWith('"')) parts.push(after);
  });
  return parts.join('\\n');
}"""


@functools.cache
def english_texts() -> list[str]:
    """The fixed parts of the English locale texts that differ from the Ukrainian ones and read as English
    (at least two Latin words of three letters or more): any of them on a Ukrainian page is a leak."""
    uk, en = strings("uk"), strings("en")
    found: set[str] = set()
    for key, entry in en.items():
        for text in [entry] if isinstance(entry, str) else entry.values():
            reference = uk.get(key)
            if reference == text or (not isinstance(reference, str) and text in (reference or {}).values()):
                continue
            for fragment in re.split(r"\{[^}]*\}", text) if placeholders(text) else [text]:
                fragment = fragment.strip(" .,:;()«»\"'")
                if len(re.findall(r"[A-Za-z]{3,}", fragment)) >= 2 and "\n" not in fragment:
                    found.add(fragment)
    return sorted(found, key=len, reverse=True)


@functools.cache
def allowed_cyrillic(snapshot: Path) -> frozenset[str]:
    words = set(ALLOWED_NAMES["en"])
    with connect_readonly(snapshot) as con:
        for table, columns in ALLOWED_DATA_FIELDS.items():
            for column in columns:
                for (value,) in con.execute(f"SELECT DISTINCT {column} FROM {table}").fetchall():
                    words.update(CYRILLIC_WORD.findall(str(value or "")))
    return frozenset(words)


def language_leaks(page, lang: str, snapshot: Path) -> list[str]:
    """The other language's words on the page as drawn now (call it once the page has settled): Cyrillic
    words in English but for the allowed data fields (read from `snapshot`), English locale texts and
    Streamlit's English defaults in Ukrainian."""
    text = page.evaluate(READ_TEXT)
    if lang == "en":
        return sorted(set(CYRILLIC_WORD.findall(text)) - allowed_cyrillic(snapshot))
    for name in ALLOWED_NAMES["uk"]:
        text = text.replace(name, "")
    return [s for s in STREAMLIT_DEFAULTS if s in text] + [s for s in english_texts() if s in text]
