"""The rollout event study (dashboard/event_study.py): the R package's published results on mpdta, the
same numbers as the `differences` library on random panels, and seeded simulations of a staggered
rollout like the oblast's (49 hromadas, most deployment months with one or two hromadas) with a known
effect: the 95 % intervals cover the truth, the pre-period is flat, a null effect is rejected at the
nominal rate, and a pre-existing trend is caught by the pre-trend test."""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from differences import ATTgt  # the reference implementation, pinned in requirements-dev.txt

from dashboard import event_study as es

MPDTA = Path(__file__).parent / "data" / "mpdta" / "mpdta.csv"

# R did: att_gt(lemp ~ 1, control_group = "notyettreated", base_period = "universal", est_method = "reg")
# |> aggte(type = "dynamic"), analytic standard errors (stored by the differences package's tests).
R_EVENT = {  # event time: (ATT, SE)
    -4: (0.0033063566925127, 0.024451872943931727),
    -3: (0.026956587658867954, 0.017579668260160355),
    -2: (0.024268903414507454, 0.014463681675801908),
    -1: (0.0, float("nan")),
    0: (-0.018922199083425257, 0.01204456868926907),
    1: (-0.05358934738483233, 0.016946385539125097),
    2: (-0.13627434632867852, 0.03540338496891016),
    3: (-0.10081136308540492, 0.03435922583467332),
}
R_OVERALL = (-0.07739931397058526, 0.01956017694639442)  # aggte(type = "dynamic")$overall.att / .se


def mpdta_matrix() -> tuple[np.ndarray, np.ndarray]:
    df = pd.read_csv(MPDTA)
    y = df.pivot(index="countyreal", columns="year", values="lemp")
    first = df.groupby("countyreal")["first_treat"].first().reindex(y.index)
    cohort = np.where(first > 0, first - y.columns.min(), np.nan)  # period index of the first treated year
    return y.to_numpy(), cohort


def test_reproduces_r_did_on_mpdta() -> None:
    y, cohort = mpdta_matrix()
    result = es.event_study_matrix(y, cohort)
    by_event = result.by_event.set_index("event_time")
    assert list(by_event.index) == list(R_EVENT)
    for e, (att, se) in R_EVENT.items():
        assert by_event.loc[e, "att"] == pytest.approx(att, abs=1e-12)
        if np.isnan(se):
            assert np.isnan(by_event.loc[e, "se"])
        else:
            assert by_event.loc[e, "se"] == pytest.approx(se, rel=1e-9)
    assert result.post is not None
    assert (result.post.att, result.post.se) == pytest.approx(R_OVERALL, rel=1e-9)
    assert result.post.ci_low == pytest.approx(R_OVERALL[0] - 1.959964 * R_OVERALL[1], abs=1e-6)
    assert (result.n_hromadas, result.n_cohorts, result.n_never, result.n_dropped) == (191, 3, 309, 0)


def test_a_hand_computed_panel() -> None:
    """Two treated cohorts and one never-treated unit: every ATT(g, t) is a difference of two changes."""
    y = np.array(
        [
            [1.0, 2.0, 6.0, 7.0],  # cohort 2 (treated from period 2)
            [3.0, 3.0, 4.0, 9.0],  # cohort 3
            [2.0, 4.0, 5.0, 6.0],  # never
        ]
    )
    gt = es.group_time_effects(y, np.array([2.0, 3.0, np.nan]), window=2)
    cells = gt.cells.set_index(["cohort", "period"])["att"]
    # Cohort 2, base period 1: at t = 2 controls are cohort 3 and never; at t = 3 only never (3 is treated).
    assert cells[(2, 2)] == pytest.approx((6 - 2) - np.mean([4 - 3, 5 - 4]))
    assert cells[(2, 3)] == pytest.approx((7 - 2) - (6 - 4))
    assert cells[(2, 0)] == pytest.approx((1 - 2) - np.mean([3 - 3, 2 - 4]))  # pre-period: t − base
    # Cohort 3, base period 2: controls only never-treated (cohort 2 is treated by then).
    assert cells[(3, 3)] == pytest.approx((9 - 4) - (6 - 5))
    assert cells[(3, 1)] == pytest.approx((3 - 4) - (4 - 5))
    assert (2, 1) not in cells.index and (3, 2) not in cells.index  # the reference months


def test_units_without_reference_month_or_controls() -> None:
    y = np.arange(20.0).reshape(4, 5) ** 1.5
    result = es.event_study_matrix(y, np.array([0.0, 2.0, 9.0, np.nan]), window=3)
    # Treated in period 0: no reference month, dropped; cohort 9 lies beyond the data: a control throughout.
    assert (result.n_dropped, result.n_never, result.n_hromadas, result.n_cohorts) == (1, 2, 1, 1)
    # Every treated unit treated and no control left: nothing is estimable.
    empty = es.event_study_matrix(y[:2], np.array([2.0, 2.0]))
    assert empty.by_event.empty and empty.post is None and np.isnan(empty.pre_trend_p)


