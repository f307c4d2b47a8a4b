"""Real browser: one language at a time. Every page, drawn in Ukrainian and in English, shows no text of the
other language: no Cyrillic in English (but for data fields listed in ALLOWED_DATA_FIELDS, whose texts have
no English form), and in Ukrainian none of the English locale texts nor Streamlit's own English defaults.

What is read: the text the browser lays out (`innerText`, icon ligatures left out), the placeholders of
inputs and the generated content of the app's style sheets (the upload box). Table cells are drawn on a
canvas and are not in the text: tables are checked through their data (tests/test_proper_names.py,
tests/test_snapshot_diff.py).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from dashboard.i18n import placeholders, strings
from dashboard.navigation import DEFAULT_PAGE
from dashboard.snapshots import connect_readonly
from tests.browser_server import ARTIFACTS, PAGE_SLUGS, wait_until_idle

pytestmark = pytest.mark.browser

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
HROMADA = "UA35040030000074104"  # a fixture hromada with officers, a station and passport items

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


def allowed_cyrillic(snapshot: Path) -> set[str]:
    words = set(ALLOWED_NAMES["en"])
    with connect_readonly(snapshot) as con:
        for table, columns in ALLOWED_DATA_FIELDS.items():
            for column in columns:
                for (value,) in con.execute(f"SELECT DISTINCT {column} FROM {table}").fetchall():
                    words.update(CYRILLIC_WORD.findall(str(value or "")))
    return words


@pytest.fixture(scope="module")
def browser_page(chromium_browser, open_app: str):
    page = chromium_browser.new_page(viewport={"width": 1400, "height": 2400})
    yield open_app, page
    page.close()


def wait_until_settled(page, timeout_s: float = 45) -> None:
    """Wait until the run has finished (tests/browser_server.wait_until_idle) and the page's text is the
    same at two such looks: nothing drawn after the run is missed."""
    deadline = time.monotonic() + timeout_s
    last = -1
    while time.monotonic() < deadline:
        wait_until_idle(page)
        size = page.evaluate("document.body.innerText.length")
        if size == last:
            return
        last = size
    raise AssertionError("the page kept changing")


def page_text(base: str, page, slug: str, lang: str) -> str:
    path = "" if slug == DEFAULT_PAGE else slug
    page.goto(f"{base}/{path}?lang={lang}&hromada={HROMADA}")
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=45_000)  # the page's title: it has run
    wait_until_settled(page)
    assert page.locator('[data-testid="stException"]').count() == 0, slug
    return page.evaluate(READ_TEXT)


@pytest.mark.parametrize("slug", PAGE_SLUGS)
def test_one_language_at_a_time(browser_page, fixture_data_dir: Path, slug: str) -> None:
    base, page = browser_page
    allowed = allowed_cyrillic(fixture_data_dir / "snapshots" / "2026-10-31.duckdb")

    english = page_text(base, page, slug, "en")
    leaks = sorted(set(CYRILLIC_WORD.findall(english)) - allowed)
    assert leaks == [], f"{slug} in English shows Ukrainian: {leaks}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"lang-en-{slug}.png"))

    ukrainian = page_text(base, page, slug, "uk")
    for name in ALLOWED_NAMES["uk"]:
        ukrainian = ukrainian.replace(name, "")
    leaks = [s for s in STREAMLIT_DEFAULTS if s in ukrainian]
    leaks += [s for s in english_texts() if s in ukrainian]
    page.screenshot(path=str(ARTIFACTS / f"lang-uk-{slug}.png"))
    assert leaks == [], f"{slug} in Ukrainian shows English: {leaks}"
