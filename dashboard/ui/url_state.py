"""Widget state mirrored in the URL, so that a link reopens the same view (STYLE.md §8).

On a session's first run a widget's value comes from the URL (if valid); after every run the URL is
rewritten from the widgets. Only Latin ids go into URLs (KATOTTG codes, ISO dates, slugs).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st


def seed_from_url(key: str, param: str, options: Sequence[Any], default: Any) -> None:
    """Give widget `key` its initial value: the URL's `param` when it is a valid option, else `default`."""
    if key in st.session_state and st.session_state[key] in options:
        return
    raw = st.query_params.get(param)
    st.session_state[key] = raw if raw in options else default


def mirror_to_url(values: dict[str, Any]) -> None:
    """Write the shareable filters into the URL; empty values are removed."""
    for param, value in values.items():
        if value in (None, ""):
            if param in st.query_params:
                del st.query_params[param]
        elif st.query_params.get(param) != str(value):
            st.query_params[param] = str(value)
