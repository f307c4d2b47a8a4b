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
from dashboard.charts.common import share_with_margin_text
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
from dashboard.periods import Comparison, Period, comparison_text, range_text
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
    trust_now: pd.DataFrame  # overview.trust_wave (one row per hromada surveyed in the latest wave)
    trust_base: pd.DataFrame
    n_months: int
    comparison: Comparison  # the period against the same months a year earlier (periods.year_on_year)
    dispersion: (
        ind.Dispersion
    )  # φ (and its df) of the scope's offences (queries.dispersion): widens the offence test
    period_base_window: Period | None  # the months of period_base / response_base; None: no such window
    period_base_fallback: bool = False  # the previous snapshot lacks months of the period: a year earlier


def missing_like(row: pd.Series) -> pd.Series:
    """A query row of NaNs: the figures of a window that is not compared (before a full year of data)."""
    return pd.Series(math.nan, index=row.index, dtype=float)


def trust_estimate(wave: pd.DataFrame, population: pd.Series | None = None) -> ind.WeightedShare:
    """The trust share of a wave, population-weighted over its hromadas (NaN without a wave).

    ``population`` (indexed by hromada) overrides the weights: a change compares two waves weighted alike.
    """
    weights = wave["population"] if population is None else wave["hromada"].map(population)
    return ind.weighted_share(wave["trust_yes"], wave["respondents"], weights)


@dataclass(frozen=True)
class TrustChange:
    """The trust card's delta: the latest wave against the baseline's, over the hromadas surveyed in both,
    weighted alike, with the margin of the change; or no delta and why (``reason``)."""

    change: float  # p₁ − p₀; NaN when no delta is shown
    moe: float  # 1.96·√(Var₁ + Var₀)
    significant: bool
    n_hromadas: int  # surveyed in both waves
    base_wave: pd.Timestamp | None
    reason: str  # "" (shown), "no_base", "same_wave" or "no_overlap"


def trust_change(now: pd.DataFrame, base: pd.DataFrame) -> TrustChange:
    """Compare the latest wave with the baseline's latest wave over the same hromadas only.

    No delta without a baseline wave, when the baseline shows the same wave (the same answers, not an
    independent sample: no new survey since) or when no hromada was surveyed in both waves.
    """
    nan = math.nan
    if now.empty or base.empty:
        return TrustChange(nan, nan, False, 0, None, "no_base")
    base_wave = pd.Timestamp(base["wave"].iloc[0])
    if base_wave == pd.Timestamp(now["wave"].iloc[0]):
        return TrustChange(nan, nan, False, 0, base_wave, "same_wave")
    both = set(now["hromada"]) & set(base["hromada"])
    if not both:
        return TrustChange(nan, nan, False, 0, base_wave, "no_overlap")
    now_both, base_both = now[now["hromada"].isin(both)], base[base["hromada"].isin(both)]
    weights = now_both.set_index("hromada")["population"]
    cur, prev = trust_estimate(now_both), trust_estimate(base_both, weights)
    diff = ind.weighted_change_frame(cur.share, cur.variance, prev.share, prev.variance).iloc[0]
    return TrustChange(
        float(diff["change"]), float(diff["moe"]), bool(diff["significant"]), len(both), base_wave, ""
    )


def _half_year(tr: Translator, wave: Any) -> dict[str, str]:
    day = pd.Timestamp(wave)
    return {"half": tr(f"pg.overview.half_{1 if day.month <= 6 else 2}"), "year": str(day.year)}


def trust_change_note(change: TrustChange, lang: str) -> str:
    """The line saying what the trust delta compares, with its margin, or why there is none."""
    tr = Translator(lang)
    if change.reason == "no_base":
        return tr("pg.overview.trust_no_delta_no_base")
    assert change.base_wave is not None
    if change.reason:
        return tr(f"pg.overview.trust_no_delta_{change.reason}", **_half_year(tr, change.base_wave))
    return tr(
        "pg.overview.trust_change_note",
        **_half_year(tr, change.base_wave),
        change=fmt_signed(change.change * 100, 1, lang),
        moe=fmt_num(change.moe * 100, 1, lang),
        hromadas=tr.tn("count.hromadas", change.n_hromadas),
        verdict=tr("pg.trust.change_significant" if change.significant else "pg.trust.change_within_moe"),
    )


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
    trust, trust_delta = trust_estimate(f.trust_now), trust_change(f.trust_now, f.trust_base)
    kit = _kit_text(now, tr, lang)
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
        if ind.share_interval(trust.share, trust.moe, trust.n)[2]:  # near 0 % or 100 %, or n < 100
            trust_value = share_with_margin_text(trust.share, trust.moe, trust.n, lang)
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
            pp_delta(trust_delta.change, lang, higher_is_better=True if trust_delta.significant else None),
            f"{tr('indicator.trust.formula')} {trust_change_note(trust_delta, lang)}",
        ),
    ]


