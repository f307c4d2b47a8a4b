"""The snapshot-diff tables in the reader's language (pure, no `st.`): a SnapshotDiff
(dashboard/snapshot_diff.py) -> the rows-per-table and headline tables shown after a build on the upload
page and printed by `python -m dashboard diff`. Headers, table names and indicator names come from the
string tables; numbers are formatted the language's way (changes with their sign)."""

from __future__ import annotations

import pandas as pd

from dashboard.formatting import fmt_date, fmt_int, fmt_signed
from dashboard.i18n import Translator, label
from dashboard.snapshot_diff import SnapshotDiff

_COUNTS = ("rows_a", "rows_b", "added", "changed", "removed")


def _dates(diff: SnapshotDiff, lang: str) -> dict[str, str]:
    return {"a": fmt_date(diff.date_a, lang), "b": fmt_date(diff.date_b, lang)}


def tables_frame(diff: SnapshotDiff, lang: str) -> pd.DataFrame:
    """One row per contract table: its name, rows in each snapshot, rows added, changed and removed."""
    tr, dates = Translator(lang), _dates(diff, lang)
    header = [
        tr("pg.ingest.diff.header.table"),
        *(tr(f"pg.ingest.diff.header.{c}", **dates) for c in _COUNTS),
    ]
    rows = [
        [label("table", change.table, lang), *(fmt_int(getattr(change, c), lang) for c in _COUNTS)]
        for change in diff.tables
    ]
    return pd.DataFrame(rows, columns=header)


def headline_frame(diff: SnapshotDiff, lang: str) -> pd.DataFrame:
    """One row per headline indicator: its name, its value at each reporting date, the change."""
    tr, dates = Translator(lang), _dates(diff, lang)
    header = [
        tr("pg.ingest.diff.header.indicator"),
        dates["a"],
        dates["b"],
        tr("pg.ingest.diff.header.change"),
    ]
    rows = [
        [
            tr(f"pg.ingest.diff.indicator.{h.indicator}"),
            fmt_int(h.a, lang),
            fmt_int(h.b, lang),
            fmt_signed(h.change, 0, lang),
        ]
        for h in diff.headline
    ]
    return pd.DataFrame(rows, columns=header)
