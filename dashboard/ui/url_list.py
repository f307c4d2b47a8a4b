"""A multiselect's list of Latin ids mirrored in the URL as one comma-separated parameter.

The companion of dashboard/ui/url_state.py (which mirrors single values): on a session's first run the
widget's list comes from the URL (its valid ids, in URL order), else from `default`; after the widget,
`mirror_list_to_url` writes the current list back (an empty list removes the parameter).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import streamlit as st

from dashboard.ui.url_state import mirror_to_url


def seed_list_from_url(key: str, param: str, options: Sequence[str], default: Iterable[str] = ()) -> None:
    """Give multiselect `key` its initial list: the URL's valid ids, else `default` (valid ones only)."""
    valid = set(options)
    if key in st.session_state:
        # Keep the user's choice; drop ids no longer offered (another snapshot) so the widget cannot fail.
        st.session_state[key] = [v for v in st.session_state[key] if v in valid]
        return
    from_url = [v for v in str(st.query_params.get(param, "")).split(",") if v in valid]
    st.session_state[key] = list(dict.fromkeys(from_url)) or [v for v in default if v in valid]


def mirror_list_to_url(param: str, values: Iterable[str]) -> None:
    """Write the list into the URL as "id1,id2"; an empty list removes the parameter."""
    mirror_to_url({param: ",".join(values) or None})
