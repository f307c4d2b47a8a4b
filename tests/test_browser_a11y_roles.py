"""Real browser, signed in: zero axe-core WCAG 2.0/2.1 A and AA violations on every page each role can
open, in both languages, at desktop width and on a 390 × 844 phone (issue 15, the per-role sweep).

The matrix. The full one (3 roles × their pages × 2 languages × 2 widths, 144 fresh loads) took ~15 min
on the shared 2 cores, far over the ~90 s a CI file may cost; this one keeps every pair and dimension:
- desktop (1280 × 1600), every (role, page) pair the role may open — admin 14 pages, head 11, partner 11 —
  each in one language: the pages in menu order, reached through the sidebar menu after one sign-in; the
  first SWITCH_AT pages in the role's first language, then the sidebar's language switch and the rest in
  the other (the page where it switches is checked in both). The first language alternates by role
  (admin en, head uk, partner en): every role sees both languages, every page open to all roles is seen
  in both at desktop, a head and a partner see the first pages of the menu (overview, map, compare,
  profile, activity, crime: most of the pages whose layout reads the role) in their own language (a
  partner's default is English) and the rest in the other;
- a head's and a partner's refusal page (an admin-only page opened by URL: what they see instead);
- 390 × 844 phone (mobile viewport, touch, a phone's user agent), every page, each loaded fresh by its URL
  (never a resized desktop page), in Ukrainian and in English, as the admin (the role that may open all);
  there also that no text of the other language shows (tests/language_helpers.py: a page's first run in
  English, where tests/test_browser_a11y.py reads English after the sidebar's switch);
- every visit checks it is the page asked for, signed in, in the language asked for (its `<h1>` title and
  `<html lang>`), so that a sign-in form or a wrong page cannot pass for a clean one.
Roles: dashboard/navigation.ROLES (the oblast's admin, a hromada head, a partner). Login off (every page,
no role) and the sign-in form are swept by tests/test_browser_a11y.py. Cheap by design: the signed-in app
the other browser tests share (tests/conftest.signed_app), one browser context per role signed in once (the
phone context gets the admin's session cookie), axe only (a screenshot only of a page that fails). tests/artifacts/a11y-roles-violations.json holds the
tally by rule and visit.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.i18n import LANGS, t
from dashboard.navigation import DEFAULT_PAGE, PAGES, ROLES, pages_for_role
from tests.a11y_helpers import DESKTOP, PHONE, Tally, axe_violations, describe, fill_sign_in, nav_link
from tests.auth_helpers import PASSWORDS, USERS
from tests.browser_server import ARTIFACTS, wait_until_idle
from tests.fixture_snapshot import LATEST_DATE, A
from tests.language_helpers import language_leaks

pytestmark = pytest.mark.browser
playwright_sync = pytest.importorskip("playwright.sync_api")

LOGIN_OF = {role: next(login for login, r, _ in USERS if r == role) for role in ROLES}  # the head: head_a
ADMIN_ONLY = [p.slug for p in PAGES if p not in pages_for_role("head")]
SWITCH_AT = len(pages_for_role("head")) // 2  # the menu position where the desktop sweep changes language
LANG_NAME = {"uk": "Українська", "en": "English"}  # the sidebar switch's buttons (dashboard/ui/sidebar.py)
PHONE_UA = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.0 Mobile/15E148 Safari/604.1"
)
TALLY = Tally()


def first_lang(role: str) -> str:
    """admin en, head uk, partner en: a head's and a partner's own language first."""
    return LANGS[(ROLES.index(role) + 1) % 2]


def desktop_visits(role: str) -> list[tuple[str, str]]:
    """(slug, language) of the role's desktop sweep, in menu order; the page at SWITCH_AT twice."""
    first, other = first_lang(role), next(lang for lang in LANGS if lang != first_lang(role))
    visits = []
    for i, spec in enumerate(pages_for_role(role)):
        if i == SWITCH_AT:
            visits.append((spec.slug, first))
        visits.append((spec.slug, first if i < SWITCH_AT else other))
    return visits


def test_the_matrix_covers_every_pair_and_both_languages() -> None:
    """The reduced matrix keeps its promises (pure: no browser)."""
    for role in ROLES:
        visits = desktop_visits(role)
        assert [p.slug for p in pages_for_role(role)] == list(dict.fromkeys(slug for slug, _ in visits))
        assert {lang for _, lang in visits} == set(LANGS), role
    for spec in pages_for_role("head"):  # the pages open to every role: both languages at desktop
        seen = {lang for role in ROLES for slug, lang in desktop_visits(role) if slug == spec.slug}
        assert seen == set(LANGS), spec.slug
    assert pages_for_role("admin") == list(PAGES)  # the phone sweep's role opens every page
    assert {first_lang("partner"), first_lang("head")} == set(LANGS)
    assert (first_lang("head"), first_lang("partner")) == ("uk", "en")  # their own languages first


