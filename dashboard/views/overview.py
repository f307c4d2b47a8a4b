"""The overview page's KPI cards, notes and small tables, built from its query results (formatting only).

Pure: no `st.` call, so the page file stays layout and these builders can be unit-tested. Numbers come
from dashboard.queries.overview and dashboard.indicators; words from i18n; digits from formatting.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from dashboard import indicators as ind
from dashboard.formatting import (
    DASH,
    fmt_date,
    fmt_int,
    fmt_minutes,
    fmt_num,
    fmt_pct,
    fmt_signed,
    metric_delta,
)
from dashboard.i18n import Translator
from dashboard.queries.overview import StatusSummary
from dashboard.views.kpi import Kpi


@dataclass(frozen=True)
class OverviewFigures:
    """Everything the KPI row shows, now and at the baseline (previous snapshot or a year earlier)."""

    now: StatusSummary
    base: StatusSummary
    period_now: pd.Series  # a row of overview.period_kpis
    period_base: pd.Series
    period_last_year: pd.Series  # the same months a year earlier: the offences z always uses it
    response_now: pd.Series  # a row of overview.response_times
    response_base: pd.Series
    trust_now: pd.DataFrame  # overview.trust_wave (zero or one row)
    trust_base: pd.DataFrame
    n_months: int


def trust_estimate(wave: pd.DataFrame) -> ind.ShareEstimate:
    """The pooled trust share of a wave (NaN without a wave)."""
    if wave.empty:
        return ind.share_with_moe(0, 0)
    return ind.share_with_moe(wave["trust_yes"].iloc[0], wave["respondents"].iloc[0])


def pp_delta(change: float, lang: str, *, higher_is_better: bool | None = True) -> dict[str, Any]:
    """st.metric delta of a share's change in percentage points («+1,2 в. п.»), not a relative %."""
    delta = metric_delta(change * 100, 1, lang, higher_is_better=higher_is_better)
    if delta.get("delta") is not None:
        delta["delta"] = f"{delta['delta']}\u00a0{Translator(lang)('unit.percent_points')}"
    return delta


def kpi_cards(f: OverviewFigures, lang: str) -> list[Kpi]:
    """The eight headline cards: coverage, population, officers, residents per officer, equipment,
    offence rate, response time and trust, each with its delta against the baseline."""
    tr, now, base = Translator(lang), f.now, f.base
    rate_now = ind.rate_per_10k(f.period_now["offences"], f.period_now["population"])
    rate_base = ind.rate_per_10k(f.period_base["offences"], f.period_base["population"])
    median_now, median_base = f.response_now["response_median_min"], f.response_base["response_median_min"]
    trust, trust_base = trust_estimate(f.trust_now), trust_estimate(f.trust_base)
    kit = "; ".join(
        tr(
            "pg.overview.kit_item",
            kind=tr(f"resource.{k}"),
            n=fmt_int(v, lang),
            of=fmt_int(now.kit_required, lang),
        )
        for k, v in now.kit_delivered.items()
    )
    covered = tr(
        "kpi.covered_of_total", covered=fmt_int(now.n_covered, lang), total=fmt_int(now.n_hromadas, lang)
    )
    pilots = tr(
        "pg.overview.help_covered", n=fmt_int(now.pilot_covered, lang), total=fmt_int(now.n_pilot, lang)
    )
    population_help = tr(
        "pg.overview.help_population",
        covered=fmt_int(now.population_covered, lang),
        total=fmt_int(now.population_total, lang),
    )
    residents = fmt_int(now.residents_per_officer, lang)
    if now.norm is not None and now.residents_per_officer > now.norm:  # one norm in scope: flag it here
        residents = f"{residents} · {tr('kpi.above_norm')}"
    trust_value = DASH  # no survey in the scope yet
    if not math.isnan(trust.share):
        trust_value = tr(
            "pg.overview.share_moe",
            share=fmt_num(trust.share * 100, 1, lang),
            moe=fmt_num(trust.moe * 100, 1, lang),
        )
    return [
        Kpi(
            tr("kpi.hromadas_covered"),
            covered,
            metric_delta(now.n_covered - base.n_covered, lang=lang),
            pilots,
        ),
        Kpi(
            tr("kpi.population_covered"),
            fmt_pct(now.population_share, 1, lang),
            pp_delta(now.population_share - base.population_share, lang),
            population_help,
        ),
        Kpi(
            tr("kpi.officers_on_duty"),
            fmt_int(now.officers_on_duty, lang),
            metric_delta(now.officers_on_duty - base.officers_on_duty, lang=lang),
            tr("pg.overview.help_officers"),
        ),
        Kpi(
            tr("kpi.residents_per_officer"),
            residents,
            metric_delta(
                now.residents_per_officer - base.residents_per_officer, lang=lang, higher_is_better=False
            ),
            tr("kpi.norm_help"),
        ),
        Kpi(
            tr("pg.overview.kit_label"),
            fmt_pct(now.kit_completeness, 1, lang),
            pp_delta(now.kit_completeness - base.kit_completeness, lang),
            tr("pg.overview.help_kit", items=kit),
        ),
        Kpi(
            tr("pg.overview.offence_rate"),
            fmt_num(rate_now, 1, lang),
            metric_delta(rate_now - rate_base, 1, lang, higher_is_better=False),
            tr("pg.overview.help_offence_rate", months=tr.tn("count.months", f.n_months)),
        ),
        Kpi(
            tr("kpi.median_response"),
            fmt_minutes(median_now, lang, 1),
            metric_delta(median_now - median_base, 1, lang, higher_is_better=False),
            tr("pg.overview.help_response"),
        ),
        Kpi(
            tr("kpi.trust"),
            trust_value,
            pp_delta(trust.share - trust_base.share, lang),
            tr("indicator.trust.formula"),
        ),
    ]


