"""Download buttons pages can call: any table as CSV and XLSX, any chart as PNG, a hromada's print profile.

    table_downloads(ctx, df, "crime_by_category")      # two buttons, CSV (UTF-8 BOM) and XLSX
    chart_png_download(ctx, fig, "crime_trend")         # one button; the PNG is drawn only when clicked
    profile_pdf_download(ctx, katottg)                  # the one-page A4 community profile, on click

Pages rarely call the first two themselves: `ui.tables.data_table` / `show_table` put the table buttons
under every table, `ui.layout.show_chart` the PNG button under every chart.

Pass frames that came from `ctx.query` (the data policy is already applied); cells that a spreadsheet
could run as formulas are neutralised. Every file says what it is: the as-of date, the data sources and,
for a demo snapshot, the demo label (reports.tables.about_rows; drawn under the chart in a PNG). The files
are produced lazily (Streamlit calls the `data` callable when the button is clicked), so a page pays
nothing for its download buttons until someone downloads. Every download is written to the audit log as
an `export` event (ui.access.audited_download).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.config import FONTS_DIR
from dashboard.reports.build import MIME, build_export
from dashboard.reports.figures import FONT_FAMILY
from dashboard.reports.render import DEFAULT_SCALE, render_png
from dashboard.reports.tables import (
    CSV_MIME,
    XLSX_MIME,
    about_rows,
    as_of_text,
    csv_bytes,
    source_names,
    xlsx_bytes,
)
from dashboard.ui.access import audited_download
from dashboard.ui.context import PageContext

PNG_SIZE = (1200, 650)  # layout pixels of a downloaded chart (rendered at DEFAULT_SCALE)
_INK, _GREY, _DEMO = (33, 33, 33), (90, 90, 90), (170, 70, 0)


def file_stem(ctx: PageContext, name: str) -> str:
    """A Latin file name stem: «crime_by_category-2026-10-31»."""
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-") or "table"
    day = ctx.reporting_date if ctx.has_snapshot else dt.date.today()  # first run: the upload page's tables
    return f"{slug}-{day.isoformat()}"


def table_about(ctx: PageContext) -> list[tuple[str, str]]:
    """The as_of / source / demo rows of the files of this context (its snapshot and language)."""
    if not ctx.has_snapshot:  # a first run's upload page: its tables are about the files, not a snapshot
        return [row for row in about_rows(dt.date.today(), ctx.lang, False) if row[0] == "source"]
    return about_rows(ctx.reporting_date, ctx.lang, ctx.snapshot.is_demo)


def table_downloads(
    ctx: PageContext, df: pd.DataFrame, name: str, *, labels: Mapping[str, str] | None = None
) -> None:
    """CSV and XLSX download buttons side by side for `df` (keys derive from `name`: unique per page).

    `labels` maps column names to the headers the page shows (the files use them); `df` is exported
    as given (pass only the columns the page shows)."""
    stem = file_stem(ctx, name)
    about = table_about(ctx)
    with st.container(horizontal=True, gap="small"):
        audited_download(ctx, ctx.t("common.download_csv"), lambda: csv_bytes(df, labels=labels, about=about),
                         f"{stem}.csv", what=f"table:{name}:csv", mime=CSV_MIME, key=f"dl_csv_{name}",
                         icon=":material/download:")  # fmt: skip
        audited_download(ctx, ctx.t("pg.export.download_xlsx"),
                         lambda: xlsx_bytes(df, name, labels=labels, about=about), f"{stem}.xlsx",
                         what=f"table:{name}:xlsx", mime=XLSX_MIME, key=f"dl_xlsx_{name}",
                         icon=":material/table_view:")  # fmt: skip


def _print_ready(fig: go.Figure) -> go.Figure:
    """A copy with the shipped font and a white background (the screen theme may be dark)."""
    out = go.Figure(fig)
    out.update_layout(font_family=FONT_FAMILY, paper_bgcolor="white", plot_bgcolor="white")
    # Screen layouts run tight to the container's edge; an image needs room for tick labels and axis titles.
    margin = out.layout.margin
    out.update_layout(margin={"l": max(margin.l or 0, 60), "r": max(margin.r or 0, 30),
                              "b": max(margin.b or 0, 50)})  # fmt: skip
    out.update_xaxes(automargin=True)
    out.update_yaxes(automargin=True)
    return out


def _wrap(draw, text: str, font, width: int) -> list[str]:
    """`text` broken into lines no wider than `width` pixels."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        words, line = paragraph.split(), ""
        for word in words:
            trial = f"{line} {word}".strip()
            if line and draw.textlength(trial, font=font) > width:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return lines


