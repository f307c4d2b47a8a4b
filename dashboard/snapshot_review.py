"""The review of a snapshot before it is published: what would change for everyone if it were.

A draft is compared with the published snapshot it would replace as the default (the newest published
one other than itself): the headline figures, every table's row count, the hromadas that have data in
the published snapshot but none in the draft, the counts that fall by more than half, and the rows of the
draft dated after its reporting date. dashboard/views/review.py turns a Review into plain warnings; the
administrators' publication panel (dashboard/ui/publication.py) shows them next to the buttons.
Both files are opened read-only; nothing is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dashboard.queries import run_query
from dashboard.schema import CONTRACT_TABLE_NAMES
from dashboard.snapshot_diff import HEADLINE, headline
from dashboard.snapshots import SnapshotInfo, connect_readonly

DROP_SHARE = 0.5  # a count falling below this share of the published one is flagged


@dataclass(frozen=True)
class Count:
    """One figure of both snapshots: a headline indicator or a table's rows. `before` is None without a
    published snapshot to compare with."""

    kind: str  # "indicator" or "table"
    name: str
    before: int | None
    after: int

    @property
    def change(self) -> int | None:
        return None if self.before is None else self.after - self.before

    @property
    def dropped(self) -> bool:
        """Fell by more than half (from a positive count)."""
        return self.before is not None and self.before > 0 and self.after < DROP_SHARE * self.before


@dataclass(frozen=True)
class Review:
    draft: dt.date
    published: dt.date | None  # the snapshot compared with; None when nothing is published yet
    draft_is_demo: bool
    counts: list[Count]
    missing_hromadas: list[str]  # KATOTTG codes with data in the published snapshot, none in the draft
    future_rows: dict[str, int]  # table -> rows of the draft dated after its reporting date (only > 0)

    @property
    def drops(self) -> list[Count]:
        return [c for c in self.counts if c.dropped]

    @property
    def n_warnings(self) -> int:
        """Plain warnings the review gives: the drops (one), the lost hromadas (one), one per late table."""
        return bool(self.drops) + bool(self.missing_hromadas) + len(self.future_rows)


def _facts(info: SnapshotInfo) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """Headline figures, hromada → rows, table → rows dated after the reporting date."""
    with connect_readonly(info.path) as con:
        head = headline(con, info.reporting_date)
        by_hromada = run_query(con, "review_hromadas", {})
        future = run_query(con, "review_future_events", {"reporting_date": info.reporting_date})
    hromadas = dict(zip(by_hromada["hromada"], by_hromada["n_rows"].astype(int), strict=True))
    late = {str(t): int(n) for t, n in zip(future["table"], future["n_rows"], strict=True) if int(n) > 0}
    return head, hromadas, late


def review_snapshot(draft: SnapshotInfo, published: SnapshotInfo | None) -> Review:
    """Compare `draft` with `published` (None: the first snapshot to be published)."""
    head_after, hromadas_after, future = _facts(draft)
    if published is None:
        head_before: dict[str, int] = {}
        hromadas_before: dict[str, int] = {}
        rows_before: dict[str, int] = {}
    else:
        head_before, hromadas_before, _ = _facts(published)
        rows_before = published.row_counts
    counts = [Count("indicator", name, head_before.get(name), head_after[name]) for name in HEADLINE]
    counts += [
        Count("table", name, rows_before.get(name) if published else None, draft.row_counts.get(name, 0))
        for name in CONTRACT_TABLE_NAMES
    ]
    missing = sorted(set(hromadas_before) - set(hromadas_after))
    return Review(
        draft.reporting_date,
        published.reporting_date if published else None,
        draft.is_demo,
        counts,
        missing,
        future,
    )
