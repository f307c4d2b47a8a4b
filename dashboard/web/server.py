"""`routes_and_middleware()`: what serve.py adds to Streamlit's ASGI application (`st.App`).

Streamlit's `st.App` runs app.py as the page script, as `streamlit run app.py` would; serve.py writes the
`app = st.App(...)` line itself, because `streamlit run` recognises an ASGI application by that line.
Asking for the routes marks the process as served with cookies (`dashboard.auth.session.use_cookies`):
sessions are then kept in the shared store and the browser's cookie; without it (AppTest, plain
`streamlit run app.py`) they live in `st.session_state` of one browser tab.
"""

from __future__ import annotations

from typing import Any

from starlette.middleware import Middleware

from dashboard.auth import session
from dashboard.web.middleware import BrowserCookieMiddleware
from dashboard.web.routes import routes


def routes_and_middleware() -> dict[str, Any]:
    session.use_cookies(True)
    return {"routes": routes(), "middleware": [Middleware(BrowserCookieMiddleware)]}
