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
from dashboard.config import FAVICON, auth_mode
from dashboard.i18n import t
from dashboard.ui import url_state
from dashboard.ui.access import account_box, head_notice, page_allowed, refuse, with_access
from dashboard.ui.collector import freeze_after_first_page
from dashboard.ui.context import set_context
from dashboard.ui.data import visible_snapshots
from dashboard.ui.faults import fault_banner
from dashboard.ui.first_run import first_run
from dashboard.ui.layout import error_boundary
from dashboard.ui.login import render_cookie_ticket, render_login
from dashboard.ui.nav import register_pages
from dashboard.ui.publication import skipped_files_notice
from dashboard.ui.sidebar import default_lang, render_sidebar, run_lang
from dashboard.ui.styles import app_styles

logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
st.set_page_config(page_title="ПОГ · Кіровоградщина", page_icon=str(FAVICON), layout="wide")


user = None
lang_hint = st.session_state.get("lang", st.query_params.get("lang", "uk"))
if auth_mode() != "off":
    user = session.current_user() or session.sso_sign_in()
    render_cookie_ticket()
    if user is None:
        register_pages(None, lang_hint, signed_in=False)  # no menu before sign-in
        render_login()
        st.stop()

snapshots, published = visible_snapshots(user)
# The URL is written once, at the end of the run (dashboard/ui/url_state.py): one history entry per view.
with url_state.batched():
    current, slug, menu = register_pages(user, run_lang(user), signed_in=True)
    if not snapshots:
        # First run (or nothing published yet): an administrator still gets the upload page and the other
        # admin pages, with a context without data; everyone else a plain "no data published yet".
        menu.draw(url_state.shared_params())
        first_run(current, slug, user, run_lang(user))
        st.stop()
    ctx = render_sidebar(snapshots, default_lang=default_lang(user), user=user, published=published)
    app_styles()  # text that fits, phones (dashboard/ui/styles.py)
    menu.draw(url_state.shared_params())  # the links carry the filters as this run leaves them
    ctx = with_access(ctx, user, slug)
    set_context(ctx)
    account_box(ctx)
    skipped_files_notice(ctx)  # administrators: files of the snapshots folder that are skipped
    fault_banner(ctx)  # audit log or sign-in store failing: administrators see it on every page
    if auth_mode() == "off":
        st.sidebar.warning(t("notice.auth_off", ctx.lang), icon=":material/lock_open:")
    with error_boundary(ctx.lang):
        if not page_allowed(user, slug):
            refuse(ctx, slug)
            st.stop()
        head_notice(ctx)
        try:
            current.run()
        finally:  # also after st.stop(): CPU per render (issue 14, dashboard/ui/collector.py)
            freeze_after_first_page()
