"""The one composition idiom of every page: header with data date and notices, KPI cards, chart boxes."""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.charts.common import integer_count_axes
from dashboard.charts.text_equivalent import chart_table, table_html
from dashboard.config import auth_mode
from dashboard.formatting import fmt_date
from dashboard.i18n import t
from dashboard.ui.context import PageContext
from dashboard.ui.styles import KPI_ROW_KEY, is_phone
from dashboard.views.kpi import Kpi as Kpi  # re-exported: pages import it from here

log = logging.getLogger("dashboard")

# The title of the chart box being drawn: show_chart writes it into the chart's PNG download.
_BOX_TITLE: ContextVar[str | None] = ContextVar("chart_box_title", default=None)
# Plotly's own "download as PNG" carries no date or source and is not audited: show_chart's button is.
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["toImage"]}


def page_header(ctx: PageContext, slug: str) -> None:
    """Title, one-line description, «Дані станом на …» and the demo / auth-off / partner notices."""
    st.title(ctx.t(f"page.{slug}.title"))
    st.caption(ctx.t(f"page.{slug}.description"))
    notices(ctx)


def notices(ctx: PageContext) -> None:
    if not ctx.has_snapshot:  # a first run: only the administrators' pages get here
        st.info(ctx.t("notice.no_snapshots"), icon=":material/upload_file:")
    else:
        st.markdown(f"**{ctx.t('notice.data_as_of', date=fmt_date(ctx.reporting_date, ctx.lang))}**")
        if ctx.is_draft:
            st.warning(ctx.t("notice.draft"), icon=":material/edit_note:")
        if ctx.snapshot.is_demo:
            st.warning(f"{ctx.t('notice.demo')}\n\n{ctx.t('notice.demo_war')}", icon=":material/science:")
    if auth_mode() == "off":
        st.error(ctx.t("notice.auth_off"), icon=":material/lock_open:")
    if ctx.partner:
        st.info(ctx.t("notice.partner_view"), icon=":material/visibility_off:")


def kpi_row(kpis: list[Kpi], per_row: int = 4) -> None:
    """Rows of bordered metric cards (at most `per_row` per row; more wrap to the next row). On phones two
    per row (ui.styles: the rows' container key starts with KPI_ROW_KEY)."""
    digest = hashlib.sha1("|".join(f"{k.label}={k.value}" for k in kpis).encode("utf-8")).hexdigest()[:12]
    with st.container(key=f"{KPI_ROW_KEY}_{digest}"):
        for start in range(0, len(kpis), per_row):
            chunk = kpis[start : start + per_row]
            for col, kpi in zip(st.columns(per_row), chunk, strict=False):
                with col:
                    st.metric(kpi.label, kpi.value, help=kpi.help, border=True, **(kpi.delta or {}))


@contextmanager
def chart_box(title: str, question: str | None = None, *, collapsible: bool = False) -> Iterator[None]:
    """A bordered container whose subheader says what the chart answers (and titles its PNG download).

    `collapsible`: an expander with the title instead, open on desktops and closed on phones (a long page,
    such as a hromada's profile, is then a list of sections to open)."""
    token = _BOX_TITLE.set(title)
    try:
        box = st.expander(title, expanded=not is_phone()) if collapsible else st.container(border=True)
        with box:
            if not collapsible:
                st.subheader(title)
            if question:
                st.caption(question)
            yield
    finally:
        _BOX_TITLE.reset(token)


def _layout_title(fig: go.Figure) -> str | None:
    text = fig.layout.title.text if fig.layout.title else None
    return str(text) if text else None


def show_chart(fig: go.Figure, key: str | None = None) -> None:
    """The chart, full width, and under it (right-aligned, small) its audited PNG download, drawn only
    when clicked, with the chart box's title (else the figure's own title), the as-of date and the
    data sources in the image."""
    from dashboard.ui.context import get_context
    from dashboard.ui.downloads import chart_png_download

    integer_count_axes(fig)  # small counts: one tick per unit, no "0 1 1 2 2"
    st.plotly_chart(fig, width="stretch", key=key, config=PLOTLY_CONFIG)
    box_title = _BOX_TITLE.get()
    name = key or "chart-" + hashlib.sha1(fig.to_json().encode("utf-8")).hexdigest()[:10]
    # The figure's own title is drawn by plotly; only a box title needs drawing above the image.
    title = box_title if box_title and box_title != _layout_title(fig) else None
    ctx = get_context()
    chart_data(fig, ctx.lang, caption=box_title or _layout_title(fig))
    with st.container(horizontal=True, horizontal_alignment="right"):
        chart_png_download(ctx, fig, name, title=title, compact=True)


def chart_data(fig: go.Figure, lang: str, *, caption: str | None = None) -> None:
    """The chart's text equivalent (WCAG 1.1.1): its numbers as a table in a closed expander under it,
    reachable by keyboard (Tab to the expander, Enter opens it) and read by screen readers."""
    table = chart_table(fig, lang)
    if table is None:
        return
    with st.expander(t("a11y.chart_data", lang), icon=":material/table_rows:"):
        st.markdown(table_html(table, caption or t("a11y.chart_data", lang)), unsafe_allow_html=True)
        if table.omitted:
            shown = len(table.rows)
            st.caption(t("a11y.chart_rows_omitted", lang, shown=str(shown), total=str(shown + table.omitted)))


def empty_state(ctx: PageContext) -> None:
    """Explain an empty filter result instead of showing an empty chart or an error."""
    st.info(ctx.t("notice.empty_filter"), icon=":material/filter_alt_off:")


def is_empty(df: pd.DataFrame | None) -> bool:
    return df is None or df.empty


@contextmanager
def error_boundary(lang: str) -> Iterator[None]:
    """Show a friendly message and log the traceback; never a raw traceback to a user."""
    try:
        yield
    except Exception:
        ref = uuid.uuid4().hex[:8]
        log.exception("page error ref=%s", ref)
        st.error(t("notice.error", lang), icon=":material/error:")
        st.caption(t("notice.error_ref", lang, ref=ref))
