"""Page render benchmark: server-side time of every page (AppTest, cold and warm) at oblast and national
scale; and in a real browser (Chromium) at oblast scale, served as `make run` and as `make serve` (HAProxy),
the overview's first load (new and returning browsers, and over a slow line) and an in-app switch to every
page, timed by the browser's own websocket messages (issue 14's one-user targets).

    .venv/bin/python benchmarks/bench_pages.py [--scales oblast national] [--no-browser | --browser-only]

Targets: ≤ 0.3 s warm per page at oblast scale, ≤ 1 s at national scale.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import ROOT, ensure_demo

TARGET_WARM_S = {"oblast": 0.3, "national": 1.0}
TARGET_FIRST_LOAD_S = 3.0  # issue 14: the overview's first load in Chromium
TARGET_SWITCH_S = 1.0  # issue 14: an in-app page switch, every page


def time_pages(data_dir: Path, scale: str) -> None:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from dashboard.navigation import PAGES

    os.environ["DASHBOARD_DATA_DIR"] = str(data_dir)
    os.environ["DASHBOARD_AUTH"] = "off"
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    print(f"\n{scale}: server-side render per page (AppTest), cold = first run, warm = median of 3")
    for spec in PAGES:
        at.switch_page(spec.file)
        st.cache_data.clear()  # cold: no cached query results (connections stay open)
        started = time.perf_counter()
        at.run()
        cold = time.perf_counter() - started
        warm = []
        for _ in range(3):
            started = time.perf_counter()
            at.run()
            warm.append(time.perf_counter() - started)
        status = "error" if at.exception else "ok"
        verdict = "ok" if statistics.median(warm) <= TARGET_WARM_S[scale] else "OVER TARGET"
        print(
            f"  {spec.slug:10s} cold {cold:6.2f} s  warm {statistics.median(warm):6.3f} s  {status} {verdict}"
        )


class RunWatcher:
    """Counts the `script_finished` messages the browser itself receives on Streamlit's websocket, with the
    time each arrived: a page is ready when its last run has finished and no new one starts for a while
    (a first load may run the script more than once: the URL's filters, the session cookie)."""

    QUIET_S = 1.0  # no new run for this long: the page is done

    def __init__(self, page) -> None:  # type: ignore[no-untyped-def]
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self.finished: list[float] = []
        self.started: list[float] = []

        def on_frame(payload: bytes | str) -> None:
            if isinstance(payload, str):
                return
            message = ForwardMsg()
            message.ParseFromString(payload)
            kind = message.WhichOneof("type")
            if kind == "script_finished":
                self.finished.append(time.perf_counter())
            elif kind == "new_session" or (
                kind == "session_status_changed" and message.session_status_changed.script_is_running
            ):
                self.started.append(time.perf_counter())

        page.on("websocket", lambda ws: ws.on("framereceived", on_frame))
        self.page = page

    def settle(self, since: float, timeout_s: float = 60) -> float:
        """Seconds from `since` to the last run's end once the app has been quiet for QUIET_S."""
        deadline = time.perf_counter() + timeout_s
        while time.perf_counter() < deadline:
            self.page.wait_for_timeout(20)  # lets Playwright deliver the frames received meanwhile
            done = [t for t in self.finished if t > since]
            if done and time.perf_counter() - max(done[-1], max(self.started, default=0)) > self.QUIET_S:
                return done[-1] - since
        raise TimeoutError("the page did not finish within the timeout")


# A hromada office's connection for the "slow line" row: 20 Mbit/s down, 5 up, 40 ms round trip.
SLOW_LINE = {"offline": False, "latency": 40, "downloadThroughput": 20e6 / 8, "uploadThroughput": 5e6 / 8}
NEW_PROFILES = 5  # new browser profiles per setup (the median is judged)


@contextlib.contextmanager
def served(setup: str, env: dict[str, str]) -> Iterator[str]:
    """The app as `make run` (one Streamlit process) or `make serve` (two behind HAProxy) starts it."""
    from dashboard.serving.cluster import free_port, running
    from tests.browser_server import streamlit_server

    if setup == "make run":
        with streamlit_server(env) as base:
            yield base
    else:
        with running(processes=2, port=free_port(), bind="127.0.0.1", env=env) as cluster:
            yield cluster.url


def new_context(browser: Any) -> Any:
    """A new browser profile: nothing cached, no cookies."""
    return browser.new_context(viewport={"width": 1400, "height": 1000})


def first_load(context: Any, base: str, *, slow: bool = False) -> tuple[float, float, RunWatcher]:
    """Seconds from the address typed to the overview's last run ended, and to its first chart drawn; the
    tab's watcher (it hears only websockets opened after it was set up, so the tab keeps it)."""
    page = context.new_page()
    if slow:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW_LINE)
    watcher = RunWatcher(page)
    started = time.perf_counter()
    page.goto(f"{base}/overview")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
    drawn = time.perf_counter() - started
    return watcher.settle(started), drawn, watcher


