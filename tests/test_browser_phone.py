"""Real browser at a phone's width (390 px, a phone's user agent): the map shows the whole oblast, nothing
overflows the screen sideways, KPI cards sit two per row and the chart toolbar is hidden. Screenshots
(uk and en) go to tests/artifacts/ for a look."""

from __future__ import annotations

import math

import pytest

from dashboard import maps, reference
from dashboard.i18n import t
from dashboard.navigation import DEFAULT_PAGE
from tests.browser_server import ARTIFACTS, wait_until_idle

pytestmark = pytest.mark.browser
playwright_sync = pytest.importorskip("playwright.sync_api")

WIDTH = 390
PHONE_UA = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.0 Mobile/15E148 Safari/604.1"
)
HROMADA = "UA35040030000074104"

# Every element whose right edge lies beyond the screen, unless an ancestor clips it (a table's own
# scrolling area, the collapsed sidebar) and that ancestor itself fits.
OVERFLOW_JS = """(width) => {
  const out = [];
  for (const e of document.querySelectorAll('[data-testid="stMain"] *')) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.right <= width + 1) continue;
    let clipped = false;
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX !== 'visible' && a.getBoundingClientRect().right <= width + 1) { clipped = true; break; }
    }
    if (!clipped) out.push(`${e.tagName}.${e.getAttribute('data-testid') || ''} right=${Math.round(r.right)}`);
  }
  return {scroll: document.documentElement.scrollWidth, offenders: out.slice(0, 10)};
}"""


@pytest.fixture(scope="module")
def phone(chromium_browser, open_app: str):
    page = chromium_browser.new_page(viewport={"width": WIDTH, "height": 1600}, is_mobile=True, has_touch=True,
                                     user_agent=PHONE_UA, device_scale_factor=1)  # fmt: skip
    yield open_app, page
    page.close()


def open_page(base: str, page, slug: str, lang: str = "uk") -> None:
    path = "" if slug == DEFAULT_PAGE else slug
    page.goto(f"{base}/{path}?hromada={HROMADA}&lang={lang}")
    title = t(f"page.{slug}.title", lang)
    page.wait_for_function(
        "title => [...document.querySelectorAll('[data-testid=stMain] h1')].some(h => h.innerText.includes(title))",
        arg=title,
        timeout=45_000,
    )
    wait_until_idle(page)  # the run done and every chart drawn (the map's canvas: see its test)


def assert_no_sideways_overflow(page, slug: str) -> None:
    found = page.evaluate(OVERFLOW_JS, WIDTH)
    assert found["scroll"] <= WIDTH, f"{slug}: the page scrolls sideways ({found})"
    assert found["offenders"] == [], f"{slug}: elements beyond the screen's right edge"


def test_the_phone_map_shows_the_whole_oblast(phone) -> None:
    base, page = phone
    open_page(base, page, "map")
    desktop = page.locator('.st-key-map_wide [data-testid="stDeckGlJsonChart"]')
    assert desktop.count() == 1 and not desktop.is_visible()  # the desktop view is not shown on a phone
    canvas = page.locator('.st-key-map_narrow [data-testid="stDeckGlJsonChart"] canvas').first
    canvas.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)  # the first WebGL frame
    box = canvas.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH

    # Where the oblast's bounding box lands in the canvas (Web Mercator, deck.gl's 512 px world at zoom 0),
    # from the view the page sent: the whole polygon inside, and no empty band above or below it.
    bbox = maps._bbox(list(reference.hromadas()["katottg"]))  # the 49 hromadas' polygons, as the page fits
    assert bbox is not None
    min_lon, min_lat, max_lon, max_lat = bbox
    view = maps.fit_view(
        bbox, width=maps.PHONE_MAP_WIDTH, height=maps.fitted_height(bbox, maps.PHONE_MAP_WIDTH)
    )
    scale = 512 * 2**view.zoom

    def pixel(lon: float, lat: float) -> tuple[float, float]:
        y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
        return (lon + 180) / 360 * scale, (1 - y / math.pi) / 2 * scale

    cx, cy = pixel(view.longitude, view.latitude)
    (left, top), (right, bottom) = pixel(min_lon, max_lat), pixel(max_lon, min_lat)
    left, right = box["width"] / 2 + left - cx, box["width"] / 2 + right - cx
    top, bottom = box["height"] / 2 + top - cy, box["height"] / 2 + bottom - cy
    assert left >= 0 and right <= box["width"], (left, right, box)
    assert top >= 0 and bottom <= box["height"], (top, bottom, box)
    assert top + (box["height"] - bottom) < 0.25 * box["height"]  # no wide empty bands above and below

    # The map works by tap: tapping a hromada selects it (the chip under the map names it).
    centre = reference.hromadas().set_index("katottg").loc[HROMADA]
    px, py = pixel(centre.center_lon, centre.center_lat)
    chip = page.get_by_role("button", name=t("pg.map.selection", "uk", name="Бобринецька"))
    for _ in range(3):  # deck.gl may drop a tap that comes before its first picking pass is ready
        page.touchscreen.tap(box["x"] + box["width"] / 2 + px - cx, box["y"] + box["height"] / 2 + py - cy)
        try:
            chip.wait_for(timeout=8_000)
            break
        except playwright_sync.TimeoutError:
            page.wait_for_timeout(1000)
    chip.wait_for(timeout=20_000)
    wait_until_idle(page)
    # The hint does not tell a phone user to hover.
    hint = t("pg.map.click_hint", "uk")
    assert hint in page.inner_text("body") and "Наведіть" not in hint
    assert_no_sideways_overflow(page, "map")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "phone-390-uk-map.png"), full_page=True)


@pytest.mark.parametrize("slug", ["overview", "profile", "compare", "crime", "passports"])
def test_nothing_overflows_sideways_and_cards_sit_two_per_row(phone, slug: str) -> None:
    base, page = phone
    for lang in ("uk", "en"):
        open_page(base, page, slug, lang)
        assert_no_sideways_overflow(page, f"{slug} ({lang})")
        rows = page.evaluate(
            """() => [...document.querySelectorAll('[class*="st-key-kpis_"]')].map(row =>
                 [...row.querySelectorAll('[data-testid="stMetric"]')]
                   .filter(e => e.checkVisibility() && e.getBoundingClientRect().height > 0)  // not in a closed section
                   .map(e => Math.round(e.getBoundingClientRect().left)))"""
        )
        for lefts in rows:  # each row of cards: two columns, so two distinct left edges
            if len(lefts) >= 2:
                assert len(set(lefts)) == 2, f"{slug}: cards are not two per row ({lefts})"
        toolbars = page.locator(".js-plotly-plot .modebar-container")
        assert all(not toolbars.nth(i).is_visible() for i in range(toolbars.count()))
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"phone-390-{lang}-{slug}.png"), full_page=True)
