"""Pure table and KPI builders of the community profile page. No `st.` inside.

KPI builders return keyword arguments of ui.layout.Kpi (label, value, delta, help) as dicts; table
builders return a display frame (or a pandas Styler, so numbers stay sortable) and the translated column
labels for st.dataframe's column_config. A test the data policy withheld (partner view) arrives empty and
is shown as "—".
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from dashboard import indicators as ind
from dashboard.charts.common import GREYED, WARNING_TEXT, share_margin_text
from dashboard.formatting import (
    DASH,
    fmt_date,
    fmt_int,
    fmt_minutes,
    fmt_month,
    fmt_num,
    fmt_pct,
    fmt_signed,
    metric_delta,
)
from dashboard.i18n import Translator, tn
from dashboard.periods import Comparison, Period

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_escape(text: Any) -> str:
    """Text from the data, safe inside st.markdown: every Markdown (and LaTeX "$") character escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def _count(value: Any, lang: str) -> str:
    return fmt_int(value, lang)


# --- header facts ------------------------------------------------------------------------------------------
def facts_badges(facts: pd.Series, *, lang: str) -> list[dict[str, str]]:
    """Short labelled facts for st.badge (label, icon, color): coverage status, rollout stage, pilot."""
    tr = Translator(lang)
    stage = facts["stage"]
    stage_text = tr("pg.profile.stage_not_started") if stage == "not_started" else tr.label("stage", stage)
    status = facts["coverage_status"]
    colour = {"deployed": "green", "in_training": "blue", "vacant": "orange"}.get(status, "gray")
    badges = [
        {"label": tr.label("coverage_status", status), "icon": ":material/local_police:", "color": colour},
        {"label": tr("pg.profile.stage_badge", stage=stage_text), "icon": ":material/flag:", "color": "gray"},
    ]
    if facts["is_pilot"]:
        badges.append({"label": tr("pg.profile.pilot_badge"), "icon": ":material/star:", "color": "violet"})
    return badges


def facts_kpis(facts: pd.Series, *, lang: str) -> list[dict[str, Any]]:
    """Two rows of cards: population, area, settlements, first deployment; officers on duty, residents
    per officer against the norm, and the travel burden (km² and settlements per officer).
    `facts` is the row of queries.profile.hromada_facts."""
    tr = Translator(lang)
    officers = facts["officers_on_duty"]
    rpo = facts["residents_per_officer"]
    norm = fmt_int(facts["norm"], lang)
    rpo_delta = None
    if not pd.isna(rpo):
        # Short, so that the card does not cut it off (the help tooltip does not print).
        key = "pg.profile.above_norm_short" if facts["exceeds_norm"] else "pg.map.norm_short"
        flag = tr(key, norm=norm)
        rpo_delta = {
            "delta": flag,
            "delta_color": "red" if facts["exceeds_norm"] else "gray",
            "delta_arrow": "off",
        }
    officers_help = tr.label("coverage_status", facts["coverage_status"])
    if facts["officers_in_pipeline"]:
        officers_help += ". " + tr("pg.profile.in_pipeline", n=fmt_int(facts["officers_in_pipeline"], lang))
    km2 = tr("unit.km2")
    return [
        {
            "label": tr("hromada.population"),
            "value": fmt_int(facts["population_2022"], lang),
            "help": tr("notice.population"),
        },
        {"label": tr("hromada.area"), "value": f"{fmt_int(facts['area_km2'], lang)}\u00a0{km2}"},
        {"label": tr("hromada.settlements"), "value": fmt_int(facts["n_settlements"], lang)},
        {"label": tr("pg.profile.first_deployment"), "value": fmt_date(facts["first_deployed_on"], lang)},
        {"label": tr("kpi.officers_on_duty"), "value": fmt_int(officers, lang), "help": officers_help},
        {
            "label": tr("kpi.residents_per_officer"),
            "value": fmt_int(rpo, lang),
            "delta": rpo_delta,
            "help": tr("kpi.norm_help"),
        },
        {
            "label": tr("pg.profile.area_per_officer"),
            "value": f"{fmt_int(ind.area_per_officer(facts['area_km2'], officers), lang)}\u00a0{km2}",
            "help": tr("indicator.area_per_officer.definition"),
        },
        {
            "label": tr("pg.profile.settlements_per_officer"),
            "value": fmt_num(ind.settlements_per_officer(facts["n_settlements"], officers), 1, lang),
            "help": tr("indicator.area_per_officer.definition"),
        },
    ]


