"""Data-and-methodology page: snapshots and what changed, freshness and completeness of each source,
ingest rejections and source files, every indicator's definition, the rules, notes, sources, licences."""

from __future__ import annotations

import json

import streamlit as st

import dashboard.charts.data as tables
from dashboard.formatting import fmt_date
from dashboard.queries.data import (
    contract_document,
    data_completeness,
    data_freshness,
    data_headline,
    data_meta,
    data_source_files,
    data_table_changes,
)
from dashboard.schema import CONTRACT_TABLE_NAMES
from dashboard.ui.access import audited_download
from dashboard.ui.context import get_context
from dashboard.ui.layout import chart_box, kpi_row, page_header
from dashboard.ui.publication import admin_section
from dashboard.ui.tables import data_table, date_column, datetime_column, int_column, show_table, text_column
from dashboard.views import data as view

ctx = get_context()
page_header(ctx, "data")
lang, snap = ctx.lang, ctx.snapshot
meta = ctx.query(data_meta).iloc[0]
freshness = ctx.query(data_freshness, reporting_date=ctx.reporting_date)
completeness = ctx.query(data_completeness, **ctx.period.params(), raion=ctx.raion, hromada=ctx.hromada)
kpi_row(view.header_kpis(meta, freshness, snap, lang=lang))
st.caption(view.build_caption(meta, lang=lang))
tabs = ("pg.data.tab_snapshots", "pg.data.tab_quality", "pg.data.tab_indicators", "pg.data.tab_rules")
tab_snapshots, tab_quality, tab_indicators, tab_rules = st.tabs([ctx.t(key) for key in tabs])

with tab_snapshots:
    snapshots = list(ctx.snapshots)  # those this person may see: published ones (admins: drafts too)
    # Row counts through the data policy (not SnapshotInfo's raw metadata): see charts.data.snapshots_table.
    row_counts = {s.reporting_date: json.loads(ctx.query_on(s, data_meta).iloc[0]["row_counts"] or "{}")
                  for s in snapshots}  # fmt: skip
    st.subheader(ctx.t("pg.data.snapshots_title"))
    rows_cols = {f"rows_{name}": text_column(ctx.t(f"table.{name}")) for name in CONTRACT_TABLE_NAMES}
    show_table(
        tables.snapshots_table(snapshots, row_counts, current=ctx.reporting_date, lang=lang),
        name="data_snapshots",
        reporting_date=date_column(ctx.t("pg.data.col_reporting_date"), lang),
        kind=text_column(ctx.t("pg.data.col_kind")),
        created_at=datetime_column(ctx.t("pg.data.col_created"), lang),
        rows_rejected=text_column(ctx.t("column.rejected")),
        size=text_column(ctx.t("pg.data.col_size")),
        **rows_cols,
    )
    prev = ctx.previous_snapshot()
    st.subheader(ctx.t("pg.data.changes_title"))
    if prev is None:
        st.info(ctx.t("pg.data.first_snapshot"), icon=":material/history:")
    else:
        before, after = fmt_date(prev.reporting_date, lang), fmt_date(snap.reporting_date, lang)
        st.caption(ctx.t("pg.data.changes_caption", previous=before))
        counts_col, headline_col = st.columns(2)
        with counts_col:
            show_table(
                tables.row_count_changes(
                    row_counts[prev.reporting_date], row_counts[snap.reporting_date], lang=lang
                ),
                name="data_row_changes",
                table=text_column(ctx.t("pg.data.col_table")),
                rows_previous=text_column(before),
                rows_current=text_column(after),
                change=text_column(ctx.t("column.change")),
            )
        with headline_col:
            show_table(
                tables.headline_changes(
                    ctx.query_on(prev, data_headline, reporting_date=prev.reporting_date).iloc[0],
                    ctx.query(data_headline, reporting_date=ctx.reporting_date).iloc[0],
                    lang=lang,
                ),
                name="data_headline_changes",
                indicator=text_column(ctx.t("methodology.name")),
                previous=text_column(before),
                current=text_column(after),
                change=text_column(ctx.t("column.change")),
            )
        # A key-by-key comparison joins every table of both files: seconds on a national snapshot.
        if st.toggle(
            ctx.t("pg.data.details_toggle"), key="data_diff_details", help=ctx.t("pg.data.details_help")
        ):
            changes = ctx.query(
                data_table_changes,
                previous_path=str(prev.path),
                previous_id=prev.snapshot_id,
                current_path=str(snap.path),
            )
            show_table(
                tables.table_changes(changes, lang=lang),
                name="data_table_changes",
                table=text_column(ctx.t("pg.data.col_table")),
                rows_a=text_column(before),
                rows_b=text_column(after),
                added=text_column(ctx.t("pg.data.col_added")),
                changed=text_column(ctx.t("pg.data.col_changed")),
                removed=text_column(ctx.t("pg.data.col_removed")),
            )
    st.subheader(ctx.t("pg.data.files_title"))
    files = ctx.query(data_source_files)
    if files.empty:
        st.info(ctx.t("pg.data.no_files"), icon=":material/science:")
    else:
        # A column called "name" cannot be a show_table keyword (`name` names the table): data_table.
        data_table(
            tables.source_files_table(files, lang=lang),
            name="data_source_files",
            column_config={
                "table": text_column(ctx.t("pg.data.col_table")),
                "name": text_column(ctx.t("pg.data.col_file")),
                "rows": text_column(ctx.t("column.rows")),
                "size": text_column(ctx.t("pg.data.col_size")),
                "sha256": text_column("SHA-256", width="large"),
            },
        )

    admin_section(ctx)  # administrators: statuses, skipped files, review and publish / withdraw

with tab_quality:
    with chart_box(ctx.t("quality.freshness"), ctx.t("pg.data.freshness_question")):
        show_table(
            tables.freshness_table(freshness, lang=lang),
            name="data_freshness",
            source=text_column(ctx.t("column.source")),
            latest=date_column(ctx.t("pg.data.col_latest"), lang),
            days_behind=int_column(ctx.t("pg.data.col_days_behind")),
            expected=text_column(ctx.t("pg.data.col_expected")),
            status=text_column(ctx.t("column.status")),
        )
    with chart_box(ctx.t("quality.completeness"), ctx.t("pg.data.completeness_question")):
        show_table(
            tables.completeness_table(completeness, lang=lang),
            name="data_completeness",
            source=text_column(ctx.t("column.source")),
            hromadas=text_column(ctx.t("pg.data.col_hromadas_with_data")),
            share=text_column(ctx.t("column.share")),
        )
        st.caption(ctx.t("indicator.completeness.notes"))

with tab_indicators:
    st.caption(ctx.t("pg.data.indicators_caption"))
    for section, items in tables.indicator_catalogue(lang):
        st.subheader(section)
        for item in items:
            with st.expander(item["name"]):
                st.markdown(item["definition"])
                if item["latex"]:
                    st.latex(item["latex"])
                st.markdown(f"**{ctx.t('methodology.formula')}:** {item['formula']}")
                st.caption(item["notes"])

with tab_rules:
    for title, body in view.rules(lang):
        st.subheader(title)
        st.markdown(body)
    document = contract_document()
    if document is None:
        st.caption(ctx.t("pg.data.no_contract_doc"))
    else:
        audited_download(
            ctx,
            ctx.t("pg.data.download_contract"),
            document,
            "DATA_CONTRACT.md",
            what="data_contract",
            mime="text/markdown",
            icon=":material/download:",
            key="data_contract_download",
        )
