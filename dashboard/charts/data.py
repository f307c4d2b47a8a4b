"""Pure table builders of the data-and-methodology page (no Streamlit inside): snapshots, changes,
freshness, completeness, source files and the catalogue of indicator definitions."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any, TypedDict

import pandas as pd

from dashboard.formatting import fmt_int, fmt_num, fmt_pct
from dashboard.i18n import DEFAULT_LANG, label, strings, t, tn
from dashboard.schema import CONTRACT_TABLE_NAMES
from dashboard.snapshots import SnapshotInfo

# Indicators by methodology section (the indicator.* keys of the locales). An indicator added to the
# locales but not listed here still appears, under "other", so the catalogue can never silently omit one.
SECTIONS: dict[str, tuple[str, ...]] = {
    "coverage": (
        "hromada_coverage",
        "population_covered",
        "residents_per_officer",
        "area_per_officer",
        "resource_completeness",
        "rollout_stages",
        "retention_12m",
    ),
    "activity": ("activity_events", "meeting_attendance", "patrol_hours", "council_reports", "time_inside"),
    "crime": (
        "offence_rate",
        "absolute_change",
        "poisson_z",
        "overdispersion",
        "comparing_periods",
        "pct_change",
        "before_after",
        "wdd",
        "event_study",
        "rank_interval",
        "clearance",
        "response_time",
    ),
    "trust": ("trust", "feel_safe", "knows_officer", "wilson_interval"),
    "passport": ("open_problems", "measures_done", "overdue_measures", "days_since_review"),
    "quality": ("data_freshness", "completeness", "rows_rejected"),
}
# A hromada's share, then a raion's or the oblast's: population-weighted over the hromadas surveyed (Kish).
_SHARE = (
    r"p = \frac{{k}}{{n}}, \qquad \pm\, 1{dec}96\,\sqrt{{\frac{{p\,(1-p)}}{{n}}}}; \qquad "
    r"p_w = \sum_h w_h\,p_h, \qquad \pm\, 1{dec}96\,\sqrt{{\sum_h w_h^2\,\frac{{p_h\,(1-p_h)}}{{n_h}}}}"
)
# Formulas worth typesetting; the symbols are explained by the text formula beside them.
LATEX: dict[str, str] = {
    "residents_per_officer": r"\frac{P}{O}",
    "resource_completeness": r"\frac{\sum_{k} \min(d_k,\ O)}{3\,O}, \quad k \in \{1, 2, 3\}",
    "offence_rate": r"\frac{N_{12}}{P} \times 10\,000",
    "absolute_change": r"\Delta = N_1 - N_0",
    "poisson_z": r"z = \sqrt{2}\left(\sqrt{N_1} - \sqrt{N_0}\right) \approx \frac{N_1 - N_0}{\sqrt{N_1 + N_0}}",
    "pct_change": r"\frac{N_1 - N_0}{N_0}, \qquad N_0 \ge 20",
    "wdd": r"\mathrm{WDD} = (T_1 - T_0) - k\,(C_1 - C_0), \qquad SE = \sqrt{T_0 + T_1 + k^2 (C_0 + C_1)}, "
    r"\qquad k = \frac{P_T}{P_C}",
    "overdispersion": r"\hat\varphi = \frac{\sum_t (d_t - \bar d)^2}{\sum_t s_t} \cdot \frac{m}{m-1}, "
    r"\qquad \tilde\varphi = \max\left(1,\ \frac{d_0 \varphi_0 + (m-1)\,\hat\varphi}{d_0 + m - 1}\right), "
    r"\qquad z_\varphi = \frac{z}{\sqrt{\tilde\varphi}} \sim t_{d_0 + m - 1}",
    "wilson_interval": r"\frac{p + \frac{z^2}{2n} \pm z\sqrt{\frac{p(1-p)}{n} + \frac{z^2}{4n^2}}}{1 + \frac{z^2}{n}}",
    "event_study": (
        r"\mathrm{ATT}(g,t) = \left[\bar Y_g(t) - \bar Y_g(g-1)\right] - \left[\bar Y_{C_t}(t) - \bar Y_{C_t}(g-1)\right],"
        r" \qquad \theta(e) = \sum_g w_g\,\mathrm{ATT}(g, g+e)"
    ),
    "clearance": r"\frac{S}{N}",
    "trust": _SHARE,
    "feel_safe": _SHARE,
    "knows_officer": _SHARE,
}
# Which functions of dashboard/indicators.py each methodology entry explains: every function that a page,
# view, chart, query wrapper or report calls must be listed (tests/test_methodology.py), so that a formula
# added to the dashboard cannot miss its explanation and reference on the Data & methodology page.
METHODS: dict[str, tuple[str, ...]] = {
    "hromada_coverage": ("coverage", "coverage_status", "on_duty_mask"),
    "population_covered": ("coverage",),
    "residents_per_officer": ("residents_per_officer", "resident_norm", "exceeds_norm"),
    "area_per_officer": ("area_per_officer", "settlements_per_officer"),
    "resource_completeness": (
        "resource_completeness",
        "resource_completeness_table",
        "resource_completeness_pooled",
    ),
    "rollout_stages": ("rollout_stage",),
    "retention_12m": ("retention_12m",),
    "activity_events": ("per_officer_week",),
    "meeting_attendance": ("mean_attendance",),
    "time_inside": ("time_inside_share",),
    "offence_rate": ("rate_per_10k", "seasonal_profile"),
    "absolute_change": ("absolute_change",),
    "poisson_z": ("poisson_z", "change_p", "count_change", "count_changes", "level_from_p"),
    "overdispersion": ("dispersion_frame", "dispersion_matrix", "squeeze_dispersion", "t_reference"),
    "comparing_periods": (),  # dashboard/periods.py, not a formula of indicators.py
    "pct_change": ("pct_change",),
    "before_after": ("before_after_deployment", "event_time_series", "rate_change_se"),
    "wdd": ("wdd", "wdd_vs_controls", "wdd_verdict", "deployment_waves", "normal_p"),
    "rank_interval": ("rank_intervals", "rank_descending", "funnel_limits", "is_small_number"),
    "clearance": ("clearance",),
    "response_time": ("response_time_stats", "response_minutes", "histogram_quantiles"),
    "trust": (
        "share_with_moe",
        "share_with_moe_frame",
        "weighted_share",
        "weighted_share_frame",
        "weighted_change_frame",
        "share_difference_frame",
    ),
    "wilson_interval": ("wilson_interval", "share_interval", "share_interval_frame"),
    "measures_done": ("passport_summary", "passport_summary_by_hromada"),
    "overdue_measures": ("passport_overdue",),
    "days_since_review": ("review_is_stale", "reviewed_recently"),
}
HEADLINE_KEYS = {
    "hromadas_covered": "kpi.hromadas_covered",
    "officers_on_duty": "kpi.officers_on_duty",
    "offences_12m": "pg.data.headline_offences",
    "activities_12m": "pg.data.headline_activities",
}


def _table_label(table: str, lang: str) -> str:
    return label("table", table, lang)


def megabytes(size_bytes: Any, lang: str) -> str:
    """«32,0 МБ»."""
    return t("pg.data.megabytes", lang, n=fmt_num(float(size_bytes) / 1_000_000, 1, lang))


def snapshots_table(
    snapshots: Sequence[SnapshotInfo],
    row_counts: Mapping[dt.date, Mapping[str, int]],
    *,
    current: dt.date,
    lang: str,
) -> pd.DataFrame:
    """One row per snapshot, newest first: reporting_date, kind (demo / real, the one shown marked),
    created_at, rows_rejected, size, and one row-count column per contract table (rows_<table>). Counts are
    text formatted the language's way («466 656»): the table widget would group thousands the browser's way.
    `row_counts` per reporting date come from `queries.data.data_meta` through the data policy (a partner's
    offences count is the sum of rounded cells), not from the file's raw metadata in `SnapshotInfo`."""
    rows = []
    for snap in sorted(snapshots, key=lambda s: s.reporting_date, reverse=True):
        kind = t("pg.data.kind_demo" if snap.is_demo else "pg.data.kind_real", lang)
        if snap.reporting_date == current:
            kind = t("pg.data.kind_current", lang, kind=kind)
        row = {
            "reporting_date": pd.Timestamp(snap.reporting_date),
            "kind": kind,
            "created_at": pd.Timestamp(snap.created_at),
            "rows_rejected": fmt_int(snap.rows_rejected, lang),
            "size": megabytes(snap.size_bytes, lang),
        }
        counts = row_counts.get(snap.reporting_date, {})
        row |= {f"rows_{name}": fmt_int(counts.get(name), lang) for name in CONTRACT_TABLE_NAMES}
        rows.append(row)
    return pd.DataFrame(rows)


