"""The words and formatted numbers of the deck and the report, shared so that both say the same thing."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from dashboard.charts import event_study as event_study_charts
from dashboard.charts.common import share_with_margin_text
from dashboard.charts.trust import half_year_label
from dashboard.formatting import DASH, fmt_date, fmt_int, fmt_minutes, fmt_month, fmt_num, fmt_pct, fmt_signed
from dashboard.i18n import Translator
from dashboard.indicators import (
    MIN_RELIABLE_N,
    ShareEstimate,
    WeightedShare,
    level_from_p,
    normal_p,
)
from dashboard.periods import Comparison, comparison_text
from dashboard.proper_names import proper_name, rank_text
from dashboard.queries.trust import SURVEY_INDICATORS, wave_estimate
from dashboard.reports.access import audience_key
from dashboard.reports.content import ReportContent
from dashboard.reports.oblast import pooled_se
from dashboard.reports.profiles import HromadaProfile

# The indicators whose definitions go into the speaker notes / the report's methodology page, per section.
DEFINITIONS = {
    "headline": ("hromada_coverage", "population_covered", "residents_per_officer", "offence_rate",
                 "poisson_z", "clearance", "response_time", "trust", "resource_completeness"),
    "map": ("hromada_coverage", "population_covered"),
    "rollout": ("hromada_coverage", "rollout_stages", "activity_events"),
    "trends": ("offence_rate", "absolute_change", "poisson_z", "pct_change", "trust"),
    "before_after": ("before_after", "wdd", "event_study", "poisson_z"),
    "hromada": ("residents_per_officer", "resource_completeness", "offence_rate", "poisson_z", "clearance",
                "response_time", "trust", "measures_done", "overdue_measures", "before_after"),
}  # fmt: skip


@dataclass(frozen=True)
class Item:
    """One labelled value: «Охоплено громад» — «44 з 49»."""

    label: str
    value: str
    note: str = ""


def data_as_of(content: ReportContent) -> str:
    return Translator(content.lang)("notice.data_as_of", date=fmt_date(content.reporting_date, content.lang))


def z_text(z: float, level: str, lang: str) -> str:
    """«z = 3,0 (сигнал)» / "z = −0.9 (within normal variation)": z with its level (indicators.count_change,
    or level_from_p(normal_p(z)) for a z that is standard normal itself, as a WDD's)."""
    tr = Translator(lang)
    if z is None or (isinstance(z, float) and math.isnan(z)):
        return DASH
    return f"z = {fmt_num(z, 1, lang)} ({tr(f'signal.{level}')})"


def share_text(est: ShareEstimate | WeightedShare | None, lang: str) -> str:
    """«62,8 % ± 1,1 в. п.» (the Wilson interval near 0 % or 100 %); an unreliable share (n < 100) says so
    instead of a number."""
    tr = Translator(lang)
    if est is None or math.isnan(est.share):
        return DASH
    if not est.reliable:
        return tr("small_numbers.unreliable", n=fmt_int(MIN_RELIABLE_N, lang))
    return share_with_margin_text(est.share, est.moe, est.n, lang)


def offences_note(
    offences: float, previous: float, z: float, level: str, comparison: Comparison, lang: str
) -> str:
    """Beside an offence count: the count a year earlier, the change and z, and which months are compared
    (dashboard.periods); without a comparison (before a full year of data) only the months and why."""
    months = comparison_text(comparison, lang)
    if not comparison.comparable:
        return months
    tr = Translator(lang)
    change = tr("pg.export.vs_last_year", previous=fmt_int(previous, lang),
                change=fmt_signed(offences - previous, 0, lang), z=z_text(z, level, lang))  # fmt: skip
    return f"{change} · {months}"


def headline_items(content: ReportContent) -> list[Item]:
    lang, h = content.lang, content.oblast.headline
    tr = Translator(lang)
    st = h.status
    response = h.response
    trust_note = ""
    if h.trust is not None:
        trust_note = f"{tr('kpi.n', n=fmt_int(h.trust.n, lang))} · {half_year_label(h.trust_wave, lang)}"
        trust_note += f" · {weighted_note(content.oblast.trust_waves.iloc[-1], lang)}"
    return [
        Item(tr("kpi.hromadas_covered"), tr("kpi.covered_of_total", covered=fmt_int(st.n_covered, lang),
             total=fmt_int(st.n_hromadas, lang)), tr("kpi.of_pilot", n=fmt_int(st.pilot_covered, lang))),
        Item(tr("kpi.population_covered"), fmt_pct(st.population_share, 1, lang),
             tr.tn("count.residents", st.population_covered)),
        Item(tr("kpi.officers_on_duty"), fmt_int(st.officers_on_duty, lang),
             tr("pg.export.in_training", n=fmt_int(h.officers_in_pipeline, lang))),
        Item(tr("kpi.residents_per_officer"), fmt_int(st.residents_per_officer, lang),
             tr("kpi.norm", max=f"{fmt_int(6000, lang)}–{fmt_int(7000, lang)}")),
        Item(tr("kpi.equipment_completeness"), fmt_pct(st.kit_completeness, 0, lang)),
        Item(tr("kpi.offences"), fmt_int(h.offences, lang),
             offences_note(h.offences, h.offences_previous, h.z, h.level, content.comparison, lang)),
        Item(tr("kpi.offence_rate"), fmt_num(h.offence_rate, 1, lang)),
        Item(tr("kpi.clearance"), fmt_pct(h.clearance, 0, lang)),
        Item(tr("kpi.median_response"), fmt_minutes(response.get("response_median_min"), lang),
             tr("kpi.n", n=fmt_int(response.get("n_response"), lang))),
        Item(tr("kpi.trust"), share_text(h.trust, lang), trust_note),
        Item(tr("kpi.activities"), fmt_int(h.activities, lang), tr("period.12m")),
    ]  # fmt: skip


def weighted_note(wave: pd.Series, lang: str) -> str:
    """«зважено за населенням 12 громад (34,5 % мешканців)»: how an oblast survey figure is weighted."""
    tr = Translator(lang)
    return tr(
        "pg.export.weighted_note",
        hromadas=tr.tn("count.hromadas", int(wave["n_hromadas"])),
        residents=fmt_pct(wave["resident_share"], 1, lang),
    )


def trust_items(content: ReportContent) -> list[Item]:
    """The latest survey wave, population-weighted over the oblast's hromadas surveyed: each share ± its
    margin of error, with n and the share of residents those hromadas hold."""
    lang, tr = content.lang, Translator(content.lang)
    waves = content.oblast.trust_waves
    if waves.empty:
        return []
    last = waves.iloc[-1]
    note = (
        f"{tr('kpi.n', n=fmt_int(last['respondents'], lang))} · {half_year_label(last['wave'], lang)}"
        f" · {weighted_note(last, lang)}"
    )
    return [
        Item(tr(f"kpi.{name}"), share_text(wave_estimate(last, name), lang), note)
        for name in SURVEY_INDICATORS
    ]


def before_after_lines(content: ReportContent) -> list[str]:
    """The pooled before/after result and the WDD against controls, each with its uncertainty."""
    lang, tr = content.lang, Translator(content.lang)
    pooled = content.oblast.before_after.pooled
    lines = []
    if pooled.n_hromadas:
        se = pooled_se(content.oblast.before_after)
        lines.append(tr("pg.export.pooled", n=tr.tn("count.hromadas", pooled.n_hromadas),
                        pre=fmt_num(pooled.rate_pre, 2, lang), post=fmt_num(pooled.rate_post, 2, lang),
                        change=fmt_signed(pooled.rate_change, 2, lang), se=fmt_num(se, 2, lang),
                        z=z_text(pooled.z, pooled.level, lang)))  # fmt: skip
    else:
        lines.append(tr("pg.export.pooled_none"))
    wdd = content.oblast.wdd
    if wdd is None:
        lines.append(tr("pg.export.wdd_none"))
    else:
        r = wdd.result
        lines.append(tr("pg.export.wdd", wave=f"{fmt_month(wdd.wave[0], lang)} – {fmt_month(wdd.wave[1], lang)}",
                        treated=tr.tn("count.hromadas", len(wdd.treated)), controls=fmt_int(len(wdd.controls), lang),
                        wdd=fmt_signed(r.wdd, 0, lang), se=fmt_num(r.se, 1, lang), z=z_text(r.z, level_from_p(normal_p(r.z)), lang),
                        k=fmt_num(r.k, 3, lang)))  # fmt: skip
    lines.append(tr("pg.export.uncertainty"))
    return lines


def event_study_lines(content: ReportContent) -> list[str]:
    """The rollout evaluation in words, as on the crime page: the estimate, the pre-period, deployment was
    not random, and where the numbers come from. No verdict where the audience's tests are withheld (the
    partner's total includes rounded domestic-violence counts)."""
    frame, lang = content.oblast.event_study, content.lang
    withhold = content.policy.withholds_tests(None)
    lines = event_study_charts.event_study_reading(frame, lang=lang, withhold_tests=withhold)
    if event_study_charts.has_estimate(frame):
        lines.append(event_study_charts.event_study_caption(frame, lang=lang))
    return lines


def hromada_subtitle(p: HromadaProfile, lang: str) -> str:
    tr = Translator(lang)
    parts = [
        tr("pg.export.raion", raion=p.raion),
        tr("pg.export.hromada_type", type=tr.label("hromada_type", p.hromada_type)),
        tr.tn("count.residents", p.population),
        f"{fmt_num(p.area_km2, 0, lang)}\u00a0{tr('unit.km2')}",
    ]
    if p.is_pilot:
        parts.append(tr("hromada.pilot"))
    return " · ".join(parts)


def hromada_items(p: HromadaProfile, comparison: Comparison, lang: str) -> list[Item]:
    """The labelled values of one hromada's page and slide (``comparison``: the report's period against
    the same months a year earlier)."""
    tr = Translator(lang)
    officers = tr.tn("count.officers", p.officers_on_duty)
    if p.first_deployed_on:
        officers += " · " + tr("pg.export.since", date=fmt_date(p.first_deployed_on, lang))
    station = fmt_date(p.station_opened_on, lang) if p.station_opened_on else tr("pg.export.no_station")
    rpo = DASH if math.isnan(p.residents_per_officer) else fmt_int(p.residents_per_officer, lang)
    if p.exceeds_norm:
        rpo += f" ({tr('kpi.above_norm')})"
    offences = offences_note(p.offences, p.offences_previous, p.z, p.level, comparison, lang)
    dv = p.domestic_violence
    items = [
        Item(tr("pg.export.status"), tr(f"coverage_status.{p.status}"), officers),
        Item(tr("stage.station_open"), station),
        Item(tr("kpi.residents_per_officer"), rpo, tr("kpi.norm", max=fmt_int(p.norm, lang))),
        Item(tr("kpi.equipment_completeness"), fmt_pct(p.resource_completeness, 0, lang)),
        Item(tr("kpi.offences"), fmt_int(p.offences, lang), offences),
        Item(tr("column.rate_per_10k"), fmt_num(p.offence_rate, 1, lang),
             tr("small_numbers.note") if p.small_numbers else ""),
        Item(tr("offence.domestic_violence"), fmt_int(dv, lang)),
        Item(tr("kpi.clearance"), fmt_pct(p.clearance, 0, lang)),
        Item(tr("kpi.median_response"), fmt_minutes(p.response_median, lang), tr("kpi.n", n=fmt_int(p.response_n, lang))),
        Item(tr("kpi.trust"), share_text(p.trust, lang),
             f"{tr('kpi.n', n=fmt_int(p.trust.n, lang))} · {fmt_date(p.trust_date, lang)}" if p.trust else ""),
        Item(tr("kpi.activities"), fmt_int(int(p.activities["n"].sum()) if len(p.activities) else 0, lang),
             tr("pg.export.participants", n=fmt_int(p.meeting_participants, lang))),
    ]  # fmt: skip
    if p.passport is not None:
        ps = p.passport
        items.append(Item(tr("indicator.measures_done.name"), fmt_pct(ps.done_share, 0, lang),
                          tr("pg.export.passport_value", open=fmt_int(ps.n_open, lang),
                             overdue=fmt_int(ps.n_overdue, lang))))  # fmt: skip
    items.append(Item(tr("chart.before_after.title"), *before_after_of(p, lang)))
    return items


def before_after_of(p: HromadaProfile, lang: str) -> tuple[str, str]:
    tr = Translator(lang)
    if p.before_after is None:
        return DASH, tr(f"pg.export.excluded.{p.before_after_excluded or 'not_deployed'}")
    row = p.before_after
    value = f"{fmt_num(row['rate_pre'], 2, lang)} → {fmt_num(row['rate_post'], 2, lang)}"
    return (
        value,
        f"{tr('unit.per_10k')} / {tr('pg.export.per_month')}; {z_text(float(row['z']), str(row['level']), lang)}",
    )


def officer_lines(p: HromadaProfile, lang: str) -> list[str]:
    """«капітан поліції Петренко Іван Петрович, тел. …, з 01.09.2019» — names only where allowed; in
    English "Police Captain Petrenko Ivan Petrovych, …" (rank from the locale table, name transliterated)."""
    tr = Translator(lang)
    lines = []
    for _, row in p.officers.iterrows():
        rank = row.get("rank")
        parts = [rank_text(rank, lang) if isinstance(rank, str) and rank.strip() else ""]
        name = row.get("full_name")
        if isinstance(name, str) and name:
            parts.append(proper_name(name, lang))
        phone = row.get("phone")
        if isinstance(phone, str) and phone:
            parts.append(tr("pg.export.phone", phone=phone))
        parts.append(tr("pg.export.since", date=fmt_date(row.get("deployed_on"), lang)))
        lines.append(", ".join(x for x in parts if x))
    return lines


def personal_hidden(p: HromadaProfile) -> bool:
    """Whether the hromada has officers on duty whose names this audience may not see."""
    names = p.officers["full_name"] if "full_name" in p.officers.columns else None
    return len(p.officers) > 0 and (names is None or bool(names.isna().all()))


def caveat_lines(content: ReportContent) -> list[str]:
    tr = Translator(content.lang)
    lines = []
    if content.is_demo:
        lines += [tr("notice.demo"), tr("notice.demo_war")]
    lines.append(tr(f"pg.export.audience.{audience_key(content.policy)}"))
    lines += [
        tr("notice.population"),
        tr("small_numbers.explanation"),
        tr("notice.dv_reporting"),
        tr("indicator.clearance.notes"),
        tr("indicator.before_after.notes"),
        tr("notice.no_officer_ranking"),
    ]
    return lines


def source_lines(content: ReportContent) -> list[str]:
    lang, tr = content.lang, Translator(content.lang)
    rows = sum(int(v) for v in content.row_counts.values())
    lines = [
        tr("pg.export.source_snapshot", date=fmt_date(content.reporting_date, lang),
           created=fmt_date(content.created_at, lang), rows=fmt_int(rows, lang),
           rejected=fmt_int(content.rows_rejected, lang)),
        tr("pg.export.source_reference"),
        tr("pg.export.source_osm"),
        tr("pg.export.source_fonts"),
    ]  # fmt: skip
    return lines


def definitions(section: str, lang: str) -> list[tuple[str, str, str]]:
    """(name, definition, formula) of the indicators of `section` (see DEFINITIONS)."""
    tr = Translator(lang)
    return [
        (tr(f"indicator.{key}.name"), tr(f"indicator.{key}.definition"), tr(f"indicator.{key}.formula"))
        for key in DEFINITIONS[section]
    ]


def notes_text(section: str, lang: str) -> str:
    """Speaker notes: one paragraph per indicator («Назва — визначення. Формула: …»)."""
    tr = Translator(lang)
    return "\n".join(
        f"{name} — {definition} {tr('methodology.formula')}: {formula}."
        for name, definition, formula in definitions(section, lang)
    )
