"""A multiselect's list of Latin ids mirrored in the URL as one comma-separated parameter.

The companion of dashboard/ui/url_state.py (which mirrors single values, and says when the URL wins over
the session): the widget's list comes from the URL (its valid ids, in URL order) on a session's first run
and whenever the URL is not the app's own (Back/forward, a link), else from the session; without the
parameter it is `default`. After the widget, `mirror_list_to_url` writes the list back, leaving the
parameter out while the list is the default (a link then shows the same default); an empty list where the
default is not empty is written as `none`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import streamlit as st

from dashboard.ui.url_state import mirror_to_url, url_changed

EMPTY = "none"  # the parameter's value for "nothing chosen" (not a KATOTTG code or any other id)


def seed_list_from_url(key: str, param: str, options: Sequence[str], default: Iterable[str] = ()) -> None:
    """Give multiselect `key` its list: the session's while the URL is the app's own, else the URL's valid
    ids, else `default` (valid ones only)."""
    valid = set(options)
    if key in st.session_state and not url_changed():
        # Keep the user's choice; drop ids no longer offered (another snapshot) so the widget cannot fail.
        st.session_state[key] = [v for v in st.session_state[key] if v in valid]
        return
    raw = str(st.query_params.get(param, ""))
    if raw == EMPTY:
        st.session_state[key] = []
        return
    from_url = [v for v in raw.split(",") if v in valid]
    st.session_state[key] = list(dict.fromkeys(from_url)) or [v for v in default if v in valid]


def mirror_list_to_url(param: str, values: Iterable[str], default: Iterable[str] = ()) -> None:
    """Write the list into the URL as "id1,id2" (left out while it is `default`; `none` when empty)."""
    chosen, default = list(values), list(default)
    if chosen == default:
        mirror_to_url({param: None})
    else:
        mirror_to_url({param: ",".join(chosen) or EMPTY})
