"""Page render benchmark: server-side time of every page (AppTest, cold and warm) at oblast and national
scale, and the overview's full load time in a real browser (Chromium) at oblast scale.

    .venv/bin/python benchmarks/bench_pages.py [--scales oblast national]

Targets: ≤ 0.3 s warm per page at oblast scale, ≤ 1 s at national scale.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import ROOT, ensure_demo

TARGET_WARM_S = {"oblast": 0.3, "national": 1.0}


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


def time_browser_overview(data_dir: Path) -> None:
    from playwright.sync_api import sync_playwright

    from tests.browser_server import CHROMIUM, CHROMIUM_ARGS, streamlit_server, wait_until_idle

    env = {"DASHBOARD_DATA_DIR": str(data_dir), "DASHBOARD_AUTH": "off"}
    with streamlit_server(env) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1800})
        loads = []
        for _ in range(3):
            started = time.perf_counter()
            page.goto(f"{base}/overview")
            page.wait_for_selector(".js-plotly-plot", timeout=60_000)
            wait_until_idle(page)
            loads.append(time.perf_counter() - started)
        browser.close()
    print(f"\noverview full load in Chromium (oblast): first {loads[0]:.2f} s, then {min(loads[1:]):.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", nargs="+", default=["oblast", "national"], choices=["oblast", "national"])
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    for scale in args.scales:
        directory, _ = ensure_demo(scale, dates=3 if scale == "oblast" else 1)
        time_pages(directory.parent, scale)
    if not args.no_browser:
        directory, _ = ensure_demo("oblast", dates=3)
        time_browser_overview(directory.parent)


if __name__ == "__main__":
    main()
