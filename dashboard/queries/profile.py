"""Query wrappers of the community profile page: everything about one hromada.

Personal data (officers' names and phones) come only from `officer_cards`, so that access rules can
wrap or drop that one function; every other wrapper returns no personal column.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from dashboard import indicators as ind
from dashboard.queries import run_query
from dashboard.queries.columns import HROMADA_PLACE, OFFICER_CARD, Role, declare, rows_of_category
from dashboard.queries.dispersion import dispersion_of, offence_dispersion

SURVEY_MEASURES = ("trust", "feel_safe", "knows_officer")


@declare(
    HROMADA_PLACE,
    hromada=Role.KEY,
    name_uk=Role.KEY,
    name_en=Role.KEY,
    name_full_uk=Role.KEY,
    n_settlements=Role.SAFE,
    area_km2=Role.SAFE,
    population_2022=Role.SAFE,
    is_pilot=Role.SAFE,
    first_election_date=Role.SAFE,
    peer_group=Role.SAFE,
    first_selected_on=Role.SAFE,
    first_training_from=Role.SAFE,
    first_deployed_on=Role.SAFE,
    officers_on_duty=Role.SAFE,
    officers_in_pipeline=Role.SAFE,
    officers_ever_deployed=Role.SAFE,
    first_station_opened_on=Role.SAFE,
    stations_open=Role.SAFE,
    coverage_status=Role.SAFE,
    stage=Role.SAFE,
    residents_per_officer=Role.DERIVED,
    norm=Role.SAFE,
    exceeds_norm=Role.SAFE,
)
def hromada_facts(con: duckdb.DuckDBPyConnection, *, hromada: str, reporting_date: dt.date) -> pd.DataFrame:
    """One row (none for an unknown code): the hromada's reference facts and its rollout at the date.

    Columns: hromada, name_uk, name_en, name_full_uk, type, type_en, raion, raion_en, raion_katottg,
    center, n_settlements, area_km2, population_2022, is_pilot, first_election_date, peer_group,
    first_selected_on, first_training_from, first_deployed_on, officers_on_duty, officers_in_pipeline,
    officers_ever_deployed, first_station_opened_on, stations_open, coverage_status
    (indicators.COVERAGE_STATUSES), stage (indicators.ROLLOUT_STAGES), residents_per_officer (NaN
    without an officer), norm (6 000 / 7 000 by type), exceeds_norm.
    """
    df = run_query(con, "profile_facts", {"hromada": hromada, "reporting_date": reporting_date})
    if df.empty:
        return df
    df["coverage_status"] = ind.coverage_status(
        df["officers_on_duty"], df["officers_in_pipeline"], df["officers_ever_deployed"]
    )
    df["stage"] = [
        ind.rollout_stage(
            reporting_date,
            selected_on=row.first_selected_on,
            training_from=row.first_training_from,
            deployed_on=row.first_deployed_on,
            station_opened_on=row.first_station_opened_on,
        )
        for row in df.itertuples()
    ]
    df["residents_per_officer"] = ind.residents_per_officer(df["population_2022"], df["officers_on_duty"])
    df["norm"] = ind.resident_norm(df["type_en"])
    df["exceeds_norm"] = ind.exceeds_norm(df["residents_per_officer"], df["type_en"])
    return df


@declare(
    officer_id=Role.KEY,
    rank=Role.SAFE,
    selected_on=Role.SAFE,
    training_from=Role.SAFE,
    training_to=Role.SAFE,
    deployed_on=Role.SAFE,
    left_on=Role.SAFE,
    status=Role.SAFE,
)
def officer_timeline(
    con: duckdb.DuckDBPyConnection, *, hromada: str, reporting_date: dt.date
) -> pd.DataFrame:
    """The hromada's officers selected by the date, without personal data (counts, ranks, timeline).

    Columns: officer_id, rank, selected_on, training_from, training_to, deployed_on, left_on (dates after
    the reporting date are blank), status ∈ {on_duty, in_training, left}.
    """
    return run_query(con, "profile_officers", {"hromada": hromada, "reporting_date": reporting_date})


@declare(OFFICER_CARD)
def officer_cards(con: duckdb.DuckDBPyConnection, *, hromada: str, reporting_date: dt.date) -> pd.DataFrame:
    """PERSONAL DATA: the officers on duty at the date with name and phone, for the officer cards.

    Columns: officer_id, hromada, full_name, rank, phone (may be missing), deployed_on. The data policy
    (PageContext.query) removes or blanks full_name and phone for those who may not see them.
    """
    return run_query(con, "profile_officer_cards", {"hromada": hromada, "reporting_date": reporting_date})


@declare(station_id=Role.KEY, name=Role.FREE_TEXT, opened_on=Role.SAFE, lat=Role.SAFE, lon=Role.SAFE)
def hromada_stations(
    con: duckdb.DuckDBPyConnection, *, hromada: str, reporting_date: dt.date
) -> pd.DataFrame:
    """The hromada's police stations opened by the date. Columns: station_id, name, opened_on, lat, lon."""
    return run_query(con, "profile_stations", {"hromada": hromada, "reporting_date": reporting_date})


