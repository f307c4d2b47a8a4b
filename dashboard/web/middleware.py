"""Gives every browser a random `pog_browser` cookie on its first page load (see cookies.py).

Only on the responses to page loads (GET, `Accept: text/html`, not Streamlit's own `/_stcore/`, `/static/`,
`/media/`, `/component/` paths): the page load comes first, the websocket that runs the script is opened
after it and carries the cookie, and no later request of the same page (a script chunk, an image) can
replace the value the script has already bound a ticket to. A plain ASGI middleware (not Starlette's
BaseHTTPMiddleware) so that the websocket and streamed responses pass through untouched.
"""

from __future__ import annotations

from http.cookies import SimpleCookie
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import Response

from dashboard.auth.sessions import new_token, well_formed
from dashboard.web.cookies import BROWSER_COOKIE, attributes, is_secure

ASGIApp = Any
STREAMLIT_PREFIXES = ("_stcore/", "static/", "media/", "component/", "_session/")


def wants_browser_cookie(scope: dict[str, Any]) -> bool:
    """Whether this request is a page load by a browser that has no (well-formed) `pog_browser` cookie."""
    if scope["type"] != "http" or scope.get("method") != "GET":
        return False
    headers = Headers(scope=scope)
    if "text/html" not in headers.get("accept", ""):
        return False
    path = scope.get("path", "/").lstrip("/")
    if any(f"/{p}" in f"/{path}" for p in STREAMLIT_PREFIXES):
        return False
    cookie = SimpleCookie()
    try:
        cookie.load(headers.get("cookie", ""))
    except Exception:  # a malformed Cookie header: give a fresh cookie
        return True
    morsel = cookie.get(BROWSER_COOKIE)
    return morsel is None or not well_formed(morsel.value)


class BrowserCookieMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if not wants_browser_cookie(scope):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        secure = is_secure(scope.get("scheme", "http"), headers)
        value = new_token()

        async def send_with_cookie(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                carrier = Response()
                carrier.set_cookie(BROWSER_COOKIE, value, **attributes(secure, "lax"))  # type: ignore[arg-type]
                out = MutableHeaders(scope=message)
                out.append("set-cookie", carrier.headers["set-cookie"])
            await send(message)

        await self.app(scope, receive, send_with_cookie)
