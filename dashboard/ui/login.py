"""The sign-in form shown before anything else when login is on (DASHBOARD_AUTH, the default), the single
sign-on buttons (when `.streamlit/secrets.toml` configures a provider), and the invisible image that hands
the browser its session cookie after a sign-in or sign-out (dashboard/web/routes.py)."""

from __future__ import annotations

import html
import math

import streamlit as st

from dashboard.auth import session
from dashboard.auth.users import load_users
from dashboard.i18n import LANGS, t
from dashboard.ui.document import document_language

USER_KEY, PASSWORD_KEY = "login_user", "login_password"
ERROR_KEY = "_login_error"


def _submit() -> None:
    """Form callback: check the attempt, forget the typed password, open the session on success."""
    lang = _lang()
    login = st.session_state.get(USER_KEY, "")
    password = st.session_state.get(PASSWORD_KEY, "")
    st.session_state[PASSWORD_KEY] = ""
    if not login.strip() or not password:
        st.session_state[ERROR_KEY] = t("pg.auth.login.empty", lang)
        return
    result = session.authenticate(login, password, session.client_address())
    if result.status == "ok" and result.user is not None:
        session.start(result.user)
    elif result.status == "locked":
        minutes = max(1, math.ceil(result.retry_after_s / 60))
        st.session_state[ERROR_KEY] = t("pg.auth.login.locked", lang, minutes=str(minutes))
    else:
        st.session_state[ERROR_KEY] = t("auth.failed", lang)


def _lang() -> str:
    value = st.session_state.get("lang") or st.query_params.get("lang")
    return value if value in LANGS else "uk"


def render_login() -> None:
    """Draw the form; the app stops after it (nothing else is drawn before sign-in)."""
    lang = _lang()
    document_language(lang)
    _, middle, _ = st.columns([1, 2, 1])
    with middle:
        st.title(t("app.title", lang))
        st.subheader(t("page.login.title", lang))
        st.caption(t("page.login.description", lang))
        notice = st.session_state.pop(session.NOTICE_KEY, None)
        if notice:
            st.info(t(f"pg.auth.login.{notice}", lang), icon=":material/info:")
        unknown = st.session_state.get(session.UNKNOWN_KEY)
        if unknown:
            # The identity comes from the provider: shown literally (a code span: no Markdown, no link).
            message = t("pg.auth.login.unknown_identity", lang, identity=as_code(unknown))
            st.error(message, icon=":material/person_off:")
            if st.button(t("pg.auth.login.sso_other", lang), key="sso_other"):
                st.session_state.pop(session.UNKNOWN_KEY, None)
                st.logout()
        with st.form("login_form", border=True):
            st.text_input(t("auth.username", lang), key=USER_KEY, autocomplete="username")
            st.text_input(
                t("auth.password", lang), key=PASSWORD_KEY, type="password", autocomplete="current-password"
            )
            st.form_submit_button(t("auth.submit", lang), type="primary", on_click=_submit)
        error = st.session_state.pop(ERROR_KEY, None)
        if error:
            st.error(error, icon=":material/error:")
        _sso_buttons(lang)
        if not load_users():
            st.warning(t("pg.auth.login.no_users", lang))
        other = "en" if lang == "uk" else "uk"
        if st.button(t(f"lang.{other}", lang), key="login_lang", type="tertiary"):
            st.query_params["lang"] = other
            st.session_state["lang"] = other
            st.rerun()


def as_code(text: str) -> str:
    """`text` as a Markdown code span: shown literally (a backtick cannot end it early), at most 254 chars."""
    return "`" + text.replace("`", "'")[:254] + "`"


def _sso_buttons(lang: str) -> None:
    """One button per configured identity provider (dashboard/auth/oidc.py)."""
    providers = session.sso_providers()
    for name in providers:
        label = t("auth.sso", lang) if len(providers) == 1 else t("auth.sso_named", lang, provider=name)
        if st.button(label, key=f"sso_{name}", icon=":material/key:", width="stretch"):
            st.session_state.pop(session.UNKNOWN_KEY, None)
            if not session.begin_sso(name):
                st.error(t("pg.auth.login.no_cookies", lang))


def render_cookie_ticket() -> None:
    """Load the pending ticket URL, if any, as an invisible image: the route it names sets or clears the
    browser's session cookie (same-origin request, so the SameSite=Strict cookies go with it)."""
    url = session.pop_cookie_ticket()
    if url:
        st.html(
            f'<img src="{html.escape(url, quote=True)}" alt="" width="1" height="1" '
            'style="position:absolute;width:1px;height:1px;opacity:0;pointer-events:none">'
        )