def kpi_notes(f: OverviewFigures, lang: str, *, baseline: str) -> list[str]:
    """The lines under the cards: what the deltas compare with, and the n, z and norms behind the cards."""
    tr, now = Translator(lang), f.now
    offences, offences_ly = f.period_now["offences"], f.period_last_year["offences"]
    z = ind.poisson_z(offences, offences_ly)
    notes = [
        tr("pg.overview.deltas_note", baseline=tr(f"pg.overview.baseline_note_{baseline}")),
        tr(
            "pg.overview.offences_note",
            n=fmt_int(offences, lang),
            prev=fmt_int(offences_ly, lang),
            change=fmt_signed(offences - offences_ly, 0, lang),
            z=fmt_num(z, 1, lang),
            level=tr(f"signal.{ind.signal_level(z)}"),
        ),
        tr(
            "pg.overview.response_note",
            n=fmt_int(f.response_now["n_response"], lang),
            p90=fmt_minutes(f.response_now["response_p90_min"], lang, 1),
            missing=fmt_int(f.period_now["calls"] - f.response_now["n_response"], lang),
        ),
    ]
    if not f.trust_now.empty:
        wave = f.trust_now.iloc[0]
        notes.append(
            tr(
                "pg.overview.trust_note",
                half=tr(f"pg.overview.half_{1 if pd.Timestamp(wave['wave']).month <= 6 else 2}"),
                year=str(pd.Timestamp(wave["wave"]).year),
                last=fmt_date(wave["last_survey_date"], lang),
                n=tr.tn("count.respondents", wave["respondents"]),
                hromadas=tr.tn("count.hromadas", wave["n_hromadas"]),
                moe=fmt_num(trust_estimate(f.trust_now).moe * 100, 1, lang),
            )
        )
    norm = fmt_int(now.norm, lang) if now.norm else tr("pg.overview.norm_both")
    notes.append(
        tr(
            "pg.overview.norm_note",
            above=tr.tn("count.hromadas", now.n_above_norm),
            covered=fmt_int(now.n_covered, lang),
            norm=norm,
        )
    )
    kit = "; ".join(
        tr(
            "pg.overview.kit_item",
            kind=tr(f"resource.{k}"),
            n=fmt_int(v, lang),
            of=fmt_int(now.kit_required, lang),
        )
        for k, v in now.kit_delivered.items()
    )
    notes.append(tr("pg.overview.notes.kit", items=kit))
    notes.append(
        tr("pg.overview.notes.pilot", n=fmt_int(now.pilot_covered, lang), total=fmt_int(now.n_pilot, lang))
    )
    notes.append(tr("notice.population"))
    return notes


def stage_table(funnel: pd.DataFrame, lang: str) -> pd.DataFrame:
    """overview.rollout_funnel as text columns: stage, officers, hromadas, days («45,5 (n = 4)»)."""
    tr = Translator(lang)
    return pd.DataFrame(
        {
            "stage": [tr(f"stage.{s}") for s in funnel["stage"]],
            "officers": [fmt_int(v, lang) for v in funnel["officers"]],
            "hromadas": [fmt_int(v, lang) for v in funnel["hromadas"]],
            "days": [
                tr("pg.overview.days_n", days=fmt_num(d, 0, lang), n=fmt_int(n, lang)) if n else DASH
                for d, n in zip(funnel["median_days"], funnel["n_days"], strict=True)
            ],
        }
    )


def change_table(changes: pd.DataFrame, names: dict[str, str], lang: str) -> pd.DataFrame:
    """overview.what_changed as text: what (translated), n, hromadas (names, comma-separated)."""
    tr = Translator(lang)
    return pd.DataFrame(
        {
            "what": [tr(f"pg.overview.change_{c}") for c in changes["change"]],
            "n": [fmt_int(n, lang) for n in changes["n"]],
            "hromadas": [", ".join(sorted(names.get(h, h) for h in codes)) for codes in changes["hromadas"]],
        }
    )


def row_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """overview.row_count_changes as text: table (translated), before, now, change (signed)."""
    tr = Translator(lang)
    return pd.DataFrame(
        {
            "table": [tr(f"table.{name}") for name in rows["table"]],
            "before": [fmt_int(v, lang) for v in rows["before"]],
            "now": [fmt_int(v, lang) for v in rows["now"]],
            "change": [fmt_signed(v, 0, lang) for v in rows["change"]],
        }
    )
