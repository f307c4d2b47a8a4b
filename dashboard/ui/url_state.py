"""Widget state mirrored in the URL, so that a link reopens the same view (STYLE.md §8), and Back and
forward move between the views the user saw, one history entry per view.

Only Latin ids go into URLs (KATOTTG codes, ISO dates, slugs). The rules:
- Which wins, the URL or the session? On a session's first run a widget's value comes from the URL (if
  valid). Later, the session's value wins while the URL is the one the app last wrote; when the URL is
  another one — Back or forward, a menu link, a link opened in the same tab — the URL wins, so that Back
  returns to the filters of the previous view and not only to its page.
- Streamlit's browser side pushes a history entry for every change of `st.query_params` (it replaces
  the entry only while it replays Back/forward). So during a run (`batched()`, around everything app.py
  draws) the values to mirror are collected and written once at its end, and only when they differ from
  the URL: one entry per view, none for a run that changed nothing.
- The menu's links carry the shared filters (`shared_params`), so that opening another page does not need
  a second entry to put them back; a page's own parameters (a compare selection, a map indicator) are left
  out of the URL while they hold their default.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import StopException

WRITTEN_KEY = "_url_written"  # the query parameters the app last wrote (or found current), as a dict
PENDING_KEY = "_url_pending"  # this run's parameters to write at its end (only while `batched()`)
# The sidebar's filters: every page shares them, and the menu's links carry them.
SHARED_PARAMS = ("lang", "snapshot", "period", "raion", "hromada")


def _current() -> dict[str, str]:
    return {k: str(v) for k, v in st.query_params.to_dict().items()}


def url_changed() -> bool:
    """Whether this run's URL is not the one the app wrote last (Back/forward, a link): it then wins over
    the session's widget values. False on a session's first run (nothing written yet)."""
    written = st.session_state.get(WRITTEN_KEY)
    return written is not None and written != _current()


def seed_from_url(key: str, param: str, options: Sequence[Any], default: Any) -> str | None:
    """Give widget `key` its value for this run: the session's while the URL is the app's own, else the
    URL's `param` when it is a valid option, else `default`. Returns the URL's value when it was read and
    refused (not an option), so that the caller can say so instead of falling back silently."""
    if key in st.session_state and st.session_state[key] in options and not url_changed():
        return None
    raw = st.query_params.get(param)
    st.session_state[key] = raw if raw in options else default
    return raw if raw not in (None, "") and raw not in options else None


def _final(values: dict[str, Any]) -> dict[str, str]:
    """The URL's parameters with `values` applied (an empty value removes its parameter)."""
    final = _current()
    for param, value in values.items():
        if value in (None, ""):
            final.pop(param, None)
        else:
            final[param] = str(value)
    return final


def mirror_to_url(values: dict[str, Any]) -> None:
    """Write the shareable filters into the URL (inside `batched()`: at the end of the run); empty values
    are removed."""
    pending = st.session_state.get(PENDING_KEY)
    if pending is not None:
        pending.update(values)
        return
    final = _final(values)
    if final != _current():
        st.query_params.from_dict(final)  # one message, so at most one history entry


def shared_params() -> dict[str, str]:
    """The shared filters as this run leaves them (for links to other pages): only those set."""
    final = _final(st.session_state.get(PENDING_KEY) or {})
    return {k: final[k] for k in SHARED_PARAMS if k in final}


def _flush(values: dict[str, Any]) -> None:
    final = _final(values)
    if final != _current():
        st.query_params.from_dict(final)
    st.session_state[WRITTEN_KEY] = final


@contextmanager
def batched() -> Iterator[None]:
    """Collect the run's `mirror_to_url` calls and write the URL once when the run ends (also when it
    ends by `st.stop()`; not when it is cut short by a rerun or a page switch, whose run writes it)."""
    st.session_state[PENDING_KEY] = {}
    try:
        yield
    except StopException:
        _flush(st.session_state.pop(PENDING_KEY, None) or {})
        raise
    except BaseException:
        st.session_state.pop(PENDING_KEY, None)
        raise
    else:
        _flush(st.session_state.pop(PENDING_KEY, None) or {})
