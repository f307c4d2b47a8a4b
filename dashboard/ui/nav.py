"""The navigation of a run: every registered page, and the app's own sidebar menu of the role's pages.

All pages are registered so that a direct URL resolves to the page asked for (app.py then runs it or
refuses it) instead of Streamlit silently falling back to the default page; those the role may not open
are registered hidden. Before sign-in no menu is drawn, and the requested URL survives the sign-in.

The menu is the app's own (`st.page_link`s in the registry's order and sections), not Streamlit's: with
sections, Streamlit 1.67's sidebar navigation renders `<li>` outside any list and `<div>` directly inside
`<ul>`, which screen readers announce wrongly (axe-core `listitem` / `list`, WCAG 1.3.1). `st.page_link`
draws plain links; Streamlit highlights the link of the current page itself, and the document-language
script (dashboard/ui/document.py) marks it with `aria-current="page"` for screen readers.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard.auth.users import User
from dashboard.config import PROJECT_ROOT
from dashboard.i18n import t
from dashboard.navigation import DEFAULT_PAGE, PAGES, PageSpec
from dashboard.ui.access import page_allowed

log = logging.getLogger(__name__)
_missing_logged: set[str] = set()

MENU_KEY = "app_menu"  # the menu's container: CSS class `st-key-app_menu` (tests find the links there)


def _existing(spec: PageSpec) -> bool:
    if (PROJECT_ROOT / spec.file).exists():
        return True
    if spec.file not in _missing_logged:
        _missing_logged.add(spec.file)
        log.warning("page file %s is missing: not registered", spec.file)
    return False


@dataclass
class Menu:
    """The sidebar menu's place (made at the top of the sidebar before the filters) and its pages; drawn
    once the run knows the filters its links carry (dashboard/ui/url_state.py: one history entry per page)."""

    box: Any
    sections: dict[str, list[st.Page]]

    def draw(self, query_params: dict[str, str]) -> None:
        """Per section its title, then one link per page (a section the role cannot use has no pages here,
        so it shows no title); every link carries `query_params`."""
        for section, pages in self.sections.items():
            self.box.caption(section)
            for page in pages:
                self.box.page_link(page, query_params=query_params)


def _serve_default_slug_as_root() -> None:
    """Let `/overview` open the overview. Streamlit serves the default page only at `/`, so its own slug,
    which people type and share like `/map`, would run it behind Streamlit's English "Page not found"
    dialog. The requested name is read from the run's page intent before `st.navigation` resolves it; a
    run asked for by page hash (a click in the menu) is left alone."""
    ctx = get_script_run_ctx()
    manager = getattr(ctx, "pages_manager", None)
    if manager is None or manager.intended_page_script_hash:
        return
    if manager.intended_page_name == DEFAULT_PAGE:
        manager.set_script_intent("", "")  # the empty name: Streamlit's root, the default page


def register_pages(user: User | None, lang: str, *, signed_in: bool) -> tuple[st.Page, str, Menu]:
    """Call `st.navigation` for `user` (None with login off), make the place of the role's menu in the
    sidebar (when signed in), and return the requested page, its slug and the menu to draw."""
    pages: list[st.Page] = []
    menu: dict[str, list[st.Page]] = {}  # section title -> the role's pages, in the registry's order
    slug_of: dict[int, str] = {}
    for spec in filter(_existing, PAGES):
        allowed = signed_in and page_allowed(user, spec.slug)
        page = st.Page(
            spec.file,
            title=t(spec.title_key, lang),
            icon=spec.icon,
            url_path=spec.slug,
            default=spec.slug == DEFAULT_PAGE,
            visibility="visible" if allowed else "hidden",
        )
        pages.append(page)
        slug_of[id(page)] = spec.slug
        if allowed:
            menu.setdefault(t(spec.section, lang), []).append(page)
    _serve_default_slug_as_root()
    current = st.navigation(pages, position="hidden")
    box = None
    if menu:
        box = st.sidebar.container(key=MENU_KEY, gap="small")
        st.sidebar.divider()
    return current, slug_of.get(id(current), DEFAULT_PAGE), Menu(box, menu)
