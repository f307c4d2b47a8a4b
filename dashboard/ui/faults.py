"""The administrators' banner of open faults (dashboard/faults.py), drawn by app.py on every page."""

from __future__ import annotations

import streamlit as st

from dashboard import faults
from dashboard.formatting import fmt_int
from dashboard.ui.context import PageContext


def fault_banner(ctx: PageContext) -> None:
    """One error box per open fault, for administrators only (and when login is off, for the operator)."""
    if ctx.user is not None and ctx.user.role != "admin":
        return
    for fault in faults.active():
        since = fault.since.astimezone().strftime("%d.%m.%Y %H:%M")
        st.error(
            ctx.t(
                f"pg.faults.{fault.kind}",
                since=since,
                detail=fault.detail,
                count=fmt_int(fault.count, ctx.lang),
            ),
            icon=":material/report:",
        )
