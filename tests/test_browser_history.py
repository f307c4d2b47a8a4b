"""Real browser: Back and forward move between the views the user saw, one history entry per navigation,
with a hromada in the URL (as a head always has), and the URL stays the shareable state (Latin ids only)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard.i18n import t
from dashboard.navigation import DEFAULT_PAGE
from tests.a11y_helpers import nav_link
from tests.browser_server import after_a_run, wait_until_idle

pytestmark = pytest.mark.browser

HROMADA = "UA35040030000074104"


@pytest.fixture()
def browser_page(chromium_browser, open_app: str):
    """A new tab for each test: a history of its own."""
    page = chromium_browser.new_page(viewport={"width": 1400, "height": 1200})
    yield open_app, page
    page.close()


def shows(page, slug: str) -> None:
    """Wait until the page `slug` is drawn and its run has finished: the URL it writes is written during the
    run, so a second history entry would be there by then."""
    title = t(f"page.{slug}.title", "uk")
    page.wait_for_function(
        "title => [...document.querySelectorAll('[data-testid=stMain] h1')].some(h => h.innerText.includes(title))",
        arg=title,
        timeout=45_000,
    )
    wait_until_idle(page)


def view(page) -> tuple[str, dict[str, list[str]]]:
    url = urlsplit(page.url)
    return url.path.strip("/") or DEFAULT_PAGE, parse_qs(url.query)


def test_back_and_forward_across_three_pages(browser_page) -> None:
    base, page = browser_page
    page.goto(f"{base}/?hromada={HROMADA}")
    shows(page, DEFAULT_PAGE)
    length = page.evaluate("history.length")
    seen = [view(page)]
    for slug in ("map", "compare", "crime"):
        nav_link(page, slug).click()
        shows(page, slug)
        assert page.evaluate("history.length") == length + 1, f"{slug}: more than one entry per navigation"
        length += 1
        path, params = view(page)
        assert path == slug and params["hromada"] == [HROMADA]  # the filter travels with the link
        assert page.url.isascii()  # Latin ids only
        seen.append((path, params))

    for expected in reversed(seen[:-1]):  # Back, Back, Back: the previous views, in order
        page.go_back()
        shows(page, expected[0])
        assert view(page) == expected
    assert page.evaluate("history.length") == length  # going back adds nothing
    after_a_run(page, page.go_forward)
    shows(page, "map")
    assert view(page) == seen[1]
    assert page.locator('[data-testid="stException"]').count() == 0


def test_back_restores_the_filters_of_the_previous_view(browser_page) -> None:
    """A filter changed on a page is a view of its own: one entry, and Back undoes it (the URL wins)."""
    base, page = browser_page
    page.goto(f"{base}/map?hromada={HROMADA}")
    shows(page, "map")
    length = page.evaluate("history.length")
    period = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').nth(1)
    period.click()
    page.get_by_role("option").nth(1).click()
    page.wait_for_function("() => location.search.includes('period=')", timeout=45_000)
    shows(page, "map")
    assert page.evaluate("history.length") == length + 1
    changed = view(page)
    assert changed[1]["hromada"] == [HROMADA] and changed[1]["period"]

    after_a_run(page, page.go_back)  # the same page: its title is there before the rerun
    shows(page, "map")
    assert "period" not in view(page)[1] and view(page)[1]["hromada"] == [HROMADA]
    default_period = t("period.12m", "uk")
    shown = period.locator("input").input_value() or period.inner_text()
    assert default_period in shown  # the widget shows the previous view's period again
    after_a_run(page, page.go_forward)
    shows(page, "map")
    assert view(page) == changed
