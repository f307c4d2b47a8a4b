"""Resident surveys: twice a year (May, November) in each hromada from its first deployment on.

Pilot hromadas also have a baseline in April 2019, before their officers arrived. Samples grow with
the population (about 100 + 45·√(population ÷ 5,000): ~140 in the smallest hromadas, ~400 in the
oblast centre) and never fall below 100. Shares move on the logit scale: trust in police starts near
45 % and rises over the years after deployment, more in some hromadas than others; every wave has an
oblast-wide mood (the spring 2022 rally round the institutions lifts trust and lasts in part) and each
hromada-wave its own noise; knowing one's own officer rises from ~20 % to ~60 %; feeling safe dips
with the full-scale war.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.demo.seeds import Stream, child_rng
from dashboard.demo.territory import Territory
from dashboard.demo.timeline import END_DAY, day, month_index

FIRST_AFTER_DEPLOYMENT_DAYS = 60
BASELINE = ("2019-04-08", "2019-04-26")
WAR = day("2022-02-24")
MIN_RESPONDENTS = 100
SAMPLE_BASE, SAMPLE_PER_ROOT = 100.0, 45.0  # n ≈ base + per_root × √(population / 5,000)
FIELDWORK = (0.92, 1.10)  # the achieved sample against the planned one
WAR_RALLY = 0.35  # logit points added to trust from spring 2022, decaying to a third
HROMADA_SIGMA, WAVE_SIGMA, CELL_SIGMA = 0.20, 0.10, 0.08  # logit-scale variation
OBLAST_STREAM = 10_000  # the stream index of oblast-wide draws (hromadas use their reference row)
FIRST_HALF_YEAR = (2019 - 1970) * 2


def _logit(p: float) -> float:
    return float(np.log(p / (1 - p)))


def _expit(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def planned_respondents(population: int) -> float:
    return SAMPLE_BASE + SAMPLE_PER_ROOT * np.sqrt(population / 5_000)


def wave_mood(seed: int, replica: int, dates: np.ndarray) -> np.ndarray:
    """The oblast-wide mood of each half-year's wave (the same for every hromada surveyed in it)."""
    rng = child_rng(seed, Stream.SURVEYS, replica, OBLAST_STREAM)
    half_years = month_index(dates) // 6 - FIRST_HALF_YEAR
    return rng.normal(0.0, WAVE_SIGMA, 2 * 10)[half_years]  # 2019–2028


def build_surveys(territory: Territory, seed: int, first_deployed: np.ndarray) -> pd.DataFrame:
    rounds = np.array([day(f"{y}-{m:02d}-10") for y in range(2019, 2027) for m in (5, 11)])
    frames = []
    for row in np.flatnonzero(first_deployed <= END_DAY):
        rng = child_rng(seed, Stream.SURVEYS, int(territory.replica[row]), int(territory.geo_index[row]))
        deployed = int(first_deployed[row])
        dates = rounds + rng.integers(0, 16, len(rounds))
        dates = dates[(dates >= deployed + FIRST_AFTER_DEPLOYMENT_DAYS) & (dates <= END_DAY)]
        if territory.column("is_pilot")[row]:
            dates = np.concatenate([[day(BASELINE[0]) + int(rng.integers(0, 19))], dates])
        n = len(dates)
        planned = planned_respondents(int(territory.column("population_2022")[row]))
        respondents = np.maximum(np.rint(planned * rng.uniform(*FIELDWORK, n)), MIN_RESPONDENTS)
        years = np.maximum(dates - deployed, 0) / 365.25
        since_war = np.maximum(dates - WAR, 0) / 365.25
        war = (dates >= WAR) * WAR_RALLY * (1 / 3 + 2 / 3 * np.exp(-since_war / 1.5))
        hromada = rng.normal(0.0, HROMADA_SIGMA)  # some communities trust more than others throughout
        gain = rng.uniform(0.3, 0.9)  # logit points trust gains with an officer, varying by hromada
        mood = wave_mood(seed, int(territory.replica[row]), dates)
        trust = _logit(0.45) + hromada + gain * (1 - np.exp(-years / 2.0)) + war + mood
        knows = _logit(0.20) + rng.uniform(1.2, 2.2) * (1 - np.exp(-years / 1.5))
        safe = (
            _logit(0.58) + hromada / 2 + 0.35 * (1 - np.exp(-years / 2.5)) - 0.45 * (dates >= WAR) + mood / 2
        )
        trust, knows, safe = (_expit(x + rng.normal(0.0, CELL_SIGMA, n)) for x in (trust, knows, safe))
        respondents = respondents.astype(np.int64)
        frames.append(
            pd.DataFrame(
                {
                    "row": row,
                    "survey_date": dates.astype(np.int64),
                    "respondents": respondents,
                    "trust_yes": rng.binomial(respondents, np.clip(trust, 0.02, 0.98)),
                    "feel_safe_yes": rng.binomial(respondents, np.clip(safe, 0.02, 0.98)),
                    "knows_officer_yes": rng.binomial(respondents, np.clip(knows, 0.02, 0.98)),
                }
            )
        )
    surveys = pd.concat(frames, ignore_index=True)
    surveys["hromada"] = territory.column("katottg")[surveys["row"].to_numpy()]
    return surveys.sort_values(["survey_date", "row"], kind="stable").reset_index(drop=True)
