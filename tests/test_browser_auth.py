"""Real browser: sign in as each role in Chromium, see the role's navigation, be refused a forbidden URL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.i18n import t
from dashboard.navigation import PAGES
from tests.auth_helpers import PASSWORDS, USERS
from tests.browser_server import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, ROOT, streamlit_server, wait_until_idle

pytestmark = pytest.mark.browser
playwright_sync = pytest.importorskip("playwright.sync_api")

ADMIN_ONLY = {"upload", "audit", "users"}
EXISTING = [p for p in PAGES if (ROOT / p.file).exists()]


@pytest.fixture(scope="module")
def server(fixture_data_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is missing: run scripts/ensure_chromium.sh")
    data = tmp_path_factory.mktemp("browser-auth")
    (data / "snapshots").symlink_to(fixture_data_dir / "snapshots", target_is_directory=True)
    env = {
        "DASHBOARD_DATA_DIR": str(data),
        "DASHBOARD_USERS_FILE": str(data / "private" / "users.toml"),
        "DASHBOARD_AUTH": "on",
        "DASHBOARD_BCRYPT_ROUNDS": "4",
    }
    for login, role, hromada in USERS:  # through the CLI, as an administrator would
        args = [sys.executable, "-m", "dashboard", "users", "add", login, "--role", role]
        args += ["--hromada", hromada] if hromada else []
        subprocess.run(
            args, input=PASSWORDS[login] + "\n", text=True, check=True, cwd=ROOT, env={**os.environ, **env}
        )
    with streamlit_server(env) as base, playwright_sync.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield base, browser, data
        browser.close()


def fill_form(page, login: str, password: str, *, expect_ok: bool = True) -> None:
    page.get_by_label(t("auth.username", "uk")).wait_for(timeout=45_000)
    page.get_by_label(t("auth.username", "uk")).fill(login)
    page.get_by_label(t("auth.password", "uk")).fill(password)
    page.get_by_role("button", name=t("auth.submit", "uk")).click()
    if expect_ok:  # the sign-out button of the account box: the session is open and the page drawn
        lang = "en" if login == "ptn" else "uk"
        page.get_by_role("button", name=t("auth.logout", lang)).wait_for(timeout=45_000)
    wait_until_idle(page)


def sign_in(browser, base: str, login: str, password: str, *, expect_ok: bool = True):
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    page.goto(base)
    fill_form(page, login, password, expect_ok=expect_ok)
    return page


def nav_links(page) -> set[str]:
    hrefs = page.locator('[data-testid="stSidebarNav"] a').evaluate_all("els => els.map(e => e.href)")
    return {href.rstrip("/").rsplit("/", 1)[-1].split("?")[0] for href in hrefs}


@pytest.mark.parametrize("login", ["adm", "head_a", "ptn"])
def test_sign_in_and_navigation_per_role(server, login: str):
    base, browser, _ = server
    page = sign_in(browser, base, login, PASSWORDS[login])
    try:
        lang = "en" if login == "ptn" else "uk"
        assert page.locator('[data-testid="stException"]').count() == 0
        body = page.inner_text("body")
        assert t("auth.signed_in_as", lang, name=login) in body
        expected = {p.slug for p in EXISTING if login == "adm" or p.slug not in ADMIN_ONLY}
        links = nav_links(page)
        port = base.rsplit(":", 1)[-1]
        links = {"overview" if link == port else link for link in links}  # the default page's link is "/"
        assert links == expected
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"auth-{login}.png"))
    finally:
        page.close()


def test_direct_url_to_a_forbidden_page_is_refused_in_the_browser(server):
    base, browser, _ = server
    page = sign_in(browser, base, "head_a", PASSWORDS["head_a"])
    try:
        page.goto(f"{base}/users")  # a new browser session: the sign-in form first
        fill_form(page, "head_a", PASSWORDS["head_a"])
        page.get_by_text(t("pg.auth.denied.title", "uk")).wait_for(timeout=45_000)
        assert page.url.endswith("/users")
        body = page.inner_text("body")
        assert t("pg.auth.denied.title", "uk") in body
        assert "$2b$" not in body and "ptn" not in body
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "auth-refused.png"))
    finally:
        page.close()


def test_wrong_password_in_the_browser(server):
    base, browser, data = server
    page = sign_in(browser, base, "ptn", "not-the-password", expect_ok=False)
    try:
        page.get_by_text(t("auth.failed", "uk")).wait_for(timeout=45_000)
        log = "".join(p.read_text(encoding="utf-8") for p in (data / "audit").glob("*.jsonl"))
        assert '"login_failed"' in log and "not-the-password" not in log
    finally:
        page.close()
