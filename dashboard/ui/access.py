"""Access on the server: the page guard, the refusal, the account box, audited downloads and events.

app.py checks the requested page against the signed-in role before running it; admin-only pages also call
`require_role("admin")` first (defence in depth). Pages never look at roles themselves for data: the
`ctx.policy` is applied by `PageContext.query` to every query result.

For pages:
    ctx.partner        True in the partner (external) view
    ctx.show_personal  whether officer names / contacts of the selected hromada may be shown
    audited_download(ctx, label, data, file_name, mime=..., what="crime_table")  # a download, logged
    record_event(ctx, "upload", file=name, rows=n)                             # any audit event
"""

from __future__ import annotations

import dataclasses
from typing import Any

import streamlit as st

from dashboard.auth import audit, session
from dashboard.auth.policy import DataPolicy, may_open
from dashboard.auth.users import User
from dashboard.config import auth_mode
from dashboard.i18n import label
from dashboard.navigation import DEFAULT_PAGE
from dashboard.ui.context import PageContext, get_context


def with_access(ctx: PageContext, user: User | None, slug: str) -> PageContext:
    """The context with the user, their data policy and the page being drawn."""
    return dataclasses.replace(ctx, user=user, policy=DataPolicy.for_user(user), slug=slug)


def _actor(ctx: PageContext | None) -> tuple[str | None, str | None]:
    user = ctx.user if ctx is not None else None
    return (user.login, user.role) if user is not None else (None, None)


def record_event(ctx: PageContext | None, event: str, **detail: Any) -> None:
    """Log `event` (audit.EVENTS) for the signed-in user of `ctx`, with short plain details."""
    login, role = _actor(ctx)
    audit.record(event, login=login, role=role, client=session.client_address(), detail=detail)


def refuse(ctx: PageContext, slug: str) -> None:
    """The clear refusal shown instead of a page the role may not open (and logged)."""
    role = ctx.policy.role
    record_event(ctx, "access_denied", page=slug)
    st.title(ctx.t("pg.auth.denied.title"))
    st.error(
        ctx.t(
            "pg.auth.denied.detail",
            page=ctx.t(f"page.{slug}.title"),
            role=label("pg.auth.role", role, ctx.lang) if role else "—",
        ),
        icon=":material/block:",
    )
    st.page_link(
        f"dashboard/pages/{DEFAULT_PAGE}.py", label=ctx.t("pg.auth.denied.back"), icon=":material/home:"
    )


def require_role(*roles: str) -> PageContext:
    """Stop the page with a refusal unless the signed-in role is one of `roles` (login off: allowed)."""
    ctx = get_context()
    if auth_mode() == "off":
        return ctx
    user = session.current_user()
    if user is None or user.role not in roles:
        refuse(ctx, ctx.slug)
        st.stop()
    return ctx


def page_allowed(user: User | None, slug: str) -> bool:
    return may_open(user.role if user else None, slug)


def account_box(ctx: PageContext) -> None:
    """Sidebar: who is signed in, their role (and hromada), the sign-out button."""
    user = ctx.user
    if user is None:
        return
    box = st.sidebar.container(border=True)
    box.markdown(f"**{ctx.t('auth.signed_in_as', name=user.login)}**")
    lines = [ctx.t("pg.auth.account.role", role=label("pg.auth.role", user.role, ctx.lang))]
    if user.hromada:
        lines.append(ctx.t("pg.auth.account.hromada", hromada=ctx.hromada_name(user.hromada)))
    box.caption("  \n".join(lines))
    if user.demo:
        box.caption(ctx.t("pg.auth.login.demo_account"))
    box.button(ctx.t("auth.logout"), key="auth_logout", icon=":material/logout:", on_click=session.logout)


def head_notice(ctx: PageContext) -> None:
    """A head looking at another hromada (or all of them): say that personal data are hidden."""
    if ctx.policy.role == "head" and not ctx.show_personal:
        st.caption(ctx.t("pg.auth.notice.head_other"))


def audited_download(
    ctx: PageContext, label_text: str, data: Any, file_name: str, *, what: str, **kwargs: Any
):
    """`st.download_button` whose click is written to the audit log as an `export` event."""
    return st.download_button(
        label_text,
        data,
        file_name=file_name,
        on_click=record_event,
        args=(ctx, "export"),
        kwargs={
            "what": what,
            "file": file_name,
            "hromada": ctx.hromada,
            "partner": ctx.partner,
        },
        **kwargs,
    )
