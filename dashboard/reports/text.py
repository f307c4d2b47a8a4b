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
    "passports": ("measures_done", "overdue_measures"),
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
    offences: float, previous: float, z: float, level: str, comparison: Comparison, lang: str,
    *, months: bool = True,
) -> str:  # fmt: skip
    """Beside an offence count: the count a year earlier, the change and z, and which months are compared
    (dashboard.periods); without a comparison (before a full year of data) only the months and why.
    `months=False` leaves the months out where the document states them once (the hromada slide)."""
    compared = comparison_text(comparison, lang)
    if not comparison.comparable:
        return compared
    tr = Translator(lang)
    change = tr("pg.export.vs_last_year", previous=fmt_int(previous, lang),
                change=fmt_signed(offences - previous, 0, lang), z=z_text(z, level, lang))  # fmt: skip
    return f"{change} · {compared}" if months else change


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
    """The pooled before/after result and the WDD against controls, each with its uncertainty (the
    evaluation where there is no event-study estimate)."""
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
    lines.append(wdd_line(content))
    lines.append(tr("pg.export.uncertainty"))
    return lines


def wdd_line(content: ReportContent) -> str:
    """The WDD of one deployment wave against the hromadas without an officer yet, with its SE and z (the
    z is «—» for a partner: oblast.py withholds it)."""
    lang, tr = content.lang, Translator(content.lang)
    wdd = content.oblast.wdd
    if wdd is None:
        return tr("pg.export.wdd_none")
    r = wdd.result
    return tr("pg.export.wdd", wave=f"{fmt_month(wdd.wave[0], lang)} – {fmt_month(wdd.wave[1], lang)}",
              treated=tr.tn("count.hromadas", len(wdd.treated)), controls=fmt_int(len(wdd.controls), lang),
              wdd=fmt_signed(r.wdd, 0, lang), se=fmt_num(r.se, 1, lang), z=z_text(r.z, level_from_p(normal_p(r.z)), lang),
              k=fmt_num(r.k, 3, lang))  # fmt: skip


def wdd_check_lines(content: ReportContent) -> list[str]:
    """The WDD as the simpler check beside the event study: what it compares, its result and, where the
    audience's tests are withheld, why its z reads «—»."""
    tr = Translator(content.lang)
    lines = [tr("pg.export.wdd_simple"), wdd_line(content)]
    if content.oblast.wdd is not None and content.policy.withholds_tests(None):
        lines.append(tr("pg.export.partner_flags"))
    return lines


def event_study_lines(content: ReportContent) -> list[str]:
    """The rollout evaluation in words, as on the crime page: the estimate after deployment, the
    pre-period, deployment was not random. No verdict where the audience's tests are withheld (the
    partner's total includes rounded domestic-violence counts)."""
    withhold = content.policy.withholds_tests(None)
    return event_study_charts.event_study_reading(
        content.oblast.event_study, lang=content.lang, withhold_tests=withhold
    )


def event_study_source(content: ReportContent) -> str:
    """Where the event study's numbers come from (the chart's caption): the whole oblast, how many hromadas
    and deployment months, the method; "" where there is no estimate."""
    frame = content.oblast.event_study
    if not event_study_charts.has_estimate(frame):
        return ""
    return event_study_charts.event_study_caption(frame, lang=content.lang)


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


def hromada_items(p: HromadaProfile, comparison: Comparison, lang: str, *, months: bool = True) -> list[Item]:
    """The labelled values of one hromada's page and slide (``comparison``: the report's period against
    the same months a year earlier; `months=False`: the offences note without the months compared, which
    the slide states once under its table)."""
    tr = Translator(lang)
    officers = tr.tn("count.officers", p.officers_on_duty)
    if p.first_deployed_on:
        officers += " · " + tr("pg.export.since", date=fmt_date(p.first_deployed_on, lang))
    station = fmt_date(p.station_opened_on, lang) if p.station_opened_on else tr("pg.export.no_station")
    rpo = DASH if math.isnan(p.residents_per_officer) else fmt_int(p.residents_per_officer, lang)
    if p.exceeds_norm:
        rpo += f" ({tr('kpi.above_norm')})"
    offences = offences_note(p.offences, p.offences_previous, p.z, p.level, comparison, lang, months=months)
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