# --- equipment -----------------------------------------------------------------------------------------------
def resources_table(
    kit: pd.DataFrame, officers: int, *, lang: str
) -> tuple[pd.DataFrame, dict[str, str], float]:
    """Delivered vs planned vs needed (one per officer on duty) per kind, the labels, and the
    completeness of the standard kit (indicators.resource_completeness; NaN without officers)."""
    tr = Translator(lang)
    table = pd.DataFrame(
        {
            "resource": [tr.label("resource", code) for code in kit["resource"]],
            "delivered": kit["delivered"].astype(int),
            "planned": kit["planned"].astype(int),
            "needed": int(officers),
        }
    )
    completeness = ind.resource_completeness(
        dict(zip(kit["resource"], kit["delivered"], strict=True)), officers
    )
    labels = {
        "resource": tr("pg.profile.col_resource"),
        "delivered": tr("resource_status.delivered"),
        "planned": tr("resource_status.planned"),
        "needed": tr("pg.profile.col_needed"),
    }
    return table, labels, completeness


# --- crime ---------------------------------------------------------------------------------------------------
def period_counts(trend: pd.DataFrame, comparison: Comparison) -> tuple[float, float]:
    """Offences in the period and in the window it is compared with (``periods.year_on_year``), from the
    monthly trend; the earlier count is NaN when there is no comparison (the data begin later), not a 0."""
    months = pd.to_datetime(trend["month"])

    def total(period: Period) -> float:
        return float(
            trend.loc[
                months.between(pd.Timestamp(period.month_from), pd.Timestamp(period.month_to)), "n"
            ].sum()
        )

    previous = comparison.previous
    return total(comparison.current), float("nan") if previous is None else total(previous)


def crime_kpis(
    current: float,
    previous: float,
    population: float,
    before_after: pd.Series,
    *,
    lang: str,
    withhold_test: bool = False,
    dispersion: float | ind.Dispersion = 1.0,
) -> list[dict[str, Any]]:
    """Offences in the period with the absolute change and Poisson z (widened by ``dispersion`` φ) against last year (never a % change
    of a small count), the rate per 10 000, and the 12-months-before vs after-deployment rates."""
    tr = Translator(lang)
    # A partner's total includes rounded counts: no z on it (`withhold_test`), and the help says why.
    test = (
        ind.CountChange(np.nan, np.nan, "none")
        if withhold_test
        else ind.count_change(current, previous, dispersion=dispersion)
    )
    z = test.z
    change = ind.absolute_change(current, previous)
    pct = ind.pct_change(current, previous)
    level = tr("notice.tests_withheld") if withhold_test else tr(f"signal.{test.level}")
    change_help = tr(
        "pg.profile.change_help", prev=fmt_int(previous, lang), z=fmt_signed(z, 1, lang), level=level
    )
    if not np.isnan(pct):
        change_help += " " + tr("pg.profile.pct_help", pct=fmt_signed(pct, 1, lang, percent=True))
    kpis: list[dict[str, Any]] = [
        {
            "label": tr("kpi.offences"),
            "value": fmt_int(current, lang),
            "delta": metric_delta(change, lang=lang, higher_is_better=False),
            "help": change_help,
        },
        {
            "label": tr("pg.profile.offence_rate_period"),
            "value": fmt_num(ind.rate_per_10k(current, population), 1, lang),
            "help": tr("notice.population"),
        },
        {
            "label": tr("kpi.poisson_z"),
            "value": fmt_signed(z, 1, lang),
            "help": f"{level}. {tr('signal.legend')}",
        },
    ]
    # Help texts do not print: what a reader needs (counts, z, why not) goes into the visible delta too.
    if before_after.get("excluded"):
        value, help_text = DASH, tr(f"pg.profile.before_after_excluded.{before_after['excluded']}")
        short = tr(f"pg.profile.before_after_short.{before_after['excluded']}")
        delta = {"delta": short, "delta_color": "gray", "delta_arrow": "off"}
    else:
        value = (
            f"{fmt_num(before_after['rate_pre'], 1, lang)} → {fmt_num(before_after['rate_post'], 1, lang)}"
        )
        help_text = tr(
            "pg.profile.before_after_help",
            month=fmt_month(before_after["deployment_month"], lang),
            pre=fmt_int(before_after["n_pre"], lang),
            post=fmt_int(before_after["n_post"], lang),
            z=fmt_signed(before_after["z"], 1, lang),
        )
        z_text = tr("pg.profile.before_after_delta", z=fmt_signed(before_after["z"], 1, lang))
        delta = {"delta": z_text, "delta_color": "gray", "delta_arrow": "off"}
    kpis.append({"label": tr("pg.profile.before_after"), "value": value, "delta": delta, "help": help_text})
    return kpis


