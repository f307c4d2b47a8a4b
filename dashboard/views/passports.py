"""The safety passport as a record of action (pure, no `st.`): problems with their measures, what was
done with what result, and how recently each passport was reviewed.

Free text (problem, measure, responsible, action_taken, outcome) arrives already shaped by the data policy
(`ctx.query`): names masked for readers who may not see them. The page shows it as plain text only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard import indicators as ind
from dashboard.formatting import DASH, fmt_date, fmt_int, fmt_pct
from dashboard.i18n import label, t, tn
from dashboard.views.kpi import Kpi

# Status badge colours of Streamlit's markdown (`:green-badge[…]`): done, running, waiting, late, dropped.
STATUS_BADGE = {
    "done": "green",
    "in_progress": "blue",
    "planned": "gray",
    "overdue": "red",
    "cancelled": "gray",
}
PRIORITY_BADGE = {"high": "red", "medium": "orange", "low": "blue"}


@dataclass(frozen=True)
class MeasureCard:
    status: str  # shown status code (overdue replaces planned / in progress when late)
    badge: str  # Streamlit markdown badge of the status (our own text: safe as markdown)
    text: str  # plain text: the measure, who, when, what was done, with what result (free text inside)


@dataclass(frozen=True)
class ProblemGroup:
    priority: str
    badge: str  # the problem's highest priority and its number of measures (markdown badge, our text)
    problem: str  # plain text (free text)
    measures: list[MeasureCard]


def review_kpi(totals: pd.Series, *, lang: str) -> Kpi:
    """Share of the hromadas with a passport whose priorities were reviewed in the last 3 months."""
    return Kpi(
        t("pg.passports.kpi_recent", lang),
        fmt_pct(totals["reviewed_recently_share"], 0, lang),
        help=t(
            "pg.passports.recent_help",
            lang,
            n=fmt_int(totals["n_reviewed_recently"], lang),
            of=fmt_int(totals["n_with_passport"], lang),
            months=fmt_int(ind.PASSPORT_RECENT_REVIEW_MONTHS, lang),
        ),
    )


def review_line(row: pd.Series, *, lang: str) -> str:
    """«Last reviewed 01.08.2026 (91 days before the reporting date): not within 3 months.» for one hromada
    of ``passport_hromadas``; says when the date is only the last update (v1 files carry no review date)."""
    key = "pg.passports.review_line" if row["review_dated"] else "pg.passports.review_line_updated"
    verdict = "pg.passports.review_recent" if row["reviewed_recently"] else "pg.passports.review_old"
    return t(
        key,
        lang,
        date=fmt_date(row["last_review"], lang),
        days=tn("count.days", row["days_since_review"], lang),
        verdict=t(verdict, lang, months=fmt_int(ind.PASSPORT_RECENT_REVIEW_MONTHS, lang)),
    )


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def measure_text(row: Any, *, lang: str) -> str:
    """One measure as plain text lines: the measure; who and by when; what was done; the result."""
    lines = [_text(row.measure) or DASH]
    lines.append(
        t(
            "pg.passports.measure_meta",
            lang,
            responsible=_text(row.responsible) or DASH,
            due=fmt_date(row.due_on, lang),
            updated=fmt_date(row.updated_on, lang),
        )
    )
    if action := _text(row.action_taken):
        lines.append(t("pg.passports.measure_action", lang, text=action))
    if outcome := _text(row.outcome):
        lines.append(t("pg.passports.measure_outcome", lang, text=outcome))
    if not (_text(row.action_taken) or _text(row.outcome)):
        lines.append(t("pg.passports.measure_no_action", lang))
    return "\n".join(lines)


def problem_groups(measures: pd.DataFrame, hromada: str, *, lang: str) -> list[ProblemGroup]:
    """The passport of one hromada from ``passport_measures``: each problem (highest priority first) with
    its measures in order, as the page draws them."""
    rows = measures[measures["hromada"] == hromada]
    groups: list[ProblemGroup] = []
    # sort=False keeps the query's order: highest priority, then earliest due, first.
    for (rank, problem), part in rows.groupby(["problem_rank", "problem"], sort=False, dropna=False):
        priority = ("high", "medium", "low")[int(str(rank)) - 1]
        badge = f":{PRIORITY_BADGE[priority]}-badge[{label('priority', priority, lang)}] " + tn(
            "count.measures", len(part), lang
        )
        cards = [
            MeasureCard(
                status=str(row.shown_status),
                badge=f":{STATUS_BADGE.get(str(row.shown_status), 'gray')}-badge"
                f"[{label('passport_status', str(row.shown_status), lang)}]",
                text=measure_text(row, lang=lang),
            )
            for row in part.itertuples()
        ]
        groups.append(ProblemGroup(priority, badge, _text(problem) or DASH, cards))
    return groups


def hromada_choices(per_hromada: pd.DataFrame, *, lang: str) -> dict[str, str]:
    """KATOTTG → name of the hromadas with a passport, most overdue measures first (the page's order)."""
    with_passport = per_hromada[per_hromada["has_passport"]]
    name = "name_en" if lang == "en" else "name_uk"
    return dict(zip(with_passport["hromada"], with_passport[name], strict=True))


def measures_table(measures: pd.DataFrame, *, lang: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """Every measure in scope as one flat table for the CSV / XLSX downloads and the full view: the
    columns (hromada name, problem, priority, measure, responsible, due_on, status, action_taken, outcome,
    updated_on, reviewed_on) and their labels in `lang`. Columns the policy removed are left out."""
    name = "name_en" if lang == "en" else "name_uk"
    frame = pd.DataFrame(
        {
            "hromada": measures[name].to_numpy(),
            "problem": measures["problem"].to_numpy(),
            "priority": [label("priority", p, lang) for p in measures["priority"]],
            "measure": measures["measure"].to_numpy(),
            "responsible": measures["responsible"].astype(object).fillna(DASH).to_numpy(),
            "due_on": pd.to_datetime(measures["due_on"]).to_numpy(),
            "status": [label("passport_status", s, lang) for s in measures["shown_status"]],
            "action_taken": measures["action_taken"].astype(object).fillna(DASH).to_numpy(),
            "outcome": measures["outcome"].astype(object).fillna(DASH).to_numpy(),
            "updated_on": pd.to_datetime(measures["updated_on"]).to_numpy(),
            # Text, not a date column: a passport without review dates shows «—», never an empty cell.
            "reviewed_on": [fmt_date(d, lang) for d in measures["reviewed_on"]],
        }
    )
    labels = {c: t(f"column.{c}", lang) for c in frame.columns}
    return frame, labels


MEASURE_DATES = ("due_on", "updated_on")  # the date columns of measures_table (reviewed_on is text)
