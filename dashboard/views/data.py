"""The data-and-methodology page's views: the header cards and the rules tab, built from its query results.

Pure (no `st.`); the tables of the page are built by dashboard/charts/data.py.
"""

from __future__ import annotations

import pandas as pd

from dashboard.formatting import fmt_date, fmt_datetime, fmt_int
from dashboard.i18n import Translator
from dashboard.snapshots import SnapshotInfo
from dashboard.views.kpi import Kpi


def build_caption(meta: pd.Series, *, lang: str) -> str:
    """How the snapshot was built: when, by what, schema and app version."""
    return Translator(lang)(
        "pg.data.meta_caption",
        created=fmt_datetime(meta["created_at"], lang),
        generator=str(meta["generator"] or "—"),
        schema=str(meta["schema_version"]),
        version=str(meta["app_version"]),
    )


def header_kpis(meta: pd.Series, freshness: pd.DataFrame, snapshot: SnapshotInfo, *, lang: str) -> list[Kpi]:
    """The snapshot shown (how it was built in the help), rows rejected and warnings at its ingest, and how
    many sources are late (`queries.data.data_meta` and `data_freshness`)."""
    tr = Translator(lang)
    built = build_caption(meta, lang=lang)
    return [
        Kpi(tr("pg.data.kpi_snapshot"), fmt_date(snapshot.reporting_date, lang), help=built),
        Kpi(
            tr("pg.data.kpi_rejected"), fmt_int(meta["rows_rejected"], lang), help=tr("quality.rows_rejected")
        ),
        Kpi(
            tr("pg.data.kpi_warnings"), fmt_int(meta["warnings"], lang), help=tr("pg.data.kpi_warnings_help")
        ),
        Kpi(tr("pg.data.kpi_late"), fmt_int(freshness["late"].sum(), lang), help=tr("pg.data.kpi_late_help")),
    ]


def rules(lang: str) -> list[tuple[str, str]]:
    """The rules tab: (title, Markdown body) of small numbers, changes, data protection (the partner view's
    rounding), the pilot mapping, population and sources."""
    tr = Translator(lang)
    return [
        (tr("pg.data.rules_small_title"), tr("small_numbers.explanation")),
        (tr("pg.data.rules_changes_title"), tr("pg.data.rules_changes")),
        (tr("pg.data.rules_privacy_title"), tr("pg.data.rules_privacy")),
        (tr("pg.data.pilot_title"), tr("pg.data.pilot_mapping_note")),
        (tr("pg.data.population_title"), tr("pg.data.population")),
        (tr("methodology.sources"), tr("pg.data.sources")),
    ]
