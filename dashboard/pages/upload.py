"""Upload page: drop the oblast's CSV/XLSX exports, see previews and the check, build a draft snapshot,
review it against the published one and publish it (or reject it).

Layout only: the logic is dashboard/ingest/ui_flow.py, the review and the buttons dashboard/ui/publication.py.
File contents are shown only in dataframes and plain text (never Markdown or HTML). Only the oblast
administrator may open it; it works without any snapshot too (a first run, ui/first_run.py).
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard.config import max_upload_mb
from dashboard.formatting import fmt_date, fmt_int
from dashboard.ingest import ui_flow
from dashboard.snapshot_diff import diff_snapshots
from dashboard.snapshots import read_info
from dashboard.ui.access import audited_download, require_role
from dashboard.ui.data import available_snapshots, forget_snapshot_list
from dashboard.ui.layout import page_header
from dashboard.ui.publication import publication_panel
from dashboard.ui.tables import data_table, text_column
from dashboard.ui.widget_text import translate_uploader
from dashboard.views import snapshot_diff as diff_view

ctx = require_role("admin")  # defence in depth: app.py already refuses other roles
lang = ctx.lang
page_header(ctx, "upload")

snapshots = available_snapshots()
UPLOAD_TYPES = ["csv", "xlsx"]
# The smaller of ingest's limit and the browser's (server.maxUploadSize; .streamlit/config.toml keeps them equal).
limit_mb = min(max_upload_mb(), int(st.get_option("server.maxUploadSize")))
translate_uploader("upload_files", lang=lang, limit_mb=limit_mb, types=UPLOAD_TYPES)
uploaded = st.file_uploader(
    ctx.t("upload.choose_files"),
    type=UPLOAD_TYPES,
    accept_multiple_files=True,
    key="upload_files",
    help=ctx.t("upload.too_large", name="…", mb=fmt_int(limit_mb, lang)),
)
left, right = st.columns(2)
today = dt.date.today()
reporting_date = left.date_input(
    ctx.t("upload.reporting_date"),
    value=ui_flow.default_reporting_date(today),
    max_value=today,  # a later date is refused by the check too (reporting_date_in_future)
    help=ctx.t("upload.reporting_date_help"),
    format="DD.MM.YYYY",
    key="upload_date",
)
options = ui_flow.base_options(snapshots)
base = right.selectbox(
    ctx.t("pg.ingest.upload.base"),
    options,
    format_func=lambda o: ui_flow.base_label(o, snapshots, lang),
    help=ctx.t("pg.ingest.upload.base_help"),
    key="upload_base",
    placeholder=ctx.t("common.choose_one"),
)
signature = (tuple(f.file_id for f in uploaded or ()), reporting_date, base, lang)
built_here = st.session_state.get("upload_built")  # (signature, date) of the draft these files made
if built_here is not None and (not uploaded or built_here[0] == signature):
    # The draft these files became: its review and the publish button (not a check that would now say
    # "a snapshot of this date exists").
    draft = next((s for s in snapshots if s.reporting_date == built_here[1]), None)
    if draft is not None:
        publication_panel(ctx, draft, key="upload")
        st.stop()
if not uploaded:
    st.stop()

uploads = [ui_flow.Upload(f.name, f.getvalue()) for f in uploaded]
with ui_flow.saved_uploads(uploads) as paths:
    if st.session_state.get("upload_checked", (None,))[0] != signature:
        previews = [p for path in paths for p in ui_flow.preview(path, lang)]
        st.session_state["upload_checked"] = (
            signature,
            previews,
            ui_flow.check(paths, reporting_date, base, lang),
        )
    _, previews, checked = st.session_state["upload_checked"]

    st.subheader(ctx.t("pg.ingest.upload.files"))
    data_table(ui_flow.files_frame(previews, lang), name="upload_files_checked")
    for number, item in enumerate(previews, start=1):
        with st.expander(ctx.t("pg.ingest.upload.preview", n=number)):
            st.text(item.label)
            data_table(item.frame, name=f"upload_preview_{number}")

    st.subheader(ctx.t("pg.ingest.upload.report"))
    result = checked.result
    if result.ok:
        st.success(ctx.t("pg.ingest.upload.ok"), icon=":material/check_circle:")
    else:
        st.error(
            ctx.t("pg.ingest.upload.blocked", errors=fmt_int(result.collector.n_errors, lang)),
            icon=":material/block:",
        )
    if result.collector.n_warnings:
        st.warning(ctx.t("pg.ingest.upload.warnings", warnings=fmt_int(result.collector.n_warnings, lang)))
    if result.collector.groups:
        data_table(ui_flow.report_frame(result, lang), name="upload_check_report")
        audited_download(
            ctx,
            ctx.t("pg.ingest.upload.download_report"),
            checked.report_csv,
            f"ingest-report-{reporting_date.isoformat()}.csv",
            what="ingest_report",
            mime="text/csv",
            icon=":material/download:",
            key="upload_report",
        )
    if result.tables:
        data_table(ui_flow.summary_frame(result, lang), name="upload_check_summary")

    if result.ok and st.button(ctx.t("upload.build"), type="primary", key="upload_build"):
        bar = st.progress(0.0, text=ui_flow.progress_text(0.0, "", lang))

        def show(fraction: float, phase: str) -> None:
            bar.progress(min(fraction, 1.0), text=ui_flow.progress_text(fraction, phase, lang))

        built = ui_flow.build(paths, reporting_date, base, progress=show)
        ui_flow.record_build(built, ctx.user, [p.name for p in paths], base)
        st.session_state.pop("upload_checked", None)
        if built.ok and built.snapshot_path is not None:
            forget_snapshot_list()
            st.session_state["upload_built"] = (signature, reporting_date)
            st.success(
                ctx.t("upload.success", date=fmt_date(reporting_date, lang)), icon=":material/done_all:"
            )
            data_table(ui_flow.summary_frame(built, lang), name="upload_built_summary")
            draft = read_info(built.snapshot_path)
            if built.base is not None:
                diff = diff_snapshots(built.base, draft)
                st.subheader(ctx.t("pg.ingest.upload.changes"))
                for name, frame in (
                    ("upload_diff_tables", diff_view.tables_frame(diff, lang)),
                    ("upload_diff_headline", diff_view.headline_frame(diff, lang)),
                ):  # the name stays in view on a phone; the formatted numbers align right
                    first, *numbers = frame.columns
                    columns = {first: text_column(first, pinned=True)}
                    columns |= {c: text_column(c, alignment="right") for c in numbers}
                    data_table(frame, name=name, column_config=columns)
            publication_panel(ctx, draft, key="upload")
        else:
            st.error(
                ctx.t("pg.ingest.upload.blocked", errors=fmt_int(built.collector.n_errors, lang)),
                icon=":material/block:",
            )
            data_table(ui_flow.report_frame(built, lang), name="upload_build_report")
