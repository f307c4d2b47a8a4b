"""The navigation of a run: every registered page, those the role may not open hidden.

All pages are registered so that a direct URL resolves to the page asked for (app.py then runs it or
refuses it) instead of Streamlit silently falling back to the default page. Before sign-in the menu is
hidden as well, and the requested URL survives the sign-in.
"""

from __future__ import annotations

import logging

import streamlit as st

from dashboard.auth.users import User
from dashboard.config import PROJECT_ROOT
from dashboard.i18n import t
from dashboard.navigation import DEFAULT_PAGE, PAGES
from dashboard.ui.access import page_allowed

log = logging.getLogger(__name__)
_missing_logged: set[str] = set()


def register_pages(user: User | None, lang: str, *, signed_in: bool) -> tuple[st.Page, str]:
    """Call `st.navigation` for `user` (None with login off); return the requested page and its slug."""
    sections: dict[str, list[st.Page]] = {}
    slug_of: dict[int, str] = {}
    for spec in PAGES:
        if not (PROJECT_ROOT / spec.file).exists():
            if spec.file not in _missing_logged:
                _missing_logged.add(spec.file)
                log.warning("page file %s is missing: not registered", spec.file)
            continue
        allowed = signed_in and page_allowed(user, spec.slug)
        page = st.Page(
            spec.file,
            title=t(spec.title_key, lang),
            icon=spec.icon,
            url_path=spec.slug,
            default=spec.slug == DEFAULT_PAGE,
            visibility="visible" if allowed else "hidden",
        )
        # Hidden pages go to the first section, so that a section the role cannot use shows no header.
        section = spec.section if allowed else PAGES[0].section
        sections.setdefault(t(section, lang), []).append(page)
        slug_of[id(page)] = spec.slug
    current = st.navigation(sections, position="sidebar" if signed_in else "hidden", expanded=True)
    return current, slug_of.get(id(current), DEFAULT_PAGE)
