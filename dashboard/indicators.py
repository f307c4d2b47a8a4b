"""Indicator math of the dashboard: rates, changes, margins of error, before/after and WDD (pure functions).

Every formula of the shared INDICATORS.md lives here, once, so that pages, charts and exports agree and
the unit tests (tests/test_indicators.py) pin the numbers. Nothing here touches Streamlit or DuckDB: the
inputs are numbers, pandas Series, or the small DataFrames that the query wrappers return.

Conventions
- Element-wise functions accept scalars, pandas Series or numpy arrays. Scalars only in → a Python
  ``float`` (``bool``, ``str``) out; any Series or array in → a ``pd.Series`` out with the index of the
  Series argument. Two Series arguments must share one index: nothing is silently re-aligned.
- An undefined value (a rate without population, a % change that the previous ≥ 20 rule forbids, a share
  of zero respondents) is NaN, never None, in both forms: test it with ``pd.isna`` / ``math.isnan``.
  ``None``, ``pd.NA`` and NaN inputs all count as missing.
- Shares and % changes are fractions (0.125), not percentages: formatting (12,5 %) belongs to i18n.
- A month is the first day of the month; any date inside a month stands for that month.
- Reason and level values (``'signal'``, ``'incomplete_window'`` …) are Latin codes; words come from i18n.
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple, TypeAlias, TypeVar, overload

import numpy as np
import pandas as pd
from pandas.api.typing import NaTType

from dashboard.schema import RESOURCE_KINDS

__all__ = [
    "COUNCIL_REPORTS_TARGET",
    "COVERAGE_STATUSES",
    "DISPERSION_MONTHS",
    "ETEST_MAX_TOTAL",
    "MIN_RELIABLE_N",
    "NORM_RESIDENTS_RURAL",
    "NORM_RESIDENTS_URBAN",
    "PASSPORT_RECENT_REVIEW_MONTHS",
    "PASSPORT_REVIEW_MAX_DAYS",
    "PCT_CHANGE_MIN_PREVIOUS",
    "P_SIGNAL",
    "P_WATCH",
    "ROLLOUT_STAGES",
    "SMALL_COUNT",
    "SMALL_POPULATION",
    "Z_95",
    "BeforeAfter",
    "BeforeAfterPooled",
    "CountChange",
    "Coverage",
    "DeploymentWave",
    "Dispersion",
    "DispersionEstimate",
    "PassportSummary",
    "PooledCompleteness",
    "RankIntervals",
    "ResponseTimes",
    "Retention",
    "ShareEstimate",
    "WDDResult",
    "WddVsControls",
    "WeightedShare",
    "absolute_change",
    "area_per_officer",
    "before_after_deployment",
    "change_p",
    "clearance",
    "count_change",
    "count_changes",
    "coverage",
    "coverage_status",
    "deployment_waves",
    "dispersion_frame",
    "dispersion_matrix",
    "event_time_series",
    "exceeds_norm",
    "funnel_limits",
    "is_small_number",
    "level_from_p",
    "mean_attendance",
    "normal_p",
    "on_duty_mask",
    "own_dispersion",
    "passport_overdue",
    "passport_summary",
    "passport_summary_by_hromada",
    "pct_change",
    "per_officer_week",
    "poisson_z",
    "rank_descending",
    "rank_intervals",
    "rate_change_se",
    "rate_per_10k",
    "resident_norm",
    "residents_per_officer",
    "resource_completeness",
    "resource_completeness_pooled",
    "resource_completeness_table",
    "response_minutes",
    "response_time_stats",
    "retention_12m",
    "review_is_stale",
    "reviewed_recently",
    "rollout_stage",
    "seasonal_profile",
    "settlements_per_officer",
    "share_difference_frame",
    "share_interval",
    "share_interval_frame",
    "share_with_moe",
    "share_with_moe_frame",
    "squeeze_dispersion",
    "t_reference",
    "time_inside_share",
    "wdd",
    "wdd_verdict",
    "wdd_vs_controls",
    "weighted_change_frame",
    "weighted_share",
    "weighted_share_frame",
    "wilson_interval",
]

# --- thresholds (INDICATORS.md) ------------------------------------------------------------------------
# Наказ МВС №650: one police district serves at most 6,000 residents in rural and settlement hromadas,
# 7,000 in urban ones.
NORM_RESIDENTS_RURAL = 6_000
NORM_RESIDENTS_URBAN = 7_000
_NORM_BY_TYPE = {
    "міська": NORM_RESIDENTS_URBAN,
    "селищна": NORM_RESIDENTS_RURAL,
    "сільська": NORM_RESIDENTS_RURAL,
    "urban": NORM_RESIDENTS_URBAN,
    "settlement": NORM_RESIDENTS_RURAL,
    "rural": NORM_RESIDENTS_RURAL,
}
P_WATCH = 0.05  # a change test's p below this: 'watch'
P_SIGNAL = 0.003  # below this: 'signal'
ETEST_MAX_TOTAL = 400  # above this sum of the two counts the E-test's p is its normal limit (change_p)
PCT_CHANGE_MIN_PREVIOUS = 20  # below this a % change is noise: show the absolute change and z instead
MIN_RELIABLE_N = 100  # survey shares from fewer respondents are hidden or marked unreliable
Z_95 = 1.96
SMALL_COUNT = 10  # counts below this: show counts and z, grey out ranks
SMALL_POPULATION = 5_000  # populations below this: same
_PASSPORT_DONE = "done"
_PASSPORT_CANCELLED = "cancelled"
# A safety passport not updated for more than this many days is flagged: two missed quarterly reviews.
PASSPORT_REVIEW_MAX_DAYS = 180
# Priorities reviewed with the community within this many months count as up to date: the headline
# measure "up-to-date (in the last 3 months) neighbourhood policing priorities" of the UK Neighbourhood
# Policing Guarantee (Home Office, NPG performance framework, April 2025, pillar 2 "community-led policing").
PASSPORT_RECENT_REVIEW_MONTHS = 3

Vector: TypeAlias = pd.Series | np.ndarray
T = TypeVar("T")


# --- scalar / vector plumbing ----------------------------------------------------------------------------
def _is_scalar(x: Any) -> bool:
    return not isinstance(x, pd.Series | pd.Index | np.ndarray | list | tuple)


def _as_float(x: Any) -> np.ndarray:
    """A float array (0-d for a scalar) with NaN for every kind of missing value (None, pd.NA, NaT)."""
    if isinstance(x, pd.Series | pd.Index):
        return x.to_numpy(dtype=float, na_value=np.nan)
    if _is_scalar(x):
        return np.asarray(np.nan if x is None or pd.isna(x) else float(x))
    return pd.Series(x).to_numpy(dtype=float, na_value=np.nan)


def _common_index(args: tuple[Any, ...]) -> pd.Index | None:
    index: pd.Index | None = None
    for arg in args:
        if isinstance(arg, pd.Series):
            if index is None:
                index = arg.index
            elif not index.equals(arg.index):
                # Arithmetic on misaligned Series would silently pair the wrong hromadas.
                raise ValueError("Series arguments must share one index")
    return index


def _wrap(values: np.ndarray, *args: Any) -> Any:
    """Scalars in → a Python scalar; otherwise a Series with the index of the Series argument."""
    if all(_is_scalar(a) for a in args):
        return values.item()
    index = _common_index(args)
    values = np.atleast_1d(values)
    if index is None:
        index = pd.RangeIndex(len(values))
    return pd.Series(np.broadcast_to(values, (len(index),)).copy(), index=index)


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """numerator ÷ denominator, NaN where the denominator is 0, negative or missing."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, numerator / denominator, np.nan)


def _as_series(x: pd.Series | Mapping[str, Any], name: str) -> pd.Series:
    series = x.copy() if isinstance(x, pd.Series) else pd.Series(dict(x), dtype=object)
    series.index = series.index.astype(str)
    series.name = name
    return series


def _month_index(day: Any) -> int:
    """Months since year 0 (year·12 + month − 1): month arithmetic without calendars."""
    ts = pd.Timestamp(day)
    return ts.year * 12 + ts.month - 1


def _month_index_series(days: pd.Series) -> pd.Series:
    ts = pd.to_datetime(days)
    return ts.dt.year * 12 + ts.dt.month - 1


