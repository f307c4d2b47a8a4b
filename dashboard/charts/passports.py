"""Pure chart and table builders of the safety-passports page (no Streamlit inside)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard import indicators as ind
from dashboard.charts.common import BLUE, GREEN, GREY, HEIGHT_SMALL, ORANGE, SKY, VERMILION, base_figure
from dashboard.formatting import fmt_date, fmt_int, fmt_pct
from dashboard.i18n import label, t, tn

PRIORITY_COLOURS = {"high": VERMILION, "medium": ORANGE, "low": SKY}
STATUS_COLOURS = {"done": GREEN, "in_progress": BLUE, "planned": SKY, "overdue": VERMILION, "cancelled": GREY}


def open_problems_figure(df: pd.DataFrame, *, lang: str) -> go.Figure:
    """Open problems per priority (horizontal bars, high on top), from ``passport_open_problems``."""
    fig = base_figure(lang, height=HEIGHT_SMALL)
    names = [label("priority", p, lang) for p in df["priority"]]
    hover = [
        t("pg.passports.hover_problems", lang, n=fmt_int(n, lang), hromadas=tn("count.hromadas", h, lang))
        for n, h in zip(df["n_problems"], df["n_hromadas"], strict=True)
    ]
    fig.add_trace(
        go.Bar(
            x=df["n_problems"],
            y=names,
            orientation="h",
            marker={"color": [PRIORITY_COLOURS.get(p, GREY) for p in df["priority"]]},
            text=[fmt_int(n, lang) for n in df["n_problems"]],
            textposition="auto",
            customdata=hover,
            hovertemplate="<b>%{y}</b><br>%{customdata}<extra></extra>",
            showlegend=False,
        )
    )
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=names[::-1])
    fig.update_xaxes(title_text=t("axis.count", lang), tickformat=",d", rangemode="tozero")
    return fig


def status_figure(df: pd.DataFrame, *, lang: str) -> go.Figure:
    """Measures per priority stacked by status (done, in progress, planned, overdue, cancelled), from
    ``passport_status_counts``; an overdue measure is shown as overdue, not as planned or in progress."""
    fig = base_figure(lang, height=HEIGHT_SMALL)
    priorities = list(dict.fromkeys(df["priority"]))
    names = [label("priority", p, lang) for p in priorities]
    for status, colour in STATUS_COLOURS.items():
        part = df[df["status"] == status].set_index("priority").reindex(priorities)
        fig.add_trace(
            go.Bar(
                x=part["n"].fillna(0),
                y=names,
                orientation="h",
                name=label("passport_status", status, lang),
                marker={"color": colour},
                customdata=[fmt_int(n, lang) for n in part["n"].fillna(0)],
                hovertemplate="<b>%{y}</b><br>"
                + label("passport_status", status, lang)
                + ": %{customdata}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack", legend={"traceorder": "normal"})
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=names[::-1])
    fig.update_xaxes(title_text=t("axis.count", lang), tickformat=",d", rangemode="tozero")
    return fig


def done_of_due_text(share: Any, done: Any, due: Any, lang: str) -> str:
    """«50,0 % (1 з 2)»: the share with its counts, which matter when they are small; «—» if none due."""
    if not due:
        return "—"
    return t(
        "pg.passports.done_of_due",
        lang,
        share=fmt_pct(share, 0, lang),
        done=fmt_int(done, lang),
        due=fmt_int(due, lang),
    )


def hromada_table(df: pd.DataFrame, *, lang: str) -> pd.DataFrame:
    """One row per hromada with a passport, from ``passport_hromadas``, for st.dataframe.

    Columns: hromada (name), n_items, n_open, n_overdue, done_of_due («50 % (1 з 2)»), last_review,
    days_since_review, flags (overdue measures / not reviewed for more than 180 days; empty if none).
    """
    data = df[df["has_passport"]]
    name_col = "name_en" if lang == "en" else "name_uk"
    stale = t("pg.passports.flag_stale", lang, days=fmt_int(ind.PASSPORT_REVIEW_MAX_DAYS, lang))
    overdue = t("pg.passports.flag_overdue", lang)
    flags = [
        "; ".join([*([overdue] if n > 0 else []), *([stale] if s else [])])
        for n, s in zip(data["n_overdue"], data["stale"], strict=True)
    ]
    return pd.DataFrame(
        {
            "hromada": data[name_col].to_numpy(),
            "n_items": data["n_items"].to_numpy(),
            "n_open": data["n_open"].to_numpy(),
            "n_overdue": data["n_overdue"].to_numpy(),
            "done_of_due": [
                done_of_due_text(s, d, n, lang)
                for s, d, n in zip(data["done_share"], data["n_done_due"], data["n_due"], strict=True)
            ],
            "last_review": pd.to_datetime(data["last_review"]).to_numpy(),
            "days_since_review": data["days_since_review"].astype("Int64").to_numpy(),
            "flags": flags,
        }
    )


def overdue_table(df: pd.DataFrame, *, lang: str) -> pd.DataFrame:
    """Overdue measures from ``passport_overdue_measures``, for st.dataframe (free text kept as text).

    Columns: hromada (name), problem, priority (label), measure, responsible, due_on, status (label),
    days_overdue. The data policy removes problem, measure and responsible for roles that may not see
    them (and blanks them for other hromadas): the table then goes without them.
    """
    name_col = "name_en" if lang == "en" else "name_uk"
    columns = {
        "hromada": df[name_col].to_numpy(),
        "problem": df["problem"].to_numpy() if "problem" in df else None,
        "priority": [label("priority", p, lang) for p in df["priority"]],
        "measure": df["measure"].to_numpy() if "measure" in df else None,
        "responsible": df["responsible"].to_numpy() if "responsible" in df else None,
        "due_on": pd.to_datetime(df["due_on"]).to_numpy(),
        "status": [label("passport_status", s, lang) for s in df["status"]],
        "days_overdue": df["days_overdue"].to_numpy(),
    }
    return pd.DataFrame({key: values for key, values in columns.items() if values is not None})


def overdue_full_texts(table: pd.DataFrame, *, lang: str) -> list[str]:
    """The free texts of `overdue_table` in full, one plain-text paragraph per measure (the table's cells
    cut long texts off): «Hromada · due date — problem: …; measure: …; responsible: …», for `st.text` (free
    text is never Markdown). Columns the data policy removed are left out."""
    fields = [c for c in ("problem", "measure", "responsible") if c in table]
    paragraphs = []
    for row in table.itertuples(index=False):
        parts = [f"{t(f'column.{c}', lang)}: {getattr(row, c)}" for c in fields]
        head = f"{row.hromada} · {fmt_date(row.due_on, lang)}"
        paragraphs.append(f"{head} — " + "; ".join(parts) if parts else head)
    return paragraphs


def review_help(totals: pd.Series, *, lang: str, hromada_name: str | None) -> str:
    """The help of the "days since the last review" card: the date for one hromada; for many, the
    median's meaning, the longest and how many exceed 180 days."""
    if totals["n_with_passport"] <= 1:
        return t("pg.passports.review_help_one", lang, date=fmt_date(totals["last_review"], lang))
    return t(
        "pg.passports.review_help_many",
        lang,
        longest=tn("count.days", totals["max_days_since_review"], lang),
        name=hromada_name or "—",
        days=fmt_int(ind.PASSPORT_REVIEW_MAX_DAYS, lang),
        stale=tn("count.hromadas", totals["n_stale"], lang),
    )