def row_count_changes(previous: Mapping[str, int], current: Mapping[str, int], *, lang: str) -> pd.DataFrame:
    """Row counts per contract table in the previous and the current snapshot (from their metadata).

    Columns: table (label), rows_previous, rows_current, change (signed text, «+764»).
    """
    rows = []
    for name in CONTRACT_TABLE_NAMES:
        before, after = int(previous.get(name, 0)), int(current.get(name, 0))
        change = after - before
        text = ("+" if change > 0 else "") + fmt_int(change, lang)
        rows.append((_table_label(name, lang), fmt_int(before, lang), fmt_int(after, lang), text))
    return pd.DataFrame(rows, columns=["table", "rows_previous", "rows_current", "change"])


def headline_changes(previous: pd.Series, current: pd.Series, *, lang: str) -> pd.DataFrame:
    """The headline figures in both snapshots. Columns: indicator (label), previous, current, change
    (all text, formatted the language's way)."""
    rows = []
    for column, key in HEADLINE_KEYS.items():
        before, after = int(previous[column]), int(current[column])
        change = ("+" if after > before else "") + fmt_int(after - before, lang)
        rows.append((t(key, lang), fmt_int(before, lang), fmt_int(after, lang), change))
    return pd.DataFrame(rows, columns=["indicator", "previous", "current", "change"])


