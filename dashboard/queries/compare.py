"""Queries of the compare page: per-hromada counts with their rates, changes and small-number flags.

``hromada_table`` runs one SQL file and adds the indicator columns with dashboard.indicators (no formula
is re-implemented here). Ranking that table honestly (small numbers are not ranked) is the view's job:
dashboard/views/compare.py ``rank_by``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import pandas as pd

from dashboard import indicators as ind
from dashboard.queries import run_query
from dashboard.queries.columns import Role, declare, when_param
from dashboard.queries.dispersion import call_dispersion, dispersion_of, offence_dispersion
from dashboard.schema import OFFENCE_CATEGORIES

# metric code → (value column, the count it is computed from, or None when the small-number rule of
# counts does not apply). Rank 1 is always the highest value.
METRICS: dict[str, tuple[str, str | None]] = {
    "offence_rate": ("offence_rate", "offences"),
    "category_rate": ("category_rate", "category_n"),
    "calls_rate": ("calls_rate", "calls"),
    "activities_per_officer_week": ("activities_per_officer_week", None),
    "residents_per_officer": ("residents_per_officer", None),
    "trust": ("trust_share", None),
}


@declare(
    hromada=Role.KEY,
    name_uk=Role.KEY,
    name_en=Role.KEY,
    raion=Role.KEY,
    raion_en=Role.KEY,
    raion_katottg=Role.KEY,
    type=Role.SAFE,
    type_en=Role.SAFE,
    population=Role.SAFE,
    is_pilot=Role.SAFE,
    peer_group=Role.SAFE,
    officers_on_duty=Role.SAFE,
    officer_days=Role.SAFE,
    calls=Role.SAFE,
    calls_prev=Role.SAFE,
    activities=Role.SAFE,
    survey_date=Role.SAFE,
    respondents=Role.SAFE,
    trust_yes=Role.SAFE,
    above_norm=Role.SAFE,
    trust_reliable=Role.SAFE,
    small_offences=Role.SAFE,
    small_category=Role.SAFE,
    offences=Role.COUNT,
    offences_prev=Role.COUNT,
    category_n=Role.COUNT,
    category_prev=Role.COUNT,
    offence_rate=Role.DERIVED,
    category_rate=Role.DERIVED,
    calls_rate=Role.DERIVED,
    offence_change=Role.DERIVED,
    category_change=Role.DERIVED,
    activities_per_officer_week=Role.DERIVED,
    residents_per_officer=Role.DERIVED,
    trust_share=Role.DERIVED,
    trust_moe=Role.DERIVED,
    offence_z=Role.TOTAL_TEST,
    offence_level=Role.TOTAL_TEST,
    category_z=Role.TEST,
    calls_z=Role.TEST,
    sensitive_rows=when_param("category"),
)
def hromada_table(
    con: duckdb.DuckDBPyConnection,
    *,
    month_from: dt.date,
    month_to: dt.date,
    prev_from: dt.date | None,
    prev_to: dt.date | None,
    raion: str | None,
    reporting_date: dt.date,
    category: str,
) -> pd.DataFrame:
    """One row per hromada of the raion (all when `raion` is None) for months `month_from`..`month_to`.

    Columns from SQL: hromada, name_uk, name_en, type, type_en, raion, raion_en, raion_katottg,
    population, is_pilot, peer_group, officers_on_duty (at `reporting_date`), officer_days (served in
    the period), offences, offences_prev (months ``prev_from``..``prev_to``: the same months a year earlier,
    from ``periods.year_on_year(...).params()``; both None = no comparison, the *_prev columns and every
    change and z are then NaN), category_n, category_prev
    (offences of `category`), calls, calls_prev, activities, survey_date, respondents, trust_yes (the
    latest survey up to the end of the period; missing without one).
    Added: offence_rate, category_rate, calls_rate (per 10,000 residents in the period), offence_change,
    offence_z, offence_level (indicators.count_change: z = √2·(√now − √before), the level from the E-test's
    p, both widened by the hromada's overdispersion φ, queries.dispersion), category_change, category_z
    (likewise, φ of the category), calls_z (likewise, φ of the hromada's calls), activities_per_officer_week,
    residents_per_officer, above_norm, trust_share, trust_moe, trust_reliable, small_offences,
    small_category (count < 10 or population < 5,000).
    """
    if category not in OFFENCE_CATEGORIES:
        raise ValueError(f"unknown offence category {category!r}")
    params = {
        "month_from": month_from,
        "month_to": month_to,
        "prev_from": prev_from,
        "prev_to": prev_to,
        "raion": raion,
        "reporting_date": reporting_date,
        "category": category,
    }
    frame = run_query(con, "compare_hromadas", params)
    pop = frame["population"]
    frame["offence_rate"] = ind.rate_per_10k(frame["offences"], pop)
    frame["category_rate"] = ind.rate_per_10k(frame["category_n"], pop)
    frame["calls_rate"] = ind.rate_per_10k(frame["calls"], pop)
    frame["offence_change"] = ind.absolute_change(frame["offences"], frame["offences_prev"])
    # Widened where a hromada's monthly history is overdispersed (φ from the 24 months before prev_from).
    history: dict[str, Any] = {"before": prev_from, "raion": raion, "hromada": None, "by": "hromada"}
    phi = dispersion_of(offence_dispersion(con, **history), frame["hromada"])
    phi_category = dispersion_of(offence_dispersion(con, **history, category=category), frame["hromada"])
    offence_test = ind.count_change(frame["offences"], frame["offences_prev"], dispersion=phi)
    frame["offence_z"] = offence_test["z"]
    frame["offence_level"] = offence_test["level"]
    frame["category_change"] = ind.absolute_change(frame["category_n"], frame["category_prev"])
    category_test = ind.count_change(frame["category_n"], frame["category_prev"], dispersion=phi_category)
    frame["category_z"] = category_test["z"]
    # Calls to 102 vary more than Poisson too (a storm, a holiday, a reporting campaign): the same test,
    # widened by each hromada's φ of calls.
    phi_calls = dispersion_of(
        call_dispersion(con, before=prev_from, raion=raion, hromada=None), frame["hromada"]
    )
    frame["calls_z"] = ind.count_change(frame["calls"], frame["calls_prev"], dispersion=phi_calls)["z"]
    frame["activities_per_officer_week"] = ind.per_officer_week(frame["activities"], frame["officer_days"])
    frame["residents_per_officer"] = ind.residents_per_officer(pop, frame["officers_on_duty"])
    frame["above_norm"] = ind.exceeds_norm(frame["residents_per_officer"], frame["type"])
    shares = ind.share_with_moe_frame(frame["trust_yes"], frame["respondents"])
    frame["trust_share"] = shares["share"]
    frame["trust_moe"] = shares["moe"]
    frame["trust_reliable"] = shares["reliable"].astype(bool)
    frame["small_offences"] = ind.is_small_number(frame["offences"], pop)
    frame["small_category"] = ind.is_small_number(frame["category_n"], pop)
    return frame
