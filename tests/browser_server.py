"""What the real-browser tests share: the app (`streamlit run serve.py`) on a free local port, with or without
the test users; Debian Chromium through Playwright; the sign-in form filled in; the list of pages.

The servers most tests use are session fixtures in tests/conftest.py (`open_app`, `signed_app`), one per
pytest-xdist worker; a test that changes accounts or data starts its own with these helpers."""

from __future__ import annotations

import contextlib
import itertools
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from dashboard.i18n import t
from dashboard.navigation import PAGES

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "tests" / "artifacts"
# The registry's pages whose file exists (a page being written may be registered before its file lands).
PAGE_SLUGS = [p.slug for p in PAGES if (ROOT / p.file).exists()]
FAST_BCRYPT = {"DASHBOARD_BCRYPT_ROUNDS": "4"}  # the fewest rounds bcrypt allows: sign-ins in milliseconds


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(
    env_overrides: dict[str, str], *, port: int | None = None, extra_args: tuple[str, ...] = ()
) -> Iterator[str]:
    """Run the app as `make run` does (`streamlit run serve.py`: sessions behind a cookie) in a subprocess;
    yield its base URL once the health endpoint answers. `extra_args`: more `streamlit run` options."""
    port = port or free_port()
    env = {**os.environ, **env_overrides, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "serve.py"), "--server.port", str(port),
           "--server.headless", "true", "--server.address", "127.0.0.1", *extra_args]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {proc.stdout.read().decode(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError("streamlit did not start within 60 s")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


# Settled: Streamlit's app root says the script has run and is not running (`data-test-script-state`:
# "initial" before the first run, "running" / "rerunRequested" during one, "notRunning" after; the state
# Streamlit's own browser tests wait on: exact, where the running indicator shows only after a delay), the
# connection is up, the main area has drawn text, nothing is left of the previous run (`data-stale`) or
# still loading (skeletons), and every plotly chart has drawn its SVG.
SETTLED_JS = """() => { const app = document.querySelector('[data-testid="stApp"]');
  const main = document.querySelector('[data-testid="stMain"]');
  return app !== null && app.dataset.testScriptState === 'notRunning'
    && app.dataset.testConnectionState === 'CONNECTED'
    && main !== null && main.innerText.trim().length > 0
    && !document.querySelector('[data-testid="stStatusWidget"]')
    && !document.querySelector('[data-stale="true"]')
    && document.querySelectorAll('[data-testid="stSkeleton"]').length === 0
    && [...document.querySelectorAll('.stPlotlyChart')].every(c => c.querySelector('.main-svg')); }"""
# Settled for QUIET_MS without a break: a run that ends in st.rerun() (the sign-in) reports "not running"
# for a moment before the next one starts, and an upload or click reaches the server a little after the
# action. `mark` tells this wait's clock from an earlier one's (the time is kept in the page).
_QUIET_JS = (
    "([quiet, mark]) => { const settled = ("
    + SETTLED_JS
    + """)(); const now = performance.now();
  if (window.__pogQuiet?.mark !== mark) window.__pogQuiet = {mark, since: null};
  if (!settled) { window.__pogQuiet.since = null; return false; }
  if (window.__pogQuiet.since === null) window.__pogQuiet.since = now;
  return now - window.__pogQuiet.since >= quiet; }"""
)
QUIET_MS = 250
_marks = itertools.count()


def wait_until_idle(page, timeout_ms: int = 45_000) -> None:
    """Wait until the app has rendered, finished its run and drawn its charts, and stayed so for QUIET_MS
    (SETTLED_JS). No fixed pause: a page that settles at once costs QUIET_MS."""
    page.wait_for_function(_QUIET_JS, arg=[QUIET_MS, next(_marks)], timeout=timeout_ms, polling=50)


# Notes in the page when the app's script-run state leaves "notRunning" (a run asked for or under way).
_WATCH_RUN_JS = """() => { const app = document.querySelector('[data-testid="stApp"]');
  window.__pogRunStarted = false;
  window.__pogRunWatch?.disconnect();
  window.__pogRunWatch = new MutationObserver(() => {
    if (app.dataset.testScriptState !== 'notRunning') window.__pogRunStarted = true; });
  window.__pogRunWatch.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']}); }"""


def after_a_run(page, action: Callable[[], object], timeout_ms: int = 45_000) -> None:
    """Do `action` (an upload, a click) on a settled page and wait until the run it causes has started and
    the app has settled again: an action reaches the server a little after it returns (an upload first
    sends its files), and the settled page before it must not pass for the one after."""
    page.evaluate(_WATCH_RUN_JS)
    action()
    page.wait_for_function("() => window.__pogRunStarted === true", timeout=timeout_ms, polling=50)
    wait_until_idle(page, timeout_ms)


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Debian Chromium (never Playwright's own download) through Playwright's sync API."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is missing: run scripts/ensure_chromium.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def users_data_dir(
    fixture_data_dir: Path,
    data: Path,
    *,
    users_file: Path | None = None,
    users: Sequence[tuple[str, str, str | None]] | None = None,
    identities: dict[str, str] | None = None,
) -> dict[str, str]:
    """`data` as a data folder with the fixture snapshots linked in and the test users (default: all four of
    tests/auth_helpers.USERS, fast bcrypt); the environment that serves it with login on.
    `identities`: login -> single sign-on identity."""
    from dashboard.auth.users import add_user
    from tests.auth_helpers import PASSWORDS, USERS

    (data / "snapshots").symlink_to(fixture_data_dir / "snapshots", target_is_directory=True)
    users_file = users_file or data / "users.toml"
    env = {
        "DASHBOARD_DATA_DIR": str(data),
        "DASHBOARD_USERS_FILE": str(users_file),
        "DASHBOARD_AUTH": "on",
        **FAST_BCRYPT,
    }
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(
            "DASHBOARD_BCRYPT_ROUNDS", FAST_BCRYPT["DASHBOARD_BCRYPT_ROUNDS"]
        )  # hashed here, fast too
        for login, role, hromada in USERS if users is None else users:
            identity = (identities or {}).get(login)
            add_user(login, role, PASSWORDS[login], hromada, identity=identity, path=users_file)
    return env


@contextlib.contextmanager
def served_with_users(fixture_data_dir: Path, data: Path, **env_overrides: str) -> Iterator[tuple[str, Path]]:
    """The app with login on over `data` (see users_data_dir); yields its base URL and the data folder."""
    env = users_data_dir(fixture_data_dir, data)
    with streamlit_server({**env, **env_overrides}) as base:
        yield base, data


def sign_in(
    page, login: str, password: str | None = None, *, lang: str = "uk", expect_ok: bool = True
) -> None:
    """Fill in the sign-in form shown in `lang` and submit it. With expect_ok, wait for the signed-in page:
    its sign-out button, in the user's language (a partner's view opens in English)."""
    from tests.auth_helpers import PASSWORDS

    username = page.get_by_label(t("auth.username", lang), exact=True)
    username.wait_for(timeout=45_000)
    username.fill(login)
    page.get_by_label(t("auth.password", lang), exact=True).fill(password or PASSWORDS[login])
    page.get_by_role("button", name=t("auth.submit", lang)).click()
    if expect_ok:
        signed_in(page, "en" if login == "ptn" else lang)
        wait_for_session_cookie(page.context)
    else:
        wait_until_idle(page)


def wait_for_session_cookie(context, timeout_s: float = 30) -> None:
    """Wait until the browser holds the session cookie. The page shows the signed-in view before the
    cookie is set (a one-time ticket is exchanged for it in a request of its own, dashboard/web/): a new tab
    or context made from this one in between would not be signed in."""
    from dashboard.web.cookies import SESSION_COOKIE

    deadline = time.monotonic() + timeout_s
    while not any(c["name"] == SESSION_COOKIE for c in context.cookies()):
        if time.monotonic() > deadline:
            raise AssertionError(f"no session cookie {timeout_s} s after signing in")
        time.sleep(0.2)


def signed_in(page, lang: str = "uk") -> None:
    """Wait for a signed-in page: the account box's sign-out button, then the end of the run."""
    page.get_by_role("button", name=t("auth.logout", lang)).wait_for(timeout=45_000)
    wait_until_idle(page)
