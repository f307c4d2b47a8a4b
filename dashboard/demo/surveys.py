"""Resident surveys: twice a year (May, November) in each hromada from its first deployment on.

Pilot hromadas also have a baseline in April 2019, before their officers arrived. Trust in police rises
from ~45 % towards ~65 % over the years after deployment, knowing one's own officer from ~20 % to ~60 %;
feeling safe dips with the full-scale war. Small hromadas sometimes reach fewer than 100 respondents,
which the dashboard must flag as unreliable.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.demo.seeds import Stream, child_rng
from dashboard.demo.territory import Territory
from dashboard.demo.timeline import END_DAY, day

FIRST_AFTER_DEPLOYMENT_DAYS = 60
BASELINE = ("2019-04-08", "2019-04-26")
WAR = day("2022-02-24")


def _share(rng, base: float, gain: float, years: np.ndarray, pace: float) -> np.ndarray:
    return base + gain * (1 - np.exp(-years / pace)) + rng.normal(0, 0.02, len(years))


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
        population = int(territory.column("population_2022")[row])
        n = len(dates)
        if population < 6_000:  # small hromadas: fieldwork sometimes falls short of 100
            respondents = rng.integers(60, 141, n)
        else:
            most = int(np.clip(120 + population * 0.008, 160, 400))  # bigger places, bigger samples
            respondents = rng.integers(100, most + 1, n)
        years = np.maximum(dates - deployed, 0) / 365.25
        offset = rng.normal(0, 0.04)  # some communities trust more than others throughout
        trust = _share(rng, 0.45 + offset, 0.20, years, 2.0)
        knows = _share(rng, 0.20, 0.40, years, 1.5)
        safe = _share(rng, 0.58 + offset / 2, 0.08, years, 2.5) - 0.10 * (dates >= WAR)
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