def new_visitor(browser: Any, base: str, *, slow: bool = False) -> tuple[float, float, RunWatcher]:
    """first_load in a new browser profile, closed afterwards (its session ends with it)."""
    context = new_context(browser)
    try:
        return first_load(context, base, slow=slow)
    finally:
        context.close()


def time_browser(data_dir: Path) -> None:
    """One user in Chromium, for `make run` and for `make serve`: the overview's first load (a fresh server;
    then new browser profiles with the server warm, the median judged; a returning browser; a new profile
    over a slow line), then, on `make serve`, an in-app switch to every page through the menu, timed from
    the click until the browser has received the page's last `script_finished`."""
    from playwright.sync_api import sync_playwright

    from dashboard.navigation import PAGES
    from tests.a11y_helpers import nav_link
    from tests.browser_server import CHROMIUM, CHROMIUM_ARGS

    env = {"DASHBOARD_DATA_DIR": str(data_dir), "DASHBOARD_AUTH": "off"}
    print("\noverview load in Chromium: last run ended / first chart drawn, seconds from the address typed")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        new_context(browser).new_page().goto("about:blank")  # Chromium's own start is not the server's
        for setup in ("make run", "make serve"):
            with served(setup, env) as base:
                fresh = new_visitor(browser, base)
                news = [new_visitor(browser, base) for _ in range(NEW_PROFILES)]
                returning = new_context(browser)
                first_load(returning, base)
                back = first_load(returning, base)  # a new tab; the browser's cache holds the scripts
                slow = new_visitor(browser, base, slow=True)
                run_med = statistics.median(r for r, _, _ in news)
                drawn_med = statistics.median(d for _, d, _ in news)
                verdict = "ok" if max(run_med, drawn_med) <= TARGET_FIRST_LOAD_S else "OVER TARGET"
                print(f"  {setup}")
                print(f"    fresh server, new browser profile          {fresh[0]:5.2f} / {fresh[1]:5.2f}")
                print(f"    server warm, new browser profile (median)  {run_med:5.2f} / {drawn_med:5.2f}  "
                      f"(target ≤ {TARGET_FIRST_LOAD_S:.0f} s) {verdict}   "
                      f"[{', '.join(f'{d:.2f}' for _, d, _ in news)}]")  # fmt: skip
                print(f"    server warm, returning browser             {back[0]:5.2f} / {back[1]:5.2f}")
                print(f"    new profile over a 20 Mbit/s, 40 ms line   {slow[0]:5.2f} / {slow[1]:5.2f}")
                if setup == "make serve":
                    watcher = back[2]
                    page = watcher.page
                    print(f"  in-app page switch in Chromium, make serve (click in the menu → last script_finished; "
                          f"target ≤ {TARGET_SWITCH_S:.0f} s)")  # fmt: skip
                    for spec in [*PAGES[1:], PAGES[0]]:
                        link = nav_link(page, spec.slug)
                        started = time.perf_counter()
                        link.click()
                        seconds = watcher.settle(started)  # the quiet wait after the last run is not counted
                        verdict = "ok" if seconds <= TARGET_SWITCH_S else "OVER TARGET"
                        print(f"    {spec.slug:10s} {seconds:6.2f} s  {verdict}")
                returning.close()  # no tab of this server keeps reconnecting while the next one is timed
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", nargs="+", default=["oblast", "national"], choices=["oblast", "national"])
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--browser-only", action="store_true", help="only the Chromium timings")
    args = parser.parse_args()
    for scale in [] if args.browser_only else args.scales:
        directory, _ = ensure_demo(scale, dates=3 if scale == "oblast" else 1)
        time_pages(directory.parent, scale)
    if not args.no_browser:
        directory, _ = ensure_demo("oblast", dates=3)
        time_browser(directory.parent)


if __name__ == "__main__":
    main()
