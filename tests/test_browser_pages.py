"""Real-browser tests: every page opens in Chromium, finishes, shows its charts and no exception box."""

from __future__ import annotations

import pytest

from dashboard.i18n import t
from dashboard.navigation import DEFAULT_PAGE, PAGES
from tests.browser_server import ARTIFACTS, wait_until_idle

pytestmark = pytest.mark.browser

# Pages that must draw at least one plotly chart on the fixture data, and the map's WebGL canvas.
PLOTLY_PAGES = {"overview", "compare", "profile", "activity", "crime", "trust", "passports", "funding"}
CANVAS_PAGES = {"map"}


@pytest.fixture(scope="module")
def browser_page(chromium_browser, open_app: str):
    page = chromium_browser.new_page(viewport={"width": 1400, "height": 2200})
    yield open_app, page
    page.close()


@pytest.mark.parametrize(
    "slug", [p.slug for p in PAGES if p.roles == frozenset({"admin", "head", "partner"})]
)
def test_page_renders_in_chromium(browser_page, slug: str) -> None:
    base, page = browser_page
    hromada = "?hromada=UA35040030000074104" if slug == "profile" else ""
    path = "" if slug == DEFAULT_PAGE else slug  # the default page lives at the root URL
    page.goto(f"{base}/{path}{hromada}")
    wait_until_idle(page)
    if slug in PLOTLY_PAGES:
        page.wait_for_selector(".js-plotly-plot", timeout=30_000)
    if slug in CANVAS_PAGES:
        page.wait_for_selector("canvas", timeout=30_000)
    wait_until_idle(page)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"page-{slug}.png"))

    assert page.locator('[data-testid="stException"]').count() == 0
    body = page.inner_text("body")
    assert "Traceback" not in body
    assert t(f"page.{slug}.title", "uk") in page.inner_text("h1")
    assert "Дані станом на 31.10.2026" in body
    assert "Демонстраційні дані" in body
    # Cyrillic glyphs are laid out with a real width (not collapsed .notdef boxes of zero width).
    width = page.evaluate(
        """() => { const s = document.createElement('span'); s.textContent = 'Громада';
                   document.body.appendChild(s); const w = s.getBoundingClientRect().width; s.remove(); return w; }"""
    )
    assert width > 20