def categories_table(cats: pd.DataFrame, *, lang: str) -> tuple[Any, dict[str, str | None]]:
    """Offences by category: count, a year earlier, change, z with its level, rate per 10 000 and
    clearance. Rates of small numbers are greyed; a withheld test (partner view, rounded counts) is «—»."""
    tr = Translator(lang)
    n = cats["n"].astype(float)
    small = ind.is_small_number(n, cats["population"].astype(float)).to_numpy(dtype=bool)
    table = pd.DataFrame(
        {
            "category": [tr.label("offence", code) for code in cats["category"]],
            "n": cats["n"],
            "n_prev": cats["n_prev"],
            "change": cats["change"],
            "z": cats["z"],
            "level": [tr(f"signal.{lvl}") if isinstance(lvl, str) else DASH for lvl in cats["level"]],
            "rate_per_10k": cats["rate_per_10k"],
            "clearance_share": cats["clearance_share"],
        },
        index=cats.index,
    )
    styler = table.style.format(
        {
            "n": lambda v: _count(v, lang),
            "n_prev": lambda v: _count(v, lang),
            "change": lambda v: fmt_signed(v, 0, lang),
            "z": lambda v: fmt_signed(v, 1, lang),
            "rate_per_10k": lambda v: fmt_num(v, 1, lang),
            "clearance_share": lambda v: fmt_pct(v, 0, lang),
        }
    ).apply(lambda _: np.where(small, GREYED, "").tolist(), subset=["rate_per_10k"])
    labels: dict[str, str | None] = {
        "category": tr("column.category"),
        "n": tr("column.count"),
        "n_prev": tr("series.previous_year"),
        "change": tr("column.change"),
        "z": tr("column.z"),
        "level": tr("column.signal"),
        "rate_per_10k": tr("column.rate_per_10k"),
        "clearance_share": tr("kpi.clearance"),
    }
    return styler, labels


# --- response times, surveys, passport -------------------------------------------------------------------------
def response_kpis(stats: ind.ResponseTimes, *, lang: str) -> list[dict[str, Any]]:
    """Median and P90 response time with the number of calls they come from."""
    tr = Translator(lang)
    calls_help = tr("pg.profile.calls_help", missing=fmt_int(stats.n_missing, lang))
    return [
        {"label": tr("kpi.median_response"), "value": fmt_minutes(stats.median, lang, 1), "help": calls_help},
        {"label": tr("kpi.p90_response"), "value": fmt_minutes(stats.p90, lang, 1), "help": calls_help},
        {"label": tr("pg.profile.calls_n"), "value": fmt_int(stats.n, lang), "help": calls_help},
    ]


