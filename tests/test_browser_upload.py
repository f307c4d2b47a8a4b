"""Real browser: an administrator on the upload page, in Ukrainian and English, at 1280 px and 390 px.

A check with bad rows shows the problem report; a build shows the review screen; the administrators'
fault banner (here: the audit log cannot be written) stays on every page. Each state is captured under
tests/artifacts/upload-<lang>-<state>-<width>.png and checked for what a screenshot would show wrong: the
page wider than the window, text cut off in a box, English left in the Ukrainian interface. Between the
languages the Ukrainian draft is rejected, so the English build replaces a rejected draft (issue 11
follow-up: the check says so, and the old file is kept under snapshots/rejected/).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import publication
from dashboard.auth.users import add_user
from dashboard.i18n import t
from tests.auth_helpers import PASSWORDS
from tests.browser_server import ARTIFACTS, ROOT, after_a_run, sign_in, streamlit_server, wait_until_idle
from tests.ingest_helpers import BASE_DATE, make_base_snapshot

pytestmark = pytest.mark.browser

VALID = sorted((ROOT / "data" / "samples" / "valid").iterdir())
BROKEN = ROOT / "data" / "samples" / "broken" / "activities_broken.csv"
WIDTHS = (1280, 390)
# Words of the English interface that must not show in the Ukrainian one (headers and codes once did).
ENGLISH = ("severity", "error", "warning", "rows", "added", "table", "indicator", "change", "draft", "Upload")

# Elements whose text is cut (scrollWidth > clientWidth while overflow hides it), and the page's width.
_OVERFLOW_JS = """() => {
  const cut = [];
  for (const el of document.querySelectorAll('[data-testid="stMain"] *')) {
    const style = getComputedStyle(el);
    if (style.fontFamily.includes('Material') || el.clientWidth < 4) continue;  // icons, screen-reader labels
    if (el.children.length === 0 && el.innerText && el.scrollWidth > el.clientWidth + 1
        && ['hidden', 'clip'].includes(style.overflowX) && style.textOverflow !== 'ellipsis') {
      cut.push(el.innerText.slice(0, 80));
    }
  }
  return {page: document.documentElement.scrollWidth, window: window.innerWidth, cut: cut};
}"""


@pytest.fixture(scope="module")
def admin_page(chromium_browser, tmp_path_factory: pytest.TempPathFactory):
    data = tmp_path_factory.mktemp("browser-upload")
    snapshots = data / "snapshots"
    make_base_snapshot(snapshots)
    publication.publish(snapshots, BASE_DATE, publication.Actor("setup"), four_eyes=False)
    users = data / "users.toml"
    add_user("adm", "admin", PASSWORDS["adm"], None, path=users)
    (data / "audit").write_text("not a folder")  # the audit log cannot be written: a fault for admins
    env = {
        "DASHBOARD_DATA_DIR": str(data),
        "DASHBOARD_USERS_FILE": str(users),
        "DASHBOARD_AUTH": "on",
        "DASHBOARD_BCRYPT_ROUNDS": "4",
    }
    with streamlit_server(env) as base:
        page = chromium_browser.new_page(viewport={"width": WIDTHS[0], "height": 1000})
        page.goto(f"{base}/upload")
        sign_in(page, "adm")
        yield base, page, snapshots
        page.close()


def capture(page, name: str, lang: str) -> list[str]:
    """Screenshots at both widths (tall enough for the whole page); what looks wrong at either."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    wrong = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 1000})
        page.wait_for_timeout(500)
        height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
        page.set_viewport_size({"width": width, "height": min(max(height + 40, 1000), 12_000)})
        page.wait_for_timeout(500)
        page.screenshot(path=str(ARTIFACTS / f"upload-{lang}-{name}-{width}.png"))
        found = page.evaluate(_OVERFLOW_JS)
        if found["page"] > found["window"]:
            wrong.append(f"{name} at {width}px: the page is {found['page']}px wide")
        wrong += [f"{name} at {width}px: cut off: {text!r}" for text in found["cut"]]
    page.set_viewport_size({"width": WIDTHS[0], "height": 1000})
    if lang == "uk":
        body = page.inner_text('[data-testid="stMain"]')
        words = {w.strip(".,:;()«»") for w in body.split()}
        wrong += [f"{name}: English in Ukrainian: {w!r}" for w in ENGLISH if w in words]
    return wrong


def upload(page, paths: list[Path]) -> None:
    """Choose the files and wait for the run their upload causes to end."""
    files = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    after_a_run(page, lambda: files.set_input_files([str(p) for p in paths]))


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_upload_check_build_and_fault_banner(admin_page, lang: str) -> None:
    base, page, snapshots = admin_page
    page.goto(f"{base}/upload?lang={lang}")
    wait_until_idle(page)
    banner = t("pg.faults.audit_write", lang, since="", detail="", count="").split("(")[0].strip()
    assert banner in page.inner_text('[data-testid="stMain"]')

    upload(page, [BROKEN])
    report = page.get_by_text(t("pg.ingest.upload.blocked", lang, errors="").split(":")[0].strip()[:20])
    report.first.wait_for(timeout=60_000)
    wrong = capture(page, "check", lang)

    page.goto(f"{base}/upload?lang={lang}")  # a fresh session: no files chosen
    wait_until_idle(page)
    upload(page, VALID)
    page.get_by_role("button", name=t("upload.build", lang)).click()
    page.get_by_text(t("review.title", lang, date="").strip()[:12]).first.wait_for(timeout=120_000)
    wait_until_idle(page)
    wrong += capture(page, "review", lang)
    if lang == "uk":  # reject the draft: the English run builds the same date again
        after_a_run(page, page.get_by_role("button", name=t("review.reject", lang)).click)
    assert not wrong, "\n".join(wrong)
    if lang == "en":
        assert list((snapshots / "rejected").glob("*.duckdb")), "the rejected Ukrainian draft is kept aside"