def framed_png(
    png: bytes, *, title: str | None, footer: Sequence[str], demo: str | None = None, scale: float = 1.0
) -> bytes:
    """The chart image with its title drawn above it and the footer lines (as-of date, sources) and the
    demo label below it, in the shipped DejaVu font, on white."""
    from PIL import Image, ImageDraw, ImageFont

    chart = Image.open(io.BytesIO(png)).convert("RGB")
    width = chart.width
    pad = round(16 * scale)
    title_font = ImageFont.truetype(str(FONTS_DIR / "DejaVuSans-Bold.ttf"), round(20 * scale))
    small_font = ImageFont.truetype(str(FONTS_DIR / "DejaVuSans.ttf"), round(12 * scale))
    measure = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    blocks: list[tuple[list[str], object, tuple[int, int, int]]] = []
    title_lines = _wrap(measure, title, title_font, width - 2 * pad) if title else []
    for text in footer:
        blocks.append((_wrap(measure, text, small_font, width - 2 * pad), small_font, _GREY))
    if demo:
        blocks.append((_wrap(measure, demo, small_font, width - 2 * pad), small_font, _DEMO))

    def height_of(lines: list[str], font) -> int:
        ascent, descent = font.getmetrics()
        return len(lines) * round((ascent + descent) * 1.25)

    top = pad + height_of(title_lines, title_font) if title_lines else 0
    bottom = pad + sum(height_of(lines, font) for lines, font, _ in blocks) + pad if blocks else 0
    canvas = Image.new("RGB", (width, top + chart.height + bottom), "white")
    canvas.paste(chart, (0, top))
    draw = ImageDraw.Draw(canvas)

    def write(lines: list[str], font, colour, y: int) -> int:
        ascent, descent = font.getmetrics()
        step = round((ascent + descent) * 1.25)
        for line in lines:
            draw.text((pad, y), line, font=font, fill=colour)
            y += step
        return y

    if title_lines:
        write(title_lines, title_font, _INK, pad)
    y = top + chart.height + pad
    for lines, font, colour in blocks:
        y = write(lines, font, colour, y)
    out = io.BytesIO()
    canvas.save(out, format="PNG", optimize=True)
    return out.getvalue()


def chart_png_download(
    ctx: PageContext, fig: go.Figure, name: str, *, title: str | None = None, compact: bool = False
) -> None:
    """A PNG download button for `fig`; chromium draws it only when the button is clicked (~2 s).

    The image carries `title` (the chart box's title; None: the figure's own layout title, if any),
    the as-of date, the data sources and, for a demo snapshot, the demo label. `compact`: a small
    tertiary "PNG" button with the full wording in its tooltip (under charts on the pages)."""
    width = int(fig.layout.width or PNG_SIZE[0])
    height = int(fig.layout.height or PNG_SIZE[1])
    footer = [f"{as_of_text(ctx.reporting_date, ctx.lang)} · {source_names(ctx.lang)}"]
    demo = ctx.t("notice.demo") if ctx.snapshot.is_demo else None

    def build() -> bytes:  # the print-ready copy too only on a click: copying a figure is not free
        png = render_png(_print_ready(fig), width=width, height=height, scale=DEFAULT_SCALE)
        return framed_png(png, title=title, footer=footer, demo=demo, scale=DEFAULT_SCALE)

    wording = ctx.t("pg.export.download_png")
    hint = f"{wording}: {title}" if title else wording
    style = (
        {"type": "tertiary", "help": f"{hint}. {as_of_text(ctx.reporting_date, ctx.lang)}"} if compact else {}
    )
    audited_download(ctx, "PNG" if compact else wording, build, f"{file_stem(ctx, name)}.png",
                     what=f"chart:{name}", mime="image/png", key=f"dl_png_{name}", icon=":material/image:",
                     **style)  # fmt: skip


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
