"""What the app shows while no snapshot is visible to the person signed in.

An administrator (or anyone with login off) still reaches the administrators' pages: the upload page,
which the message points to, the users and the audit log. Those pages get a page context without a
snapshot (`PageContext.snapshot_or_none` is None; the hromada list comes from the reference data). Every
other page, and every other role, gets a plain "no data published yet" instead.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import reference
from dashboard.auth import session
from dashboard.auth.users import User
from dashboard.i18n import t
from dashboard.navigation import ADMIN_ONLY, page_by_slug
from dashboard.periods import make_period
from dashboard.ui.access import account_box, page_allowed, refuse, with_access
from dashboard.ui.context import PageContext, set_context
from dashboard.ui.data import sees_drafts
from dashboard.ui.faults import fault_banner
from dashboard.ui.layout import error_boundary
from dashboard.ui.sidebar import language_control

UPLOAD_PAGE = "dashboard/pages/upload.py"


def first_run(current: st.Page, slug: str, user: User | None, lang_hint: str) -> None:
    """Draw the requested page if it needs no data and the person may open it, else the notice."""
    lang = language_control(lang_hint if user is None or user.role != "partner" else "en")
    if not sees_drafts(user):
        st.title(t("app.title", lang))
        st.info(t("notice.no_published", lang), icon=":material/hourglass_empty:")
        if user is not None:
            st.sidebar.button(t("auth.logout", lang), key="auth_logout", icon=":material/logout:",
                              on_click=session.logout)  # fmt: skip
        return
    ctx = PageContext(lang, None, make_period("12m", dt.date.today()), None, None, reference.hromadas())
    ctx = with_access(ctx, user, slug)
    set_context(ctx)
    account_box(ctx)
    fault_banner(ctx)  # audit log or sign-in store failing: shown to administrators here too
    spec = page_by_slug(slug)
    with error_boundary(lang):
        if spec is not None and spec.roles == ADMIN_ONLY:  # pages that need no snapshot
            if not page_allowed(user, slug):
                refuse(ctx, slug)
                return
            current.run()
            return
        st.title(t("app.title", lang))
        st.info(t("notice.no_snapshots", lang), icon=":material/upload_file:")
        st.page_link(UPLOAD_PAGE, label=t("page.upload.title", lang), icon=":material/upload_file:")