@declare(resource=Role.KEY, delivered=Role.SAFE, planned=Role.SAFE)
def resource_kit(con: duckdb.DuckDBPyConnection, *, hromada: str, reporting_date: dt.date) -> pd.DataFrame:
    """The standard kit, one row per kind (office, vehicle, tablet, in that order).

    Columns: resource, delivered (by the date), planned (all planned rows).
    """
    return run_query(con, "profile_resources", {"hromada": hromada, "reporting_date": reporting_date})


@declare(
    activity_type=Role.KEY,
    n=Role.SAFE,
    hours=Role.SAFE,
    participants=Role.SAFE,
    officer_weeks=Role.SAFE,
    per_officer_week=Role.DERIVED,
    hours_per_officer_week=Role.DERIVED,
)
def activity_mix(
    con: duckdb.DuckDBPyConnection,
    *,
    month_from: dt.date,
    month_to: dt.date,
    hromada: str,
    reporting_date: dt.date,
) -> pd.DataFrame:
    """Activities in the period by type, most frequent first; no row for a type never recorded.

    Columns: activity_type, n, hours, participants, officer_weeks (days on duty in the period ÷ 7, the
    same on every row), per_officer_week and hours_per_officer_week (NaN without officer-weeks).
    """
    params = {
        "month_from": month_from,
        "month_to": month_to,
        "hromada": hromada,
        "reporting_date": reporting_date,
    }
    return run_query(con, "profile_activity", params)


@declare(month=Role.KEY, n=Role.COUNT)
def offence_trend(con: duckdb.DuckDBPyConnection, *, hromada: str, reporting_date: dt.date) -> pd.DataFrame:
    """Offences per month over the whole span of the snapshot's offence data (0 where none).

    Columns: month, n. Empty when the snapshot has no offences at all.
    """
    df = run_query(con, "profile_offence_trend", {"hromada": hromada, "reporting_date": reporting_date})
    return df[["month", "n"]]