def category_rows(content: ReportContent) -> list[tuple[str, str, str, str, str]]:
    """The offences by category with their honest flags: (category, 12 months, a year earlier, change, flag).

    The flag is the level of the exact test of the change (indicators.count_change): «сигнал» / «увага»,
    empty within ordinary variation, «—» where the test is withheld (a partner's rounded counts)."""
    lang, tr = content.lang, Translator(content.lang)
    rows = []
    for row in content.oblast.by_category.itertuples():
        level = row.level if isinstance(row.level, str) else None
        flag = DASH if level is None else ("" if level == "none" else tr(f"signal.{level}"))
        if level not in (None, "none") and isinstance(row.z, float) and not math.isnan(row.z):
            flag += f" (z = {fmt_num(row.z, 1, lang)})"
        previous = fmt_int(row.n_prev, lang) if row.comparable else DASH
        change = fmt_signed(row.change, 0, lang) if row.comparable else DASH
        rows.append((tr.label("offence", row.category), fmt_int(row.n, lang), previous, change, flag))
    return rows


# --- safety passports: what was done; what partners funded (issue 13 item 3) ------------------------------
ACTION_ROWS = 6  # the latest recorded actions on the slide and in the report (the rest: the passports page)
SOURCE_ROWS = 6  # the largest funding sources shown one per row; the others are summed in one more row