def random_staggered_panel(
    seed: int, n_units: int = 24, n_periods: int = 14
) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    cohort = rng.choice([3.0, 5.0, 6.0, 9.0, 12.0, np.nan], size=n_units)
    periods = np.arange(n_periods)
    effect = np.where(periods[None, :] >= np.nan_to_num(cohort, nan=99)[:, None], 1.0 + 0.2 * periods, 0.0)
    y = rng.normal(0, 1, (n_units, 1)) + 0.3 * periods + effect + rng.normal(0, 1, (n_units, n_periods))
    return y, cohort


@pytest.mark.parametrize("seed", [1, 2])
def test_same_numbers_as_the_differences_library(seed: int) -> None:
    """The library computes the same estimator cell by cell (≈ 10 ms a cell): equal to 1e-10."""
    y, cohort = random_staggered_panel(seed)
    window = 4
    long = pd.DataFrame(
        {
            "unit": np.repeat(np.arange(len(y)), y.shape[1]),
            "period": np.tile(np.arange(y.shape[1]), len(y)),
            "y": y.ravel(),
            "cohort": np.repeat(cohort, y.shape[1]),
        }
    ).set_index(["unit", "period"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the library's pandas deprecation warnings
        att = ATTgt(data=long, cohort_column="cohort", base_period="universal")
        att.filter_gt(base_period="universal", relative_period_start=-window, relative_period_end=window)
        att.fit(formula="y", control_group="not_yet_treated", est_method="reg", progress_bar=False)
        library = att.aggregate("event").droplevel([0, 1], axis=1)
        overall = att.aggregate("event", overall=True).droplevel([0, 1], axis=1).iloc[0]
    ours = es.event_study_matrix(y, cohort, window=window)
    by_event = ours.by_event.set_index("event_time")
    assert list(by_event.index) == list(library.index)
    np.testing.assert_allclose(by_event["att"], library["ATT"], atol=1e-10)
    np.testing.assert_allclose(by_event["se"], library["std_error"], rtol=1e-9)  # NaN at −1 in both
    assert ours.post is not None
    assert (ours.post.att, ours.post.se) == pytest.approx((overall["ATT"], overall["std_error"]), rel=1e-9)


# --- simulation of a rollout like the oblast's ------------------------------------------------------

# Hromadas per deployment month in the demo snapshot (20 pilots in two months, then mostly one at a time),
# and 4 never covered.
COHORT_SIZES = (6, 14, 3, 2, 1, 4, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1)
N_NEVER = 4
N_MONTHS = 96
SEEDS = range(40)


def simulated_rollout(seed: int, *, effect: float, pre_trend: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Monthly offence rates per 10,000 from Poisson counts in hromadas of 3,500–60,000 residents (one city
    of 230,000), hromada and month effects (seasonal), parallel trends; from its deployment month on a
    hromada's expected rate changes by `effect`. `pre_trend`: a trend per month that only the covered
    hromadas have before their deployment (parallel trends broken), for the pre-test."""
    rng = np.random.default_rng(seed)
    n = sum(COHORT_SIZES) + N_NEVER
    months = np.sort(rng.choice(np.arange(14, N_MONTHS - 2), size=len(COHORT_SIZES), replace=False))
    cohort = np.concatenate([np.repeat(months, COHORT_SIZES), np.full(N_NEVER, np.nan)]).astype(float)
    population = np.exp(rng.uniform(np.log(3_500), np.log(60_000), n))
    population[0] = 230_000
    level = rng.uniform(4, 12, n)
    month_effect = 1.5 * np.sin(np.arange(N_MONTHS) * 2 * np.pi / 12) + rng.normal(0, 0.5, N_MONTHS)
    event_time = np.arange(N_MONTHS)[None, :] - np.nan_to_num(cohort, nan=1e9)[:, None]
    trend = pre_trend * np.clip(event_time, -24, 0) * ~np.isnan(cohort)[:, None]
    mean = np.clip(level[:, None] + month_effect[None, :] + effect * (event_time >= 0) + trend, 0.2, None)
    counts = rng.poisson(mean * population[:, None] / 10_000)
    return counts / population[:, None] * 10_000, cohort


def test_simulated_rollout_covers_the_known_effect_and_the_pre_period_is_flat() -> None:
    effect = -1.0  # offences per 10,000 residents per month (about −12 % of a typical rate)
    results = [es.event_study_matrix(*simulated_rollout(seed, effect=effect)) for seed in SEEDS]
    posts = [r.post for r in results]
    pres = [r.pre for r in results]
    assert all(p is not None for p in posts + pres)
    covered = np.mean([p.ci_low <= effect <= p.ci_high for p in posts if p])
    assert covered >= 0.9, covered
    # Every event time's interval covers its truth (effect after, 0 before) about 95 % of the time.
    event_coverage = []
    for r in results:
        rows = r.by_event[r.by_event["event_time"] != es.REFERENCE_EVENT_TIME]
        truth = np.where(rows["event_time"] >= 0, effect, 0.0)
        event_coverage.append(np.mean((rows["ci_low"] <= truth) & (truth <= rows["ci_high"])))
    assert np.mean(event_coverage) >= 0.9, np.mean(event_coverage)
    # Unbiased, and precise enough to be worth showing: the effect is detected in most seeds.
    assert np.mean([p.att for p in posts if p]) == pytest.approx(effect, abs=0.1)
    assert np.mean([p.p < 0.05 for p in posts if p]) >= 0.5
    # The pre-period is flat: its mean estimate is about 0 and the pre-trend test passes.
    assert np.mean([p.att for p in pres if p]) == pytest.approx(0.0, abs=0.1)
    assert np.mean([p.ci_low <= 0 <= p.ci_high for p in pres if p]) >= 0.9
    assert np.mean([r.pre_trend_p >= 0.05 for r in results]) >= 0.9


def test_no_effect_is_rejected_at_the_nominal_rate() -> None:
    results = [es.event_study_matrix(*simulated_rollout(seed, effect=0.0)) for seed in SEEDS]
    false_post = np.mean([r.post.p < 0.05 for r in results if r.post])
    false_pre = np.mean([r.pre_trend_p < 0.05 for r in results])
    assert false_post <= 0.1, false_post
    assert false_pre <= 0.1, false_pre


def test_a_pre_existing_trend_is_caught() -> None:
    """Covered hromadas whose rate was already falling before deployment: not a fair comparison."""
    results = [es.event_study_matrix(*simulated_rollout(seed, effect=0.0, pre_trend=0.3)) for seed in SEEDS]
    assert np.mean([r.pre_trend_p < 0.05 for r in results]) >= 0.8


def test_rates_from_the_query_rows() -> None:
    """The queries' rows: offences per hromada and month (a missing month is 0), every hromada's deployment
    month and population; rates per 10,000; hromadas without population left out and counted."""
    months = pd.date_range("2020-01-01", periods=6, freq="MS")
    series = {"A": [5, 6, 5, 9, 9, 9], "B": [10, 12, 10, 10, 12, 10], "C": [1, 2, 1, 3, 1, 4], "D": [1] * 6}
    counts = pd.DataFrame(
        [(h, m.date(), n) for h, ns in series.items() for m, n in zip(months, ns, strict=True) if n],
        columns=["hromada", "month", "n"],
    )
    counts = pd.concat(
        [
            counts,
            pd.DataFrame(
                [("A", dt.date(2019, 12, 1), 50), ("X", dt.date(2020, 1, 1), 7)], columns=counts.columns
            ),
        ]
    )  # outside the months / unknown: ignored
    deployment = pd.DataFrame(
        [("A", pd.Timestamp("2020-03-01"), 10_000), ("B", pd.NaT, 20_000), ("C", pd.Timestamp("2020-05-01"), 5_000),
         ("D", pd.NaT, None)],
        columns=["hromada", "deployment_month", "population"],
    )  # fmt: skip
    result = es.rate_event_study(
        counts, deployment, first_month=months[0], last_month=dt.date(2020, 6, 30), window=2
    )
    by_event = result.by_event.set_index("event_time")
    # e = 0: A (cohort Mar) against B and C (not yet covered in March): rates per 10,000 = n / population · 10⁴.
    a = (5 - 6) / 10_000 * 10_000
    controls = np.mean([(10 - 12) / 20_000 * 10_000, (1 - 2) / 5_000 * 10_000])
    c = (1 - 3) / 5_000 * 10_000 - (12 - 10) / 20_000 * 10_000  # C in May against B only
    assert by_event.loc[0, "att"] == pytest.approx((a - controls) * 0.5 + c * 0.5)
    assert (result.n_hromadas, result.n_cohorts, result.n_never, result.n_dropped) == (2, 2, 1, 1)
    frame = es.to_frame(result)
    assert list(frame.columns) == es.FRAME_COLUMNS
    assert list(frame["kind"].unique()) == ["event", "post", "pre"]
    assert frame.loc[frame["kind"] == "pre", "pre_trend_p"].notna().all()
    assert frame.loc[frame["kind"] != "pre", "pre_trend_p"].isna().all()
