"""Download buttons pages can call: any table as CSV and XLSX, any chart as PNG, a hromada's print profile.

    table_downloads(ctx, df, "crime_by_category")      # two buttons, CSV (UTF-8 BOM) and XLSX
    chart_png_download(ctx, fig, "crime_trend")         # one button; the PNG is drawn only when clicked
    profile_pdf_download(ctx, katottg)                  # the one-page A4 community profile, on click

Pass frames that came from `ctx.query` (the data policy is already applied); cells that a spreadsheet
could run as formulas are neutralised. The files are produced lazily (Streamlit calls the `data` callable
when the button is clicked), so a page pays nothing for its download buttons until someone downloads.
Every download is written to the audit log as an `export` event (ui.access.audited_download).
"""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.reports.build import MIME, build_export
from dashboard.reports.figures import FONT_FAMILY
from dashboard.reports.render import render_png
from dashboard.reports.tables import CSV_MIME, XLSX_MIME, csv_bytes, xlsx_bytes
from dashboard.ui.access import audited_download
from dashboard.ui.context import PageContext

PNG_SIZE = (1200, 650)  # layout pixels of a downloaded chart (rendered at 2×)


def file_stem(ctx: PageContext, name: str) -> str:
    """A Latin file name stem: «crime_by_category-2026-10-31»."""
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-") or "table"
    return f"{slug}-{ctx.reporting_date.isoformat()}"


def table_downloads(ctx: PageContext, df: pd.DataFrame, name: str) -> None:
    """CSV and XLSX download buttons side by side for `df` (keys derive from `name`: unique per page)."""
    stem = file_stem(ctx, name)
    left, right = st.columns(2, width="content")
    with left:
        audited_download(ctx, ctx.t("common.download_csv"), lambda: csv_bytes(df), f"{stem}.csv",
                         what=f"table:{name}:csv", mime=CSV_MIME, key=f"dl_csv_{name}",
                         icon=":material/download:")  # fmt: skip
    with right:
        audited_download(ctx, ctx.t("pg.export.download_xlsx"), lambda: xlsx_bytes(df, name), f"{stem}.xlsx",
                         what=f"table:{name}:xlsx", mime=XLSX_MIME, key=f"dl_xlsx_{name}",
                         icon=":material/table_view:")  # fmt: skip


def _print_ready(fig: go.Figure) -> go.Figure:
    """A copy with the shipped font and a white background (the screen theme may be dark)."""
    out = go.Figure(fig)
    out.update_layout(font_family=FONT_FAMILY, paper_bgcolor="white", plot_bgcolor="white")
    return out


def chart_png_download(ctx: PageContext, fig: go.Figure, name: str) -> None:
    """A PNG download button for `fig`; chromium draws it only when the button is clicked (~2 s)."""
    figure = _print_ready(fig)
    width = int(fig.layout.width or PNG_SIZE[0])
    height = int(fig.layout.height or PNG_SIZE[1])
    audited_download(ctx, ctx.t("pg.export.download_png"),
                     lambda: render_png(figure, width=width, height=height),
                     f"{file_stem(ctx, name)}.png", what=f"chart:{name}", mime="image/png",
                     key=f"dl_png_{name}", icon=":material/image:")  # fmt: skip


def profile_pdf_download(ctx: PageContext, katottg: str) -> None:
    """The print-friendly community profile of `katottg`: one A4 page plus the notes page, on click."""
    snapshot, lang, policy = ctx.snapshot, ctx.lang, ctx.policy

    def build() -> bytes:
        return build_export(snapshot.path, fmt="pdf", lang=lang, hromadas=[katottg], policy=policy,
                            overview=False).data  # fmt: skip

    audited_download(ctx, ctx.t("pg.export.print_profile"), build,
                     f"pog-profile-{katottg}-{snapshot.reporting_date.isoformat()}-{lang}.pdf",
                     what="profile_pdf", mime=MIME["pdf"], key=f"dl_profile_{katottg}",
                     help=ctx.t("pg.export.print_profile_help"), icon=":material/print:")  # fmt: skip