@declare(
    deployment_month=Role.SAFE,
    n_pre=Role.COUNT,
    n_post=Role.COUNT,
    rate_pre=Role.DERIVED,
    rate_post=Role.DERIVED,
    rate_change=Role.DERIVED,
    z=Role.TOTAL_TEST,
    pct_change=Role.DERIVED,
    excluded=Role.SAFE,
)
def before_after(con: duckdb.DuckDBPyConnection, *, hromada: str, reporting_date: dt.date) -> pd.DataFrame:
    """Offences 12 months before vs 12 months after the hromada's first deployment (one row).

    indicators.before_after_deployment on this hromada alone, over the snapshot's data range up to the
    last complete month. Columns: deployment_month (NaT if never deployed), n_pre, n_post, rate_pre,
    rate_post (mean monthly rate per 10 000), rate_change, z, pct_change (NaN unless n_pre ≥ 20),
    excluded (None, or the reason: not_deployed, no_population, incomplete_window).
    """
    facts = run_query(con, "profile_facts", {"hromada": hromada, "reporting_date": reporting_date})
    trend = offence_trend(con, hromada=hromada, reporting_date=reporting_date)
    columns = [
        "deployment_month",
        "n_pre",
        "n_post",
        "rate_pre",
        "rate_post",
        "rate_change",
        "z",
        "pct_change",
    ]
    if facts.empty or trend.empty:
        return pd.DataFrame([{**dict.fromkeys(columns, float("nan")), "excluded": "not_deployed"}])
    deployed = facts["first_deployed_on"].iloc[0]
    # The reporting date's month counts only if the date is its last day; otherwise it is partial.
    last_complete = (pd.Timestamp(reporting_date) + pd.Timedelta(days=1)).to_period("M").to_timestamp()
    last_complete -= pd.DateOffset(months=1)
    result = ind.before_after_deployment(
        trend.assign(hromada=hromada),
        {hromada: float(facts["population_2022"].iloc[0])},
        {hromada: deployed},
        first_month=trend["month"].min(),
        last_month=last_complete,
    )
    if result.per_hromada.empty:
        month = pd.Timestamp(deployed).to_period("M").to_timestamp() if pd.notna(deployed) else pd.NaT
        row = {**dict.fromkeys(columns, float("nan")), "deployment_month": month}
        return pd.DataFrame([{**row, "excluded": str(result.excluded["reason"].iloc[0])}])
    out = result.per_hromada[columns].copy()
    out["excluded"] = None
    return out


@declare(
    category=Role.KEY,
    n=Role.COUNT,
    solved=Role.COUNT,
    n_prev=Role.COUNT,
    population=Role.SAFE,
    rate_per_10k=Role.DERIVED,
    change=Role.DERIVED,
    z=Role.TEST,
    p=Role.TEST,
    level=Role.TEST,
    pct_change=Role.DERIVED,
    clearance_share=Role.DERIVED,
    sensitive_rows=rows_of_category("category"),
)
def offence_categories(
    con: duckdb.DuckDBPyConnection,
    *,
    month_from: dt.date,
    month_to: dt.date,
    prev_from: dt.date | None,
    prev_to: dt.date | None,
    hromada: str,
) -> pd.DataFrame:
    """Offences by category in the period vs the window it is compared with, most frequent first.

    ``prev_from``..``prev_to``: the same months a year earlier, from ``periods.year_on_year(...).params()``;
    both None when the data do not reach back that far: n_prev, change, z, p and pct_change are then NaN
    (level 'none'), never a comparison with months that were not recorded.
    Columns: category, n, solved, n_prev, population, rate_per_10k (over the period), change, z, p,
    level (signal / watch / none; indicators.count_change), pct_change (NaN unless n_prev ≥ 20), clearance_share (solved ÷ n).
    For partners the domestic-violence counts are rounded to base 5 at the source (dashboard.disclosure),
    and the data policy withholds z and level on its rows (a test would flag the rounding noise).
    """
    df = run_query(
        con,
        "profile_offence_categories",
        {
            "month_from": month_from,
            "month_to": month_to,
            "prev_from": prev_from,
            "prev_to": prev_to,
            "hromada": hromada,
        },
    )
    df["rate_per_10k"] = ind.rate_per_10k(df["n"], df["population"])
    df["change"] = ind.absolute_change(df["n"], df["n_prev"])
    # Widened where the category's monthly history in the hromada is overdispersed (queries.dispersion).
    dispersion = offence_dispersion(con, before=prev_from, raion=None, hromada=hromada, by="category")
    df[["z", "p", "level"]] = ind.count_change(
        df["n"], df["n_prev"], dispersion=dispersion_of(dispersion, df["category"])
    )
    df["pct_change"] = ind.pct_change(df["n"], df["n_prev"])
    df["clearance_share"] = ind.clearance(df["solved"], df["n"])
    return df