def shorten(text: object, limit: int) -> str:
    """Free text cut to `limit` characters at a word («…» marks the cut) so that a table cell keeps its
    designed height; «—» for none. The full text is on the dashboard and in its downloads."""
    if not isinstance(text, str) or not text.strip():
        return DASH
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut[limit // 2 :] else cut).rstrip(" ,;:") + "…"


def passport_items(content: ReportContent) -> list[Item]:
    """The oblast's safety passports at the reporting date: coverage, open problems, measures done of
    those due, overdue measures, and the share reviewed with residents in the last 3 months
    (queries/passports.py passport_totals; the passports page's cards)."""
    lang, tr = content.lang, Translator(content.lang)
    totals = content.oblast.passport_totals
    return [
        Item(tr("pg.export.passports_with"), tr("kpi.covered_of_total", covered=fmt_int(totals["n_with_passport"], lang),
             total=fmt_int(totals["n_hromadas"], lang))),
        Item(tr("kpi.open_problems"), fmt_int(content.oblast.passport_problems["n_problems"].sum(), lang)),
        Item(tr("indicator.measures_done.name"), fmt_pct(totals["done_share"], 0, lang),
             tr("kpi.covered_of_total", covered=fmt_int(totals["n_done_due"], lang), total=fmt_int(totals["n_due"], lang))),
        Item(tr("kpi.overdue_measures"), fmt_int(totals["n_overdue"], lang),
             tr.tn("count.hromadas", int(totals["n_hromadas_overdue"]))),
        Item(tr("pg.passports.kpi_recent"), fmt_pct(totals["reviewed_recently_share"], 0, lang),
             tr("pg.export.passports_recent", n=fmt_int(totals["n_reviewed_recently"], lang),
                of=fmt_int(totals["n_with_passport"], lang))),
    ]  # fmt: skip


def passport_action_header(lang: str) -> tuple[str, str, str, str, str]:
    tr = Translator(lang)
    return (tr("column.hromada"), tr("column.problem"), tr("column.measure"), tr("column.status"),
            tr("column.action_taken"))  # fmt: skip


def passport_action_rows(content: ReportContent) -> list[tuple[str, str, str, str, str]]:
    """The latest recorded actions (ACTION_ROWS, by the measure's last update): hromada, problem, measure,
    its status at the reporting date, what was done and with what result. The texts are passport_measures'
    after the audience's policy: for a partner what could identify a person reads «[…]», as on the page."""
    lang, tr = content.lang, Translator(content.lang)
    measures = content.oblast.passport_measures
    noted = measures[measures["action_taken"].notna()].sort_values(
        "updated_on", ascending=False, kind="stable"
    )
    name = "name_en" if lang == "en" else "name_uk"
    rows = []
    for row in noted.head(ACTION_ROWS).itertuples():
        done = shorten(row.action_taken, 10_000)
        if isinstance(row.outcome, str) and row.outcome.strip():
            done += " " + tr("pg.passports.measure_outcome", text=shorten(row.outcome, 10_000))
        rows.append((getattr(row, name), shorten(row.problem, 10_000), shorten(row.measure, 10_000),
                     tr.label("passport_status", row.shown_status), done))  # fmt: skip
    return rows


def passports_method(lang: str) -> str:
    """What the share reviewed in the last 3 months is, where it comes from, how it is computed."""
    tr = Translator(lang)
    return (f"{tr('pg.passports.kpi_recent')} — {tr('pg.export.passports_notes')} {tr('methodology.formula')}: "
            f"{tr('pg.export.passports_formula')}.")  # fmt: skip


def has_funding(content: ReportContent) -> bool:
    """The snapshot has funding rows up to the reporting date (a snapshot before contract v1.1 has none)."""
    return not content.oblast.funding_rows.empty


def funding_items(content: ReportContent) -> list[Item]:
    """Spent, the share paid by donors, the cost per officer on duty (the funding page's cards)."""
    from dashboard.views.funding import cost_per_officer, money_text

    lang, tr, ob = content.lang, Translator(content.lang), content.oblast
    rows = ob.funding_rows
    total = float(rows["amount_uah"].sum())
    donor = float(rows.loc[rows["source_type"] == "donor", "amount_uah"].sum())
    per_officer, _, officers = cost_per_officer(ob.funding_by_hromada)
    return [
        Item(tr("pg.funding.kpi_total"), money_text(total, lang),
             tr("pg.export.funding_payments", n=fmt_int(len(rows), lang))),
        Item(tr("pg.funding.kpi_donor"), fmt_pct(donor / total if total else math.nan, 0, lang),
             tr("pg.funding.uah", amount=fmt_int(donor, lang))),
        Item(tr("pg.funding.kpi_per_officer"), money_text(per_officer, lang),
             tr("pg.export.funding_officers", n=fmt_int(officers, lang))),
    ]  # fmt: skip


def funding_source_header(lang: str) -> tuple[str, str, str, str]:
    tr = Translator(lang)
    return (tr("pg.funding.col_source_name"), tr("pg.funding.col_source_type"), tr("pg.funding.col_amount_uah"),
            tr("pg.export.funding_bought"))  # fmt: skip


def funding_source_rows(content: ReportContent) -> list[tuple[str, str, str, str]]:
    """What each source paid for, largest first (SOURCE_ROWS of them): source, its type, amount, items
    with their quantities and the ProZorro tender ids; the other sources summed in a last row, so that the
    amounts add up to the total spent."""
    lang, tr = content.lang, Translator(content.lang)
    by_source = content.oblast.funding_by_source
    groups = list(by_source.groupby(["source_type", "source_name"], sort=False))
    rows = []
    for (source_type, source_name), part in groups[:SOURCE_ROWS]:
        items = ", ".join(f"{tr.label('funding_item', i)} {fmt_int(q, lang)}"
                          for i, q in zip(part["item"], part["quantity"], strict=True))  # fmt: skip
        tenders = ", ".join(x for x in part["prozorro_ids"] if isinstance(x, str) and x)
        bought = items + (f"; ProZorro: {tenders}" if tenders else "")
        rows.append((str(source_name), tr.label("funding_source", source_type), fmt_int(part["amount_uah"].sum(), lang),
                     bought))  # fmt: skip
    rest = groups[SOURCE_ROWS:]
    if rest:
        amount = sum(float(part["amount_uah"].sum()) for _, part in rest)
        types = sorted({str(source_type) for (source_type, _), _ in rest})
        rows.append((tr("pg.export.funding_others", n=fmt_int(len(rest), lang)),
                     ", ".join(tr.label("funding_source", x) for x in types), fmt_int(amount, lang), DASH))  # fmt: skip
    return rows


def funding_method(lang: str) -> str:
    tr = Translator(lang)
    return (f"{tr('pg.funding.kpi_per_officer')} — {tr('pg.export.funding_notes')} {tr('methodology.formula')}: "
            f"{tr('pg.export.funding_formula')}.")  # fmt: skip
