"""Query wrappers of the map page: one row per hromada with every map indicator, and the stations."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from dashboard import indicators as ind
from dashboard.queries import run_query
from dashboard.queries.columns import Role, declare
from dashboard.queries.dispersion import dispersion_of, offence_dispersion


@declare(
    hromada=Role.KEY,
    raion_katottg=Role.KEY,
    is_pilot=Role.SAFE,
    as_of=Role.SAFE,
    population=Role.SAFE,
    type_en=Role.SAFE,
    officers_on_duty=Role.SAFE,
    officers_in_pipeline=Role.SAFE,
    officers_ever_deployed=Role.SAFE,
    has_offence_data=Role.SAFE,
    has_previous_data=Role.SAFE,
    survey_date=Role.SAFE,
    respondents=Role.SAFE,
    trust_yes=Role.SAFE,
    coverage_status=Role.SAFE,
    norm=Role.SAFE,
    exceeds_norm=Role.SAFE,
    small_number=Role.SAFE,
    trust_reliable=Role.SAFE,
    passport_items=Role.SAFE,
    passport_due=Role.SAFE,
    passport_done_due=Role.SAFE,
    passport_overdue=Role.SAFE,
    offences=Role.COUNT,
    offences_prev=Role.COUNT,
    residents_per_officer=Role.DERIVED,
    norm_ratio=Role.DERIVED,
    offence_rate=Role.DERIVED,
    offence_change=Role.DERIVED,
    trust_share=Role.DERIVED,
    trust_moe=Role.DERIVED,
    passport_done_share=Role.DERIVED,
    offence_z=Role.TOTAL_TEST,
)
def map_indicators(
    con: duckdb.DuckDBPyConnection,
    *,
    month_from: dt.date,
    month_to: dt.date,
    prev_from: dt.date | None,
    prev_to: dt.date | None,
    raion: str | None,
    reporting_date: dt.date,
) -> pd.DataFrame:
    """Every indicator the map can colour by, one row per hromada in scope (all hromadas of a raion).
    ``prev_from`` .. ``prev_to``: the window the offences are compared with
    (``periods.year_on_year(...).params()``; both None = no comparison).

    Staff and surveys are taken at ``as_of`` (the end of the period, at most the reporting date);
    offences over the period and the compared window; the passport at the reporting date
    (its statuses are the current ones).

    Columns: hromada, raion_katottg, is_pilot, as_of, population, type_en, officers_on_duty,
    officers_in_pipeline, officers_ever_deployed, coverage_status (indicators.COVERAGE_STATUSES),
    residents_per_officer (NaN without an officer), norm (6 000 / 7 000), norm_ratio (residents per
    officer ÷ norm), exceeds_norm, has_offence_data (the hromada has offence data and the period lies
    within the snapshot's offence data), has_previous_data (so does the same period a year earlier),
    offences, offences_prev, offence_rate (per 10 000 over the period; NaN without offence data),
    offence_change and offence_z (indicators.count_change: √2·(√now − √before) ÷ √φ, widened by the
    hromada's φ like every change test; NaN unless both windows have data), small_number (count < 10 or
    population < 5 000), survey_date, respondents, trust_yes, trust_share, trust_moe, trust_reliable
    (n ≥ 100), passport_items, passport_due, passport_done_due, passport_done_share (NaN when nothing
    is due), passport_overdue.
    """
    df = run_query(
        con,
        "map_indicators",
        {"month_from": month_from, "month_to": month_to, "prev_from": prev_from, "prev_to": prev_to,
         "raion": raion, "reporting_date": reporting_date},
    )  # fmt: skip
    df["coverage_status"] = ind.coverage_status(
        df["officers_on_duty"], df["officers_in_pipeline"], df["officers_ever_deployed"]
    )
    df["residents_per_officer"] = ind.residents_per_officer(df["population"], df["officers_on_duty"])
    df["norm"] = ind.resident_norm(df["type_en"])
    df["norm_ratio"] = df["residents_per_officer"] / df["norm"]
    df["exceeds_norm"] = ind.exceeds_norm(df["residents_per_officer"], df["type_en"])

    rate = ind.rate_per_10k(df["offences"], df["population"])
    df["offence_rate"] = rate.where(df["has_offence_data"])
    # A change needs both years inside the hromada's data: a year before its data began is not a 0.
    comparable = df["has_offence_data"] & df["has_previous_data"]
    df["offence_change"] = ind.absolute_change(df["offences"], df["offences_prev"]).where(comparable)
    phi = dispersion_of(
        offence_dispersion(con, before=prev_from, raion=raion, hromada=None, by="hromada"), df["hromada"]
    )
    df["offence_z"] = ind.count_change(df["offences"], df["offences_prev"], dispersion=phi)["z"].where(
        comparable
    )
    df["small_number"] = ind.is_small_number(df["offences"], df["population"])

    trust = ind.share_with_moe_frame(df["trust_yes"], df["respondents"])
    df["trust_share"] = trust["share"]
    df["trust_moe"] = trust["moe"]
    df["trust_reliable"] = trust["reliable"]

    items = run_query(con, "map_passport_items", {"raion": raion})
    passport = ind.passport_summary_by_hromada(items, reporting_date)
    passport = passport.rename(
        columns={
            "n_items": "passport_items",
            "n_due": "passport_due",
            "n_done_due": "passport_done_due",
            "done_share": "passport_done_share",
            "n_overdue": "passport_overdue",
        }
    )
    keep = ["passport_items", "passport_due", "passport_done_due", "passport_done_share", "passport_overdue"]
    df = df.merge(passport[["hromada", *keep]], on="hromada", how="left")
    for column in ("passport_items", "passport_due", "passport_done_due", "passport_overdue"):
        df[column] = df[column].fillna(0).astype(int)
    return df


@declare(
    station_id=Role.KEY,
    hromada=Role.KEY,
    name=Role.FREE_TEXT,
    lat=Role.SAFE,
    lon=Role.SAFE,
    opened_on=Role.SAFE,
)
def map_stations(
    con: duckdb.DuckDBPyConnection, *, month_to: dt.date, raion: str | None, reporting_date: dt.date
) -> pd.DataFrame:
    """Police stations open at the end of the period in the hromadas in scope.

    Columns: station_id, hromada, name, lat, lon, opened_on.
    """
    return run_query(
        con, "map_stations", {"month_to": month_to, "raion": raion, "reporting_date": reporting_date}
    )
