"""The two HTTP routes of the sign-in: they turn a one-time ticket into a cookie change.

`GET /_session/open?ticket=…` — after a sign-in in the page (password form or single sign-on), the page
loads this URL (an invisible image after a password sign-in; a navigation after single sign-on, which
then continues to the view the user had asked for). The ticket must be unexpired, unused and bound to this
browser's `pog_browser` cookie; its session must still be valid. Then the response sets `pog_session`.

`GET /_session/close?ticket=…` — after a sign-out in the page (which has already ended the session in the
store): clears `pog_session` and Streamlit's single sign-on identity cookie, again only with a ticket
bound to this browser.

So a page on another site cannot sign anyone in or out: it has no ticket of the victim's browser, and the
SameSite=Strict cookies are not sent with its requests anyway. Every answer is `no-store`.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from dashboard.auth.sessions import digest, sessions
from dashboard.auth.users import get_user
from dashboard.web.cookies import (
    BROWSER_COOKIE,
    CLOSE_PATH,
    OPEN_PATH,
    SESSION_COOKIE,
    STREAMLIT_IDENTITY_PREFIX,
    attributes,
    base_path,
    is_secure,
    safe_next,
)

NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def _answer(request: Request, next_url: str | None) -> Response:
    """A navigation continues to `next_url`; an image load gets an empty answer."""
    if next_url is not None:
        return RedirectResponse(safe_next(next_url), status_code=303, headers=NO_STORE)
    return Response(status_code=204, headers=NO_STORE)


def open_session(request: Request) -> Response:
    store = sessions()
    ticket = store.redeem(request.query_params.get("ticket"), "signin", request.cookies.get(BROWSER_COOKIE))
    if ticket is None or ticket.session is None:
        return Response("This sign-in link is used up, expired, or for another browser.\n", 403, NO_STORE)
    check = store.check_token(ticket.session, get_user)
    if check.status != "ok" or check.session is None:
        return Response("This session has ended.\n", 403, NO_STORE)
    response = _answer(request, ticket.next)
    left = int(check.session.created + store.max_s - store.clock())
    secure = is_secure(request.url.scheme, request.headers)
    response.set_cookie(SESSION_COOKIE, ticket.session, max_age=max(left, 1), **attributes(secure))  # type: ignore[arg-type]
    return response


def close_session(request: Request) -> Response:
    store = sessions()
    ticket = store.redeem(request.query_params.get("ticket"), "signout", request.cookies.get(BROWSER_COOKIE))
    if ticket is None:
        return Response("This sign-out link is used up, expired, or for another browser.\n", 403, NO_STORE)
    old = request.cookies.get(SESSION_COOKIE)
    if old:
        store.revoke(digest(old))  # already ended by the page; here too in case it was another tab's
    response = _answer(request, ticket.next)
    secure = is_secure(request.url.scheme, request.headers)
    for name in request.cookies:
        if name == SESSION_COOKIE or name.startswith(STREAMLIT_IDENTITY_PREFIX):
            response.delete_cookie(name, **attributes(secure))  # type: ignore[arg-type]
    return response


async def _open(request: Request) -> Response:
    return await run_in_threadpool(open_session, request)  # SQLite: off the event loop


async def _close(request: Request) -> Response:
    return await run_in_threadpool(close_session, request)


def routes() -> list[Route]:
    base = base_path()
    return [
        Route(f"{base}{OPEN_PATH}", _open, methods=["GET"]),
        Route(f"{base}{CLOSE_PATH}", _close, methods=["GET"]),
    ]
