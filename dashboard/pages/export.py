"""Експорт: the PDF report and the PPTX deck for partners and councils, and the print-friendly profile.

The file is built in this session's own script thread (Streamlit runs each session in its own thread), so
other users keep working; the progress bar follows the builder. The signed-in person's data policy applies
(partners get no personal data, and sensitive counts rounded to base 5 at the source), and each download is audited.
"""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import LANGS, tn
from dashboard.reports.access import audience_key
from dashboard.reports.build import FORMATS, ExportResult, build_export
from dashboard.reports.render import RenderError
from dashboard.ui.access import audited_download
from dashboard.ui.context import get_context
from dashboard.ui.downloads import profile_pdf_download
from dashboard.ui.layout import page_header

RESULT_KEY = "export_result"

ctx = get_context()
page_header(ctx, "export")
tr = ctx.t
policy = ctx.policy
st.caption(tr("pg.export.audience_note", audience=tr(f"pg.export.audience.{audience_key(policy)}")))

names = dict(zip(ctx.hromadas["katottg"], ctx.hromadas[ctx.name_column()], strict=True))
with st.container(border=True):
    left, right = st.columns(2)
    fmt = left.segmented_control(tr("pg.export.format"), FORMATS, default="pptx", key="export_format",
                                 format_func=lambda f: tr(f"pg.export.format_{f}")) or "pptx"  # fmt: skip
    lang = right.segmented_control(tr("pg.export.language"), LANGS, default=ctx.lang, key="export_lang",
                                   format_func=lambda code: tr(f"lang.{code}")) or ctx.lang  # fmt: skip
    own = policy.own_hromada if policy.own_hromada in names else None
    chosen = st.multiselect(
        tr("pg.export.hromadas"),
        sorted(names, key=lambda code: names[code]),
        default=[own] if own else [],
        format_func=lambda code: names.get(code, code),
        help=tr("pg.export.hromadas_help"),
        key="export_hromadas",
        placeholder=tr("common.choose_many"),
    )
    appendix = st.checkbox(
        tr("pg.export.appendix"), key="export_appendix", help=tr("pg.export.appendix_help")
    )
    if st.button(tr("pg.export.build"), type="primary", icon=":material/description:", key="export_build"):
        bar = st.progress(0.0, text=tr("pg.export.stage_data"))
        try:
            st.session_state[RESULT_KEY] = build_export(
                ctx.snapshot.path,
                fmt=fmt,
                lang=lang,
                hromadas=chosen or None,
                appendix=appendix,
                policy=policy,
                progress=lambda fraction, message: bar.progress(min(max(fraction, 0.0), 1.0), text=message),
            )
        except RenderError:
            st.session_state.pop(RESULT_KEY, None)
            st.error(tr("pg.export.no_browser"), icon=":material/error:")
        bar.empty()

result: ExportResult | None = st.session_state.get(RESULT_KEY)
if result is not None:
    if result.fmt == "pdf":
        count = tn("pg.export.pages", result.pages, ctx.lang)
    else:
        count = tn("pg.export.slides", result.pages, ctx.lang)
    st.success(
        f"{tr('pg.export.done', seconds=f'{result.total_seconds:.0f}')} {count}.",
        icon=":material/check_circle:",
    )
    audited_download(ctx, tr("pg.export.download", name=result.filename), result.data, result.filename,
                     what=f"{result.fmt}:{len(result.hromadas)}", mime=result.mime, key="export_download",
                     type="primary", icon=":material/download:")  # fmt: skip

if ctx.hromada:
    with st.container(border=True):
        st.subheader(tr("pg.export.print_profile"))
        st.caption(f"{names.get(ctx.hromada, ctx.hromada)} · {tr('pg.export.print_profile_help')}")
        profile_pdf_download(ctx, ctx.hromada)
