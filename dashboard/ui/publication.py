"""The administrators' publication panel and notices (upload page, data page, sidebar).

`publication_panel` shows a snapshot's status, its review against the published snapshot it would
replace (dashboard/snapshot_review.py, in words by dashboard/views/review.py) and the buttons that change
its status: approve (with four eyes on), publish, withdraw. Each click re-checks on the server that the
person is an administrator and that the file is still the one built (its checksum), then makes one
audited change (dashboard/publication.py). Nothing here is drawn for any other role.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import publication
from dashboard.auth import session
from dashboard.config import four_eyes, snapshots_dir
from dashboard.formatting import fmt_date, fmt_int
from dashboard.snapshot_review import Review, review_snapshot
from dashboard.snapshots import SnapshotError, SnapshotInfo, find_snapshot
from dashboard.ui.context import PageContext
from dashboard.ui.data import available_snapshots, sees_drafts, snapshot_scan, snapshot_statuses
from dashboard.ui.tables import data_table, text_column
from dashboard.views import review as view

_FLASH = "publication_flash"
_ACTIONS = {
    "approved": publication.approve,
    "published": publication.publish,
    "withdrawn": publication.withdraw,
}


@st.cache_data(max_entries=32, show_spinner=False)
def _review(draft: SnapshotInfo, published: SnapshotInfo | None) -> Review:
    # Keyed by both files' ids (date and build time): a rebuilt file gets a fresh review.
    return review_snapshot(draft, published)


def comparison_base(snapshot: SnapshotInfo) -> SnapshotInfo | None:
    """The published snapshot that is the default without `snapshot`: the newest other published one."""
    statuses = snapshot_statuses()
    published = [
        s
        for s in available_snapshots()
        if s.reporting_date != snapshot.reporting_date
        and statuses.get(s.reporting_date, publication.Status(s.reporting_date)).published
    ]
    return published[-1] if published else None


def _actor(ctx: PageContext) -> publication.Actor:
    user = ctx.user
    login, role = (user.login, user.role) if user is not None else ("local", None)  # login off: local demo
    return publication.Actor(login, role, session.client_address())


def _act(ctx: PageContext, action: str, reporting_date: dt.date) -> None:
    """One status change, checked again on the server; the outcome is shown on the next run."""
    if not sees_drafts(ctx.user):  # the buttons are drawn for administrators only; a forged click is not
        st.session_state[_FLASH] = ("error", ctx.t("publication.admins_only"))
        return
    try:
        find_snapshot(reporting_date, snapshots_dir())  # the file is still the one built
        _ACTIONS[action](snapshots_dir(), reporting_date, _actor(ctx))
    except SnapshotError as exc:
        st.session_state[_FLASH] = ("error", ctx.t("publication.refused", reason=str(exc)))
    except publication.PublicationError as exc:
        st.session_state[_FLASH] = ("error", ctx.t("publication.refused", reason=exc.text(ctx.lang)))
    else:
        st.session_state[_FLASH] = (
            "success",
            ctx.t(f"publication.done.{action}", date=reporting_date.isoformat()),
        )


def _flash() -> None:
    shown = st.session_state.pop(_FLASH, None)
    if shown is not None:
        kind, text = shown
        (st.success if kind == "success" else st.error)(text)


def publication_panel(ctx: PageContext, snapshot: SnapshotInfo, *, key: str) -> None:
    """Status, review and buttons for one snapshot (administrators only; `key` makes widget keys unique)."""
    if not sees_drafts(ctx.user):
        return
    _flash()
    day = snapshot.reporting_date
    status = snapshot_statuses().get(day, publication.Status(day))
    st.subheader(ctx.t("review.title", date=fmt_date(day, ctx.lang)))
    st.info(view.status_line(status, ctx.lang), icon=":material/fact_check:")
    review = _review(snapshot, comparison_base(snapshot))
    st.caption(view.comparison_line(review, ctx.lang))
    names = dict(zip(ctx.hromadas["katottg"], ctx.hromadas[ctx.name_column()], strict=True))
    found = view.warnings(review, names, ctx.lang)
    for text in found:
        st.warning(text, icon=":material/warning:")
    if not found:
        st.success(ctx.t("review.no_warnings"), icon=":material/check_circle:")
    data_table(
        view.counts_frame(review, ctx.lang),
        name=f"review_counts_{key}",
        column_config={
            "what": text_column(ctx.t("review.col_what")),
            "published": text_column(ctx.t("review.col_published")),
            "draft": text_column(ctx.t("review.col_draft")),
            "change": text_column(ctx.t("column.change")),
        },
    )
    _buttons(ctx, status, key)


def _buttons(ctx: PageContext, status: publication.Status, key: str) -> None:
    day = status.reporting_date
    row = st.container(horizontal=True, gap="small")
    if status.status != publication.PUBLISHED:
        if four_eyes():
            row.button(ctx.t("review.approve"), key=f"approve_{key}", icon=":material/thumb_up:",
                       on_click=_act, args=(ctx, "approved", day))  # fmt: skip
        row.button(ctx.t("review.publish"), key=f"publish_{key}", type="primary", icon=":material/publish:",
                   on_click=_act, args=(ctx, "published", day))  # fmt: skip
    if status.status != publication.WITHDRAWN:
        label = "review.withdraw" if status.published else "review.reject"
        row.button(ctx.t(label), key=f"withdraw_{key}", icon=":material/unpublished:",
                   on_click=_act, args=(ctx, "withdrawn", day))  # fmt: skip
    if four_eyes() and status.status != publication.PUBLISHED:
        st.caption(ctx.t("review.four_eyes"))


def skipped_files_notice(ctx: PageContext) -> None:
    """Sidebar, administrators only: how many files of the snapshots folder are skipped (the data page
    says which and why)."""
    problems = snapshot_scan().problems
    if problems and sees_drafts(ctx.user):
        st.sidebar.warning(ctx.t("publication.skipped_files", n=fmt_int(len(problems), ctx.lang)),
                           icon=":material/report:")  # fmt: skip


def admin_section(ctx: PageContext) -> None:
    """The data page's part for administrators: every snapshot with its status, the skipped files, and
    the publication panel of the one chosen."""
    if not sees_drafts(ctx.user):
        return
    statuses = snapshot_statuses()
    snapshots = available_snapshots()
    st.subheader(ctx.t("publication.title"))
    st.caption(ctx.t("publication.caption"))
    data_table(view.status_frame(snapshots, statuses, ctx.lang), name="publication_statuses",
               column_config={"date": text_column(ctx.t("pg.data.col_reporting_date")),
                              "status": text_column(ctx.t("column.status")),
                              "since": text_column(ctx.t("publication.col_since")),
                              "by": text_column(ctx.t("publication.col_by"))})  # fmt: skip
    problems = snapshot_scan().problems
    if problems:
        st.warning(
            ctx.t("publication.skipped_files", n=fmt_int(len(problems), ctx.lang)), icon=":material/report:"
        )
        frame = pd.DataFrame(
            {"file": [p.name for p in problems], "why": [ctx.t(f"snapshot_problem.{p.code}") for p in problems],
             "detail": [p.detail for p in problems]}
        )  # fmt: skip
        data_table(frame, name="publication_skipped",
                   column_config={"file": text_column(ctx.t("pg.data.col_file")),
                                  "why": text_column(ctx.t("publication.col_why")),
                                  "detail": text_column(ctx.t("publication.col_detail"))})  # fmt: skip
    if not snapshots:
        return
    dates = [s.reporting_date for s in reversed(snapshots)]
    default = dates.index(ctx.reporting_date) if ctx.reporting_date in dates else 0
    chosen = st.selectbox(ctx.t("publication.choose"), dates, index=default, key="publication_date",
                          format_func=lambda d: fmt_date(d, ctx.lang),
                          placeholder=ctx.t("common.choose_one"))  # fmt: skip
    publication_panel(ctx, next(s for s in snapshots if s.reporting_date == chosen), key="data")