def kpi_notes(f: OverviewFigures, lang: str, *, baseline: str, withhold_test: bool = False) -> list[str]:
    """The lines under the cards: what the deltas compare with, and the n, z and norms behind the cards.
    `withhold_test` (a partner's total includes rounded counts): no z, and the note says why."""
    tr, now = Translator(lang), f.now
    offences, offences_ly = f.period_now["offences"], f.period_last_year["offences"]
    change = (
        ind.CountChange(math.nan, math.nan, "none")
        if withhold_test
        else ind.count_change(offences, offences_ly, dispersion=f.dispersion)
    )
    window = f.period_base_window
    notes = [
        tr("pg.overview.deltas_note", baseline=tr(f"pg.overview.baseline_note_{baseline}")),
        tr(
            "pg.overview.period_base_fallback" if f.period_base_fallback else "pg.overview.period_base_note",
            months=range_text(window, lang),
        )
        if window is not None
        else tr("pg.overview.period_base_none"),
        comparison_text(f.comparison, lang),
    ]
    if f.comparison.comparable:
        notes.append(
            tr(
                "pg.overview.offences_note",
                n=fmt_int(offences, lang),
                prev=fmt_int(offences_ly, lang),
                change=fmt_signed(offences - offences_ly, 0, lang),
                z=fmt_num(change.z, 1, lang),
                level=tr("notice.tests_withheld") if withhold_test else tr(f"signal.{change.level}"),
            )
        )
    notes.append(
        tr(
            "pg.overview.response_note",
            n=fmt_int(f.response_now["n_response"], lang),
            p90=fmt_minutes(f.response_now["response_p90_min"], lang, 1),
            missing=fmt_int(f.period_now["calls"] - f.response_now["n_response"], lang),
        )
    )
    if not f.trust_now.empty:
        wave, trust = f.trust_now, trust_estimate(f.trust_now)
        scope_population = float(wave["scope_population"].iloc[0])
        notes.append(
            tr(
                "pg.overview.trust_note",
                **_half_year(tr, wave["wave"].iloc[0]),
                last=fmt_date(wave["last_survey_date"].max(), lang),
                n=tr.tn("count.respondents", int(wave["respondents"].sum())),
                hromadas=tr.tn("count.hromadas", wave["hromada"].nunique()),
                residents=fmt_pct(
                    trust.population / scope_population if scope_population else math.nan, 1, lang
                ),
                moe=fmt_num(trust.moe * 100, 1, lang),
            )
        )
        notes.append(trust_change_note(trust_change(f.trust_now, f.trust_base), lang))
    norm = fmt_int(now.norm, lang) if now.norm else tr("pg.overview.norm_both")
    notes.append(
        tr(
            "pg.overview.norm_note",
            above=tr.tn("count.hromadas", now.n_above_norm),
            covered=fmt_int(now.n_covered, lang),
            norm=norm,
        )
    )
    kit = _kit_text(now, tr, lang)
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


# --- the page's math on query results (status counts, what changed between snapshots) -------------------

CHANGE_CODES = (
    "newly_covered",
    "newly_vacant",
    "officers_deployed",
    "officers_left",
    "officers_selected",
    "passport_done",
    "passport_new",
)


# --- pure summaries ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StatusSummary:
    """The coverage, staffing and equipment KPIs of a scope at one date (from ``hromada_status``)."""

    n_hromadas: int
    n_covered: int
    n_pilot: int
    pilot_covered: int
    population_total: float
    population_covered: float
    population_share: float  # NaN without population
    officers_on_duty: int
    residents_per_officer: float  # population of covered hromadas ÷ officers on duty; NaN without officers
    n_above_norm: int  # covered hromadas whose residents per officer exceed the norm of their type
    norm: int | None  # the norm when every hromada in scope has the same one (6,000 or 7,000), else None
    kit_required: float  # Σ officers on duty: one office, vehicle and tablet each
    kit_delivered: dict[str, float]  # per kind, capped at each hromada's requirement
    kit_completeness: float


def status_summary(status: pd.DataFrame) -> StatusSummary:
    """Summarise ``hromada_status`` with the indicator functions (coverage, norm, completeness)."""
    population = status.set_index("hromada")["population"].astype(float)
    officers = status.set_index("hromada")["officers_on_duty"].astype(float)
    cov = ind.coverage(officers, population)
    pilots = status["is_pilot"].fillna(False).astype(bool).to_numpy()
    covered = (status["officers_on_duty"] > 0).to_numpy()
    per_hromada = ind.residents_per_officer(status["population"], status["officers_on_duty"])
    above = ind.exceeds_norm(per_hromada, status["type"]) if len(status) else pd.Series(dtype=bool)
    norms = set(ind.resident_norm(status["type"])) if len(status) else set()
    kit = ind.resource_completeness_pooled(status.rename(columns={"officers_on_duty": "officers"}))
    n_officers = int(status["officers_on_duty"].sum())
    return StatusSummary(
        n_hromadas=cov.n_hromadas,
        n_covered=cov.n_covered,
        n_pilot=int(pilots.sum()),
        pilot_covered=int((pilots & covered).sum()),
        population_total=cov.population_total,
        population_covered=cov.population_covered,
        population_share=cov.population_share,
        officers_on_duty=n_officers,
        residents_per_officer=ind.residents_per_officer(cov.population_covered, n_officers),
        n_above_norm=int(above.sum()),
        norm=norms.pop() if len(norms) == 1 else None,
        kit_required=kit.required,
        kit_delivered=kit.delivered,
        kit_completeness=kit.completeness,
    )


