"""Audit log (administrator only): sign-ins, failed sign-ins, uploads, snapshots, exports, user changes."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from dashboard.auth.audit import EVENTS, read_events
from dashboard.formatting import fmt_int
from dashboard.i18n import label
from dashboard.ui.access import require_role
from dashboard.ui.layout import page_header
from dashboard.ui.tables import data_table

MAX_ROWS = 5000
KYIV = ZoneInfo("Europe/Kyiv")

ctx = require_role("admin")
page_header(ctx, "audit")

days_col, events_col, login_col = st.columns([1, 2, 1])
days = days_col.number_input(ctx.t("pg.auth.audit.days"), min_value=1, max_value=3650, value=30, step=1)
chosen = events_col.multiselect(
    ctx.t("pg.auth.audit.events"),
    EVENTS,
    format_func=lambda e: label("pg.auth.event", e, ctx.lang),
    placeholder=ctx.t("pg.auth.audit.all_events"),
)
who = login_col.text_input(ctx.t("pg.auth.audit.login")).strip().lower()

entries = read_events(since=dt.datetime.now(dt.UTC) - dt.timedelta(days=int(days)))
if chosen:
    entries = [e for e in entries if e["event"] in chosen]
if who:
    entries = [e for e in entries if who in str(e.get("login") or "").lower()]

if not entries:
    st.info(ctx.t("audit.empty"), icon=":material/info:")
else:
    shown = entries[:MAX_ROWS]
    table = pd.DataFrame(
        {
            ctx.t("pg.auth.audit.time"): [
                dt.datetime.fromisoformat(e["ts"]).astimezone(KYIV).strftime("%d.%m.%Y %H:%M:%S")
                for e in shown
            ],
            ctx.t("pg.auth.audit.event"): [label("pg.auth.event", e["event"], ctx.lang) for e in shown],
            ctx.t("pg.auth.audit.login"): [e.get("login") or "—" for e in shown],
            ctx.t("pg.auth.audit.role"): [label("pg.auth.role", e.get("role"), ctx.lang) for e in shown],
            ctx.t("pg.auth.audit.client"): [e.get("client") or "—" for e in shown],
            ctx.t("pg.auth.audit.detail"): [
                json.dumps(e.get("detail") or {}, ensure_ascii=False)[:300] if e.get("detail") else ""
                for e in shown
            ],
        }
    )
    st.caption(
        ctx.t("pg.auth.audit.shown", n=fmt_int(len(shown), ctx.lang), total=fmt_int(len(entries), ctx.lang))
    )
    data_table(table, name="audit_log")
