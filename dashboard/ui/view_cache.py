"""What a pure view computes, shared by every session that asks for the same thing (`ctx.view`).

A page builds figures, KPI cards and tables from query results with pure functions (dashboard/views,
dashboard/charts). Drawing the same view again — another session of the same audience, the same filters,
a page switch back — recomputes them: under load that was most of a render's CPU time (issue 14). Here a
view's result is kept, keyed by what determines it:

- every DataFrame argument by the query it came from: `PageContext.query_on` registers each result it
  hands out with its key (snapshot id, data policy, query wrapper, parameters); the policy (role, own
  hromada, partner view) is part of it, so a cached result was computed from data already restricted for
  that audience and is only ever given to the same audience;
- every other argument by value (language, names, flags), when it is hashable and immutable.

A DataFrame that a cached view returns is registered too, under the key of that view call (its function
and its arguments' keys): so a page can chain views — cut a query result to the scope with one view, rank
the cut with the next, style the ranking with a third — and every step is shared (the compare page does).
The chain stays keyed by the queries and the data policy at its start.

A frame that did not come from `ctx.query` or a cached view as is (built or changed by the page) has no
key: the view is then simply computed, never cached. A registered frame is recognised by identity (the
object handed out), never by content, so a frame derived from it does not inherit its key.

Results are shared between sessions and threads: never mutate one (Stylers are copied before drawing,
dashboard/ui/tables.py; plotly figures are only read by `st.plotly_chart`). Bounded (LRU, MAX_ENTRIES per
process); a new snapshot has new keys and the old entries age out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import pandas as pd

MAX_ENTRIES = 512
T = TypeVar("T")

# Reentrant: dropping a cached frame (an LRU eviction, clear()) runs its weakref callback `forget` at once,
# in the thread that holds the lock.
_lock = threading.RLock()
_frames: dict[int, tuple[weakref.ref[pd.DataFrame], Hashable]] = {}
_results: OrderedDict[Hashable, Any] = OrderedDict()
_stats = {"hits": 0, "misses": 0, "uncacheable": 0}


class _NoKey(Exception):
    """An argument that cannot be part of a key: the view is computed without the cache."""


def remember(frame: pd.DataFrame, key: Hashable) -> pd.DataFrame:
    """Register a query result handed to a page under the key of the query that produced it."""
    ident = id(frame)

    def forget(_: object, ident: int = ident) -> None:
        with _lock:
            entry = _frames.get(ident)
            if entry is not None and entry[0]() is None:
                del _frames[ident]

    with _lock:
        _frames[ident] = (weakref.ref(frame, forget), key)
    return frame


_PLAIN = (str, int, float, bool, type(None), dt.date, dt.datetime, dt.time)


def _key(value: Any) -> Hashable:
    if isinstance(value, _PLAIN):
        return (type(value).__name__, value)
    if isinstance(value, pd.DataFrame):
        with _lock:
            entry = _frames.get(id(value))
        if entry is None or entry[0]() is not value:
            raise _NoKey
        return ("frame", entry[1])
    if isinstance(value, tuple | list | frozenset):
        return (type(value).__name__, tuple(_key(v) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple((_key(k), _key(v)) for k, v in value.items()))
    if dataclasses.is_dataclass(value) and not isinstance(value, type) and value.__dataclass_params__.frozen:  # type: ignore[attr-defined]
        fields = dataclasses.fields(value)
        return (type(value).__qualname__, tuple(_key(getattr(value, f.name)) for f in fields))
    if isinstance(value, pd.Timestamp):
        return ("ts", value.value, str(value.tz))
    raise _NoKey


def cached_view(func: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """`func(*args, **kwargs)`, from the cache when the same view of the same inputs was computed before."""
    try:
        key = (f"{func.__module__}:{func.__qualname__}", _key(args), _key(sorted(kwargs.items())))
    except _NoKey:
        _stats["uncacheable"] += 1
        return func(*args, **kwargs)
    with _lock:
        if key in _results:
            _results.move_to_end(key)
            _stats["hits"] += 1
            return _results[key]
    result = func(*args, **kwargs)  # outside the lock: two sessions may compute it at once, both correct
    with _lock:
        _stats["misses"] += 1
        result = _results.setdefault(key, result)  # the first one stored wins: one object per key
        while len(_results) > MAX_ENTRIES:
            _results.popitem(last=False)
    if isinstance(result, pd.DataFrame) and not _registered(result):  # (a frame passed through keeps its key)
        remember(result, ("view", key))  # a view of keyed frames is keyed by that call: views chain
    return result


def _registered(frame: pd.DataFrame) -> bool:
    with _lock:
        entry = _frames.get(id(frame))
    return entry is not None and entry[0]() is frame


def stats() -> dict[str, int]:
    """Hits, misses and uncacheable calls of this process, and the entries held (tests, benchmarks)."""
    with _lock:
        return {**_stats, "entries": len(_results), "frames": len(_frames)}


def clear() -> None:
    with _lock:
        _results.clear()
        _frames.clear()
        for name in _stats:
            _stats[name] = 0