def _month_start(index: int) -> pd.Timestamp:
    return pd.Timestamp(year=index // 12, month=index % 12 + 1, day=1)


# --- coverage and rollout ----------------------------------------------------------------------------------
@overload
def rate_per_10k(count: float, population: float) -> float: ...
@overload
def rate_per_10k(count: Vector, population: Vector | float) -> pd.Series: ...
@overload
def rate_per_10k(count: float, population: Vector) -> pd.Series: ...
def rate_per_10k(count: Any, population: Any) -> Any:
    """Rate per 10,000 residents: count ÷ population × 10,000.

    NaN where the population is 0, negative or missing. For the offence rate pass the rolling 12-month
    count; the population is ``population_2022`` (a pre-war estimate: the UI says so).
    """
    return _wrap(_ratio(_as_float(count), _as_float(population)) * 10_000, count, population)


@overload
def residents_per_officer(population: float, officers: float) -> float: ...
@overload
def residents_per_officer(population: Vector, officers: Vector | float) -> pd.Series: ...
@overload
def residents_per_officer(population: float, officers: Vector) -> pd.Series: ...
def residents_per_officer(population: Any, officers: Any) -> Any:
    """Residents per officer on duty: population ÷ officers. NaN where there is no officer (0)."""
    return _wrap(_ratio(_as_float(population), _as_float(officers)), population, officers)


@overload
def area_per_officer(area_km2: float, officers: float) -> float: ...
@overload
def area_per_officer(area_km2: Vector, officers: Vector | float) -> pd.Series: ...
@overload
def area_per_officer(area_km2: float, officers: Vector) -> pd.Series: ...
def area_per_officer(area_km2: Any, officers: Any) -> Any:
    """Square kilometres per officer on duty (travel burden): km² ÷ officers. NaN without officers."""
    return _wrap(_ratio(_as_float(area_km2), _as_float(officers)), area_km2, officers)


@overload
def settlements_per_officer(n_settlements: float, officers: float) -> float: ...
@overload
def settlements_per_officer(n_settlements: Vector, officers: Vector | float) -> pd.Series: ...
@overload
def settlements_per_officer(n_settlements: float, officers: Vector) -> pd.Series: ...
def settlements_per_officer(n_settlements: Any, officers: Any) -> Any:
    """Settlements per officer on duty (travel burden): settlements ÷ officers. NaN without officers."""
    return _wrap(_ratio(_as_float(n_settlements), _as_float(officers)), n_settlements, officers)


def _norm_of(hromada_type: Any) -> int:
    key = str(hromada_type).strip().lower()
    if key not in _NORM_BY_TYPE:
        raise ValueError(f"unknown hromada type {hromada_type!r}; expected one of {sorted(_NORM_BY_TYPE)}")
    return _NORM_BY_TYPE[key]


@overload
def resident_norm(hromada_type: str) -> int: ...
@overload
def resident_norm(hromada_type: Vector) -> pd.Series: ...
def resident_norm(hromada_type: Any) -> Any:
    """The most residents one officer may serve (Наказ МВС №650): 7,000 urban ('міська'), else 6,000.

    Accepts the Ukrainian types (міська / селищна / сільська) and the English ones (urban / settlement /
    rural). An unknown type raises ValueError rather than guessing a norm.
    """
    if _is_scalar(hromada_type):
        return _norm_of(hromada_type)
    types = hromada_type if isinstance(hromada_type, pd.Series) else pd.Series(hromada_type)
    return types.map(_norm_of).astype(int)


@overload
def exceeds_norm(residents_per_officer: float, hromada_type: str) -> bool: ...
@overload
def exceeds_norm(residents_per_officer: Vector, hromada_type: Vector | str) -> pd.Series: ...
@overload
def exceeds_norm(residents_per_officer: float, hromada_type: Vector) -> pd.Series: ...
def exceeds_norm(residents_per_officer: Any, hromada_type: Any) -> Any:
    """True where residents per officer > the norm of the hromada type (6,000 rural, 7,000 urban).

    Exactly at the norm is within it ("≤ 6,000"). NaN residents per officer (no officer on duty) give
    False: "no officer" is its own state on the page, not an excess.
    """
    rpo = _as_float(residents_per_officer)
    norm = _as_float(resident_norm(hromada_type))
    with np.errstate(invalid="ignore"):
        return _wrap(rpo > norm, residents_per_officer, hromada_type)


@dataclass(frozen=True)
class Coverage:
    """Hromada coverage and population covered at one date."""

    n_covered: int  # hromadas with ≥ 1 officer on duty
    n_hromadas: int
    hromada_share: float  # n_covered ÷ n_hromadas
    population_covered: float
    population_total: float
    population_share: float  # population_covered ÷ population_total


def coverage(
    officers_on_duty: pd.Series | Mapping[str, float], population: pd.Series | Mapping[str, float]
) -> Coverage:
    """Hromada coverage = hromadas with ≥ 1 officer on duty ÷ all hromadas; population covered likewise.

    ``population`` (indexed by KATOTTG) defines the set of hromadas (normally all 49); hromadas missing
    from ``officers_on_duty`` have no officer.
    """
    pop = _as_series(population, "population").astype(float)
    officers = _as_series(officers_on_duty, "officers").astype(float).reindex(pop.index).fillna(0)
    covered = officers >= 1
    n_hromadas = len(pop)
    pop_total = float(pop.sum())
    pop_covered = float(pop[covered].sum())
    return Coverage(
        n_covered=int(covered.sum()),
        n_hromadas=n_hromadas,
        hromada_share=float(covered.sum() / n_hromadas) if n_hromadas else math.nan,
        population_covered=pop_covered,
        population_total=pop_total,
        population_share=pop_covered / pop_total if pop_total > 0 else math.nan,
    )


def on_duty_mask(deployed_on: pd.Series, left_on: pd.Series, on: dt.date | pd.Timestamp) -> pd.Series:
    """Officers on duty at date D: deployed_on ≤ D and (left_on missing or left_on > D) (ARCHITECTURE.md).

    An officer who leaves on D is no longer on duty on D; one never deployed (missing) is not on duty.
    """
    day = pd.Timestamp(on)
    deployed = pd.to_datetime(deployed_on)
    left = pd.to_datetime(left_on)
    return ((deployed <= day) & (left.isna() | (left > day))).fillna(False).astype(bool)


@dataclass(frozen=True)
class Retention:
    """12-month retention: how many of the officers on duty a year ago are still on duty."""

    retained: int  # on duty now and 12 months ago
    base: int  # on duty 12 months ago (the denominator)
    share: float  # retained ÷ base; NaN when base is 0


def retention_12m(on_duty_now_ids: Iterable[str], on_duty_12m_ago_ids: Iterable[str]) -> Retention:
    """Retention = officers on duty now who were on duty 12 months ago ÷ those on duty 12 months ago.

    Officers who joined during the year are not in the base: this measures staying, not growth.
    """
    base = set(on_duty_12m_ago_ids)
    retained = len(base & set(on_duty_now_ids))
    return Retention(retained=retained, base=len(base), share=retained / len(base) if base else math.nan)


def resource_completeness(delivered: Mapping[str, float], officers: float) -> float:
    """Share of the programme standard {office, vehicle, tablet} per officer that has been delivered.

    completeness = Σ_k min(delivered_k, officers) ÷ (3 × officers), k ∈ {office, vehicle, tablet}.
    The required quantity of each resource is one per officer; a surplus of one kind (capped at the
    requirement) cannot make up for a shortage of another. Kinds missing from ``delivered`` count as 0.
    NaN without officers.
    """
    unknown = set(delivered) - set(RESOURCE_KINDS)
    if unknown:
        raise ValueError(f"unknown resource kinds {sorted(unknown)}; expected {RESOURCE_KINDS}")
    required = _as_float(officers).item()
    if not required > 0:
        return math.nan
    # A missing or negative delivered quantity counts as nothing delivered.
    got = [max(np.nan_to_num(_as_float(delivered.get(kind, 0)).item()), 0.0) for kind in RESOURCE_KINDS]
    capped = sum(min(quantity, required) for quantity in got)
    return capped / (len(RESOURCE_KINDS) * required)


def resource_completeness_table(
    resources: pd.DataFrame,
    officers: pd.Series | Mapping[str, float],
    as_of: dt.date | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Resource completeness per hromada from the ``resources`` table (see ``resource_completeness``).

    Delivered = Σ quantity of rows with status 'delivered' (and date ≤ ``as_of`` if given); 'planned'
    rows do not count. ``officers`` (officers on duty, indexed by KATOTTG) defines the hromadas.

    Returns one row per hromada: hromada, officers, ``<kind>_delivered`` (raw), ``<kind>_share``
    (min(delivered, officers) ÷ officers) for office, vehicle, tablet, and completeness (NaN without
    officers).
    """
    required = _as_series(officers, "officers").astype(float)
    rows = resources[resources["status"] == "delivered"]
    if as_of is not None:
        rows = rows[pd.to_datetime(rows["date"]) <= pd.Timestamp(as_of)]
    delivered = (
        rows.assign(hromada=rows["hromada"].astype(str))
        .pivot_table(index="hromada", columns="resource", values="quantity", aggfunc="sum")
        .reindex(index=required.index, columns=list(RESOURCE_KINDS))
        .fillna(0)
        .astype(float)
    )
    out = pd.DataFrame({"hromada": required.index, "officers": required.to_numpy()})
    req = required.to_numpy()
    capped_total = np.zeros(len(required))
    for kind in RESOURCE_KINDS:
        got = delivered[kind].to_numpy()
        capped = np.minimum(np.maximum(got, 0), req)
        capped_total += capped
        out[f"{kind}_delivered"] = got
        out[f"{kind}_share"] = _ratio(capped, req)
    out["completeness"] = _ratio(capped_total, req * len(RESOURCE_KINDS))
    return out


# --- changes and signals ----------------------------------------------------------------------------------
@overload
def absolute_change(current: float, previous: float) -> float: ...
@overload
def absolute_change(current: Vector, previous: Vector | float) -> pd.Series: ...
@overload
def absolute_change(current: float, previous: Vector) -> pd.Series: ...
def absolute_change(current: Any, previous: Any) -> Any:
    """Absolute change = current − previous (same period last year). Always shown, whatever the counts."""
    return _wrap(_as_float(current) - _as_float(previous), current, previous)


@overload
def poisson_z(current: float, previous: float) -> float: ...
@overload
def poisson_z(current: Vector, previous: Vector | float) -> pd.Series: ...
@overload
def poisson_z(current: float, previous: Vector) -> pd.Series: ...
def poisson_z(current: Any, previous: Any) -> Any:
    """Change z between two observed counts: z = √2·(√current − √previous) ≈ (current − previous) ÷
    √(current + previous); 40 → 30 gives −1.20.

    The square root stabilises the variance of a Poisson count (Var √X ≈ 1/4), so √current − √previous
    has variance 1/2 and z is roughly standard normal when nothing changed. (Wheeler's 2(√x − √λ) compares
    one count with a KNOWN mean λ; between two observed counts it has variance 2 and over-flags.) z gives
    the size and the direction of the change; the watch / signal level comes from the exact test in
    ``count_change``. The two counts must cover periods of equal length. NaN for negative or missing counts.
    """
    cur, prev = _as_float(current), _as_float(previous)
    with np.errstate(invalid="ignore"):
        root_diff = np.sqrt(np.abs(cur)) - np.sqrt(np.abs(prev))
        z = np.where((cur >= 0) & (prev >= 0), math.sqrt(2) * root_diff, np.nan)
    return _wrap(z, current, previous)


@lru_cache(maxsize=200_000)
def _etest_p(current: float, previous: float) -> float:
    """Two-sided E-test p-value of two Poisson counts with equal exposure (cached: counts repeat).

    Symmetric in the two counts (equal exposure, two-sided): callers pass (larger, smaller), so that
    a pair and its mirror share one cache entry. Integers, or effective counts (count ÷ φ, rounded to
    0.01) for an overdispersed history: the statistic is computed on them, the grid stays integer.
    """
    if current + previous > ETEST_MAX_TOTAL:
        # The E-test enumerates a (grid × grid) table, quadratic in the counts (≈ 60 ms at 1,000 vs 900,
        # a minute at 30,000). At these counts its p-value equals the normal p-value of the same score
        # statistic (current − previous) ÷ √(current + previous) to 3 decimals (tests pin this).
        score = (current - previous) / math.sqrt(current + previous)
        return float(math.erfc(abs(score) / math.sqrt(2)))
    # Imported here: statsmodels takes about a second to import, and most processes never test a change.
    from scipy.stats import poisson
    from statsmodels.stats.rates import test_poisson_2indep

    # The E-test sums P(y₁)·P(y₂) over a square grid of counts under the null (both means (c₁ + c₂) ÷ 2).
    # statsmodels' default grid starts at 0; counts below the 1e-13 quantile add nothing, so the grid
    # starts there (half the table at a few hundred; the p-value agrees to 1e-13).
    mean = (current + previous) / 2
    low = int(poisson.ppf(1e-13, mean)) if mean > 0 else 0
    grid = np.arange(low, max(int(poisson.isf(1e-13, mean)), 100) + 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # 0 vs 0: statsmodels divides 0 by 0 on the way
        result = test_poisson_2indep(
            current, 1, previous, 1, method="etest-score", etest_kwds={"y_grid": grid}
        )
    return float(result.pvalue)


@overload
def change_p(current: float, previous: float, *, dispersion: float | Dispersion = ...) -> float: ...
@overload
def change_p(
    current: Vector, previous: Vector | float, *, dispersion: Vector | float | Dispersion = ...
) -> pd.Series: ...
@overload
def change_p(
    current: float, previous: Vector, *, dispersion: Vector | float | Dispersion = ...
) -> pd.Series: ...
def change_p(current: Any, previous: Any, *, dispersion: Any = 1.0) -> Any:
    """Two-sided p-value of the change between two counts with equal exposure: the E-test of two Poisson
    counts (Krishnamoorthy & Thomson 2004; statsmodels ``test_poisson_2indep(..., method="etest-score")``);
    0 vs 3 → 0.0884, 6 vs 2 → 0.1749. Counts are rounded to integers (a partner's rounded counts are
    integers already). Cached on the pair, so that a page of many hromadas costs a few ms.

    ``dispersion`` φ ≥ 1 (NaN or below 1 counts as 1), a number / vector (φ taken as known) or a
    ``Dispersion`` (φ estimated, with its degrees of freedom: ``dispersion_matrix``). The test runs on the
    effective counts current ÷ φ and previous ÷ φ (quasi-Poisson: a count whose variance is φ times its
    mean carries the information of a Poisson count φ times smaller; McCullagh & Nelder 1989, §4.5),
    rounded to 0.01. An estimated φ is itself uncertain: its p-value is read against Student's t with the
    estimate's degrees of freedom instead of the normal (``t_reference``), as quasi-likelihood inference
    does. NaN for negative or missing counts.
    """
    phi_in, df_in = _dispersion_parts(dispersion)
    cur, prev, phi, df = np.broadcast_arrays(
        np.atleast_1d(_as_float(current)), np.atleast_1d(_as_float(previous)), _phi(phi_in), df_in
    )
    p = np.full(cur.shape, np.nan)
    valid = (cur >= 0) & (prev >= 0)
    counts = np.column_stack([np.rint(cur[valid]), np.rint(prev[valid])])
    # Effective counts; at φ = 1 they stay the integers (the cache keys of the plain test).
    effective = np.round(counts / phi[valid][:, None], 2)
    pairs = np.sort(effective, axis=1)[:, ::-1]  # (larger, smaller): the p-value is symmetric
    # Each distinct pair once (a national table repeats small pairs many times), then the cache.
    unique, inverse = np.unique(pairs.reshape(-1, 2), axis=0, return_inverse=True)
    unique_p = np.array([_etest_p(_key(c), _key(b)) for c, b in unique], dtype=float)
    p[valid] = t_reference(unique_p[inverse.reshape(-1)], df[valid])
    if _is_scalar(current) and _is_scalar(previous) and _is_scalar(phi_in) and _is_scalar(df_in):
        return float(p[0])
    return _wrap(p, current, previous, *(x for x in (phi_in, df_in) if isinstance(x, pd.Series)))


def t_reference(p: np.ndarray, df: Any) -> np.ndarray:
    """A two-sided p-value read against Student's t with ``df`` degrees of freedom instead of the normal:
    z = Φ⁻¹(1 − p/2), then 2·P(T_df > z). ``df`` = ∞ (or NaN) leaves p as it is.

    A test statistic divided by an ESTIMATED dispersion is t-, not normally, distributed (McCullagh &
    Nelder 1989, §9.2.4 / Venables & Ripley 2002, MASS §7.5: quasi-Poisson tests use t and F). At large
    counts the E-test's p is the normal p of its score, so this is exactly the quasi-Poisson t-test; at
    small counts it only makes the exact test a little more conservative. φ from 11 degrees of freedom:
    z = 1.96 (p = 0.05) becomes p = 0.076; the 'watch' line moves from |z| 1.96 to 2.20.
    """
    from scipy.stats import norm
    from scipy.stats import t as student

    p = np.asarray(p, dtype=float)
    dof = np.broadcast_to(np.asarray(df, dtype=float), p.shape)
    finite = np.isfinite(dof) & (dof > 0) & ~np.isnan(p)
    out = p.copy()
    if finite.any():
        z = norm.isf(np.clip(p[finite], 0, 1) / 2)
        out[finite] = 2 * student.sf(z, dof[finite])
    return out


def _key(count: float) -> float | int:
    """An integer count as int (the plain test's cache key), an effective count as a float."""
    return int(count) if float(count).is_integer() else float(count)


def _phi(dispersion: Any) -> np.ndarray:
    """The dispersion as used by the tests: missing, NaN or below 1 → 1 (never narrower than Poisson)."""
    phi = np.atleast_1d(_as_float(dispersion))
    return np.where(np.isnan(phi) | (phi < 1), 1.0, phi)


class Dispersion(NamedTuple):
    """An estimated dispersion: φ ≥ 1 and the degrees of freedom of its estimate (``dispersion_matrix``),
    scalars or vectors (pandas Series on the index of the counts they widen). df = ∞: φ taken as known."""

    phi: Any
    df: Any


def _dispersion_parts(dispersion: Any) -> tuple[Any, Any]:
    """(φ, df) of a ``Dispersion``, or of a plain φ (known: df = ∞)."""
    if isinstance(dispersion, Dispersion):
        df = dispersion.df
        return dispersion.phi, (_as_float(df) if isinstance(df, pd.Series) else np.asarray(df, dtype=float))
    return dispersion, np.asarray(math.inf)


@overload
def normal_p(z: float) -> float: ...
@overload
def normal_p(z: Vector) -> pd.Series: ...
def normal_p(z: Any) -> Any:
    """Two-sided p-value of a standard-normal z (e.g. a WDD's z): 2·Φ(−|z|). NaN stays NaN."""
    values = np.atleast_1d(_as_float(z))
    p = np.array([math.erfc(abs(v) / math.sqrt(2)) if not math.isnan(v) else math.nan for v in values])
    if _is_scalar(z):
        return float(p[0])
    return _wrap(p, z)


def _level(p: float) -> str:
    if math.isnan(p):
        return "none"
    if p < P_SIGNAL:
        return "signal"
    if p < P_WATCH:
        return "watch"
    return "none"


@overload
def level_from_p(p: float) -> str: ...
@overload
def level_from_p(p: Vector) -> pd.Series: ...
def level_from_p(p: Any) -> Any:
    """The level of a two-sided p-value: 'signal' where p < 0.003, 'watch' where p < 0.05, otherwise (and
    for NaN) 'none'. The sign is not part of the level: read it from z (or the absolute change).
    """
    values = _as_float(p)
    if _is_scalar(p):
        return _level(values.item())
    with np.errstate(invalid="ignore"):
        levels = np.select([values < P_SIGNAL, values < P_WATCH], ["signal", "watch"], "none")
    return _wrap(levels, p)


# --- overdispersion of a monthly history (quasi-Poisson φ) ---------------------------------------------
DISPERSION_MONTHS = 24  # the history φ is estimated from: the 24 months before the compared windows
DISPERSION_MIN_CASES = 20  # fewer cases in a history: too few to estimate its own φ; the pooled one is used


class DispersionEstimate(NamedTuple):
    """``dispersion_matrix``: per row φ ≥ 1, whether the row's own history was used, and the degrees of
    freedom of φ (∞ where nothing was estimated: φ = 1, Poisson)."""

    phi: np.ndarray
    own: np.ndarray
    df: np.ndarray

    def dispersion(self) -> Dispersion:
        """φ and df as the ``dispersion`` argument of ``count_change``."""
        return Dispersion(self.phi, self.df)


def dispersion_matrix(history: np.ndarray) -> DispersionEstimate:
    """Quasi-Poisson dispersion φ of monthly count histories, one per row (months in columns, oldest
    first, NaN = month not recorded), moderated across the rows; returns φ, own and df per row.

    The history is read as same-month pairs a year apart, d_t = y_t+12 − y_t, s_t = y_t+12 + y_t: the
    change between the same months of two years is what the change test looks at, and the pairs cancel
    the seasons (a seasonal history is not overdispersed for a comparison of the same months). For counts
    with variance φ × mean, Var d_t = φ·E s_t; so, around the mean change d̄ (a steady trend is not noise),

        φ̂ = Σ (d_t − d̄)² ÷ Σ s_t × m ÷ (m − 1)    (m = pairs with both months recorded, df = m − 1),

    Pearson's χ² over its degrees of freedom, the quasi-likelihood estimate of the dispersion (McCullagh &
    Nelder 1989, Generalized Linear Models, §4.5.2; Farrington et al. 1996, J. R. Stat. Soc. A 159: 547–563,
    who widen surveillance flags the same way).

    Twelve pairs (df = 11) estimate φ loosely (±45 %), and a test widened by a φ that came out low fires
    too often: with φ = 2 the flags fired 7.5 % instead of 5 %. So the rows' estimates are moderated
    (``squeeze_dispersion``, Smyth 2004's empirical Bayes): each φ̂ is shrunk toward the φ the rows share,
    as far as the rows' spread allows, which gives it the prior's degrees of freedom on top of its own;
    the test then reads its p-value against t with those degrees of freedom (``t_reference``).

    A row with fewer than 20 cases in its history (a small hromada, a rare category) cannot estimate its
    own φ: it gets the prior φ (with the prior's df), or, with fewer than three rows to form a prior, the φ
    pooled over all rows (the same formula on all pairs, each row around its own mean change; df = the
    rows' pairs − 1 each), or 1 (Poisson) if the rows together have fewer than 20 cases. Floored at 1:
    never narrower than the Poisson test.
    """
    raw, df, own, pooled = _pearson_dispersion(history)
    phi, dof = squeeze_dispersion(raw, df, own, pooled=pooled)
    return DispersionEstimate(np.maximum(phi, 1.0), own, dof)


def own_dispersion(history: np.ndarray) -> DispersionEstimate:
    """Each row's own φ̂ (the pooled φ for a row with fewer than 20 cases), floored at 1, NOT moderated:
    the rule before ``dispersion_matrix`` moderated the rows (benchmarks/false_alarms.py compares them)."""
    raw, df, own, pooled = _pearson_dispersion(history)
    phi = np.where(own, raw, pooled[0])
    return DispersionEstimate(np.maximum(phi, 1.0), own, np.where(own, df, pooled[1]))


def _pearson_dispersion(
    history: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[float, float]]:
    """Per row the Pearson φ̂ of the same-month pairs (NaN where the row has < 20 cases), its df = m − 1,
    whether it is the row's own, and the φ pooled over all rows with its df (``dispersion_matrix``)."""
    counts = np.atleast_2d(np.asarray(history, dtype=float))
    if counts.shape[1] < 13:
        raise ValueError("a dispersion needs at least 13 months of history")
    early, late = counts[:, :-12], counts[:, 12:]
    recorded = ~(np.isnan(early) | np.isnan(late))
    d = np.where(recorded, late - early, 0.0)
    total = np.where(recorded, late + early, 0.0)
    m = recorded.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_d = np.where(m > 0, d.sum(axis=1) / m, 0.0)
    squares = np.where(recorded, (d - mean_d[:, None]) ** 2, 0.0).sum(axis=1)
    cases = total.sum(axis=1)
    df = np.maximum(m - 1, 0).astype(float)
    own = (cases >= DISPERSION_MIN_CASES) & (df > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        raw = np.where(own, squares / cases * m / np.maximum(df, 1), np.nan)
    pooled_cases, pooled_df = float(cases.sum()), float(df.sum())
    pooled = (
        (float(squares.sum()) / pooled_cases * (float(m.sum()) / pooled_df), pooled_df)
        if pooled_cases >= DISPERSION_MIN_CASES and pooled_df > 0
        else (1.0, math.inf)  # nothing to estimate from: Poisson, taken as known
    )
    return raw, df, own, pooled


DISPERSION_MIN_PRIOR_ROWS = 3  # fewer rows with their own φ: no prior is estimated, nothing is moderated


def squeeze_dispersion(
    raw: np.ndarray, df: np.ndarray, own: np.ndarray, *, pooled: tuple[float, float]
) -> tuple[np.ndarray, np.ndarray]:
    """Empirical-Bayes moderation of dispersion estimates (Smyth 2004, Statistical Applications in
    Genetics and Molecular Biology 3(1): art. 3, §6; limma's ``squeezeVar``): returns (φ̃, df̃) per row.

    Each own estimate φ̂_h (df d_h) is taken as φ_h·χ²_d/d, with the rows' true φ_h drawn from a scaled
    inverse χ² prior (φ₀, d₀) that is fitted to the rows by the method of moments on log φ̂ (``_fit_prior``).
    The posterior φ̃_h = (d₀·φ₀ + d_h·φ̂_h) ÷ (d₀ + d_h) has d₀ + d_h degrees of freedom (capped at the
    rows' total Σ d_h, as limma does). Rows alike (all φ_h equal): d₀ = ∞, every row gets the pooled φ with
    Σ d_h df; rows that differ: d₀ small, each keeps nearly its own φ̂ and its own df. Rows without an
    own estimate get φ₀ (df d₀). With fewer than three own estimates no prior is fitted: own rows keep φ̂
    with df d_h, the others get ``pooled`` (φ, df).
    """
    phi = np.full(raw.shape, pooled[0], dtype=float)
    dof = np.full(raw.shape, pooled[1], dtype=float)
    phi[own], dof[own] = raw[own], df[own]
    if own.sum() < DISPERSION_MIN_PRIOR_ROWS:
        return phi, dof
    prior_phi, prior_df = _fit_prior(raw[own], df[own])
    if math.isinf(prior_df):
        prior_phi = pooled[0]
    cap = float(df[own].sum())
    if math.isinf(prior_df):
        phi[:] = prior_phi
        dof[:] = cap
        return phi, dof
    phi[own] = (prior_df * prior_phi + df[own] * raw[own]) / (prior_df + df[own])
    dof[own] = np.minimum(prior_df + df[own], cap)
    phi[~own], dof[~own] = prior_phi, min(prior_df, cap)
    return phi, dof


def _fit_prior(values: np.ndarray, df: np.ndarray) -> tuple[float, float]:
    """(φ₀, d₀) of the scaled inverse-χ² prior by the moments of log φ̂ (Smyth 2004, §6.2; limma
    ``fitFDist``): e = log φ̂ − ψ(d/2) + log(d/2); d₀ = 2·ψ′⁻¹(var e − mean ψ′(d/2)) (∞ when that is ≤ 0);
    φ₀ = exp(mean e + ψ(d₀/2) − log(d₀/2)). A zero φ̂ is raised to 10⁻⁵ × the median, as limma does."""
    from scipy.special import digamma, polygamma

    x = np.asarray(values, dtype=float)
    median = float(np.median(x))
    x = np.maximum(x, 1e-5 * median) if median > 0 else np.maximum(x, 1e-5)
    half = np.asarray(df, dtype=float) / 2
    e = np.log(x) - digamma(half) + np.log(half)
    excess = float(np.var(e, ddof=1) - np.mean(polygamma(1, half)))
    if excess <= 0:
        return float(np.exp(e.mean())), math.inf
    prior_df = 2 * _trigamma_inverse(excess)
    return float(np.exp(e.mean() + digamma(prior_df / 2) - np.log(prior_df / 2))), float(prior_df)


def _trigamma_inverse(x: float) -> float:
    """y with ψ′(y) = x (Newton's method on 1/ψ′, as in Smyth's limma ``trigammaInverse``)."""
    from scipy.special import polygamma

    if x > 1e7:
        return 1 / math.sqrt(x)
    if x < 1e-6:
        return 1 / x
    y = 0.5 + 1 / x
    for _ in range(50):
        tri = float(polygamma(1, y))
        step = tri * (1 - tri / x) / float(polygamma(2, y))
        y += step
        if -step / y < 1e-8:
            break
    return y


def dispersion_frame(
    monthly: pd.DataFrame,
    *,
    before: dt.date | pd.Timestamp,
    first_month: dt.date | pd.Timestamp | None = None,
    key: str | None = "hromada",
    months: int = DISPERSION_MONTHS,
) -> pd.DataFrame:
    """φ per ``key`` (``dispersion_matrix``) from the ``months`` monthly counts before the month ``before``
    (the first month of the compared windows: the test's own counts are not used to widen it).

    ``monthly``: columns ``key``, month, n (other columns are summed over; a month without a row is 0);
    ``key`` None = one history, the sum of all rows (a scope total), returned under key ``"total"``.
    Months before ``first_month`` (the first month of data) are not recorded: NaN, their pairs unused.
    The keys' estimates are moderated together (``dispersion_matrix``): pass the keys that are tested
    together (every hromada of the scope, every category). Columns: phi, df (its degrees of freedom, for
    the t reference of the test; ∞ = Poisson, nothing estimated), own (False: too few cases of its own,
    the φ shared by the keys), indexed by key.
    """
    end = _month_index(before)
    start = end - months
    first = _month_index(first_month) if first_month is not None else -1
    # The keys × months grid of summed counts, in numpy: a national history has ~35,000 rows, which a
    # pandas groupby / unstack over string keys took ~30 ms to pivot (the change tests' budget).
    if key:
        codes, uniques = pd.factorize(monthly[key].astype(str), sort=True)
        keys = pd.Index(uniques if len(uniques) else [], name=key)
    else:
        codes, keys = np.zeros(len(monthly), dtype=np.intp), pd.Index(["total"], name="key")
    month = _month_index_series(monthly["month"]).to_numpy(dtype=np.int64) - start
    inside = (month >= 0) & (month < months)
    grid = np.zeros((len(keys), months))
    np.add.at(grid, (codes[inside], month[inside]), monthly["n"].to_numpy(dtype=float, na_value=0.0)[inside])
    recorded = np.arange(start, end) >= first
    history = np.where(recorded[None, :], grid, np.nan)
    if len(keys) == 0:
        return pd.DataFrame(
            {"phi": pd.Series(dtype=float), "df": pd.Series(dtype=float), "own": pd.Series(dtype=bool)},
            index=keys,
        )
    estimate = dispersion_matrix(history)
    return pd.DataFrame({"phi": estimate.phi, "df": estimate.df, "own": estimate.own}, index=keys)


class CountChange(NamedTuple):
    """``count_change`` of two scalar counts."""

    z: float  # √2·(√current − √previous) (÷ √φ where overdispersed): size and direction
    p: float  # two-sided E-test p-value
    level: str  # 'signal' (p < 0.003) / 'watch' (p < 0.05) / 'none'


@overload
def count_change(current: float, previous: float, *, dispersion: float | Dispersion = ...) -> CountChange: ...
@overload
def count_change(
    current: Vector, previous: Vector | float, *, dispersion: Vector | float | Dispersion = ...
) -> pd.DataFrame: ...
@overload
def count_change(
    current: float, previous: Vector, *, dispersion: Vector | float | Dispersion = ...
) -> pd.DataFrame: ...
def count_change(current: Any, previous: Any, *, dispersion: Any = 1.0) -> Any:
    """THE change test of the dashboard, for two counts of periods of equal length (this period vs the
    same period last year, 12 months after vs before deployment): z = ``poisson_z`` (size and direction),
    p = ``change_p`` (the exact E-test) and level = ``level_from_p(p)``. Scalars → a ``CountChange``;
    a Series or array → a DataFrame with columns z, p, level on the Series' index.

    With no real change the flags fire at most 5 % ('watch' or 'signal') and 0.3 % ('signal') of the time,
    also at small counts (tests/test_indicators.py simulates it). Real crime counts vary more than Poisson
    counts: ``dispersion`` φ (``dispersion_frame``: from the monthly history before the windows; 1 = Poisson)
    widens the test — z ÷ √φ and the E-test on the counts ÷ φ (quasi-Poisson, McCullagh & Nelder 1989) —
    so that the flags keep their rates on overdispersed counts too (simulated in tests/test_indicators.py).
    Pass the ``Dispersion`` the history gave (φ with its degrees of freedom): the p-value then allows for
    the uncertainty of the estimate (``t_reference``).
    """
    phi_in, df_in = _dispersion_parts(dispersion)
    phi = _phi(phi_in)
    scalar = _is_scalar(current) and _is_scalar(previous) and _is_scalar(phi_in) and df_in.ndim == 0
    z = poisson_z(current, previous)
    z = (
        z / math.sqrt(float(phi[0]))
        if scalar
        else _wrap(_as_float(z) / np.sqrt(phi), current, previous, phi_in)
    )
    p = change_p(current, previous, dispersion=dispersion)
    level = level_from_p(p)
    if isinstance(z, float):
        return CountChange(z=z, p=p, level=level)
    return pd.DataFrame({"z": z, "p": p, "level": level})


@overload
def pct_change(current: float, previous: float, *, min_previous: float = ...) -> float: ...
@overload
def pct_change(current: Vector, previous: Vector | float, *, min_previous: float = ...) -> pd.Series: ...
@overload
def pct_change(current: float, previous: Vector, *, min_previous: float = ...) -> pd.Series: ...
def pct_change(current: Any, previous: Any, *, min_previous: float = PCT_CHANGE_MIN_PREVIOUS) -> Any:
    """% change = (current − previous) ÷ previous, as a fraction (0.25 = +25 %).

    Only where previous ≥ 20 (INDICATORS.md); below that (previous = 0 included) the result is NaN and
    the page shows the absolute change and the Poisson z instead.
    """
    cur, prev = _as_float(current), _as_float(previous)
    with np.errstate(divide="ignore", invalid="ignore"):
        change = np.where(prev >= min_previous, (cur - prev) / prev, np.nan)
    return _wrap(change, current, previous)


@overload
def clearance(solved: float, registered: float) -> float: ...
@overload
def clearance(solved: Vector, registered: Vector | float) -> pd.Series: ...
@overload
def clearance(solved: float, registered: Vector) -> pd.Series: ...
def clearance(solved: Any, registered: Any) -> Any:
    """Clearance = solved ÷ registered (offences registered in the period, solved so far). NaN if none.

    Lag caveat: offences of recent months have had less time to be solved, so the latest months always
    look worse; compare periods of the same age.
    """
    return _wrap(_ratio(_as_float(solved), _as_float(registered)), solved, registered)


@overload
def is_small_number(count: float, population: float) -> bool: ...
@overload
def is_small_number(count: Vector, population: Vector | float) -> pd.Series: ...
@overload
def is_small_number(count: float, population: Vector) -> pd.Series: ...
def is_small_number(count: Any, population: Any) -> Any:
    """True where count < 10 or population < 5,000: show counts and z, grey out ranks.

    A missing count or population is also small (True): a rate that cannot be trusted must not be ranked.
    """
    cnt, pop = _as_float(count), _as_float(population)
    with np.errstate(invalid="ignore"):
        small = np.isnan(cnt) | np.isnan(pop) | (cnt < SMALL_COUNT) | (pop < SMALL_POPULATION)
    return _wrap(small, count, population)


# --- surveys ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ShareEstimate:
    """A survey share with its margin of error (normal approximation, the INDICATORS.md formula)."""

    yes: float
    n: float
    share: float  # yes ÷ n; NaN when n = 0
    moe: float  # 1.96·√(p(1−p)/n)
    low: float  # max(0, share − moe)
    high: float  # min(1, share + moe)
    wilson_low: float  # Wilson score interval: honest near 0 % and 100 %, where the normal one collapses
    wilson_high: float
    reliable: bool  # n ≥ 100; otherwise hide the figure or mark it unreliable


def _share_arrays(yes: Any, n: Any, z: float) -> dict[str, np.ndarray]:
    k, total = _as_float(yes), _as_float(n)
    with np.errstate(divide="ignore", invalid="ignore"):
        # A count of "yes" outside 0..n is a data error: no share rather than a share above 100 %.
        valid = (total > 0) & (k >= 0) & (k <= total)
        p = np.where(valid, k / total, np.nan)
        moe = z * np.sqrt(p * (1 - p) / total)
    wilson_low, wilson_high = _wilson(p * total, total, z)
    return {
        "share": p,
        "moe": moe,
        "low": np.clip(p - moe, 0, 1),
        "high": np.clip(p + moe, 0, 1),
        "wilson_low": wilson_low,
        "wilson_high": wilson_high,
        "reliable": valid & (total >= MIN_RELIABLE_N),
    }


def _wilson(yes: np.ndarray, n: np.ndarray, z: float) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval (statsmodels ``proportion_confint(method="wilson")``) of yes ÷ n at the
    two-sided level of ``z``; NaN where n ≤ 0 or yes is outside 0..n."""
    from statsmodels.stats.proportion import proportion_confint

    yes, n = np.broadcast_arrays(np.asarray(yes, dtype=float), np.asarray(n, dtype=float))
    valid = (n > 0) & (yes >= 0) & (yes <= n)
    low, high = np.full(n.shape, np.nan), np.full(n.shape, np.nan)
    if valid.any():
        alpha = math.erfc(z / math.sqrt(2))  # the two-sided level whose critical value is z (1.96 → α ≈ 0.05)
        lo, hi = proportion_confint(yes[valid], n[valid], alpha=alpha, method="wilson")
        p = yes[valid] / n[valid]
        # At p = 0 (p = 1) the Wilson bound is exactly 0 (1): pin it so rounding cannot cross the share.
        low[valid] = np.where(p == 0, 0.0, np.clip(lo, 0, 1))
        high[valid] = np.where(p == 1, 1.0, np.clip(hi, 0, 1))
    return low, high


def share_with_moe(yes: float, n: float, *, z: float = Z_95) -> ShareEstimate:
    """Share = yes ÷ n with margin of error 1.96·√(p(1−p)/n) and a reliability flag (n ≥ 100).

    n = 0 gives NaN share and margins and ``reliable=False``. The Wilson interval is given beside the
    normal one: at p = 0 or 1 the normal margin is 0, which overstates certainty for small n.
    """
    arrays = _share_arrays(yes, n, z)
    values = {key: arr.item() for key, arr in arrays.items()}
    return ShareEstimate(yes=_as_float(yes).item(), n=_as_float(n).item(), **values)


def share_with_moe_frame(yes: Vector, n: Vector, *, z: float = Z_95) -> pd.DataFrame:
    """Vectorised ``share_with_moe``: columns yes, n, share, moe, low, high, wilson_low, wilson_high,
    reliable, on the index of the Series arguments."""
    arrays = _share_arrays(yes, n, z)
    index = _common_index((yes, n))
    frame = pd.DataFrame({"yes": _as_float(yes), "n": _as_float(n), **arrays})
    if index is not None:
        frame.index = index
    return frame


def wilson_interval(yes: float, n: float, *, z: float = Z_95) -> tuple[float, float]:
    """Wilson score interval of yes ÷ n: (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) ÷ (1 + z²/n)."""
    arrays = _share_arrays(yes, n, z)
    return arrays["wilson_low"].item(), arrays["wilson_high"].item()


WILSON_SHARE_LOW, WILSON_SHARE_HIGH = 0.1, 0.9  # a share outside 10–90 % is "near 0 or 1"


def share_interval_frame(
    share: Vector | float, moe: Vector | float, n: Vector | float, *, z: float = Z_95
) -> pd.DataFrame:
    """The interval to SHOW beside a share: columns low, high, wilson.

    INDICATORS.md: the Wilson 95 % interval where n < 100 or the share is near 0 or 1 (below 10 % or
    above 90 %), where share ± moe would collapse ("± 0" at p = 0) or leave 0..1; elsewhere share ± moe,
    clipped to 0..1. ``n`` is the respondents behind the share; for a population-weighted share the
    Wilson interval is taken on yes = share × n. NaN where there is no share.
    """
    p, margin, total = (np.atleast_1d(_as_float(v)) for v in (share, moe, n))
    with np.errstate(invalid="ignore"):
        valid = ~np.isnan(p) & (total > 0)
        wilson = valid & ((total < MIN_RELIABLE_N) | (p < WILSON_SHARE_LOW) | (p > WILSON_SHARE_HIGH))
        w_low, w_high = _wilson(np.where(valid, p * total, np.nan), np.where(valid, total, np.nan), z)
        low = np.where(wilson, w_low, np.clip(p - margin, 0, 1))
        high = np.where(wilson, w_high, np.clip(p + margin, 0, 1))
    frame = pd.DataFrame({"low": low, "high": high, "wilson": wilson})
    index = _common_index((share, moe, n))
    if index is not None:
        frame.index = index
    return frame


def share_interval(share: float, moe: float, n: float, *, z: float = Z_95) -> tuple[float, float, bool]:
    """``share_interval_frame`` for one share: (low, high, wilson)."""
    row = share_interval_frame(share, moe, n, z=z).iloc[0]
    return float(row["low"]), float(row["high"]), bool(row["wilson"])


def share_difference_frame(
    yes: Vector | float,
    n: Vector | float,
    yes_prev: Vector | float,
    n_prev: Vector | float,
    *,
    z: float = Z_95,
) -> pd.DataFrame:
    """Change of a survey share between two independent samples, with the margin of error of the change.

    change = p₁ − p₀ (a fraction: 0.05 = 5 percentage points);
    moe = z·√(p₁(1−p₁)/n₁ + p₀(1−p₀)/n₀), the normal-approximation margin of a difference of two
    independent proportions; ``significant`` = |change| > moe (the 95 % interval excludes 0). The change
    is NaN where either share is undefined (n = 0, yes outside 0..n); ``significant`` is then False.
    Columns: change, moe, significant, on the index of the Series arguments (0..len−1 for scalars).
    """
    cur, prev = _share_arrays(yes, n, z), _share_arrays(yes_prev, n_prev, z)
    n1, n0 = _as_float(n), _as_float(n_prev)
    with np.errstate(divide="ignore", invalid="ignore"):
        change = np.atleast_1d(cur["share"] - prev["share"])
        moe = np.atleast_1d(
            z * np.sqrt(cur["share"] * (1 - cur["share"]) / n1 + prev["share"] * (1 - prev["share"]) / n0)
        )
        significant = np.abs(change) > moe
    index = _common_index((yes, n, yes_prev, n_prev))
    frame = pd.DataFrame(
        {"change": change, "moe": moe, "significant": np.nan_to_num(significant, nan=0).astype(bool)}
    )
    if index is not None:
        frame.index = index
    return frame


# --- population-weighted (stratified) survey shares -------------------------------------------------------
@dataclass(frozen=True)
class WeightedShare:
    """A survey share over several hromadas, population-weighted (stratified by hromada), with its margin.

    Each hromada surveyed is a stratum h with its own sample: p = Σ w_h·p_h with w_h = population_h ÷ Σ
    population over the hromadas surveyed, variance = Σ w_h²·p_h(1−p_h)/n_h, moe = 1.96·√variance (Kish,
    Survey Sampling, 1965, ch. 3: stratified sampling). Pooling yes ÷ respondents instead would weigh each
    hromada by its sample size, not by its residents.
    """

    share: float  # NaN without a valid stratum
    moe: float
    variance: float  # Σ w_h²·p_h(1−p_h)/n_h: differences of independent estimates add these
    n: float  # respondents over the strata used
    n_strata: int  # hromadas used (n > 0, 0 ≤ yes ≤ n, population > 0)
    population: float  # residents of the hromadas used (Σ population_h)
    reliable: bool  # n ≥ 100

    @property
    def low(self) -> float:
        return max(0.0, self.share - self.moe)

    @property
    def high(self) -> float:
        return min(1.0, self.share + self.moe)


_WEIGHTED_COLUMNS = ["share", "moe", "variance", "n", "n_strata", "population", "reliable"]


def weighted_share_frame(
    yes: Vector, n: Vector, population: Vector, groups: Vector | None = None, *, z: float = Z_95
) -> pd.DataFrame:
    """Vectorised ``weighted_share``: one row per group (the strata of a group are the rows sharing its key
    in ``groups``; None = one group, key 0). Columns: share, moe, variance, n, n_strata, population,
    reliable, indexed by group key (sorted). A stratum with n = 0, yes outside 0..n or no population is
    left out of its group (weights and counts alike); a group without a valid stratum gets NaN share.
    """
    k, total, pop = _as_float(yes), _as_float(n), _as_float(population)
    keys = np.zeros(len(np.atleast_1d(k)), dtype=int) if groups is None else np.asarray(groups)
    with np.errstate(divide="ignore", invalid="ignore"):
        valid = (total > 0) & (k >= 0) & (k <= total) & (pop > 0) & np.isfinite(pop)
        p = np.where(valid, k / total, 0.0)
        strata = pd.DataFrame(
            {
                "key": keys,
                "w": np.where(valid, pop, 0.0),
                "n": np.where(valid, total, 0.0),
                "valid": valid.astype(int),
            }
        )
        strata["wp"] = strata["w"] * p
        strata["wv"] = np.where(valid, strata["w"] ** 2 * p * (1 - p) / np.where(valid, total, 1.0), 0.0)
    sums = strata.groupby("key", sort=True)[["w", "n", "valid", "wp", "wv"]].sum()
    weight = sums["w"].where(sums["w"] > 0)
    share = sums["wp"] / weight
    variance = sums["wv"] / weight**2
    return pd.DataFrame(
        {
            "share": share,
            "moe": z * np.sqrt(variance),
            "variance": variance,
            "n": sums["n"],
            "n_strata": sums["valid"].astype(int),
            "population": sums["w"],
            "reliable": (sums["n"] >= MIN_RELIABLE_N) & share.notna(),
        },
        columns=_WEIGHTED_COLUMNS,
    )


def weighted_share(yes: Any, n: Any, population: Any, *, z: float = Z_95) -> WeightedShare:
    """Population-weighted share of several hromadas' surveys (stratified estimate, see ``WeightedShare``).

    ``yes``, ``n``, ``population``: one value per hromada surveyed. Example (INDICATORS.md): 130/200 in a
    hromada of 11,158 and 40/100 in one of 9,946 give 53.2 % ± 5.7 pp, where pooling says 56.7 %.
    """
    frame = weighted_share_frame(np.atleast_1d(_as_float(yes)), np.atleast_1d(_as_float(n)),
                                 np.atleast_1d(_as_float(population)), z=z)  # fmt: skip
    if frame.empty:
        return WeightedShare(math.nan, math.nan, math.nan, 0.0, 0, 0.0, False)
    row = frame.iloc[0]
    return WeightedShare(
        share=float(row["share"]),
        moe=float(row["moe"]),
        variance=float(row["variance"]),
        n=float(row["n"]),
        n_strata=int(row["n_strata"]),
        population=float(row["population"]),
        reliable=bool(row["reliable"]),
    )


def weighted_change_frame(
    share: Vector | float,
    variance: Vector | float,
    share_prev: Vector | float,
    variance_prev: Vector | float,
    *,
    z: float = Z_95,
) -> pd.DataFrame:
    """Change between two independent weighted estimates (two survey waves over the same hromadas, weighted
    alike): change = p₁ − p₀, moe = z·√(Var₁ + Var₀), significant = |change| > moe (False when undefined).
    Columns: change, moe, significant, on the index of the Series arguments (0..len−1 for scalars)."""
    with np.errstate(invalid="ignore"):
        change = np.atleast_1d(_as_float(share) - _as_float(share_prev))
        moe = np.atleast_1d(z * np.sqrt(_as_float(variance) + _as_float(variance_prev)))
        significant = np.abs(change) > moe
    frame = pd.DataFrame(
        {"change": change, "moe": moe, "significant": np.nan_to_num(significant, nan=0).astype(bool)}
    )
    index = _common_index((share, variance, share_prev, variance_prev))
    if index is not None:
        frame.index = index
    return frame


@overload
def review_is_stale(days_since_review: float) -> bool: ...
@overload
def review_is_stale(days_since_review: Vector) -> pd.Series: ...
def review_is_stale(days_since_review: Any) -> Any:
    """True where a safety passport was last reviewed more than ``PASSPORT_REVIEW_MAX_DAYS`` (180) days
    before the reporting date. A missing value (no passport) is not stale: it is its own state."""
    days = _as_float(days_since_review)
    with np.errstate(invalid="ignore"):
        return _wrap(days > PASSPORT_REVIEW_MAX_DAYS, days_since_review)


def reviewed_recently(last_review: Any, on: dt.date | pd.Timestamp) -> Any:
    """True where a passport's last review lies within ``PASSPORT_RECENT_REVIEW_MONTHS`` (3) calendar
    months before ``on``: on or after ``on`` − 3 months (31 Oct → reviewed on 31 Jul or later). No review
    (NaT, no passport) is False. A bool for one date, a bool Series for a Series."""
    since = pd.Timestamp(on) - pd.DateOffset(months=PASSPORT_RECENT_REVIEW_MONTHS)
    if isinstance(last_review, pd.Series):
        return pd.to_datetime(last_review).ge(since).fillna(False).astype(bool)
    return bool(not pd.isna(last_review) and pd.Timestamp(last_review) >= since)


# --- response times ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ResponseTimes:
    """Response time statistics in minutes (arrival − call)."""

    n: int  # calls with a valid response time (the n to show)
    n_missing: int  # calls without an arrival time
    n_invalid: int  # negative times (arrival before the call): data errors, left out
    median: float
    p90: float


def response_minutes(received_at: pd.Series, arrived_at: pd.Series) -> pd.Series:
    """Minutes from call to arrival: (arrived_at − received_at) in minutes; NaN without arrival."""
    delta = pd.to_datetime(arrived_at) - pd.to_datetime(received_at)
    return delta.dt.total_seconds() / 60


def response_time_stats(minutes: Vector | Iterable[float]) -> ResponseTimes:
    """Median and 90th percentile of response times in minutes, with n.

    Percentiles interpolate linearly between order statistics (numpy's default, the same as DuckDB's
    ``quantile_cont`` in agg_call_month). Medians of monthly medians are not the median of a period:
    pass the individual times.
    """
    values = _as_float(minutes if isinstance(minutes, pd.Series | np.ndarray) else list(minutes))
    values = np.atleast_1d(values)
    missing = np.isnan(values)
    invalid = ~missing & (values < 0)
    valid = values[~missing & ~invalid]
    if valid.size == 0:
        median = p90 = math.nan
    else:
        median, p90 = (float(q) for q in np.quantile(valid, [0.5, 0.9]))
    return ResponseTimes(
        n=int(valid.size), n_missing=int(missing.sum()), n_invalid=int(invalid.sum()), median=median, p90=p90
    )


def histogram_quantiles(values: Vector, counts: Vector, probs: Iterable[float]) -> np.ndarray:
    """Quantiles of the data in which each of ``values`` occurs ``counts`` times, interpolated as DuckDB's
    ``quantile_cont`` (and numpy's default) does: for n data sorted ascending and q, the position
    (n − 1)·q, between the order statistics at its floor and ceiling (0-based), lo + (pos − ⌊pos⌋)·(hi − lo).

    A histogram gives the exact quantiles of the data it counts, however they are split into months or
    hromadas, so the quantiles of a period need no pass over every call (queries/response_times.py;
    tests/test_response_times.py compares with quantile_cont on the calls). NaN for each q without data.
    """
    v = np.asarray(values, dtype=float)
    c = np.asarray(counts, dtype=np.int64)
    q = np.asarray(list(probs), dtype=float)
    order = np.argsort(v, kind="stable")
    v, c = v[order], c[order]
    cumulative = np.cumsum(c)  # cumulative[i]: how many data are ≤ v[i]
    n = int(cumulative[-1]) if cumulative.size else 0
    if n == 0:
        return np.full(q.shape, np.nan)
    position = (n - 1) * q
    below, above = np.floor(position), np.ceil(position)
    # The order statistic k is the first value whose cumulative count exceeds k.
    lo = v[np.searchsorted(cumulative, below, side="right")]
    hi = v[np.searchsorted(cumulative, above, side="right")]
    return lo + (hi - lo) * (position - below)


# --- safety passport --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PassportSummary:
    """The state of a set of safety-passport measures (one hromada, a raion, the oblast) at a date."""

    n_items: int
    n_open: int  # status not done / cancelled
    n_due: int  # due_on ≤ date, cancelled excluded (the denominator)
    n_done_due: int  # of those, status done
    done_share: float  # n_done_due ÷ n_due; NaN when nothing is due yet
    n_overdue: int  # due_on < date and status not done / cancelled
    last_review: pd.Timestamp | NaTType  # max(reviewed_on), or max(updated_on) if none; NaT without items
    days_since_review: float  # date − last_review in days; NaN without items
    reviewed_recently: bool = False  # last_review within PASSPORT_RECENT_REVIEW_MONTHS of the date


def _passport_flags(items: pd.DataFrame, on: dt.date | pd.Timestamp) -> pd.DataFrame:
    day = pd.Timestamp(on)
    due_on = pd.to_datetime(items["due_on"])
    status = items["status"].astype(str)
    cancelled = status == _PASSPORT_CANCELLED
    done = status == _PASSPORT_DONE
    due = (due_on <= day).fillna(False).astype(bool) & ~cancelled
    return pd.DataFrame(
        {
            "hromada": items["hromada"].astype(str).to_numpy() if "hromada" in items else "",
            "open": (~done & ~cancelled).to_numpy(),
            "due": due.to_numpy(),
            "done_due": (due & done).to_numpy(),
            "overdue": ((due_on < day).fillna(False).astype(bool) & ~done & ~cancelled).to_numpy(),
            "updated_on": pd.to_datetime(items["updated_on"]).to_numpy(),
            "reviewed_on": pd.to_datetime(items["reviewed_on"]).to_numpy()
            if "reviewed_on" in items
            else pd.Series(pd.NaT, index=items.index, dtype="datetime64[us]").to_numpy(),
        }
    )


def _last_review(reviewed_on: pd.Series, updated_on: pd.Series) -> Any:
    """The passport's last review: the latest `reviewed_on` (contract v1.1); a passport whose items carry
    none (v1 files) falls back to the latest `updated_on`, the last time anyone touched it."""
    reviewed = reviewed_on.max()
    return reviewed if not pd.isna(reviewed) else updated_on.max()


def passport_summary(items: pd.DataFrame, on: dt.date | pd.Timestamp) -> PassportSummary:
    """Measures done ÷ due, overdue measures and days since the last review, at date ``on``.

    - done ÷ due: the denominator is the measures due by ``on`` (due_on ≤ on), cancelled ones excluded
      (a cancelled measure is no longer owed); the numerator is those of them with status done. A
      measure done ahead of its due date is not counted yet, so the share cannot exceed 100 %.
    - overdue: due_on < on (due today is not late yet) and status not done / cancelled.
    - days since last review: on − the last review (max(reviewed_on); without any, max(updated_on)).
    - reviewed recently: the last review within ``PASSPORT_RECENT_REVIEW_MONTHS`` months of ``on``.
    Statuses are the current ones, so compute it for the snapshot's reporting date, not a past date.
    """
    flags = _passport_flags(items, on)
    n_due = int(flags["due"].sum())
    n_done_due = int(flags["done_due"].sum())
    last = pd.Timestamp(_last_review(flags["reviewed_on"], flags["updated_on"])) if len(flags) else pd.NaT
    return PassportSummary(
        n_items=len(flags),
        n_open=int(flags["open"].sum()),
        n_due=n_due,
        n_done_due=n_done_due,
        done_share=n_done_due / n_due if n_due else math.nan,
        n_overdue=int(flags["overdue"].sum()),
        last_review=last,
        days_since_review=float((pd.Timestamp(on) - last).days) if not pd.isna(last) else math.nan,
        reviewed_recently=reviewed_recently(last, on),
    )


def passport_summary_by_hromada(items: pd.DataFrame, on: dt.date | pd.Timestamp) -> pd.DataFrame:
    """``passport_summary`` per hromada: columns hromada, n_items, n_open, n_due, n_done_due, done_share,
    n_overdue, last_review, days_since_review, reviewed_recently (one row per hromada that has items)."""
    flags = _passport_flags(items, on)
    out = (
        flags.groupby("hromada", sort=True)
        .agg(
            n_items=("open", "size"),
            n_open=("open", "sum"),
            n_due=("due", "sum"),
            n_done_due=("done_due", "sum"),
            n_overdue=("overdue", "sum"),
            last_updated=("updated_on", "max"),
            last_reviewed=("reviewed_on", "max"),
        )
        .reset_index()
    )
    out["last_review"] = out["last_reviewed"].fillna(out["last_updated"])
    out["done_share"] = _ratio(out["n_done_due"].to_numpy(float), out["n_due"].to_numpy(float))
    out["days_since_review"] = (pd.Timestamp(on) - out["last_review"]).dt.days.astype(float)
    out["reviewed_recently"] = reviewed_recently(out["last_review"], on)
    columns = ["hromada", "n_items", "n_open", "n_due", "n_done_due", "done_share", "n_overdue"]
    return out[[*columns, "last_review", "days_since_review", "reviewed_recently"]]


# --- WDD --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class WDDResult:
    """Weighted Displacement Difference of treatment (T) and control (C) counts, pre and post.

    The controls are scaled by k (population_T ÷ population_C in ``wdd_vs_controls``): a control group
    many times larger than the treated one would otherwise weigh its own trend many times over. An
    optional displacement area (D) with its own controls (DC, scaled by k_d) follows Wheeler & Ratcliffe
    (2018); without one its counts are 0.
    """

    t_pre: float
    t_post: float
    c_pre: float
    c_post: float
    wdd: float  # (T_post − T_pre) − k·(C_post − C_pre) [+ (D_post − D_pre) − k_d·(DC_post − DC_pre)]
    se: float  # √(T_pre + T_post + k²·(C_pre + C_post) [+ D_pre + D_post + k_d²·(DC_pre + DC_post)])
    z: float  # wdd ÷ se; NaN when all counts are 0
    k: float = 1.0  # the controls' scale: population_T ÷ population_C (1 = unscaled)
    d_pre: float = 0.0
    d_post: float = 0.0
    dc_pre: float = 0.0
    dc_post: float = 0.0
    k_d: float = 1.0


def wdd(
    t_pre: float,
    t_post: float,
    c_pre: float,
    c_post: float,
    *,
    k: float = 1.0,
    d_pre: float = 0.0,
    d_post: float = 0.0,
    dc_pre: float = 0.0,
    dc_post: float = 0.0,
    k_d: float = 1.0,
) -> WDDResult:
    """WDD = (T_post − T_pre) − k·(C_post − C_pre); SE = √(T_pre + T_post + k²·(C_pre + C_post)); z = WDD ÷ SE.

    The counts are offences in pre and post windows of equal length; k scales the controls to the treated
    group (INDICATORS.md: k = population_T ÷ population_C; k = 1 is Wheeler & Ratcliffe 2018). With a
    displacement area D and its controls DC (scaled by k_d), Wheeler & Ratcliffe's full form:
    WDD = ΔT − k·ΔC + ΔD − k_d·ΔDC, SE = √(T_pre + T_post + k²·(C_pre + C_post) + D_pre + D_post
    + k_d²·(DC_pre + DC_post)). |z| ≥ 1.96 is the usual 5 % significance. Negative counts, or a negative
    or non-finite k, raise ValueError.
    """
    counts = [float(c) for c in (t_pre, t_post, c_pre, c_post, d_pre, d_post, dc_pre, dc_post)]
    if any(c < 0 for c in counts):
        raise ValueError(f"WDD counts must not be negative: {counts}")
    k, k_d = float(k), float(k_d)
    if not (math.isfinite(k) and k >= 0 and math.isfinite(k_d) and k_d >= 0):
        raise ValueError(f"the control scales must be finite and non-negative: k={k}, k_d={k_d}")
    tp, tq, cp, cq, dp, dq, ep, eq = counts
    value = (tq - tp) - k * (cq - cp) + (dq - dp) - k_d * (eq - ep)
    se = math.sqrt(tp + tq + k**2 * (cp + cq) + dp + dq + k_d**2 * (ep + eq))
    return WDDResult(
        t_pre=tp,
        t_post=tq,
        c_pre=cp,
        c_post=cq,
        wdd=value,
        se=se,
        z=value / se if se > 0 else math.nan,
        k=k,
        d_pre=dp,
        d_post=dq,
        dc_pre=ep,
        dc_post=eq,
        k_d=k_d,
    )


# --- before/after deployment on event time -----------------------------------------------------------------
@overload
def rate_change_se(n_pre: float, n_post: float, population_months: float) -> float: ...
@overload
def rate_change_se(n_pre: Vector, n_post: Vector, population_months: Vector | float) -> pd.Series: ...
def rate_change_se(n_pre: Any, n_post: Any, population_months: Any) -> Any:
    """Standard error of a change in the monthly rate per 10k between two windows of equal exposure:
    √(n_pre + n_post) ÷ population-months × 10,000 (two Poisson counts: their variances add). NaN without
    exposure. The before/after forest plot draws ± 1.96 × this around each change."""
    total = _as_float(n_pre) + _as_float(n_post)
    return _wrap(
        _ratio(np.sqrt(total), _as_float(population_months)) * 10_000, n_pre, n_post, population_months
    )


@dataclass(frozen=True)
class BeforeAfterPooled:
    """Before/after pooled over the included hromadas."""

    n_hromadas: int
    n_pre: float
    n_post: float
    population_months: float  # Σ population × window months (the same in both windows)
    rate_pre: float  # mean monthly rate per 10k = n_pre ÷ population_months × 10,000
    rate_post: float
    rate_change: float  # rate_post − rate_pre
    z: float  # count_change(n_post, n_pre): both windows have the same exposure
    p: float
    level: str


@dataclass(frozen=True, eq=False)
class BeforeAfter:
    """``before_after_deployment``: per-hromada rows, the pooled figure and who was left out and why."""

    per_hromada: pd.DataFrame
    pooled: BeforeAfterPooled
    excluded: pd.DataFrame  # hromada, reason ∈ {not_deployed, no_population, incomplete_window}
    window: int


def _monthly_counts(monthly: pd.DataFrame) -> pd.DataFrame:
    """(hromada, month, n) → counts per hromada and month index, summed over any other columns."""
    missing = {"hromada", "month", "n"} - set(monthly.columns)
    if missing:
        raise ValueError(f"monthly counts lack columns {sorted(missing)}")
    if monthly["n"].isna().any() or monthly["month"].isna().any():
        raise ValueError("monthly counts have missing months or counts")
    frame = pd.DataFrame(
        {
            "hromada": monthly["hromada"].astype(str).to_numpy(),
            "m": _month_index_series(monthly["month"]).to_numpy(dtype=int),
            "n": monthly["n"].to_numpy(dtype=float),
        }
    )
    # Summing lets a page pass agg_offence_month filtered to several categories as it is.
    return frame.groupby(["hromada", "m"], as_index=False)[["n"]].sum()


def _data_range(counts: pd.DataFrame, first_month: Any, last_month: Any) -> tuple[int, int]:
    if (first_month is None or last_month is None) and counts.empty:
        raise ValueError("no monthly counts: pass first_month and last_month")
    first = _month_index(first_month) if first_month is not None else int(counts["m"].min())
    last = _month_index(last_month) if last_month is not None else int(counts["m"].max())
    return first, last


def _deployment_months(deployment: pd.Series | Mapping[str, Any], hromadas: Iterable[str]) -> pd.Series:
    """Deployment month index per hromada (float, NaN = not covered) over deployment ∪ ``hromadas``."""
    dates = _as_series(deployment, "deployment")
    ts = pd.to_datetime(dates)
    months = (ts.dt.year * 12 + ts.dt.month - 1).astype(float)
    extra = sorted(set(hromadas) - set(months.index))
    return pd.concat([months, pd.Series(np.nan, index=pd.Index(extra, dtype=str))])


def _event_grid(
    monthly: pd.DataFrame,
    population: pd.Series | Mapping[str, float],
    deployment: pd.Series | Mapping[str, Any],
    window: int,
    first_month: Any,
    last_month: Any,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Counts of the included hromadas on event months −window..+window (zeros filled), and the excluded."""
    if window < 1:
        raise ValueError("window must be at least one month")
    counts = _monthly_counts(monthly)
    first, last = _data_range(counts, first_month, last_month)
    dep = _deployment_months(deployment, counts["hromada"])
    pop = _as_series(population, "population").astype(float).reindex(dep.index)

    reason = pd.Series("", index=dep.index, dtype=object)
    complete = (dep - window >= first) & (dep + window <= last)
    reason[~complete] = "incomplete_window"
    reason[~(pop > 0)] = "no_population"
    reason[dep.isna()] = "not_deployed"
    excluded = pd.DataFrame({"hromada": reason.index, "reason": reason.to_numpy()})
    excluded = excluded[excluded["reason"] != ""].sort_values("hromada").reset_index(drop=True)

    keep = reason == ""
    included = pd.DataFrame(
        {
            "hromada": dep.index[keep],
            "dep_m": dep[keep].astype(int).to_numpy(),
            "population": pop[keep].to_numpy(),
        }
    )
    offsets = pd.DataFrame({"event_month": np.arange(-window, window + 1)})
    grid = included.merge(offsets, how="cross")
    grid["m"] = grid["dep_m"] + grid["event_month"]
    # Aggregates have no row for a month without offences: a month inside the data range is a 0.
    grid = grid.merge(counts, on=["hromada", "m"], how="left")
    grid["n"] = grid["n"].fillna(0.0)
    return grid, excluded


def before_after_deployment(
    monthly: pd.DataFrame,
    population: pd.Series | Mapping[str, float],
    deployment: pd.Series | Mapping[str, Any],
    *,
    window: int = 12,
    first_month: dt.date | pd.Timestamp | None = None,
    last_month: dt.date | pd.Timestamp | None = None,
) -> BeforeAfter:
    """Mean monthly rate per 10k in the 12 months before vs the 12 months after each hromada's deployment.

    Inputs: ``monthly`` with columns hromada, month, n (other columns, e.g. category, are summed over;
    a missing month is 0); ``population`` and ``deployment`` (the month of the first officer's
    deployment; NaT = not covered) indexed by KATOTTG. The data range is ``first_month``..``last_month``;
    by default the first and last month in ``monthly`` — pass the snapshot's range when ``monthly`` is
    filtered, or a quiet edge month would shrink it.

    Event time k = month − deployment month. Pre = k ∈ [−12, −1], post = k ∈ [+1, +12]. The deployment
    month (k = 0) is left out: the officer was there for only part of it, so it belongs to neither.
    Only hromadas whose whole −12..+12 span lies inside the data range are included (a partial window
    would compare different seasons); the others are listed in ``excluded`` with a reason.

    Per hromada: rate = n ÷ (12 × population) × 10,000 for each window, their difference, z, p and
    level of n_post vs n_pre (``count_change``: equal exposure), widened by phi (with phi_df degrees of
    freedom: ``dispersion_matrix`` of the 24 months before the hromada's pre window, moderated across the
    hromadas), and the % change (only where n_pre ≥ 20). Pooled: Σ counts ÷
    Σ population-months × 10,000, i.e. the population-weighted mean, so that small hromadas with
    swinging rates do not dominate as they would in a mean of rates.
    """
    grid, excluded = _event_grid(monthly, population, deployment, window, first_month, last_month)
    keys = ["hromada", "dep_m", "population"]
    pre = grid[grid["event_month"] < 0].groupby(keys)["n"].sum().rename("n_pre")
    post = grid[grid["event_month"] > 0].groupby(keys)["n"].sum().rename("n_post")
    per = pd.concat([pre, post], axis=1).reset_index()
    exposure = per["population"].to_numpy(float) * window
    per["rate_pre"] = _ratio(per["n_pre"].to_numpy(float), exposure) * 10_000
    per["rate_post"] = _ratio(per["n_post"].to_numpy(float), exposure) * 10_000
    per["rate_change"] = per["rate_post"] - per["rate_pre"]
    # Widened like every change test: φ from each hromada's 24 months before its pre window (moderated
    # across the hromadas; one deployed in the data's first years borrows the φ they share).
    history = _pre_window_history(per, monthly, window, first_month)
    estimate = dispersion_matrix(history) if len(per) else DispersionEstimate(*(np.empty(0),) * 3)
    per["phi"], per["phi_df"] = estimate.phi, estimate.df
    per[["z", "p", "level"]] = count_change(
        per["n_post"], per["n_pre"], dispersion=Dispersion(per["phi"], per["phi_df"])
    )
    per["pct_change"] = pct_change(per["n_post"], per["n_pre"])
    per.insert(1, "deployment_month", [_month_start(int(m)) for m in per["dep_m"]])
    per = per.drop(columns="dep_m").sort_values(["deployment_month", "hromada"]).reset_index(drop=True)

    n_pre, n_post = float(per["n_pre"].sum()), float(per["n_post"].sum())
    pop_months = float(per["population"].sum()) * window
    rate_pre = n_pre / pop_months * 10_000 if pop_months > 0 else math.nan
    rate_post = n_post / pop_months * 10_000 if pop_months > 0 else math.nan
    pooled = BeforeAfterPooled(
        n_hromadas=len(per),
        n_pre=n_pre,
        n_post=n_post,
        population_months=pop_months,
        rate_pre=rate_pre,
        rate_post=rate_post,
        rate_change=rate_post - rate_pre,
        **(
            count_change(n_post, n_pre, dispersion=_pooled_dispersion(per))._asdict()
            if len(per)
            else {"z": math.nan, "p": math.nan, "level": "none"}
        ),
    )
    return BeforeAfter(per_hromada=per, pooled=pooled, excluded=excluded, window=window)


def _pre_window_history(
    per: pd.DataFrame, monthly: pd.DataFrame, window: int, first_month: Any
) -> np.ndarray:
    """Per row of ``per`` (hromada, dep_m): its monthly counts in the DISPERSION_MONTHS months before its
    pre window (event months −window − 24 .. −window − 1), NaN before the first month of data."""
    counts = _monthly_counts(monthly).set_index(["hromada", "m"])["n"]
    first = (
        _month_index(first_month)
        if first_month is not None
        else int(counts.index.get_level_values("m").min())
    )
    offsets = np.arange(-window - DISPERSION_MONTHS, -window)
    months = per["dep_m"].to_numpy(int)[:, None] + offsets[None, :]
    keys = pd.MultiIndex.from_arrays(
        [np.repeat(per["hromada"].to_numpy(str), len(offsets)), months.ravel()], names=["hromada", "m"]
    )
    values = counts.reindex(keys).fillna(0.0).to_numpy(float).reshape(months.shape)
    return np.where(months >= first, values, np.nan)


def _pooled_dispersion(per: pd.DataFrame) -> Dispersion:
    """φ of the pooled before/after count: a sum of independent counts with variances φ_h·μ_h has the
    variance Σ φ_h·μ_h, i.e. the count-weighted mean φ; its degrees of freedom are taken as the smallest
    of the rows' (conservative)."""
    weight = per["n_pre"].to_numpy(float) + per["n_post"].to_numpy(float)
    phi = per["phi"].to_numpy(float)
    mean_phi = float((weight * phi).sum() / weight.sum()) if weight.sum() > 0 else 1.0
    return Dispersion(mean_phi, float(per["phi_df"].min()))


def event_time_series(
    monthly: pd.DataFrame,
    population: pd.Series | Mapping[str, float],
    deployment: pd.Series | Mapping[str, Any],
    *,
    window: int = 12,
    first_month: dt.date | pd.Timestamp | None = None,
    last_month: dt.date | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Pooled monthly rate per 10k on event time k = −12..+12 around deployment, for charting.

    Same inputs and the same included hromadas as ``before_after_deployment`` (complete windows only),
    so every point averages the same hromadas and the curve does not jump when one enters or leaves.
    rate_per_10k(k) = Σ n(k) ÷ Σ population × 10,000; the mean of the rates over k = +1..+12 equals the
    pooled ``rate_post`` (and −12..−1 ``rate_pre``). k = 0, the deployment month, is included for the
    chart (mark it) though the before/after comparison leaves it out.

    Columns: event_month, n, population_months, rate_per_10k, n_hromadas (one row per k, always).
    """
    grid, _ = _event_grid(monthly, population, deployment, window, first_month, last_month)
    series = (
        grid.groupby("event_month")
        .agg(n=("n", "sum"), population_months=("population", "sum"), n_hromadas=("hromada", "size"))
        .reindex(np.arange(-window, window + 1))
        .rename_axis("event_month")
        .reset_index()
    )
    series["n"] = series["n"].fillna(0.0)
    series["population_months"] = series["population_months"].fillna(0.0)
    series["n_hromadas"] = series["n_hromadas"].fillna(0).astype(int)
    series["rate_per_10k"] = _ratio(series["n"].to_numpy(float), series["population_months"].to_numpy(float))
    series["rate_per_10k"] *= 10_000
    return series[["event_month", "n", "population_months", "rate_per_10k", "n_hromadas"]]


@dataclass(frozen=True)
class WddVsControls:
    """``wdd_vs_controls``: who was compared, over which months, and the WDD."""

    treated: tuple[str, ...]  # hromadas first covered in the wave
    controls: tuple[str, ...]  # hromadas not yet covered by the end of the post window
    pre: tuple[pd.Timestamp, pd.Timestamp]  # first and last month, both included
    post: tuple[pd.Timestamp, pd.Timestamp]
    wave: tuple[pd.Timestamp, pd.Timestamp]
    result: WDDResult  # t_pre, t_post, c_pre, c_post, wdd, se, z, k
    population_treated: float  # Σ population of the treated hromadas
    population_controls: float  # Σ population of the controls (0 without controls)


def wdd_vs_controls(
    monthly: pd.DataFrame,
    deployment: pd.Series | Mapping[str, Any],
    *,
    population: pd.Series | Mapping[str, Any],
    pre: tuple[Any, Any],
    post: tuple[Any, Any],
    wave: tuple[Any, Any] | None = None,
    first_month: dt.date | pd.Timestamp | None = None,
    last_month: dt.date | pd.Timestamp | None = None,
) -> WddVsControls:
    """WDD of a deployment wave against the hromadas not yet covered (INDICATORS.md, see ``wdd``).

    - ``pre`` and ``post`` are (first month, last month) windows, both included, of equal length, with
      ``pre`` ending before ``post`` starts.
    - Treatment: hromadas whose deployment month lies in ``wave`` (default: the months strictly between
      the windows). The wave must lie in that gap, so that treated hromadas are wholly uncovered in
      ``pre`` and wholly covered in ``post``.
    - Controls: hromadas with no deployment, or deployed after the last month of ``post`` (later waves).
      Hromadas deployed before the wave, or between it and the end of ``post``, are in neither group.
    - ``deployment`` (month of the first officer's deployment; NaT = never) should list every hromada;
      a hromada present only in ``monthly`` counts as never covered.
    Counts: Σ n over each group and window (``monthly`` as for ``before_after_deployment``; a missing
    month is 0). Both windows must lie inside the data range (``first_month``..``last_month``, by
    default the months present in ``monthly``).
    - ``population`` (per hromada) scales the controls: k = Σ population of the treated ÷ Σ population
      of the controls (INDICATORS.md). Every treated and control hromada needs a positive population
      (ValueError otherwise). Without controls k = 1 (their counts are 0: the WDD is the treated change).
    """
    counts = _monthly_counts(monthly)
    first, last = _data_range(counts, first_month, last_month)
    pre_from, pre_to = (_month_index(d) for d in pre)
    post_from, post_to = (_month_index(d) for d in post)
    if pre_from > pre_to or post_from > post_to:
        raise ValueError("a window must start no later than it ends")
    if pre_to - pre_from != post_to - post_from:
        raise ValueError("pre and post windows must have the same number of months")
    wave_from, wave_to = (_month_index(d) for d in wave) if wave else (pre_to + 1, post_from - 1)
    if not pre_to < wave_from <= wave_to < post_from:
        raise ValueError("the deployment wave must lie between the end of pre and the start of post")
    if pre_from < first or post_to > last:
        raise ValueError("the pre and post windows must lie inside the data range")

    dep = _deployment_months(deployment, counts["hromada"])
    treated = sorted(dep.index[(dep >= wave_from) & (dep <= wave_to)])
    controls = sorted(dep.index[dep.isna() | (dep > post_to)])

    def total(hromadas: list[str], lo: int, hi: int) -> float:
        rows = counts[counts["hromada"].isin(hromadas) & counts["m"].between(lo, hi)]
        return float(rows["n"].sum())

    pop = pd.to_numeric(pd.Series(population, dtype=object), errors="coerce").astype(float)
    pop.index = pop.index.astype(str)
    group_pop = pop.reindex([*treated, *controls])
    if bool((group_pop.isna() | (group_pop <= 0)).any()):
        missing = sorted(group_pop.index[group_pop.isna() | (group_pop <= 0)])
        raise ValueError(f"WDD needs a positive population for every treated and control hromada: {missing}")
    pop_t, pop_c = float(pop.reindex(treated).sum()), float(pop.reindex(controls).sum())
    result = wdd(
        t_pre=total(treated, pre_from, pre_to),
        t_post=total(treated, post_from, post_to),
        c_pre=total(controls, pre_from, pre_to),
        c_post=total(controls, post_from, post_to),
        k=pop_t / pop_c if pop_c > 0 else 1.0,
    )
    return WddVsControls(
        treated=tuple(treated),
        controls=tuple(controls),
        pre=(_month_start(pre_from), _month_start(pre_to)),
        post=(_month_start(post_from), _month_start(post_to)),
        wave=(_month_start(wave_from), _month_start(wave_to)),
        result=result,
        population_treated=pop_t,
        population_controls=pop_c,
    )


# --- coverage status, rollout stage, passport item flags (map and profile pages) ---------------------------
COVERAGE_STATUSES = ("deployed", "in_training", "vacant", "uncovered")
ROLLOUT_STAGES = ("not_started", "selection", "training", "deployment", "station_open")


@overload
def coverage_status(
    officers_on_duty: float, officers_in_pipeline: float, officers_ever_deployed: float
) -> str: ...
@overload
def coverage_status(
    officers_on_duty: Vector, officers_in_pipeline: Vector, officers_ever_deployed: Vector
) -> pd.Series: ...
def coverage_status(officers_on_duty: Any, officers_in_pipeline: Any, officers_ever_deployed: Any) -> Any:
    """The coverage status of a hromada at a date D, one of ``COVERAGE_STATUSES``:

    - 'deployed': ≥ 1 officer on duty at D (the hromada is covered);
    - 'in_training': none on duty, but ≥ 1 officer selected and not yet deployed (and not left) by D;
    - 'vacant': none on duty or in the pipeline, but an officer was deployed there before (the post is
      empty again);
    - 'uncovered': never had an officer and none in the pipeline.
    The order is the precedence: a vacant post whose replacement is already in training is
    'in_training', because that is what the oblast needs to know next. Missing counts count as 0.
    """
    on_duty = np.nan_to_num(_as_float(officers_on_duty))
    pipeline = np.nan_to_num(_as_float(officers_in_pipeline))
    ever = np.nan_to_num(_as_float(officers_ever_deployed))
    codes = np.select(
        [on_duty >= 1, pipeline >= 1, ever >= 1], list(COVERAGE_STATUSES[:3]), COVERAGE_STATUSES[3]
    )
    return _wrap(codes.astype(object), officers_on_duty, officers_in_pipeline, officers_ever_deployed)


def rollout_stage(
    on: dt.date | pd.Timestamp,
    *,
    selected_on: Any = None,
    training_from: Any = None,
    deployed_on: Any = None,
    station_opened_on: Any = None,
) -> str:
    """The furthest rollout stage a hromada reached by date ``on``, one of ``ROLLOUT_STAGES``.

    Stages in order: selection → training → deployment → station open (INDICATORS.md). Each argument is
    the date the hromada first reached that stage (its first officer selected, first training started,
    first deployment, first station opened); missing or later than ``on`` = not reached. The furthest
    stage reached counts even if an earlier date is missing (a station opened for an officer whose
    selection date was never recorded is still 'station_open'). 'not_started' when none is reached.
    """
    day = pd.Timestamp(on)
    reached = "not_started"
    for stage, when in zip(
        ROLLOUT_STAGES[1:], (selected_on, training_from, deployed_on, station_opened_on), strict=True
    ):
        if when is not None and not pd.isna(when) and pd.Timestamp(when) <= day:
            reached = stage
    return reached


def passport_overdue(items: pd.DataFrame, on: dt.date | pd.Timestamp) -> pd.Series:
    """Per safety-passport item: overdue at ``on`` = due_on < on and status not done / cancelled.

    The same rule as ``passport_summary``'s n_overdue (a measure due today is not late yet); a bool
    Series on the index of ``items``.
    """
    flags = _passport_flags(items, on)
    return pd.Series(flags["overdue"].to_numpy(dtype=bool), index=items.index, name="overdue")


# --- officer activity, seasonality and deployment waves (the activity and crime pages) ------------------
COUNCIL_REPORTS_TARGET = 2  # reports to the community council per officer per year (Наказ №650)
_DAYS_PER_WEEK = 7


@overload
def per_officer_week(count: float, officer_days: float) -> float: ...
@overload
def per_officer_week(count: Vector, officer_days: Vector | float) -> pd.Series: ...
@overload
def per_officer_week(count: float, officer_days: Vector) -> pd.Series: ...
def per_officer_week(count: Any, officer_days: Any) -> Any:
    """count ÷ officer-weeks on duty, officer-weeks = days on duty in the period ÷ 7.

    Days on duty, not officers × weeks: an officer who joined or left mid-period counts only for the
    days served, so a hromada with a vacancy is not made to look idle. NaN without days on duty.
    Patrol hours per officer-week: pass the patrol hours as ``count``.
    """
    weeks = _as_float(officer_days) / _DAYS_PER_WEEK
    return _wrap(_ratio(_as_float(count), weeks), count, officer_days)


@overload
def time_inside_share(minutes_inside: float, minutes_located: float) -> float: ...
@overload
def time_inside_share(minutes_inside: Vector, minutes_located: Vector | float) -> pd.Series: ...
@overload
def time_inside_share(minutes_inside: float, minutes_located: Vector) -> pd.Series: ...
def time_inside_share(minutes_inside: Any, minutes_located: Any) -> Any:
    """Share of time spent inside the community: minutes inside ÷ minutes of activities with coordinates.

    Activities without coordinates are in neither term (their place is unknown). NaN when nothing was
    located.
    """
    return _wrap(
        _ratio(_as_float(minutes_inside), _as_float(minutes_located)), minutes_inside, minutes_located
    )


@overload
def mean_attendance(participants: float, meetings: float) -> float: ...
@overload
def mean_attendance(participants: Vector, meetings: Vector | float) -> pd.Series: ...
@overload
def mean_attendance(participants: float, meetings: Vector) -> pd.Series: ...
def mean_attendance(participants: Any, meetings: Any) -> Any:
    """Mean participants per resident meeting: Σ participants ÷ meetings. NaN without meetings.

    Pass the meetings whose attendance was recorded; agg_activity_month counts a missing attendance as
    0 participants, so from it the mean is a lower bound when some meetings lack the figure.
    """
    return _wrap(_ratio(_as_float(participants), _as_float(meetings)), participants, meetings)


def count_changes(
    current: pd.Series, previous: pd.Series, *, dispersion: float | pd.Series | Dispersion = 1.0
) -> pd.DataFrame:
    """Paired counts (this period, the same period last year) → change, z, p, level and pct_change.

    One row per index entry: change = current − previous (always shown), z, p and level from
    ``count_change`` (level 'signal' / 'watch' / 'none' from the E-test's p, widened by ``dispersion``),
    pct_change only where previous ≥ 20 (else NaN).
    """
    test = count_change(current, previous, dispersion=dispersion)
    return pd.DataFrame(
        {
            "change": absolute_change(current, previous),
            "z": test["z"],
            "p": test["p"],
            "level": test["level"],
            "pct_change": pct_change(current, previous),
        },
        index=current.index,
    )


def seasonal_profile(yearly: pd.DataFrame) -> pd.DataFrame:
    """Month-of-year profile of monthly counts over complete calendar years.

    Input: columns year, month_of_year (1–12), n, one row per month of each complete year, zeros
    included. Output: one row per month of the year 1..12 with mean (the mean count of that month over
    the years), low and high (the smallest and largest of those counts), n_years, and index = mean ÷ the
    mean of all months (1.2 = 20 % above an average month; NaN when there are no counts at all).
    """
    missing = {"year", "month_of_year", "n"} - set(yearly.columns)
    if missing:
        raise ValueError(f"yearly counts lack columns {sorted(missing)}")
    frame = pd.DataFrame(
        {
            "month_of_year": yearly["month_of_year"].astype(int),
            "n": _as_float(yearly["n"]),
            "year": yearly["year"],
        }
    )
    out = (
        frame.groupby("month_of_year")
        .agg(mean=("n", "mean"), low=("n", "min"), high=("n", "max"), n_years=("year", "nunique"))
        .reindex(pd.RangeIndex(1, 13, name="month_of_year"))
        .reset_index()
    )
    out["n_years"] = out["n_years"].fillna(0).astype(int)
    overall = float(out["mean"].mean()) if out["mean"].notna().any() else math.nan
    out["index"] = _ratio(out["mean"].to_numpy(float), np.asarray(overall))
    return out


@dataclass(frozen=True)
class DeploymentWave:
    """The hromadas first covered in one calendar year and the WDD windows around their deployment."""

    year: int
    hromadas: tuple[str, ...]
    wave: tuple[pd.Timestamp, pd.Timestamp]  # first and last deployment month of the year's hromadas
    pre: tuple[pd.Timestamp, pd.Timestamp]  # `window` months ending the month before wave[0]
    post: tuple[pd.Timestamp, pd.Timestamp]  # `window` months starting the month after wave[1]
    complete: bool  # both windows lie inside the data range: WDD can be computed


def deployment_waves(
    deployment: pd.Series | Mapping[str, Any],
    *,
    first_month: dt.date | pd.Timestamp,
    last_month: dt.date | pd.Timestamp,
    window: int = 12,
) -> list[DeploymentWave]:
    """One wave per calendar year in which hromadas were first covered, oldest first.

    ``deployment`` is the deployment month per hromada (NaT = never covered). The wave spans the year's
    first to last deployment month; pre is the ``window`` months before the wave starts, post the
    ``window`` months after it ends, so that every treated hromada is wholly uncovered in pre and wholly
    covered in post (the conditions of ``wdd_vs_controls``). ``complete`` is False when a window
    reaches outside ``first_month``..``last_month`` (e.g. the latest wave, whose year after is not over).
    """
    if window < 1:
        raise ValueError("window must be at least one month")
    months = _deployment_months(deployment, []).dropna().astype(int)
    first, last = _month_index(first_month), _month_index(last_month)
    waves = []
    for year in sorted({m // 12 for m in months}):
        in_year = months[(months // 12) == year]
        wave_from, wave_to = int(in_year.min()), int(in_year.max())
        pre = (wave_from - window, wave_from - 1)
        post = (wave_to + 1, wave_to + window)
        waves.append(
            DeploymentWave(
                year=year,
                hromadas=tuple(sorted(in_year.index)),
                wave=(_month_start(wave_from), _month_start(wave_to)),
                pre=(_month_start(pre[0]), _month_start(pre[1])),
                post=(_month_start(post[0]), _month_start(post[1])),
                complete=pre[0] >= first and post[1] <= last,
            )
        )
    return waves


def wdd_verdict(z: float | None, *, threshold: float = Z_95) -> str:
    """'decrease' where z ≤ −1.96 (fewer offences than the controls' trend), 'increase' where z ≥ 1.96,
    otherwise (and for NaN) 'inconclusive': the difference is within chance."""
    if z is None or math.isnan(z):
        return "inconclusive"
    if z <= -threshold:
        return "decrease"
    if z >= threshold:
        return "increase"
    return "inconclusive"


# --- pooled completeness and funnel limits (the overview and compare pages) ------------------------------
@dataclass(frozen=True)
class PooledCompleteness:
    """Resource completeness of several hromadas together (see ``resource_completeness_pooled``)."""

    required: float  # Σ officers on duty: the number of each kind the standard requires
    delivered: dict[str, float]  # per kind, Σ over hromadas of min(delivered, officers)
    completeness: float  # Σ_k delivered_k ÷ (3 × required); NaN without officers


def resource_completeness_pooled(table: pd.DataFrame) -> PooledCompleteness:
    """Resource completeness of a set of hromadas: Σ_h Σ_k min(delivered_hk, officers_h) ÷ (3 × Σ_h officers_h).

    ``table`` has one row per hromada with columns ``officers`` and ``<kind>_delivered`` for office,
    vehicle, tablet (the output of ``resource_completeness_table``). Each hromada's delivery is capped at
    its own requirement before summing: a spare vehicle in one hromada does not equip an officer in
    another. Hromadas without officers require nothing and add nothing.
    """
    officers = np.nan_to_num(_as_float(table["officers"]), nan=0.0).clip(min=0)
    required = float(officers.sum())
    delivered = {}
    for kind in RESOURCE_KINDS:
        got = np.nan_to_num(_as_float(table[f"{kind}_delivered"]), nan=0.0).clip(min=0)
        delivered[kind] = float(np.minimum(got, officers).sum())
    total = sum(delivered.values())
    completeness = total / (len(RESOURCE_KINDS) * required) if required > 0 else math.nan
    return PooledCompleteness(required=required, delivered=delivered, completeness=completeness)


def funnel_limits(reference_rate: float, population: Vector | float, *, z: float = 2.0) -> pd.DataFrame:
    """Funnel-plot limits: the range of rates per 10k a hromada of ``population`` shows by chance alone
    if its true rate were ``reference_rate`` (e.g. the oblast's).

    Expected count E = reference_rate × population ÷ 10,000. The limits use Wheeler's square-root scale
    for one count against a KNOWN mean — a count O is inside when |2(√O − √E)| ≤ z — so
    O ∈ [(√E − z/2)², (√E + z/2)²] (the lower bound is 0 once √E < z/2), turned back into rates; the page
    draws z = 2 and 3. (Two observed counts are compared by ``count_change`` instead.) Columns: population, expected, lower, upper (rates per 10k; NaN without population).
    """
    pop = np.atleast_1d(_as_float(population))
    ref = _as_float(reference_rate).item()
    expected = np.where(pop > 0, ref * pop / 10_000, np.nan)
    root = np.sqrt(expected)
    lower_count = np.square(np.clip(root - z / 2, 0, None))
    upper_count = np.square(root + z / 2)
    frame = pd.DataFrame(
        {
            "population": pop,
            "expected": expected,
            "lower": _ratio(lower_count, pop) * 10_000,
            "upper": _ratio(upper_count, pop) * 10_000,
        }
    )
    if isinstance(population, pd.Series):
        frame.index = population.index
    return frame


# --- rank intervals by resampling (the compare page) ------------------------------------------------------
RANK_DRAWS = 1000  # resamples per ranking
RANK_SEED = 20_180_601  # fixed: the same data always give the same intervals
RANK_LEVEL = 0.90  # the central share of the resampled ranks the interval holds


def rank_descending(values: np.ndarray) -> np.ndarray:
    """Ranks along the last axis, 1 = highest; ties share the best rank (pandas ``method="min"``).

    Vectorised over the leading axes (one row per resample); values must not be NaN.
    """
    values = np.asarray(values, dtype=float)
    order = np.argsort(-values, axis=-1, kind="stable")
    ordered = np.take_along_axis(-values, order, axis=-1)
    starts = np.ones(ordered.shape, dtype=bool)
    starts[..., 1:] = ordered[..., 1:] != ordered[..., :-1]
    position = np.broadcast_to(np.arange(values.shape[-1]), values.shape)
    first = np.maximum.accumulate(np.where(starts, position, 0), axis=-1)
    ranks = np.empty(values.shape, dtype=np.int64)
    np.put_along_axis(ranks, order, first + 1, axis=-1)
    return ranks


@dataclass(frozen=True)
class RankIntervals:
    """``rank_intervals``: per ranked unit, the resampled rank interval and whether it is distinguishable."""

    low: np.ndarray  # the (1 − level) ÷ 2 quantile of the resampled ranks (1 = highest)
    high: np.ndarray  # the (1 + level) ÷ 2 quantile
    middle: float  # (m + 1) ÷ 2 of the m units ranked
    distinguishable: np.ndarray  # False where low ≤ middle ≤ high: the rank may be mere chance


def rank_intervals(
    counts: Vector,
    value: Any,
    *,
    trials: Vector | None = None,
    draws: int = RANK_DRAWS,
    seed: int = RANK_SEED,
    level: float = RANK_LEVEL,
) -> RankIntervals:
    """Rank intervals from resampling each unit's count: Poisson(count), or Binomial(trials, count ÷ trials)
    when ``trials`` is given (a share of respondents). ``value(draws)`` turns a (draws × m) array of
    resampled counts into the (draws × m) values that are ranked (e.g. count ÷ population × 10,000), so a
    rate is recomputed from each resampled count. Every unit is ranked in every draw (pass only the
    units that are ranked: small numbers stay out). A unit whose interval spans the middle rank
    (m + 1) ÷ 2 is not distinguishable from the middle of the group. Seeded numpy ``default_rng``: the
    same input gives the same intervals.
    """
    lam = np.asarray(_as_float(counts), dtype=float)
    m = lam.size
    if m == 0:
        empty = np.empty(0)
        return RankIntervals(empty, empty, math.nan, np.empty(0, dtype=bool))
    if np.isnan(lam).any() or (lam < 0).any():
        raise ValueError("rank_intervals needs non-negative counts")
    rng = np.random.default_rng(seed)
    if trials is None:
        resampled = rng.poisson(lam, size=(draws, m)).astype(float)
    else:
        n = np.asarray(_as_float(trials), dtype=float)
        p = np.clip(_ratio(lam, n), 0, 1)
        resampled = rng.binomial(n.astype(np.int64), p, size=(draws, m)).astype(float)
    values = np.asarray(value(resampled), dtype=float)
    ranks = rank_descending(np.nan_to_num(values, nan=-np.inf))
    tail = (1 - level) / 2
    low, high = np.quantile(ranks, [tail, 1 - tail], axis=0, method="inverted_cdf")
    middle = (m + 1) / 2
    return RankIntervals(low=low, high=high, middle=middle, distinguishable=(high < middle) | (low > middle))
