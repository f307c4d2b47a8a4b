"""Real browser: every page renders in Chromium, shows one language at a time, and has zero axe-core WCAG
2.0/2.1 A and AA violations, on every page of the registry with login off and a hromada chosen.

Covered (issue 15): every page at desktop width (1280 px) in Ukrainian, then in English after switching the
language in the sidebar (login off = every page); on the first, Ukrainian view also that the page rendered
in full: no exception box, its title, the data date and demo label, its charts or map drawn, Cyrillic laid
out (once tests/test_browser_pages.py, which loaded the same pages in the same state a second time); on
both views that no text of the other language shows (tests/language_helpers.py; once
tests/test_browser_language.py, which loaded every page twice more for it); the sign-in form in both
languages. A keyboard-only walk checks sign-in, the menu, a filter, the compare page and
a download with visible focus. Signed in, tests/test_browser_a11y_roles.py sweeps every page of each role in
both languages at desktop, and every page on a 390 px phone (fresh loads, as admin, in each language); the phone views and the role views once made
here too (a resized login-off page; a head's and a partner's role-dependent pages) were the same pages in
the same languages and widths a second time.
New pages in dashboard/navigation.py are covered without touching this file. A failure names each rule,
its element count and the first elements; tests/artifacts/a11y-violations.json holds the tally by rule.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.i18n import t
from dashboard.navigation import DEFAULT_PAGE, PAGES
from tests.a11y_helpers import (
    DESKTOP,
    Tally,
    axe_violations,
    describe,
    tab_to,
)
from tests.auth_helpers import PASSWORDS
from tests.browser_server import ARTIFACTS, PAGE_SLUGS, wait_until_idle
from tests.fixture_snapshot import LATEST_DATE, A
from tests.language_helpers import language_leaks

pytestmark = pytest.mark.browser

# A fixture hromada with officers, a station and passport items, chosen on every page: the profile draws in
# full and the pages show their hromada-level texts (the language check reads them).
HROMADA = A
TALLY = Tally()


@pytest.fixture(scope="module", autouse=True)
def violations_record():
    """The tally of this module's visits, written when it is done (merged with the other worker's)."""
    yield
    TALLY.write(ARTIFACTS / "a11y-violations.json")


def attempt(page, visit: str) -> list[str]:
    """Run axe on the page as it is; the violations described (empty: none), a screenshot if any."""
    violations = axe_violations(page)
    TALLY.add(visit, violations)
    if not violations:
        return []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"a11y-fail-{visit}.png"))
    return [f"{visit}:\n{describe(violations)}"]


def check(page, visit: str) -> None:
    failures = attempt(page, visit)
    assert not failures, failures[0]


def document_lang_is(page, lang: str) -> None:
    """`<html lang>` becomes `lang` (set by the app's script once its element is mounted)."""
    page.wait_for_function(f"document.documentElement.lang === '{lang}'", timeout=10_000)


# Pages that must draw at least one plotly chart on the fixture data, and the map's WebGL canvas.
PLOTLY_PAGES = {"overview", "compare", "profile", "activity", "crime", "trust", "passports", "funding"}
CANVAS_PAGES = {"map"}
# The pages every role may open carry the data date and the demo label (the admin pages need not).
EVERY_ROLE = {p.slug for p in PAGES if p.roles == frozenset({"admin", "head", "partner"})}
# Cyrillic glyphs are laid out with a real width (not collapsed .notdef boxes of zero width).
CYRILLIC_WIDTH_JS = """() => { const s = document.createElement('span'); s.textContent = 'Громада';
  document.body.appendChild(s); const w = s.getBoundingClientRect().width; s.remove(); return w; }"""


def render_problems(page, slug: str) -> list[str]:
    """What is wrong with the page as drawn in Ukrainian (empty: nothing); a screenshot for a person."""
    if slug in PLOTLY_PAGES:
        page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    if slug in CANVAS_PAGES:
        page.wait_for_selector("canvas", timeout=30_000)
    wait_until_idle(page)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"page-{slug}.png"))
    body = page.inner_text("body")
    wanted = {
        "no exception box": page.locator('[data-testid="stException"]').count() == 0,
        "no traceback": "Traceback" not in body,
        "its title": t(f"page.{slug}.title", "uk") in page.inner_text("h1"),
        "Cyrillic laid out": page.evaluate(CYRILLIC_WIDTH_JS) > 20,
    }
    if slug in EVERY_ROLE:
        wanted["the data date"] = "Дані станом на 31.10.2026" in body
        wanted["the demo label"] = "Демонстраційні дані" in body
    return [f"{slug}-uk-desktop: {what} missing" for what, ok in wanted.items() if not ok]


def url(base: str, slug: str) -> str:
    """The page with the hromada chosen, in the default language (no `lang` in the URL: Ukrainian)."""
    return f"{base}/{'' if slug == DEFAULT_PAGE else slug}?hromada={HROMADA}"