def survey_kpis(surveys: pd.DataFrame, *, lang: str) -> list[dict[str, Any]]:
    """The latest survey's shares, with the margin of error and n under each (orange and «ненадійно»
    when fewer than 100 people were asked)."""
    tr = Translator(lang)
    latest = surveys[surveys["survey_date"] == surveys["survey_date"].max()].set_index("measure")
    kpis = []
    for measure in ("trust", "feel_safe", "knows_officer"):
        if measure not in latest.index:
            continue
        row = latest.loc[measure]
        margin = share_margin_text(row["share"], row["moe"], row["n"], lang)
        detail = tr(
            "pg.profile.survey_help", n=fmt_int(row["n"], lang), date=fmt_date(row["survey_date"], lang)
        )
        if row["reliable"]:
            delta = {"delta": f"{margin} · n = {fmt_int(row['n'], lang)}", "delta_color": "gray"}
        else:
            detail = f"{tr('small_numbers.unreliable', n=fmt_int(ind.MIN_RELIABLE_N, lang))} {detail}"
            delta = {"delta": f"{margin} · {tr('pg.profile.unreliable')}", "delta_color": "orange"}
        value = fmt_pct(row["share"], 0, lang)
        kpis.append(
            {
                "label": tr(f"kpi.{measure}"),
                "value": value,
                "delta": {**delta, "delta_arrow": "off"},
                "help": detail,
            }
        )
    return kpis


def passport_kpis(summary: ind.PassportSummary, *, lang: str) -> list[dict[str, Any]]:
    """Measures done ÷ due, overdue, open, days since the last review."""
    tr = Translator(lang)
    done_of_due = tr(
        "pg.profile.done_of_due", done=fmt_int(summary.n_done_due, lang), due=fmt_int(summary.n_due, lang)
    )
    days = DASH if np.isnan(summary.days_since_review) else tn("count.days", summary.days_since_review, lang)
    return [
        {
            "label": tr("indicator.measures_done.name"),
            "value": fmt_pct(summary.done_share, 0, lang),
            "delta": {"delta": done_of_due, "delta_color": "gray", "delta_arrow": "off"},
            "help": tr("indicator.measures_done.formula"),
        },
        {
            "label": tr("kpi.overdue_measures"),
            "value": fmt_int(summary.n_overdue, lang),
            "help": tr("indicator.overdue_measures.formula"),
        },
        {"label": tr("pg.profile.open_measures"), "value": fmt_int(summary.n_open, lang)},
        {
            "label": tr("indicator.days_since_review.name"),
            "value": days,
            "help": tr("pg.profile.last_review", date=fmt_date(summary.last_review, lang)),
        },
    ]


def passport_table(items: pd.DataFrame, *, lang: str) -> tuple[Any, dict[str, str]]:
    """The passport's items — each problem's measures together — with translated priority and status, the
    overdue flag (in vermilion), what was done and with what result, as a Styler so that the dates sort as
    dates. Text columns the data policy removed are simply left out."""
    tr = Translator(lang)
    columns = ["problem", "priority", "measure", "responsible", "due_on", "status", "overdue", "action_taken",
               "outcome", "updated_on", "reviewed_on"]  # fmt: skip
    table = items[[c for c in columns if c in items.columns]].copy()
    table["priority"] = table["priority"].map(lambda code: tr.label("priority", code))
    table["status"] = table["status"].map(lambda code: tr.label("passport_status", code))
    overdue = table["overdue"].astype(bool).to_numpy()
    table["overdue"] = np.where(overdue, tr("passport_status.overdue"), "")
    for column in ("action_taken", "outcome"):  # v1.1 notes: «—» where none was written
        if column in table:
            table[column] = table[column].astype(object).fillna(DASH)
    if "reviewed_on" in table:  # text: a passport without review dates shows «—», never an empty cell
        table["reviewed_on"] = [fmt_date(d, lang) for d in table["reviewed_on"]]
    dates = [c for c in ("due_on", "updated_on") if c in table.columns]
    styler = table.style.format({c: (lambda d: fmt_date(d, lang)) for c in dates})
    styler = styler.apply(
        lambda _: np.where(overdue, f"color: {WARNING_TEXT}", "").tolist(), subset=["overdue", "due_on"]
    )
    labels = {c: tr(f"column.{c}") for c in table.columns if c != "overdue"}
    labels["overdue"] = tr("passport_status.overdue")
    return styler, labels
