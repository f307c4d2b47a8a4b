"""Warm a serving process up before its first visitor: serve.py calls `warm_up()` before the server answers.

A fresh process paid for everything on its first page: importing the modules the pages use (statsmodels
alone ≈ 0.6 s), verifying each snapshot's recorded checksum (dashboard/snapshots.py reads every file once)
and building plotly's validated base layout per language. The first visitor after `make run` or a process
restart waited ≈ 4.6 s for the overview against ≈ 1.3 s later (benchmarks/bench_pages.py). All of this is
the same work the first page would do, done earlier. Nothing here touches a session or any user's data.

It runs while serve.py is imported, before Streamlit's server answers anything (the socket is already open:
connections wait), so that "healthy" means "warm": `make serve` starts HAProxy only when every process answers its health check, and HAProxy sends
no browser to a restarted process before that either. (Run in a thread beside the server, as it first was,
the first visitor after a start still found it half done: 3.4–3.8 s to the first chart against 2.7–2.8 s.)
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import time

log = logging.getLogger(__name__)

# The packages whose modules the page scripts import (pages themselves are scripts run by Streamlit).
PACKAGES = ("dashboard.queries", "dashboard.views", "dashboard.charts", "dashboard.ui")


def warm_up() -> None:
    started = time.perf_counter()
    try:
        for package_name in PACKAGES:
            package = importlib.import_module(package_name)
            for module in pkgutil.iter_modules(package.__path__):
                importlib.import_module(f"{package_name}.{module.name}")
        importlib.import_module("statsmodels.stats.rates")  # the change test (indicators.change_p)

        from dashboard.charts.common import base_figure
        from dashboard.snapshots import scan_snapshots

        for lang in ("uk", "en"):
            base_figure(lang)
        scan_snapshots()  # verifies every snapshot's checksum once; the result is kept per file
    except Exception:  # a warm-up must never stop the server: the first page does the same work anyway
        log.exception("warm-up failed (the first page will do this work)")
        return
    log.info("warm-up done in %.1f s", time.perf_counter() - started)
