"""The two cookies of the sign-in and their attributes, in one place.

- `pog_session`: the opaque session id (dashboard/auth/sessions.py). HttpOnly (page scripts cannot read
  it), SameSite=Strict (no other site's page or link sends it), Secure over HTTPS, Path = the app's base
  path, Max-Age = what is left of the session's 12 hours.
- `pog_browser`: a random id of the browser, given to it by the middleware on its first page load, which
  one-time tickets are bound to (so that another browser, or another site, cannot use them). HttpOnly,
  Secure over HTTPS, no Max-Age (it ends with the browser), but SameSite=Lax: the identity provider sends
  the user back with a cross-site redirect, and a Strict cookie would be missing from that page load (the
  middleware would then hand out a new id and the sign-on started under the old one could not finish).
  Lax is safe here because the cookie proves nothing by itself: a cross-site page cannot read it, cannot
  get a ticket bound to it, and its requests other than top-level links do not carry it.
"""

from __future__ import annotations

from collections.abc import Mapping

from dashboard import config

OPEN_PATH, CLOSE_PATH = "_session/open", "_session/close"  # the routes (dashboard/web/routes.py)
SESSION_COOKIE = "pog_session"
BROWSER_COOKIE = "pog_browser"
# Streamlit's own identity cookie after `st.login` (and its chunks `_streamlit_user_1`, ...): cleared with
# ours at sign-out, so that a single sign-on identity does not outlive the dashboard session in this browser.
STREAMLIT_IDENTITY_PREFIX = "_streamlit_user"


def base_path() -> str:
    """The app's URL path prefix ("/" unless Streamlit's server.baseUrlPath is set), ending in "/"."""
    from streamlit import config as st_config

    base = (st_config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/" if base else "/"


def is_secure(scheme: str, headers: Mapping[str, str]) -> bool:
    """Whether the cookie gets the Secure flag: the request came over HTTPS, or through a proxy that says
    so (X-Forwarded-Proto: https), or DASHBOARD_COOKIE_SECURE=always. A forged header can only add the
    flag to its sender's own cookie, so it needs no trust check."""
    if config.cookie_secure() == "always" or scheme in ("https", "wss"):
        return True
    forwarded = (headers.get("x-forwarded-proto") or "").split(",")[0].strip().lower()
    return forwarded == "https"


def attributes(secure: bool, samesite: str = "strict") -> dict[str, object]:
    """Keyword arguments of starlette's `Response.set_cookie` (SameSite=Lax only for `pog_browser`)."""
    return {"httponly": True, "samesite": samesite, "secure": secure, "path": base_path()}


def safe_next(url: str | None) -> str:
    """A path inside this app to send the browser to after sign-in, or the base path: never another site
    ("//evil.example", "https://…", "/\\evil"), never a control character."""
    base = base_path()
    if not url or not url.startswith(base) or url.startswith(("//", "/\\")):
        return base
    if any(ord(c) < 0x20 or c in "\\\x7f" for c in url) or "://" in url.split("?", 1)[0]:
        return base
    return url


def ticket_url(path: str, ticket: str) -> str:
    """The relative URL the page loads to hand a ticket to a route (OPEN_PATH or CLOSE_PATH)."""
    return f"{base_path()}{path}?ticket={ticket}"