def what_changed(
    *,
    status_now: pd.DataFrame,
    status_before: pd.DataFrame,
    officers_now: pd.DataFrame,
    officers_before: pd.DataFrame,
    passport_now: pd.DataFrame,
    passport_before: pd.DataFrame,
) -> pd.DataFrame:
    """What changed between two snapshots of the same scope, one row per code of ``CHANGE_CODES``.

    - newly_covered: hromadas with an officer on duty now and none before; newly_vacant: the reverse.
    - officers_deployed: on duty now, not before (new or newly deployed); officers_left: on duty before,
      not now (left, or removed from the data); officers_selected: officer ids new in the data.
    - passport_done: measures done now and not before (new, or another status); passport_new: new ids.
    Columns: change (code), n, hromadas (sorted tuple of the KATOTTG codes concerned).
    """

    # Plain Python sets of ids: pandas 3's isin on Arrow strings costs ~0.1 s per 10,000 ids.
    def covered(status: pd.DataFrame) -> set[str]:
        return set(status.loc[status["officers_on_duty"].to_numpy() > 0, "hromada"].tolist())

    def ids(frame: pd.DataFrame, key: str, mask: pd.Series | None = None) -> dict[str, str]:
        """id → hromada of the rows (where `mask`)."""
        rows = frame if mask is None else frame[mask.to_numpy()]
        return dict(zip(rows[key].tolist(), rows["hromada"].tolist(), strict=True))

    def on_duty(officers: pd.DataFrame) -> dict[str, str]:
        return ids(officers, "officer_id", officers["on_duty"].fillna(False).astype(bool))

    def done(items: pd.DataFrame) -> dict[str, str]:
        return ids(items, "item_id", items["status"] == "done")

    covered_now, covered_before = covered(status_now), covered(status_before)
    duty_now, duty_before = on_duty(officers_now), on_duty(officers_before)
    rows: dict[str, tuple[int, set[str]]] = {
        "newly_covered": (len(covered_now - covered_before), covered_now - covered_before),
        "newly_vacant": (len(covered_before - covered_now), covered_before - covered_now),
        "officers_deployed": _new_ids(duty_now, duty_before),
        "officers_left": _new_ids(duty_before, duty_now),
        "officers_selected": _new_ids(ids(officers_now, "officer_id"), ids(officers_before, "officer_id")),
        "passport_done": _new_ids(done(passport_now), done(passport_before)),
        "passport_new": _new_ids(ids(passport_now, "item_id"), ids(passport_before, "item_id")),
    }
    return pd.DataFrame(
        [
            {"change": code, "n": rows[code][0], "hromadas": tuple(sorted(rows[code][1]))}
            for code in CHANGE_CODES
        ]
    )


def _new_ids(now: dict[str, str], before: dict[str, str]) -> tuple[int, set[str]]:
    """Ids of `now` (id → hromada) that `before` lacks: how many, and their hromadas."""
    fresh = [hromada for key, hromada in now.items() if key not in before]
    return len(fresh), set(fresh)


def row_count_changes(now: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    """Rows per table in two snapshots (``row_counts`` results). Columns: table, before, now, change."""
    merged = now[["table", "n_rows"]].merge(
        before[["table", "n_rows"]], on="table", how="outer", suffixes=("_now", "_before"), sort=False
    )
    out = pd.DataFrame(
        {
            "table": merged["table"],
            "before": merged["n_rows_before"].fillna(0).astype("int64"),
            "now": merged["n_rows_now"].fillna(0).astype("int64"),
        }
    )
    out["change"] = out["now"] - out["before"]
    order = {name: i for i, name in enumerate(now["table"])}
    return out.sort_values("table", key=lambda s: s.map(order).fillna(math.inf)).reset_index(drop=True)


def _kit_text(now: StatusSummary, tr: Translator, lang: str) -> str:
    """«кабінет 3 з 4; автомобіль 2 з 4; …»: each kind of equipment delivered against what is required."""
    return "; ".join(
        tr(
            "pg.overview.kit_item",
            kind=tr(f"resource.{k}"),
            n=fmt_int(v, lang),
            of=fmt_int(now.kit_required, lang),
        )
        for k, v in now.kit_delivered.items()
    )