def table_changes(df: pd.DataFrame, *, lang: str) -> pd.DataFrame:
    """``data_table_changes`` with table labels. Columns: table, rows_a, rows_b, added, changed, removed."""
    out = df.copy()
    out["table"] = [_table_label(name, lang) for name in out["table"]]
    for column in ("rows_a", "rows_b", "added", "changed", "removed"):
        out[column] = [fmt_int(v, lang) for v in out[column]]
    return out


def freshness_table(df: pd.DataFrame, *, lang: str) -> pd.DataFrame:
    """``data_freshness`` for display. Columns: source (label), latest, days_behind, expected, status."""
    expected = [
        t("pg.data.expected_none", lang)
        if pd.isna(m)
        else t("pg.data.expected_days", lang, days=tn("count.days", m, lang))
        for m in df["max_days"]
    ]
    status = [
        t(
            "pg.data.status_late"
            if late
            else ("pg.data.status_ok" if pd.notna(m) else "pg.data.status_info"),
            lang,
        )
        for late, m in zip(df["late"], df["max_days"], strict=True)
    ]
    return pd.DataFrame(
        {
            "source": [_table_label(s, lang) for s in df["source"]],
            "latest": pd.to_datetime(df["latest"]).to_numpy(),
            "days_behind": df["days_behind"].astype("Int64").to_numpy(),
            "expected": expected,
            "status": status,
        }
    )


def completeness_table(df: pd.DataFrame, *, lang: str) -> pd.DataFrame:
    """``data_completeness`` for display. Columns: source (label), hromadas («46 з 49»), share (0–100)."""
    return pd.DataFrame(
        {
            "source": [_table_label(s, lang) for s in df["source"]],
            "hromadas": [
                t("pg.data.of_total", lang, n=fmt_int(n, lang), total=fmt_int(total, lang))
                for n, total in zip(df["n_with_data"], df["n_hromadas"], strict=True)
            ],
            "share": [fmt_pct(s, 0, lang) for s in df["share"]],
        }
    )


def source_files_table(df: pd.DataFrame, *, lang: str) -> pd.DataFrame:
    """``data_source_files`` for display. Columns: table (label), name, rows, size, sha256."""
    return pd.DataFrame(
        {
            "table": [_table_label(s, lang) for s in df["table"]],
            "name": df["name"].to_numpy(),
            "rows": [fmt_int(v, lang) for v in df["rows"]],
            "size": [megabytes(b, lang) for b in df["size_bytes"]],
            "sha256": df["sha256"].to_numpy(),
        }
    )


def indicator_ids() -> list[str]:
    """Every indicator of the locales (indicator.<id>.name), in file order."""
    pattern = re.compile(r"^indicator\.([a-z0-9_]+)\.name$")
    return [m.group(1) for key in strings(DEFAULT_LANG) if (m := pattern.match(key))]


class CatalogueEntry(TypedDict):
    """One indicator of the methodology catalogue."""

    id: str
    name: str
    definition: str
    formula: str  # text
    notes: str
    latex: str | None  # None when the text says it all


def indicator_catalogue(lang: str) -> list[tuple[str, list[CatalogueEntry]]]:
    """The indicator definitions grouped by section: [(section title, [indicator, ...]), ...].

    Each indicator: id, name, definition, formula (text), notes, latex (None when the text says it all).
    """
    known = indicator_ids()
    listed = {i for ids in SECTIONS.values() for i in ids}
    groups = [(f"methodology.section.{s}", [i for i in ids if i in known]) for s, ids in SECTIONS.items()]
    groups.append(("pg.data.section_other", [i for i in known if i not in listed]))
    decimal = "{,}" if lang != "en" else "."
    return [
        (
            t(title, lang),
            [
                {
                    "id": i,
                    "name": t(f"indicator.{i}.name", lang),
                    "definition": t(f"indicator.{i}.definition", lang),
                    "formula": t(f"indicator.{i}.formula", lang),
                    "notes": t(f"indicator.{i}.notes", lang),
                    "latex": LATEX[i].format(dec=decimal)
                    if i in LATEX and "{dec}" in LATEX[i]
                    else LATEX.get(i),
                }
                for i in ids
            ],
        )
        for title, ids in groups
        if ids
    ]