def leaks(page, slug: str, lang: str, snapshot: Path) -> list[str]:
    found = language_leaks(page, lang, snapshot)
    other = "Ukrainian" if lang == "en" else "English"
    problems = [f"{slug}-{lang}: {other} shown in {lang}: {found}"] if found else []
    # An error drawn after the title, in this language.
    if page.locator('[data-testid="stException"]').count():
        problems.append(f"{slug}-{lang}: an exception box is shown")
    return problems


@pytest.mark.parametrize("slug", PAGE_SLUGS)
def test_page_renders_in_one_language_and_passes_axe(
    chromium_browser, open_app, fixture_data_dir: Path, slug: str
) -> None:
    """One session per page (a page's first run is the slow part): at 1280 px in Ukrainian as loaded
    (rendered in full, see render_problems), then switched to English with the sidebar's language control —
    after each, axe and the language check (tests/language_helpers.py: no text of the other language); the
    document's language follows the switch."""
    snapshot = fixture_data_dir / "snapshots" / f"{LATEST_DATE}.duckdb"
    page = chromium_browser.new_page(viewport=DESKTOP)
    try:
        page.goto(url(open_app, slug))
        wait_until_idle(page)
        document_lang_is(page, "uk")
        failures = render_problems(page, slug)
        failures += attempt(page, f"{slug}-uk-desktop")
        failures += leaks(page, slug, "uk", snapshot)
        page.locator('[data-testid="stSidebar"] button', has_text="English").click()
        page.locator("h1", has_text=t(f"page.{slug}.title", "en")).wait_for(timeout=45_000)
        wait_until_idle(page)
        document_lang_is(page, "en")
        failures += attempt(page, f"{slug}-en-desktop")
        failures += leaks(page, slug, "en", snapshot)
        page.screenshot(path=str(ARTIFACTS / f"page-{slug}-en.png"))
    finally:
        page.close()
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_sign_in_form(chromium_browser, signed_app, lang: str) -> None:
    page = chromium_browser.new_page(viewport=DESKTOP)
    try:
        page.goto(f"{signed_app}/?lang={lang}")
        page.locator('input[type="password"]').wait_for(timeout=45_000)
        wait_until_idle(page)
        check(page, f"sign-in-{lang}")
    finally:
        page.close()


def test_keyboard_only_walk(chromium_browser, signed_app) -> None:
    """Sign in, go to another page, change a filter, use the compare page and download a table — with
    the keyboard alone (Tab, Enter, Space, arrows), every focused element showing a visible focus ring."""
    page = chromium_browser.new_page(viewport=DESKTOP, accept_downloads=True)
    try:
        page.goto(signed_app)
        page.locator('input[type="password"]').wait_for(timeout=45_000)
        wait_until_idle(page)
        tab_to(page, lambda f: f.get("autocomplete") == "username")
        page.keyboard.type("adm")
        tab_to(page, lambda f: f.get("autocomplete") == "current-password")
        page.keyboard.type(PASSWORDS["adm"])
        page.keyboard.press("Enter")  # submits the sign-in form
        page.get_by_role("button", name=t("auth.logout", "uk")).wait_for(timeout=45_000)
        wait_until_idle(page)
        assert page.evaluate("document.documentElement.lang") == "uk"

        # Navigation: the sidebar menu's link to the compare page.
        tab_to(page, lambda f: f["menu"] and f.get("href") == "compare")
        page.keyboard.press("Enter")
        page.locator("h1", has_text=t("page.compare.title", "uk")).wait_for(timeout=45_000)
        wait_until_idle(page)
        assert (
            page.get_by_role("link", name=t("page.compare.title", "uk")).get_attribute("aria-current")
            == "page"
        )

        # A filter: the sidebar's period, moved one option down with the arrows.
        tab_to(page, lambda f: f["tag"] == "INPUT" and f["text"] == t("sidebar.period", "uk"))
        before = page.url
        page.keyboard.press("ArrowDown")  # opens the list
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url: "period=" in url and url != before, timeout=45_000)
        wait_until_idle(page)

        # The compare page's own control: from "all hromadas" to the next option (peers) (arrows, then Space).
        group = t("pg.compare.group_all", "uk")
        tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == group)
        page.keyboard.press("ArrowRight")
        page.keyboard.press("Space")
        page.wait_for_url(lambda url: "compare_group=" in url, timeout=45_000)  # the next option
        wait_until_idle(page)

        # A download: the first table's CSV button, pressed with Enter.
        with page.expect_download(timeout=45_000) as download:
            tab_to(
                page, lambda f: f["tag"] == "BUTTON" and f["text"].endswith(t("common.download_csv", "uk"))
            )
            page.keyboard.press("Enter")
        assert download.value.suggested_filename.endswith(".csv")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "a11y-keyboard-walk.png"))
    finally:
        page.close()
