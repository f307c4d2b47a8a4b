"""The staggered-rollout event study: Callaway & Sant'Anna (2021) group-time effects by event time.

Each hromada's deployment month (its first officer on duty) makes a cohort g. For every cohort and every
month t from 12 months before to 12 after its deployment, the group-time effect ATT(g, t) is the change of
the cohort's monthly offence rate from its reference month g − 1 to t, minus the same change over the
hromadas not yet covered at max(t, g − 1) (and those never covered): a difference in differences whose
controls are only communities that had no officer yet. Effects are averaged by event time e = t − g over
the cohorts observed there, weighted by cohort size (the "dynamic" aggregation of the paper), and the
post-deployment months 0…12 averaged once more into one number.

Estimator and intervals are exactly those of the `did` R package (and of the Python `differences` 0.3
package) with `est_method="reg"` and no covariates, `control_group="notyettreated"`,
`base_period="universal"`, no anticipation, analytic standard errors from the influence functions, which
are clustered by hromada (one influence value per hromada). The library takes about 10 ms per group-time
cell through pandas (4–5 s per category on the 49 hromadas, minutes at national scale); without covariates
each cell is two means, so this module computes them as vectors (milliseconds). tests/test_event_study.py
checks it against the R package's published mpdta results and against `differences` on random panels.

The universal base period (every estimate against month −1) makes the pre-deployment estimates
comparable with the post-deployment ones (Roth 2024): a flat pre-period is what parallel trends predict.
Deployment was not random (the pilots volunteered), so the estimate is an association under the parallel
trends assumption, not a proven effect. Pure: numbers and pandas in, numbers out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

EVENT_WINDOW = 12  # months before and after each deployment
REFERENCE_EVENT_TIME = -1  # the month before deployment: every estimate is a change against it
CONFIDENCE = 0.95
_Z = float(stats.norm.ppf(0.5 + CONFIDENCE / 2))


@dataclass(frozen=True)
class GroupTime:
    """Group-time effects: one row per estimable (cohort, period) cell and its influence function."""

    cells: pd.DataFrame  # cohort, period, event_time, att, se, n_treated, n_controls
    influence: np.ndarray  # units × cells; the estimate's IF, one value per unit (hromada)
    cohort_of_unit: np.ndarray  # the cohort period of each unit (NaN: not covered in the data)


@dataclass(frozen=True)
class Average:
    """An average of event-time estimates (post- or pre-deployment) with its 95 % interval."""

    att: float
    se: float
    ci_low: float
    ci_high: float
    p: float  # two-sided, normal
    n_event_times: int


@dataclass(frozen=True)
class EventStudyResult:
    by_event: pd.DataFrame  # event_time, att, se, ci_low, ci_high, n_hromadas, n_cohorts
    post: Average | None  # event times 0…window; None without any
    pre: Average | None  # event times −window…−2; None without any
    pre_trend_p: float  # joint test that every pre-deployment estimate is 0 (NaN without them)
    n_hromadas: int  # covered hromadas that contribute (their cohort has an estimable cell)
    n_cohorts: int  # their deployment months
    n_never: int  # hromadas not covered within the data: controls throughout
    n_dropped: int  # covered in the first month of the data or earlier: no reference month


def group_time_effects(y: np.ndarray, cohort: np.ndarray, *, window: int = EVENT_WINDOW) -> GroupTime:
    """ATT(g, t) for every cohort g and period t with |t − g| ≤ window (t ≠ g − 1), not-yet-treated
    controls, universal base period g − 1.

    `y`: units × periods (a balanced panel, periods consecutive); `cohort`: each unit's first treated
    period index (NaN or ≥ the number of periods: never treated within the data). Units treated in the
    first period or earlier have no reference period and must be left out by the caller (R's `did` drops
    them likewise). A cell without a control unit is not estimable and left out.
    """
    y = np.asarray(y, dtype=float)
    n_units, n_periods = y.shape
    g_of = np.asarray(cohort, dtype=float)
    if np.any(g_of < 1):
        raise ValueError("units treated in the first period (or earlier) have no reference period")
    never = np.isnan(g_of) | (g_of >= n_periods)
    g_of = np.where(never, np.nan, g_of)
    g_for_control = np.where(never, np.inf, g_of)
    frames: list[pd.DataFrame] = []
    blocks: list[np.ndarray] = []
    for g in np.unique(g_of[~never]).astype(int):
        # One cohort's cells at once (units × periods t of its window): the changes from the base month
        # g − 1, and the controls of each t, not yet treated at the later of t and the base month
        # (R did: G > max(t, base) + anticipation).
        treated = g_of == g
        base = g - 1
        periods = np.array(
            [t for t in range(max(0, g - window), min(n_periods, g + window + 1)) if t != base]
        )
        controls = (g_for_control[:, None] > np.maximum(periods, base)[None, :]) & ~treated[:, None]
        n_c = controls.sum(axis=0)
        periods, controls, n_c = periods[n_c > 0], controls[:, n_c > 0], n_c[n_c > 0]  # else not estimable
        if len(periods) == 0:
            continue
        n_t = int(treated.sum())
        delta = y[:, periods] - y[:, [base]]
        mean_t = delta[treated].mean(axis=0)
        mean_c = np.where(controls, delta, 0.0).sum(axis=0) / n_c
        influence = np.zeros_like(delta)
        influence[treated] = n_units * (delta[treated] - mean_t) / n_t
        influence += np.where(controls, -n_units * (delta - mean_c) / n_c, 0.0)
        frames.append(pd.DataFrame({
            "cohort": g, "period": periods, "event_time": periods - g, "att": mean_t - mean_c,
            "se": np.sqrt((influence**2).sum(axis=0)) / n_units, "n_treated": n_t, "n_controls": n_c,
        }))  # fmt: skip
        blocks.append(influence)
    columns = ["cohort", "period", "event_time", "att", "se", "n_treated", "n_controls"]
    cells = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    matrix = np.hstack(blocks) if blocks else np.zeros((n_units, 0))
    return GroupTime(cells=cells, influence=matrix, cohort_of_unit=g_of)


def _se(influence: np.ndarray) -> float:
    """Standard error from an influence function with one value per cluster (unit): √(Σ ψ²) / n."""
    return float(np.sqrt(np.sum(influence**2)) / len(influence))


def _aggregate(gt: GroupTime, columns: np.ndarray) -> tuple[float, np.ndarray]:
    """Cohort-size-weighted mean of the cells `columns` and its influence function, with the term for the
    estimated weights (did::aggte's `wif`)."""
    cells = gt.cells.iloc[columns]
    n_units = gt.influence.shape[0]
    dummies = (gt.cohort_of_unit[:, None] == cells["cohort"].to_numpy()[None, :]).astype(float)
    shares = dummies.mean(axis=0)  # P(G = g) of each cell's cohort
    total = shares.sum()
    weights = shares / total
    atts = cells["att"].to_numpy()
    wif = (dummies - shares) / total - np.outer((dummies - shares).sum(axis=1), shares / total**2)
    influence = gt.influence[:, columns] @ weights + wif @ atts
    assert influence.shape == (n_units,)
    return float(weights @ atts), influence


def _average(estimates: list[tuple[float, np.ndarray]]) -> Average | None:
    """The plain mean of event-time estimates (did::aggte's overall dynamic effect) and its interval."""
    if not estimates:
        return None
    att = float(np.mean([a for a, _ in estimates]))
    influence = np.mean([psi for _, psi in estimates], axis=0)
    se = _se(influence)
    p = float(2 * stats.norm.sf(abs(att) / se)) if se > 0 else float("nan")
    return Average(att, se, att - _Z * se, att + _Z * se, p, len(estimates))


def _pre_trend_p(estimates: list[tuple[float, np.ndarray]]) -> float:
    """Joint test that every pre-deployment estimate is 0 (is the pre-period flat?): the Wald statistic
    W = θ′V⁻¹θ with V from the influence functions, read as Hotelling's T² with one observation per
    hromada, F = W·(n − q)/(q·n) on (q, n − q) degrees of freedom. The plain χ²(q) reading of W (did's
    pre-test) rejects a flat pre-period about 17 % of the time at 5 % with 49 hromadas and 11 pre months
    (the covariance of 11 estimates from 49 clusters is too small); the F reading stays at or below 5 %
    (tests/test_event_study.py). NaN without pre-deployment estimates or with q ≥ n."""
    if not estimates:
        return float("nan")
    theta = np.array([a for a, _ in estimates])
    psi = np.column_stack([p for _, p in estimates])
    n = psi.shape[0]
    vcv = psi.T @ psi / n**2
    q = int(np.linalg.matrix_rank(vcv))
    if q == 0 or q >= n:
        return float("nan")
    w = float(theta @ np.linalg.pinv(vcv) @ theta)
    return float(stats.f.sf(w * (n - q) / (q * n), q, n - q))


def event_study_matrix(y: np.ndarray, cohort: np.ndarray, *, window: int = EVENT_WINDOW) -> EventStudyResult:
    """The event study of a balanced panel `y` (units × periods) with each unit's first treated period
    `cohort` (NaN: never treated; units treated in period 0 or earlier are dropped here, as R's did does)."""
    cohort = np.asarray(cohort, dtype=float)
    dropped = ~np.isnan(cohort) & (cohort < 1)
    gt = group_time_effects(np.asarray(y, dtype=float)[~dropped], cohort[~dropped], window=window)
    rows = []
    estimates: dict[int, tuple[float, np.ndarray]] = {}
    for e in range(-window, window + 1):
        if e == REFERENCE_EVENT_TIME:
            continue
        columns = np.flatnonzero(gt.cells["event_time"].to_numpy() == e)
        if len(columns) == 0:
            continue
        att, influence = _aggregate(gt, columns)
        estimates[e] = (att, influence)
        se = _se(influence)
        cells = gt.cells.iloc[columns]
        rows.append((e, att, se, att - _Z * se, att + _Z * se, int(cells["n_treated"].sum()), len(cells)))
    by_event = pd.DataFrame(
        rows, columns=["event_time", "att", "se", "ci_low", "ci_high", "n_hromadas", "n_cohorts"]
    )
    if len(by_event):  # the reference month: 0 by construction, no interval
        cohorts_seen = gt.cells["cohort"].unique()
        reference = pd.DataFrame(
            [(REFERENCE_EVENT_TIME, 0.0, np.nan, np.nan, np.nan,
              int(np.isin(gt.cohort_of_unit, cohorts_seen).sum()), len(cohorts_seen))],
            columns=by_event.columns,
        )  # fmt: skip
        by_event = pd.concat([by_event, reference]).sort_values("event_time", ignore_index=True)
    post = [estimates[e] for e in sorted(estimates) if e >= 0]
    pre = [estimates[e] for e in sorted(estimates) if e < REFERENCE_EVENT_TIME]
    contributing = np.isin(gt.cohort_of_unit, gt.cells["cohort"].unique())
    return EventStudyResult(
        by_event=by_event,
        post=_average(post),
        pre=_average(pre),
        pre_trend_p=_pre_trend_p(pre),
        n_hromadas=int(contributing.sum()),
        n_cohorts=int(gt.cells["cohort"].nunique()),
        n_never=int(np.isnan(gt.cohort_of_unit).sum()),
        n_dropped=int(dropped.sum()),
    )


def _month_number(month: pd.Series | pd.Index) -> np.ndarray:
    """Months as numbers (year · 12 + month − 1), NaN for NaT."""
    months = pd.DatetimeIndex(month)
    return np.asarray(months.year * 12 + months.month - 1, dtype=float)


def rate_event_study(
    counts: pd.DataFrame,
    deployment: pd.DataFrame,
    *,
    first_month: Any,
    last_month: Any,
    window: int = EVENT_WINDOW,
) -> EventStudyResult:
    """The event study of the monthly offence rate per 10,000 residents over the months first_month …
    last_month (both inclusive; any day of the month).

    `counts`: offences per hromada and month (hromada, month, n; a month without a row is 0, a hromada
    not in `deployment` is ignored); `deployment`: every hromada (hromada, deployment_month — the month of
    its first officer, NaT = never covered — and population). A hromada without population has no rate and
    is dropped (counted in n_dropped), as is one covered in the first month or earlier (no reference month).
    """
    usable = deployment[deployment["population"].notna() & (deployment["population"] > 0)]
    n_without_population = deployment["hromada"].nunique() - usable["hromada"].nunique()
    months = pd.date_range(pd.Timestamp(first_month).to_period("M").to_timestamp(),
                           pd.Timestamp(last_month).to_period("M").to_timestamp(), freq="MS")  # fmt: skip
    if usable.empty or len(months) == 0:
        return replace(empty_result(), n_dropped=n_without_population)
    hromadas = pd.Index(usable["hromada"])
    row = hromadas.get_indexer(counts["hromada"])
    col = months.get_indexer(pd.DatetimeIndex(pd.to_datetime(counts["month"])).to_period("M").to_timestamp())
    inside = (row >= 0) & (col >= 0)
    offences = np.zeros((len(hromadas), len(months)))
    np.add.at(offences, (row[inside], col[inside]), counts["n"].to_numpy(dtype=float)[inside])
    rates = offences / usable["population"].to_numpy(dtype=float)[:, None] * 10_000
    cohort = _month_number(pd.to_datetime(usable["deployment_month"])) - _month_number(months[:1])[0]
    result = event_study_matrix(rates, cohort, window=window)
    return replace(result, n_dropped=result.n_dropped + n_without_population)


def empty_result() -> EventStudyResult:
    """No estimate at all (no offence data, or no hromada with a population)."""
    return EventStudyResult(pd.DataFrame(columns=BY_EVENT_COLUMNS), None, None, float("nan"), 0, 0, 0, 0)


BY_EVENT_COLUMNS = ["event_time", "att", "se", "ci_low", "ci_high", "n_hromadas", "n_cohorts"]
# The frame a query wrapper returns (one row per event time, then the two averages): see `to_frame`.
FRAME_COLUMNS = [
    "kind", "event_time", "att", "se", "ci_low", "ci_high", "p", "pre_trend_p",
    "n_hromadas", "n_cohorts", "n_never", "n_dropped",
]  # fmt: skip


def to_frame(result: EventStudyResult) -> pd.DataFrame:
    """`result` as one frame (cacheable, declared by its wrapper): kind 'event' rows (event_time −12…12,
    the reference month −1 with att 0 and no interval), then kind 'post' (mean of event times 0…12) and
    'pre' (mean of −12…−2; its pre_trend_p is the joint test of a flat pre-period) when there are such
    estimates. n_hromadas / n_cohorts: treated hromadas and deployment months behind each estimate (on the
    averages: all that contribute); n_never / n_dropped (every row): see EventStudyResult."""
    events = result.by_event.assign(kind="event")
    z = events["att"].astype(float) / events["se"].astype(float)  # 0 ÷ 0 (no variation at all): NaN
    events["p"] = 2 * stats.norm.sf(z.abs())
    averages = [
        {"kind": kind, "att": a.att, "se": a.se, "ci_low": a.ci_low, "ci_high": a.ci_high, "p": a.p,
         "n_hromadas": result.n_hromadas, "n_cohorts": result.n_cohorts}
        for kind, a in (("post", result.post), ("pre", result.pre)) if a is not None
    ]  # fmt: skip
    frame = pd.concat([events, pd.DataFrame(averages)], ignore_index=True) if averages else events
    frame = frame.reindex(columns=FRAME_COLUMNS)
    frame["pre_trend_p"] = np.where(frame["kind"] == "pre", result.pre_trend_p, np.nan)
    frame["n_never"] = result.n_never
    frame["n_dropped"] = result.n_dropped
    return with_frame_dtypes(frame)


_FLOAT_COLUMNS = ("att", "se", "ci_low", "ci_high", "p", "pre_trend_p")


def with_frame_dtypes(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with the columns and dtypes of `to_frame`'s result, whichever way it was built: computed
    here, or read back from the table the snapshot build stored it in (`from_stored`), so that both give
    identical frames (tests/test_event_study_precompute.py)."""
    out = frame.reindex(columns=FRAME_COLUMNS).reset_index(drop=True)
    out["kind"] = out["kind"].astype(str)
    for column in ("event_time", "n_hromadas", "n_cohorts"):
        out[column] = out[column].astype("Int64")
    for column in ("n_never", "n_dropped"):
        out[column] = out[column].astype("int64")
    for column in _FLOAT_COLUMNS:
        out[column] = out[column].astype(float)
    return out


def to_stored(frame: pd.DataFrame) -> pd.DataFrame:
    """`to_frame`'s result as the rows the snapshot build stores (schema.PRECOMPUTED_TABLES
    ['agg_event_study'], without its key columns): row_index keeps the order; an empty result is one row
    with row_index and everything else missing, so that a stored key always has a row ("no row" = not
    stored: compute it)."""
    if frame.empty:
        return pd.DataFrame({"row_index": [pd.NA], **{c: [pd.NA] for c in FRAME_COLUMNS}})
    return frame.assign(row_index=range(len(frame)))[["row_index", *FRAME_COLUMNS]]


def from_stored(rows: pd.DataFrame) -> pd.DataFrame:
    """The frame `to_frame` gave, from its stored rows (`to_stored`; any order, key columns ignored)."""
    kept = rows[rows["row_index"].notna()].sort_values("row_index")
    return with_frame_dtypes(kept)
