"""Real browser: sign in as each role in Chromium, see the role's navigation, be refused a forbidden URL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from dashboard.i18n import t
from dashboard.navigation import DEFAULT_PAGE
from dashboard.ui.nav import MENU_KEY
from tests.auth_helpers import PASSWORDS, USERS
from tests.browser_server import (
    ARTIFACTS,
    PAGE_SLUGS,
    ROOT,
    sign_in,
    streamlit_server,
    users_data_dir,
    wait_until_idle,
)

pytestmark = pytest.mark.browser

ADMIN_ONLY = {"upload", "audit", "users"}


@pytest.fixture(scope="module")
def server(chromium_browser, fixture_data_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """A server of its own: the administrator is added through the CLI, and a wrong password is tried."""
    data = tmp_path_factory.mktemp("browser-auth")
    users_file = data / "private" / "users.toml"
    env = users_data_dir(fixture_data_dir, data, users_file=users_file, users=USERS[1:])
    # The administrator through the CLI, as in production; the others directly (faster).
    cli = [sys.executable, "-m", "dashboard", "users", "add", "adm", "--role", "admin"]
    subprocess.run(
        cli, input=PASSWORDS["adm"] + "\n", text=True, check=True, cwd=ROOT, env={**os.environ, **env}
    )
    with streamlit_server(env) as base:
        yield base, chromium_browser, data


def open_and_sign_in(
    browser, base: str, login: str, password: str, *, path: str = "", expect_ok: bool = True
):
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    page.goto(f"{base}/{path}")
    sign_in(page, login, password, expect_ok=expect_ok)
    return page


def nav_links(page) -> set[str]:
    """The slugs the sidebar menu links to (the default page's link is the bare root)."""
    hrefs = page.locator(f".st-key-{MENU_KEY} a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    return {urlsplit(href).path.strip("/") or DEFAULT_PAGE for href in hrefs}


@pytest.mark.parametrize("login", ["adm", "head_a", "ptn"])
def test_sign_in_per_role_navigation_and_direct_url(server, login: str):
    """Open /audit directly (a new session: the sign-in form first), sign in, land on /audit:
    the administrator sees the audit log, the others a refusal; the menu lists the role's pages."""
    base, browser, _ = server
    page = open_and_sign_in(browser, base, login, PASSWORDS[login], path="audit")
    try:
        lang = "en" if login == "ptn" else "uk"
        title = t("page.audit.title" if login == "adm" else "pg.auth.denied.title", lang)
        page.locator("h1", has_text=title).wait_for(timeout=45_000)
        wait_until_idle(page)
        assert urlsplit(page.url).path == "/audit"
        assert page.locator('[data-testid="stException"]').count() == 0
        body = page.inner_text("body")
        assert t("auth.signed_in_as", lang, name=login) in body
        heading = page.inner_text("h1")
        if login == "adm":
            assert t("page.audit.title", lang) in heading
            assert page.locator('[data-testid="stDataFrame"]').count() == 1  # the log (a canvas grid)
        else:
            assert t("pg.auth.denied.title", lang) in heading
            assert page.locator('[data-testid="stDataFrame"]').count() == 0
        expected = {slug for slug in PAGE_SLUGS if login == "adm" or slug not in ADMIN_ONLY}
        assert nav_links(page) == expected
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"auth-{login}.png"))
        page.get_by_role("button", name=t("auth.logout", lang)).click()
        page.get_by_label(t("auth.password", lang), exact=True).wait_for(timeout=45_000)
    finally:
        page.close()


def test_wrong_password_in_the_browser(server):
    base, browser, data = server
    page = open_and_sign_in(browser, base, "ptn", "not-the-password", path="audit", expect_ok=False)
    try:
        page.get_by_text(t("auth.failed", "uk")).wait_for(timeout=45_000)
        assert page.locator(f".st-key-{MENU_KEY}").count() == 0
        log = "".join(p.read_text(encoding="utf-8") for p in (data / "audit").glob("*.jsonl"))
        assert '"login_failed"' in log and "not-the-password" not in log
    finally:
        page.close()
