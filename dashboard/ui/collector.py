"""Python's garbage collector in a serving process: the objects every run keeps alive (modules, plotly's
validators, Streamlit's machinery) set aside once, so that collections stop walking them again and again.

A Streamlit process holds some 200 000 container objects once it has drawn a page; a full collection walks
all of them (≈ 0.14 s of CPU on the 2-core server). Streamlit ran one after every script run
(`runner.postScriptGC`, switched off in .streamlit/config.toml) and Python's own collector still runs one
now and then: under load that was the largest single cost of a render (issue 14,
benchmarks/bench_load.py --profile). `gc.freeze()` after the first page a process draws moves everything
alive then into the permanent generation, which collections skip: later full collections walk only what
was created since (cached results, sessions). Cyclic garbage is collected first, so nothing is kept that
was already unreachable; objects that become garbage later are freed as usual, by reference counting or
by a collection, unless they were frozen — a one-time, bounded set (what one page run made permanent).
"""

from __future__ import annotations

import gc
import threading

_lock = threading.Lock()
_frozen = False


def freeze_after_first_page() -> bool:
    """Collect, then freeze what is alive, the first time a page has been drawn in this process (the
    modules and lazily built objects a page needs exist by then); later calls do nothing. True when this
    call froze."""
    global _frozen
    with _lock:
        if _frozen:
            return False
        _frozen = True
    gc.collect()
    gc.freeze()
    return True


def frozen() -> bool:
    """Whether this process has frozen its long-lived objects (tests, benchmarks)."""
    return _frozen
