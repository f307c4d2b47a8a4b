"""Start the dashboard: `streamlit run serve.py` (what `make run` does) or any ASGI server (`uvicorn serve:app`).

app.py is the page script; this file wraps it in Streamlit's ASGI application (`st.App`) with the sign-in
routes and cookie middleware of dashboard/web/, so that a session survives a reload, a new tab and a link.
(`streamlit run app.py` still works, but a sign-in then lasts only as long as the browser tab.)
"""

from pathlib import Path

import streamlit as st

from dashboard.web.server import routes_and_middleware
from dashboard.web.warmup import warm_up

app = st.App(Path(__file__).with_name("app.py"), **routes_and_middleware())
warm_up()  # before the server answers: the first visitor finds the modules imported, the snapshots verified
