"""The publication review in words and tables (pure, no `st.`): a Review (dashboard/snapshot_review.py)
-> plain warnings, one per finding, and the table of counts before / after."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard import publication
from dashboard.formatting import fmt_date, fmt_int, fmt_signed
from dashboard.i18n import Translator
from dashboard.snapshot_review import Count, Review
from dashboard.snapshots import SnapshotInfo

MAX_NAMES = 10  # hromadas named in a warning; the rest are counted


def count_label(count: Count, lang: str) -> str:
    tr = Translator(lang)
    return (
        tr(f"pg.ingest.diff.indicator.{count.name}")
        if count.kind == "indicator"
        else tr(f"table.{count.name}")
    )


def warnings(review: Review, names: dict[str, str], lang: str) -> list[str]:
    """One plain sentence per finding: counts that fall by more than half, hromadas that disappear, rows
    dated after the reporting date. `names`: KATOTTG -> the hromada's name in `lang`."""
    tr = Translator(lang)
    found = []
    if review.drops:  # one warning, a line per count: a partial upload drops many at once
        lines = [
            tr(
                "review.warn.drop",
                what=count_label(count, lang),
                before=fmt_int(count.before, lang),
                after=fmt_int(count.after, lang),
                share=fmt_signed((count.change or 0) / (count.before or 1), 0, lang, percent=True),
            )
            for count in review.drops
        ]
        found.append(tr("review.warn.drops") + "\n" + "".join(f"\n- {line}" for line in lines))
    if review.missing_hromadas:
        shown = [names.get(code, code) for code in review.missing_hromadas[:MAX_NAMES]]
        more = len(review.missing_hromadas) - len(shown)
        found.append(
            tr(
                "review.warn.missing_hromadas",
                n=fmt_int(len(review.missing_hromadas), lang),
                names=", ".join(shown)
                + (" " + tr("review.warn.and_more", n=fmt_int(more, lang)) if more else ""),
            )
        )
    for table, n in review.future_rows.items():
        found.append(
            tr(
                "review.warn.future_rows",
                n=fmt_int(n, lang),
                table=tr(f"table.{table}"),
                date=fmt_date(review.draft, lang),
            )
        )
    return found


def comparison_line(review: Review, lang: str) -> str:
    """What the draft is compared with."""
    tr = Translator(lang)
    if review.published is None:
        return tr("review.first_publication")
    return tr("review.compared_with", date=fmt_date(review.published, lang))


def counts_frame(review: Review, lang: str) -> pd.DataFrame:
    """Columns: what, published, draft, change (text, formatted for `lang`)."""
    rows = [
        {
            "what": count_label(c, lang),
            "published": "—" if c.before is None else fmt_int(c.before, lang),
            "draft": fmt_int(c.after, lang),
            "change": "—" if c.change is None else fmt_signed(c.change, 0, lang),
        }
        for c in review.counts
    ]
    return pd.DataFrame(rows, columns=["what", "published", "draft", "change"])


def status_text(status: publication.Status, lang: str) -> str:
    """«draft», «draft (approved by: olena)», «published», «withdrawn»."""
    tr = Translator(lang)
    text = tr(f"publication.status.{status.status}")
    if status.approvals and status.status != publication.PUBLISHED:
        text = tr("publication.approved_by", status=text, names=", ".join(status.approvals))
    return text


def status_line(status: publication.Status, lang: str) -> str:
    """«Status: draft (approved by: olena)»."""
    return Translator(lang)("publication.now", status=status_text(status, lang))


def status_frame(
    snapshots: list[SnapshotInfo], statuses: dict[dt.date, publication.Status], lang: str
) -> pd.DataFrame:
    """Columns: date, status, since, by — newest first, every good snapshot file."""
    rows = []
    for s in reversed(snapshots):
        status = statuses.get(s.reporting_date, publication.Status(s.reporting_date))
        rows.append(
            {
                "date": fmt_date(s.reporting_date, lang),
                "status": status_text(status, lang),
                "since": fmt_date(status.since[:10], lang) if status.since else "—",
                "by": status.by or "—",
            }
        )
    return pd.DataFrame(rows, columns=["date", "status", "since", "by"])
