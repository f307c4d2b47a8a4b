"""Typed query wrappers of the trust page: survey waves, hromadas' latest surveys, domestic-violence reports.

Shares and margins of error come from ``dashboard.indicators``, added here so that the cached frames are
ready to chart: a hromada's share = yes ÷ respondents, moe = 1.96·√(p(1−p)/n), reliable = n ≥ 100; a
raion's or the oblast's share is population-weighted over the hromadas surveyed (stratified:
p = Σ w_h·p_h, moe = 1.96·√(Σ w_h²·p_h(1−p_h)/n_h)), never Σ yes ÷ Σ respondents.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import duckdb
import pandas as pd

from dashboard import indicators as ind
from dashboard.periods import add_months
from dashboard.queries import run_query
from dashboard.queries.columns import SURVEY_CHANGE, Role, declare, every_row
from dashboard.queries.dispersion import offence_dispersion, total_dispersion

SURVEY_INDICATORS = ("trust", "feel_safe", "knows_officer")


def _add_shares(frame: pd.DataFrame, n_col: str = "respondents", prefix: str = "") -> pd.DataFrame:
    """Add <indicator>_share, _moe, _reliable for the three survey questions (from <indicator>_yes)."""
    for name in SURVEY_INDICATORS:
        est = ind.share_with_moe_frame(
            frame[f"{prefix}{name}_yes"].astype("float64"), frame[n_col].astype("float64")
        )
        frame[f"{prefix}{name}_share"] = est["share"]
        frame[f"{prefix}{name}_moe"] = est["moe"]
        frame[f"{prefix}{name}_reliable"] = est["reliable"]
    return frame


def _add_changes(frame: pd.DataFrame) -> pd.DataFrame:
    """Add <indicator>_change (p₁ − p₀), _change_moe and _significant against the prev_* counts."""
    for name in SURVEY_INDICATORS:
        diff = ind.share_difference_frame(
            frame[f"{name}_yes"].astype("float64"),
            frame["respondents"].astype("float64"),
            frame[f"prev_{name}_yes"].astype("float64"),
            frame["prev_respondents"].astype("float64"),
        )
        frame[f"{name}_change"] = diff["change"]
        frame[f"{name}_change_moe"] = diff["moe"]
        frame[f"{name}_significant"] = diff["significant"]
    return frame


def _weighted(frame: pd.DataFrame, groups: pd.Series | None, prefix: str = "") -> dict[str, pd.DataFrame]:
    """The population-weighted estimate of each survey question over the rows (hromadas) of each group."""
    return {
        name: ind.weighted_share_frame(
            frame[f"{prefix}{name}_yes"], frame[f"{prefix}respondents"], frame["population"], groups
        )
        for name in SURVEY_INDICATORS
    }


WAVE_COLUMNS = [
    "wave", "first_survey", "last_survey", "n_hromadas", "respondents", "population_surveyed",
    "scope_population", "resident_share",
    *(f"{name}_{part}" for name in SURVEY_INDICATORS for part in ("share", "moe", "variance", "reliable")),
]  # fmt: skip


def weighted_waves(strata: pd.DataFrame) -> pd.DataFrame:
    """One row per wave from one row per wave and hromada (``trust_waves.sql``): the population-weighted
    share of each question over the hromadas surveyed, its margin and variance, and the residents those
    hromadas hold (population_surveyed ÷ scope_population = resident_share)."""
    if strata.empty:
        return pd.DataFrame({col: pd.Series(dtype="float64") for col in WAVE_COLUMNS})
    groups = strata["wave"]
    by_wave = strata.groupby("wave", sort=True)
    out = pd.DataFrame(
        {
            "first_survey": by_wave["first_survey"].min(),
            "last_survey": by_wave["last_survey"].max(),
            "n_hromadas": by_wave["hromada"].nunique().astype("int64"),
            "respondents": by_wave["respondents"].sum().astype("int64"),
            "population_surveyed": by_wave["population"].sum().astype("int64"),
            "scope_population": by_wave["scope_population"].max().astype("int64"),
        }
    )
    out["resident_share"] = out["population_surveyed"] / out["scope_population"].where(
        out["scope_population"] > 0
    )
    for name, est in _weighted(strata, groups).items():
        out[f"{name}_share"] = est["share"]
        out[f"{name}_moe"] = est["moe"]
        out[f"{name}_variance"] = est["variance"]
        out[f"{name}_reliable"] = est["reliable"].astype(bool)
    return out.rename_axis("wave").reset_index()[WAVE_COLUMNS]


def wave_estimate(row: pd.Series, name: str) -> ind.WeightedShare:
    """The weighted estimate of question ``name`` in a row of ``trust_waves``."""
    return ind.WeightedShare(
        share=float(row[f"{name}_share"]),
        moe=float(row[f"{name}_moe"]),
        variance=float(row[f"{name}_variance"]),
        n=float(row["respondents"]),
        n_strata=int(row["n_hromadas"]),
        population=float(row["population_surveyed"]),
        reliable=bool(row[f"{name}_reliable"]),
    )


@declare(
    wave=Role.KEY,
    first_survey=Role.SAFE,
    last_survey=Role.SAFE,
    n_hromadas=Role.SAFE,
    respondents=Role.SAFE,
    population_surveyed=Role.SAFE,
    scope_population=Role.SAFE,
    resident_share=Role.DERIVED,
    trust_reliable=Role.SAFE,
    feel_safe_reliable=Role.SAFE,
    knows_officer_reliable=Role.SAFE,
    trust_share=Role.DERIVED,
    trust_moe=Role.DERIVED,
    trust_variance=Role.DERIVED,
    feel_safe_share=Role.DERIVED,
    feel_safe_moe=Role.DERIVED,
    feel_safe_variance=Role.DERIVED,
    knows_officer_share=Role.DERIVED,
    knows_officer_moe=Role.DERIVED,
    knows_officer_variance=Role.DERIVED,
)
def trust_waves(
    con: duckdb.DuckDBPyConnection, *, month_to: dt.date, raion: str | None, hromada: str | None
) -> pd.DataFrame:
    """Survey waves (half-years) up to the end of the period, population-weighted over the hromadas in scope.

    Columns: wave (date, first day of the half-year), first_survey, last_survey, n_hromadas (surveyed),
    respondents, population_surveyed (their residents), scope_population (all residents of the scope),
    resident_share (population_surveyed ÷ scope_population),
    and for each of trust, feel_safe, knows_officer: <name>_share (Σ w_h·p_h, w_h = population share among
    the hromadas surveyed), <name>_moe (1.96·√<name>_variance), <name>_variance (Σ w_h²·p_h(1−p_h)/n_h),
    <name>_reliable (respondents ≥ 100).
    """
    strata = run_query(con, "trust_waves", {"month_to": month_to, "raion": raion, "hromada": hromada})
    return weighted_waves(strata)


@dataclass(frozen=True)
class Wave:
    """The survey wave a page reports: its half-year, cut at the end of the period."""

    start: dt.date  # first day of the half-year
    end: dt.date  # last day of the half-year, or of the period if that ends first
    last_survey: dt.date  # the latest survey date of the wave in the scope
    in_period: bool  # False: no survey in the period, this is the latest wave before it


def latest_wave(waves: pd.DataFrame, month_from: dt.date, month_to: dt.date) -> Wave | None:
    """The latest wave with a survey in the period (last_survey ≥ month_from), else the latest before it.

    ``waves`` is ``trust_waves`` (already cut at the end of the period); None when it is empty. The wave
    spans its whole half-year (up to the end of the period), not only the survey dates of the scope, so
    that the hromadas of a raion are compared over the same window whichever hromada is selected.
    """
    if waves.empty:
        return None
    row = waves.iloc[-1]
    start = pd.Timestamp(row["wave"]).date()
    last = pd.Timestamp(row["last_survey"]).date()
    end = min(add_months(start, 6), add_months(month_to, 1)) - dt.timedelta(days=1)
    return Wave(start=start, end=end, last_survey=last, in_period=last >= month_from)


CHANGE_COLUMNS = [
    "prev_wave", "n_hromadas", "respondents", "prev_respondents", "population",
    *(f"{prefix}{name}_share" for name in SURVEY_INDICATORS for prefix in ("", "prev_")),
    *(f"{name}_{part}" for name in SURVEY_INDICATORS for part in ("change", "change_moe", "significant")),
]  # fmt: skip


def weighted_change(strata: pd.DataFrame) -> pd.DataFrame:
    """One row from one row per hromada surveyed in both waves (``trust_wave_change.sql``): each question's
    population-weighted share now and in the previous wave over the same hromadas with the same weights,
    the change p₁ − p₀ and its margin 1.96·√(Var₁ + Var₀) (two independent samples)."""
    prev_wave = strata["prev_wave"].iloc[0] if len(strata) else pd.NaT
    matched = strata[strata["hromada"].notna()]
    row: dict[str, object] = {
        "prev_wave": prev_wave,
        "n_hromadas": int(matched["hromada"].nunique()),
        "respondents": int(matched["respondents"].sum()),
        "prev_respondents": int(matched["prev_respondents"].sum()),
        "population": int(matched["population"].sum()),
    }
    now, before = _weighted(matched, None), _weighted(matched, None, prefix="prev_")
    for name in SURVEY_INDICATORS:
        cur, prev = now[name], before[name]
        if cur.empty or prev.empty:
            row |= {f"{name}_share": math.nan, f"prev_{name}_share": math.nan, f"{name}_change": math.nan,
                    f"{name}_change_moe": math.nan, f"{name}_significant": False}  # fmt: skip
            continue
        diff = ind.weighted_change_frame(
            cur["share"].iloc[0], cur["variance"].iloc[0], prev["share"].iloc[0], prev["variance"].iloc[0]
        ).iloc[0]
        row |= {
            f"{name}_share": cur["share"].iloc[0],
            f"prev_{name}_share": prev["share"].iloc[0],
            f"{name}_change": diff["change"],
            f"{name}_change_moe": diff["moe"],
            f"{name}_significant": bool(diff["significant"]),
        }
    frame = pd.DataFrame([row])[CHANGE_COLUMNS]
    frame["prev_wave"] = pd.to_datetime(frame["prev_wave"])
    return frame


@declare(
    SURVEY_CHANGE,
    prev_wave=Role.KEY,
    n_hromadas=Role.SAFE,
    respondents=Role.SAFE,
    prev_respondents=Role.SAFE,
    population=Role.SAFE,
    trust_share=Role.DERIVED,
    feel_safe_share=Role.DERIVED,
    knows_officer_share=Role.DERIVED,
    prev_trust_share=Role.DERIVED,
    prev_feel_safe_share=Role.DERIVED,
    prev_knows_officer_share=Role.DERIVED,
)
def trust_wave_change(
    con: duckdb.DuckDBPyConnection,
    *,
    date_from: dt.date,
    date_to: dt.date,
    raion: str | None,
    hromada: str | None,
) -> pd.DataFrame:
    """Change of the wave date_from..date_to against the previous wave, over hromadas surveyed in both.

    One row. Columns: prev_wave (date or NaT), n_hromadas (surveyed in both), respondents, prev_respondents,
    population (residents of those hromadas), and for each of trust, feel_safe, knows_officer:
    <name>_share and prev_<name>_share (population-weighted over those hromadas, the same weights in both
    waves), <name>_change (p₁ − p₀), <name>_change_moe (1.96·√(Var₁ + Var₀)), <name>_significant
    (|change| > its margin).
    """
    params = {"date_from": date_from, "date_to": date_to, "raion": raion, "hromada": hromada}
    return weighted_change(run_query(con, "trust_wave_change", params))


@declare(
    SURVEY_CHANGE,
    hromada=Role.KEY,
    name_uk=Role.KEY,
    name_en=Role.KEY,
    survey_date=Role.SAFE,
    respondents=Role.SAFE,
    trust_yes=Role.SAFE,
    feel_safe_yes=Role.SAFE,
    knows_officer_yes=Role.SAFE,
    prev_survey_date=Role.SAFE,
    prev_respondents=Role.SAFE,
    prev_trust_yes=Role.SAFE,
    prev_feel_safe_yes=Role.SAFE,
    prev_knows_officer_yes=Role.SAFE,
    trust_reliable=Role.SAFE,
    feel_safe_reliable=Role.SAFE,
    knows_officer_reliable=Role.SAFE,
    trust_share=Role.DERIVED,
    trust_moe=Role.DERIVED,
    feel_safe_share=Role.DERIVED,
    feel_safe_moe=Role.DERIVED,
    knows_officer_share=Role.DERIVED,
    knows_officer_moe=Role.DERIVED,
)
def trust_by_hromada(
    con: duckdb.DuckDBPyConnection, *, date_from: dt.date, date_to: dt.date, raion: str | None
) -> pd.DataFrame:
    """Every hromada of the raion (or oblast) with its latest survey in date_from..date_to.

    Columns: hromada (KATOTTG), name_uk, name_en, survey_date (NaT = not surveyed then), respondents,
    prev_survey_date, prev_respondents, and for each of trust, feel_safe, knows_officer: <name>_yes,
    <name>_share, <name>_moe, <name>_reliable (respondents ≥ 100), prev_<name>_yes, <name>_change
    (vs the hromada's previous survey), <name>_change_moe, <name>_significant.
    """
    params = {"date_from": date_from, "date_to": date_to, "raion": raion}
    frame = _add_shares(run_query(con, "trust_by_hromada", params))
    return _add_changes(frame)


@declare(
    half_year=Role.KEY,
    n=Role.SENSITIVE_COUNT,
    n_months=Role.SAFE,
    population=Role.SAFE,
    rate_per_10k=Role.DERIVED,
    partial=Role.SAFE,
    sensitive_rows=every_row,
)
def trust_dv_half_years(
    con: duckdb.DuckDBPyConnection, *, month_to: dt.date, raion: str | None, hromada: str | None
) -> pd.DataFrame:
    """Domestic-violence reports per half-year up to the end of the period, in the scope.

    Columns: half_year (date), n (reports; 0 when none), n_months (months of the half-year inside the
    data: < 6 for a partial first or current half-year), population (Σ population_2022 of the scope),
    rate_per_10k (n ÷ population × 10,000, for the months observed), partial (n_months < 6).
    """
    params = {"month_to": month_to, "raion": raion, "hromada": hromada}
    frame = run_query(con, "trust_dv_half_years", params)
    frame["rate_per_10k"] = ind.rate_per_10k(frame["n"], frame["population"])
    frame["partial"] = frame["n_months"] < 6
    return frame


@declare(
    n_current=Role.SENSITIVE_COUNT,
    n_previous=Role.SENSITIVE_COUNT,
    population=Role.SAFE,
    rate_per_10k=Role.DERIVED,
    change=Role.DERIVED,
    z=Role.TEST,
    p=Role.TEST,
    level=Role.TEST,
    sensitive_rows=every_row,
)
def trust_dv_period(
    con: duckdb.DuckDBPyConnection,
    *,
    month_from: dt.date,
    month_to: dt.date,
    prev_from: dt.date | None,
    prev_to: dt.date | None,
    raion: str | None,
    hromada: str | None,
) -> pd.DataFrame:
    """Domestic-violence reports in the period and in the window it is compared with (``prev_from`` ..
    ``prev_to`` from ``periods.year_on_year(...).params()``: the same months a year earlier; both None =
    no comparison: n_previous, change, z and p are then NaN, level 'none').

    One row. Columns: n_current, n_previous, population, rate_per_10k (current ÷ population × 10,000),
    change (current − previous), z (√2·(√current − √previous) ÷ √φ), p (the E-test's two-sided p-value),
    level ('signal' where p < 0.003 / 'watch' where p < 0.05 / 'none'): indicators.count_change, widened
    by the φ of the scope's domestic-violence reports in the 24 months before ``prev_from``
    (queries.dispersion), like every change test. On a partner's connection the counts and φ are rounded
    ones; the data policy withholds z, p and level from partners anyway.
    """
    params = {"month_from": month_from, "month_to": month_to, "prev_from": prev_from, "prev_to": prev_to,
              "raion": raion, "hromada": hromada}  # fmt: skip
    frame = run_query(con, "trust_dv_period", params)
    frame["rate_per_10k"] = ind.rate_per_10k(frame["n_current"], frame["population"])
    frame["change"] = ind.absolute_change(frame["n_current"], frame["n_previous"])
    history = offence_dispersion(con, before=prev_from, raion=raion, hromada=hromada, by="total",
                                 category="domestic_violence")  # fmt: skip
    test = ind.count_change(frame["n_current"], frame["n_previous"], dispersion=total_dispersion(history))
    frame[["z", "p", "level"]] = test
    return frame
