"""Entry point of the Streamlit app: page config, access, navigation, shared sidebar, then the page.

Access is decided here, on the server, for every run: without a session the sign-in form is all that is
drawn; the navigation lists every page but hides those the role may not open (so that a direct URL
resolves to the page instead of silently falling back), and a forbidden page gets a refusal instead of
being run. The data policy of the signed-in role rides in the page context (`ctx.query` applies it).
"""

from __future__ import annotations

import logging

import streamlit as st

from dashboard.auth import session
from dashboard.config import PROJECT_ROOT, auth_mode
from dashboard.i18n import t
from dashboard.navigation import DEFAULT_PAGE, PAGES
from dashboard.ui.access import account_box, head_notice, page_allowed, refuse, with_access
from dashboard.ui.context import set_context
from dashboard.ui.data import available_snapshots
from dashboard.ui.layout import error_boundary
from dashboard.ui.login import render_login
from dashboard.ui.sidebar import render_sidebar

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
st.set_page_config(page_title="ПОГ · Кіровоградщина", page_icon=":material/local_police:", layout="wide")

user = None
if auth_mode() != "off":
    user = session.current_user()
    if user is None:
        render_login()
        st.stop()

lang_hint = st.session_state.get("lang", st.query_params.get("lang", "uk"))
snapshots = available_snapshots()
if not snapshots:
    st.title(t("app.title", lang_hint))
    st.info(t("notice.no_snapshots", lang_hint))
    st.stop()

sections: dict[str, list[st.Page]] = {}
slug_of: dict[int, str] = {}
for spec in PAGES:
    if not (PROJECT_ROOT / spec.file).exists():
        logging.getLogger("dashboard").warning("page file %s is missing: not registered", spec.file)
        continue
    allowed = page_allowed(user, spec.slug)
    page = st.Page(
        spec.file,
        title=t(spec.title_key, lang_hint),
        icon=spec.icon,
        url_path=spec.slug,
        default=spec.slug == DEFAULT_PAGE,
        visibility="visible" if allowed else "hidden",
    )
    # Hidden pages go to the first section so that a section the role cannot use shows no header.
    section = spec.section if allowed else PAGES[0].section
    slug_of[id(page)] = spec.slug
    sections.setdefault(t(section, lang_hint), []).append(page)
current = st.navigation(sections, position="sidebar", expanded=True)
slug = slug_of.get(id(current), DEFAULT_PAGE)

ctx = render_sidebar(snapshots, default_lang="en" if user and user.role == "partner" else "uk", user=user)
ctx = with_access(ctx, user, slug)
set_context(ctx)
account_box(ctx)
if auth_mode() == "off":
    st.sidebar.warning(t("notice.auth_off", ctx.lang), icon=":material/lock_open:")
with error_boundary(ctx.lang):
    if not page_allowed(user, slug):
        refuse(ctx, slug)
        st.stop()
    head_notice(ctx)
    current.run()