@pytest.fixture(scope="module", autouse=True)
def violations_record():
    """The tally of this module's visits, written when it is done (merged with the other worker's)."""
    yield
    TALLY.write(ARTIFACTS / "a11y-roles-violations.json")


@pytest.fixture(scope="module")
def signed_in(chromium_browser, signed_app: str):
    """`signed_in(role)`: the role's one desktop page, signed in through the form (in the role's first
    language) on first use, then on the default page."""
    pages: dict[str, object] = {}

    def get(role: str):
        if role not in pages:
            page = chromium_browser.new_context(viewport=DESKTOP).new_page()
            page.goto(f"{signed_app}/?lang={first_lang(role)}")
            fill_sign_in(page, LOGIN_OF[role], PASSWORDS[LOGIN_OF[role]], first_lang(role))
            page.get_by_role("button", name=t("auth.logout", first_lang(role))).wait_for(timeout=45_000)
            pages[role] = page
        return pages[role]

    yield get
    for page in pages.values():
        page.context.close()  # type: ignore[attr-defined]


def check(page, lang: str, title: str, name: str, snapshot: Path | None = None) -> list[str]:
    """That the page shows `title` in `lang`, then axe on it as it is and, given the `snapshot` it shows,
    the language check; the failures (empty: none)."""
    page.locator("h1", has_text=title).first.wait_for(timeout=45_000)
    wait_until_idle(page)
    page.wait_for_function(f"document.documentElement.lang === '{lang}'", timeout=10_000)
    violations = axe_violations(page)
    TALLY.add(name, violations)
    failures = [f"{name}:\n{describe(violations)}"] if violations else []
    if snapshot is not None and (found := language_leaks(page, lang, snapshot)):
        failures.append(f"{name}: the other language shown: {found}")
    if page.locator('[data-testid="stException"]').count():
        failures.append(f"{name}: an exception box is shown")
    if failures:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"a11y-fail-{name}.png"))
    return failures


def url(base: str, slug: str, lang: str) -> str:
    path = "" if slug == DEFAULT_PAGE else slug
    query = f"lang={lang}" + (f"&hromada={A}" if slug == "profile" else "")  # the profile drawn in full
    return f"{base}/{path}?{query}"


@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_the_role_desktop(signed_in, signed_app: str, role: str) -> None:
    """Every page the role may open, through the sidebar menu at 1280 px, the language switched halfway;
    for a head and a partner also the refusal they get for an admin-only page opened by URL."""
    page = signed_in(role)
    failures: list[str] = []
    lang = first_lang(role)
    for slug, wanted in desktop_visits(role):
        if wanted != lang:  # the same page again, after the sidebar's language switch
            page.locator('[data-testid="stSidebar"] button', has_text=LANG_NAME[wanted]).click()
            lang = wanted
        elif slug != DEFAULT_PAGE:  # the default page is where the sign-in lands
            nav_link(page, slug).click()
        failures += check(page, lang, t(f"page.{slug}.title", lang), f"{role}-{slug}-{lang}")
    if role != "admin":
        refused = ADMIN_ONLY[ROLES.index(role) % len(ADMIN_ONLY)]
        page.goto(url(signed_app, refused, lang))
        failures += check(page, lang, t("pg.auth.denied.title", lang), f"{role}-{refused}-refused-{lang}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_on_a_phone_fresh(
    chromium_browser, signed_in, signed_app: str, fixture_data_dir: Path, lang: str
) -> None:
    """Every page loaded fresh on a 390 × 844 phone in `lang`, as the admin: axe and the language check."""
    snapshot = fixture_data_dir / "snapshots" / f"{LATEST_DATE}.duckdb"
    context = chromium_browser.new_context(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        user_agent=PHONE_UA,
        device_scale_factor=1,
        storage_state=signed_in("admin").context.storage_state(),  # the admin's session cookie
    )
    page = context.new_page()
    failures: list[str] = []
    try:
        for spec in PAGES:
            page.goto(url(signed_app, spec.slug, lang))
            failures += check(page, lang, t(spec.title_key, lang), f"phone-{spec.slug}-{lang}", snapshot)
        assert page.viewport_size == PHONE
        assert (
            page.evaluate("window.innerWidth") == PHONE["width"]
        )  # a phone's layout viewport, not zoomed out
    finally:
        context.close()
    assert not failures, "\n".join(failures)
