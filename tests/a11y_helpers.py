"""Shared pieces of the accessibility browser tests: axe-core runs, violation tallies, keyboard focus.

axe-core (Deque's rule engine, bundled by `axe-playwright-python`) is injected into the page and run with
the WCAG 2.0 / 2.1 A and AA rules only (issue 15: the level a Ukrainian public-sector site must meet,
ДСТУ EN 301 549).
"""

from __future__ import annotations

import fcntl
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe

from dashboard.navigation import DEFAULT_PAGE
from dashboard.ui.nav import MENU_KEY
from tests.browser_server import sign_in, wait_for_session_cookie

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
DESKTOP = {"width": 1280, "height": 1600}
PHONE = {"width": 390, "height": 844}
_AXE = Axe()


def axe_violations(page) -> list[dict[str, Any]]:
    """The WCAG A/AA violations axe-core finds on the page as it is now."""
    return _AXE.run(page, options=AXE_OPTIONS).response["violations"]


def describe(violations: list[dict[str, Any]], limit: int = 4) -> str:
    """A readable failure message: each rule, its element count, and the first elements' selectors."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {len(v['nodes'])} element(s) — {v['help']}")
        for node in v["nodes"][:limit]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


def by_rule(violations: list[dict[str, Any]]) -> Counter[str]:
    return Counter({v["id"]: len(v["nodes"]) for v in violations})


class Tally:
    """Violating elements by rule over every page visited, written to tests/artifacts/ for the record."""

    def __init__(self) -> None:
        self.visits: dict[str, dict[str, int]] = {}  # visit -> rule -> violating elements
        self.reasons: dict[str, dict[str, dict[str, int]]] = {}  # visit -> rule -> axe's reason -> count

    def add(self, visit: str, violations: list[dict[str, Any]]) -> None:
        self.visits[visit] = dict(by_rule(violations))
        why: dict[str, Counter[str]] = {}
        for v in violations:
            for node in v["nodes"]:
                reason = (node.get("failureSummary") or "").strip().splitlines()[-1].strip()
                why.setdefault(v["id"], Counter())[reason] += 1
        self.reasons[visit] = {rule: dict(counts) for rule, counts in why.items()}

    def write(self, path: Path) -> None:
        """Write the report (totals by rule, axe's reasons e.g. the colours and ratio, each visit). Under
        pytest-xdist each worker visits some of the pages and writes when its share of the file is done:
        the visits of a report of the same run already there (same PYTEST_XDIST_TESTRUNUID) are kept, under
        a lock. Written again by the same worker, its own visits replace themselves (nothing counted twice)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
        with path.with_suffix(".lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            visits, reasons = {}, {}
            if run and path.exists():
                earlier = json.loads(path.read_text(encoding="utf-8"))
                if earlier.get("run") == run:
                    visits, reasons = earlier["visits"], earlier["reasons"]
            visits, reasons = {**visits, **self.visits}, {**reasons, **self.reasons}
            totals: Counter[str] = Counter()
            why: dict[str, Counter[str]] = {}
            for visit in visits:
                totals.update(visits[visit])
                for rule, counts in reasons.get(visit, {}).items():
                    why.setdefault(rule, Counter()).update(counts)
            report = {
                "run": run,
                "n_visits": len(visits),
                "totals": dict(totals),
                "why": {rule: dict(counts.most_common()) for rule, counts in why.items()},
                "visits": visits,
                "reasons": reasons,
            }
            path.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")


def fill_sign_in(page, login: str, password: str, lang: str = "uk") -> None:
    """Sign in through the form (mouse-free API calls; the keyboard walk has its own), and wait until the
    browser holds the session cookie: a context copied from this page's (`storage_state`) is signed in too."""
    sign_in(page, login, password, lang=lang, expect_ok=False)
    wait_for_session_cookie(page.context)


def nav_link(page, slug: str):
    """The sidebar's link to the page `slug` (the default page's link is the bare root)."""
    links = page.locator(f".st-key-{MENU_KEY} a[href]")
    links.first.wait_for(timeout=45_000)  # the menu is drawn early in the run, but not before the first run
    hrefs = links.evaluate_all("els => els.map(e => e.getAttribute('href'))")  # relative; "" = the root
    for index, href in enumerate(hrefs):
        if (urlsplit(href).path.strip("/") or DEFAULT_PAGE) == slug:
            return links.nth(index)
    raise AssertionError(f"no sidebar link to {slug!r} among {hrefs}")


_FOCUS_JS = """() => {
          const el = document.activeElement;
          if (!el || el === document.body) return {tag: 'BODY', text: '', visible: false, menu: false};
          const chain = [];
          for (let node = el, depth = 0; node && depth < 6; node = node.parentElement, depth++) chain.push(node);
          const look = () => chain.map((node) => {
            const s = getComputedStyle(node);
            return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join('|');
          });
          const focused = look();
          el.blur();
          const plain = look();
          el.focus();
          const text = (el.innerText || el.getAttribute('aria-label') || el.value || '').trim();
          // st.dataframe (glide-data-grid) draws its focused cell's ring on its canvas, not with CSS.
          const grid = !!el.closest('[data-testid="stDataFrame"]');
          return {tag: el.tagName, text: text.slice(0, 80), grid,
                  visible: grid || focused.some((v, i) => v !== plain[i]),
                  href: el.getAttribute('href'), autocomplete: el.getAttribute('autocomplete'),
                  menu: !!el.closest('.st-key-MENU'), outline: getComputedStyle(el).outline};
        }"""


def tab_to(page, wanted, *, limit: int = 150, key: str = "Tab") -> dict[str, Any]:
    """Press `key` until the focused element satisfies `wanted(focus)`; every element passed on the way
    must show a visible focus indicator. Returns the focus description of the element found."""
    passed = []
    for _ in range(limit):
        page.keyboard.press(key)
        focus = focus_is_visible(page)
        if focus["tag"] != "BODY":
            passed.append(focus)
            assert focus["visible"], f"no visible focus indicator on {focus}"
        if wanted(focus):
            return focus
    raise AssertionError(f"not reached with {key} in {limit} presses; passed: {[f['text'] for f in passed]}")


def focus_is_visible(page) -> dict[str, Any]:
    """The focused element's tag and text, and whether focusing it visibly changed it or its frame: the
    outline or box-shadow of the element or one of its 5 nearest ancestors differs between focused and not
    focused (measured by blurring it for a moment; focus is then put back). A mere border-colour change
    does not count. Cells of st.dataframe count as visible: the grid draws the ring on its canvas (seen in
    tests/artifacts/a11y-keyboard-walk.png), where CSS cannot see it."""
    return page.evaluate(_FOCUS_JS.replace("st-key-MENU", f"st-key-{MENU_KEY}"))
