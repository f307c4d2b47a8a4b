"""Users (administrator only): list, add, remove, reset a password. Hashes are never shown."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.auth.users import ROLES, UserError, add_user, load_users, remove_user, set_password
from dashboard.i18n import label
from dashboard.ui.access import record_event, require_role
from dashboard.ui.layout import page_header
from dashboard.ui.tables import data_table

ctx = require_role("admin")
page_header(ctx, "users")
table_slot = st.container()
me = ctx.user.login if ctx.user else None
users = load_users()
names = dict(zip(ctx.hromadas["katottg"], ctx.hromadas[ctx.name_column()], strict=True))


def _done(message: str) -> None:
    st.success(message, icon=":material/check_circle:")


def _failed(exc: Exception) -> None:
    st.error(ctx.t("pg.auth.users.failed", message=str(exc)), icon=":material/error:")


add_tab, passwd_tab, remove_tab = st.tabs(
    [ctx.t("users.add"), ctx.t("pg.auth.users.passwd"), ctx.t("pg.auth.users.remove")]
)

with add_tab, st.form("user_add", clear_on_submit=True):
    login = st.text_input(ctx.t("pg.auth.users.login"))
    role = st.selectbox(
        ctx.t("pg.auth.users.role"),
        ROLES,
        format_func=lambda r: label("pg.auth.role", r, ctx.lang),
        placeholder=ctx.t("common.choose_one"),
    )
    hromada = st.selectbox(
        ctx.t("pg.auth.users.hromada"),
        ["", *sorted(names, key=lambda code: names[code])],
        format_func=lambda code: names.get(code, "—"),
        placeholder=ctx.t("common.choose_one"),
    )
    password = st.text_input(ctx.t("pg.auth.users.password"), type="password", autocomplete="new-password")
    repeat = st.text_input(
        ctx.t("pg.auth.users.password_repeat"), type="password", autocomplete="new-password"
    )
    if st.form_submit_button(ctx.t("pg.auth.users.add_submit"), type="primary"):
        try:
            if password != repeat:
                raise UserError(ctx.t("pg.auth.users.mismatch"))
            user = add_user(login, role, password, hromada if role == "head" else None)
        except UserError as exc:
            _failed(exc)
        else:
            record_event(ctx, "user_added", user=user.login, role=user.role, hromada=user.hromada)
            users = load_users()
            _done(ctx.t("pg.auth.users.added", login=user.login))

with passwd_tab, st.form("user_passwd", clear_on_submit=True):
    who = st.selectbox(ctx.t("pg.auth.users.who"), sorted(users), placeholder=ctx.t("common.choose_one"))
    password = st.text_input(ctx.t("pg.auth.users.password"), type="password", autocomplete="new-password")
    repeat = st.text_input(
        ctx.t("pg.auth.users.password_repeat"), type="password", autocomplete="new-password"
    )
    if st.form_submit_button(ctx.t("pg.auth.users.passwd_submit"), type="primary") and who:
        try:
            if password != repeat:
                raise UserError(ctx.t("pg.auth.users.mismatch"))
            set_password(who, password)
        except UserError as exc:
            _failed(exc)
        else:
            record_event(ctx, "user_passwd", user=who)
            users = load_users()
            _done(ctx.t("pg.auth.users.passwd_done", login=who))

with remove_tab, st.form("user_remove", clear_on_submit=True):
    who = st.selectbox(ctx.t("pg.auth.users.who"), sorted(users), placeholder=ctx.t("common.choose_one"))
    confirm = st.checkbox(ctx.t("pg.auth.users.remove_confirm"))
    if st.form_submit_button(ctx.t("common.delete")) and who and confirm:
        try:
            if who == me:
                raise UserError(ctx.t("pg.auth.users.not_self"))
            removed = remove_user(who)
        except UserError as exc:
            _failed(exc)
        else:
            record_event(ctx, "user_removed", user=removed.login, role=removed.role)
            users = load_users()
            _done(ctx.t("pg.auth.users.removed", login=removed.login))

with table_slot:
    if not users:
        st.info(ctx.t("pg.auth.users.none"), icon=":material/info:")
    else:
        rows = [
            {
                ctx.t("pg.auth.users.login"): u.login,
                ctx.t("pg.auth.users.role"): label("pg.auth.role", u.role, ctx.lang),
                ctx.t("pg.auth.users.hromada"): names.get(u.hromada, u.hromada) if u.hromada else "—",
                ctx.t("pg.auth.users.created"): u.created_at[:10],
                ctx.t("pg.auth.users.demo"): ctx.t("common.yes") if u.demo else "",
            }
            for u in users.values()
        ]
        data_table(pd.DataFrame(rows), name="users")
    st.caption(ctx.t("pg.auth.users.hashes_note"))
