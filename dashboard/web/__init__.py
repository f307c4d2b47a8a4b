"""The HTTP side of sign-in, around Streamlit's server (`st.App`, started by serve.py).

- `cookies`     the cookie names and attributes (HttpOnly, SameSite=Strict, Secure over HTTPS), safe paths
- `middleware`  gives every browser a random `pog_browser` cookie that tickets are bound to
- `routes`      `/_session/open` (ticket -> session cookie) and `/_session/close` (ticket -> cookies cleared)
- `server`      `create_app()`: the st.App with these routes and middleware (imported only by serve.py)

The page script (app.py) reads the cookies through `st.context.cookies`; the sessions themselves are in
the shared store (dashboard/auth/sessions.py).
"""