@declare(received_at=Role.SAFE, minutes=Role.SAFE)
def response_times(
    con: duckdb.DuckDBPyConnection,
    *,
    month_from: dt.date,
    month_to: dt.date,
    hromada: str,
    reporting_date: dt.date,
) -> pd.DataFrame:
    """Every 102 call of the period with its response time (for indicators.response_time_stats).

    Columns: received_at, minutes (NaN without an arrival time).
    """
    params = {
        "month_from": month_from,
        "month_to": month_to,
        "hromada": hromada,
        "reporting_date": reporting_date,
    }
    return run_query(con, "profile_response_times", params)


@declare(
    month=Role.KEY,
    n=Role.SAFE,
    n_arrived=Role.SAFE,
    response_median_min=Role.DERIVED,
    response_p90_min=Role.DERIVED,
)
def response_months(
    con: duckdb.DuckDBPyConnection, *, month_from: dt.date, month_to: dt.date, hromada: str
) -> pd.DataFrame:
    """Calls per month with the month's median and P90 response time (minutes).

    Columns: month, n, n_arrived, response_median_min, response_p90_min.
    """
    return run_query(
        con, "profile_response_months", {"month_from": month_from, "month_to": month_to, "hromada": hromada}
    )


@declare(
    survey_date=Role.KEY,
    measure=Role.KEY,
    yes=Role.SAFE,
    n=Role.SAFE,
    share=Role.DERIVED,
    moe=Role.DERIVED,
    low=Role.DERIVED,
    high=Role.DERIVED,
    reliable=Role.SAFE,
)
def survey_results(con: duckdb.DuckDBPyConnection, *, hromada: str, reporting_date: dt.date) -> pd.DataFrame:
    """Every survey up to the date, one row per survey and measure (trust, feel_safe, knows_officer).

    Columns: survey_date, measure, yes, n, share, moe (1.96·√(p(1−p)/n)), low, high, reliable (n ≥ 100).
    """
    raw = run_query(con, "profile_surveys", {"hromada": hromada, "reporting_date": reporting_date})
    frames = []
    for measure in SURVEY_MEASURES:
        estimate = ind.share_with_moe_frame(raw[f"{measure}_yes"], raw["respondents"])
        estimate.insert(0, "measure", measure)
        estimate.insert(0, "survey_date", raw["survey_date"])
        frames.append(
            estimate[["survey_date", "measure", "yes", "n", "share", "moe", "low", "high", "reliable"]]
        )
    return pd.concat(frames, ignore_index=True).sort_values(["survey_date", "measure"], ignore_index=True)


@declare(
    item_id=Role.KEY,
    hromada=Role.KEY,
    problem=Role.NARRATIVE,
    priority=Role.SAFE,
    measure=Role.NARRATIVE,
    responsible=Role.NAMED_TEXT,
    due_on=Role.SAFE,
    status=Role.SAFE,
    updated_on=Role.SAFE,
    action_taken=Role.NARRATIVE,
    outcome=Role.NARRATIVE,
    reviewed_on=Role.SAFE,
    overdue=Role.SAFE,
)
def passport_items(con: duckdb.DuckDBPyConnection, *, hromada: str, reporting_date: dt.date) -> pd.DataFrame:
    """The hromada's safety passport, high priority first, with the overdue flag at the date.

    Columns: item_id, hromada, problem, priority, measure, responsible, due_on, status, updated_on,
    action_taken, outcome, reviewed_on (contract v1.1), overdue; the measures of a problem together.
    problem, measure, action_taken and outcome are free text shown to everyone with what may identify a
    person masked (data policy, for readers who may not see it); responsible is blanked where it names a
    person whose data the reader may not see.
    """
    df = run_query(con, "profile_passport", {"hromada": hromada})
    df["overdue"] = ind.passport_overdue(df, reporting_date)
    return df
