"""Queries of the overview page, and the small pure functions that summarise and compare their results.

Wrappers take the standard scope parameters (raion, hromada: KATOTTG or None) and return DataFrames whose
columns are listed in their docstrings. The page runs the same wrappers on the previous snapshot and on
dates a year earlier and compares the results with ``status_summary`` / ``what_changed`` /
``row_count_changes`` (pure: no DuckDB, no Streamlit), so that nothing is attached across files.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import duckdb
import pandas as pd

from dashboard import indicators as ind
from dashboard.queries import run_query
from dashboard.queries.columns import Role, declare


@declare(
    hromada=Role.KEY,
    name_uk=Role.KEY,
    name_en=Role.KEY,
    type=Role.SAFE,
    population=Role.SAFE,
    is_pilot=Role.SAFE,
    officers_on_duty=Role.SAFE,
    officers_ever_deployed=Role.SAFE,
    officers_in_pipeline=Role.SAFE,
    office_delivered=Role.SAFE,
    vehicle_delivered=Role.SAFE,
    tablet_delivered=Role.SAFE,
)
def hromada_status(
    con: duckdb.DuckDBPyConnection, *, raion: str | None, hromada: str | None, reporting_date: dt.date
) -> pd.DataFrame:
    """One row per hromada in scope at `reporting_date`.

    Columns: hromada (KATOTTG), name_uk, name_en, type, population (2022 estimate), is_pilot,
    officers_on_duty, officers_ever_deployed, officers_in_pipeline (selected, not yet deployed),
    office_delivered, vehicle_delivered, tablet_delivered (delivered by the date).
    """
    params = {"raion": raion, "hromada": hromada, "reporting_date": reporting_date}
    return run_query(con, "overview_hromada_status", params)


@declare(n_hromadas=Role.SAFE, population=Role.SAFE, offences=Role.COUNT, calls=Role.SAFE)
def period_kpis(
    con: duckdb.DuckDBPyConnection,
    *,
    month_from: dt.date,
    month_to: dt.date,
    raion: str | None,
    hromada: str | None,
) -> pd.DataFrame:
    """One row: the scope's counts for months `month_from`..`month_to` (from the agg_* tables).

    Columns: n_hromadas, population (2022 estimate), offences, calls.
    """
    params = {"month_from": month_from, "month_to": month_to, "raion": raion, "hromada": hromada}
    return run_query(con, "overview_period", params)


@declare(n_response=Role.SAFE, response_median_min=Role.DERIVED, response_p90_min=Role.DERIVED)
def response_times(
    con: duckdb.DuckDBPyConnection,
    *,
    month_from: dt.date,
    month_to: dt.date,
    raion: str | None,
    hromada: str | None,
) -> pd.DataFrame:
    """One row: response time to 102 calls received in months `month_from`..`month_to`.

    Columns: n_response (calls with a valid arrival time: the n to show; ``period_kpis`` counts all
    calls), response_median_min, response_p90_min (minutes at 0.1-minute resolution; NaN without such
    calls).
    """
    params = {"month_from": month_from, "month_to": month_to, "raion": raion, "hromada": hromada}
    return run_query(con, "overview_response", params)


@declare(
    wave=Role.KEY,
    last_survey_date=Role.SAFE,
    n_hromadas=Role.SAFE,
    respondents=Role.SAFE,
    trust_yes=Role.SAFE,
    feel_safe_yes=Role.SAFE,
    knows_officer_yes=Role.SAFE,
)
def trust_wave(
    con: duckdb.DuckDBPyConnection, *, month_to: dt.date, raion: str | None, hromada: str | None
) -> pd.DataFrame:
    """The latest survey wave (half-year) up to the end of `month_to`: zero or one row.

    Columns: wave (first day of the half-year), last_survey_date, n_hromadas, respondents, trust_yes,
    feel_safe_yes, knows_officer_yes (summed over the surveyed hromadas).
    """
    return run_query(con, "overview_trust", {"month_to": month_to, "raion": raion, "hromada": hromada})


@declare(stage=Role.KEY, officers=Role.SAFE, hromadas=Role.SAFE, median_days=Role.DERIVED, n_days=Role.SAFE)
def rollout_funnel(
    con: duckdb.DuckDBPyConnection, *, raion: str | None, hromada: str | None, reporting_date: dt.date
) -> pd.DataFrame:
    """Four rows, one per stage in order: selection, training, deployment, station_open.

    Columns: stage, officers and hromadas that ever reached it by `reporting_date`, median_days from the
    previous stage (NaN for selection) and n_days (how many durations the median is taken over).
    """
    params = {"raion": raion, "hromada": hromada, "reporting_date": reporting_date}
    return run_query(con, "overview_rollout", params)


@declare(month=Role.KEY, officers_on_duty=Role.SAFE, hromadas_covered=Role.SAFE)
def coverage_trend(
    con: duckdb.DuckDBPyConnection, *, raion: str | None, hromada: str | None, reporting_date: dt.date
) -> pd.DataFrame:
    """One row per month since January 2019: month, officers_on_duty, hromadas_covered (at month end)."""
    params = {"raion": raion, "hromada": hromada, "reporting_date": reporting_date}
    return run_query(con, "overview_coverage_trend", params)


@declare(
    month=Role.KEY,
    group=Role.KEY,
    n_hromadas=Role.SAFE,
    population=Role.SAFE,
    offences=Role.COUNT,
    rate_per_10k=Role.DERIVED,
)
def offence_trend(
    con: duckdb.DuckDBPyConnection, *, raion: str | None, hromada: str | None, reporting_date: dt.date
) -> pd.DataFrame:
    """Monthly offences since January 2019 in hromadas already covered vs not yet covered.

    Columns: month, group ('covered' / 'not_covered'), n_hromadas, population, offences, rate_per_10k
    (offences in the month per 10,000 residents of the group). A group without hromadas has no row.
    """
    params = {"raion": raion, "hromada": hromada, "reporting_date": reporting_date}
    frame = run_query(con, "overview_offence_trend", params)
    frame["rate_per_10k"] = ind.rate_per_10k(frame["offences"], frame["population"])
    return frame


@declare(officer_id=Role.KEY, hromada=Role.KEY, on_duty=Role.SAFE)
def officer_status(
    con: duckdb.DuckDBPyConnection, *, raion: str | None, hromada: str | None, reporting_date: dt.date
) -> pd.DataFrame:
    """Every officer of the scope, without personal data. Columns: officer_id, hromada, on_duty (at
    `reporting_date`). Unordered."""
    params = {"raion": raion, "hromada": hromada, "reporting_date": reporting_date}
    return run_query(con, "overview_officer_status", params)


@declare(item_id=Role.KEY, hromada=Role.KEY, status=Role.SAFE)
def passport_status(
    con: duckdb.DuckDBPyConnection, *, raion: str | None, hromada: str | None
) -> pd.DataFrame:
    """Every safety-passport measure of the scope. Columns: item_id, hromada, status. Unordered."""
    return run_query(con, "overview_passport_status", {"raion": raion, "hromada": hromada})


@declare(table=Role.KEY, table_order=Role.SAFE, n_rows=Role.COUNT)
def row_counts(con: duckdb.DuckDBPyConnection, *, raion: str | None, hromada: str | None) -> pd.DataFrame:
    """Rows per contract table in the scope, in contract order. Columns: table, table_order, n_rows."""
    return run_query(con, "overview_row_counts", {"raion": raion, "hromada": hromada})


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


CHANGE_CODES = (
    "newly_covered",
    "newly_vacant",
    "officers_deployed",
    "officers_left",
    "officers_selected",
    "passport_done",
    "passport_new",
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
