"""Entry point of the Streamlit app: page config, access, navigation, shared sidebar, then the page."""

from __future__ import annotations

import logging

import streamlit as st

from dashboard.i18n import t
from dashboard.navigation import DEFAULT_PAGE, PAGES, pages_for_role
from dashboard.ui.context import set_context
from dashboard.ui.data import available_snapshots
from dashboard.ui.layout import error_boundary
from dashboard.ui.sidebar import render_sidebar

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
st.set_page_config(page_title="ПОГ · Кіровоградщина", page_icon=":material/local_police:", layout="wide")

lang_hint = st.session_state.get("lang", st.query_params.get("lang", "uk"))
snapshots = available_snapshots()
if not snapshots:
    st.title(t("app.title", lang_hint))
    st.info(t("notice.no_snapshots", lang_hint))
    st.stop()

user, role = None, None
visible = pages_for_role(role)
pages = [
    st.Page(
        spec.file,
        title=t(spec.title_key, lang_hint),
        icon=spec.icon,
        url_path=spec.slug,
        default=spec.slug == DEFAULT_PAGE,
    )
    for spec in PAGES
    if spec in visible
]
current = st.navigation(pages, position="sidebar")
ctx = render_sidebar(snapshots, user=user)
set_context(ctx)
with error_boundary(ctx.lang):
    current.run()
