"""The rollout: which hromada gets officers when, and each officer's career (selection → left).

The 20 pilot ОТГ select officers in spring 2019, train May–August and are deployed August–October 2019;
the other 29 hromadas follow in waves (2020 to 2026, slower in 2022 because of the full-scale war), two
never get an officer and one is still in training at the latest date. Officers leave at ~6.5 % a year
and are replaced a few months later. A small scripted scenario per replica makes the last months
differ: one hromada vacant since spring 2026, one officer leaving in September/October 2026, one
vacancy filled in September/October 2026, and the 2026 wave deployed in September/October.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.demo import names
from dashboard.demo.seeds import Stream, child_rng
from dashboard.demo.territory import Territory
from dashboard.demo.timeline import END_DAY, NEVER, day, uniform_day

RESIDENTS_PER_OFFICER = {"urban": 7_000, "other": 6_000}  # Наказ МВС №650: one district ≤ 6k / 7k
CITY_STAFFING = (0.70, 0.90)  # cities get fewer officers than the norm asks for
MAX_COHORT = 6  # officers trained together; bigger hromadas are staffed over several cohorts
ANNUAL_TURNOVER = 0.065
MIN_TENURE_DAYS = 60
SCENARIO_FREEZE = day("2025-01-01")  # scripted hromadas: no random departure after this


@dataclass(frozen=True)
class Wave:
    """When a group of hromadas selects, trains and deploys its first officers."""

    label: str
    size: int
    select: tuple[str, str]
    training_window: tuple[str, str] | None = None  # fixed course dates, else `training_after`
    training_after: tuple[int, int] = (14, 45)  # days from selection to the course
    training_days: tuple[int, int] = (60, 92)
    deploy_window: tuple[str, str] | None = None  # fixed, else `deploy_after` days after the course
    deploy_after: tuple[int, int] = (5, 30)


PILOT_WAVE = Wave(
    "2019", 20, ("2019-02-01", "2019-04-15"), ("2019-05-13", "2019-05-31"), training_days=(80, 92),
    deploy_after=(3, 40),
)  # fmt: skip
LATER_WAVES = (
    Wave("2020", 6, ("2020-05-01", "2020-07-31")),
    Wave("2021", 7, ("2021-01-15", "2021-08-31")),
    # Selected just before 24.02.2022; the course was postponed by months.
    Wave("2022", 3, ("2021-11-15", "2022-02-15"), training_after=(90, 240)),
    Wave("2023", 4, ("2023-01-15", "2023-07-31")),
    Wave("2024", 3, ("2024-01-15", "2024-07-31")),
    Wave("2025", 2, ("2025-01-15", "2025-06-30")),
    # Deployed between the 2026-08-31 and 2026-10-31 reporting dates.
    Wave("2026", 1, ("2026-04-01", "2026-04-20"), training_window=("2026-05-18", "2026-05-29"),
         training_days=(80, 90), deploy_window=("2026-09-07", "2026-10-16")),
    # Still in training at the latest reporting date.
    Wave("training", 1, ("2026-07-06", "2026-07-31"), training_window=("2026-09-01", "2026-09-14")),
)  # fmt: skip
NO_OFFICER = "none"  # the non-pilot hromadas left over after the waves


@dataclass(frozen=True)
class Rollout:
    officers: pd.DataFrame  # one row per officer, ordered by officer_id; dates as day numbers or NEVER
    wave: np.ndarray  # per territory row: the label of its first wave, or NO_OFFICER
    staffed: np.ndarray  # per territory row: how many officer posts are filled (0 = none)
    first_deployed: np.ndarray  # per territory row: day of the first deployment, or NEVER
    first_selected: np.ndarray


def _course(rng: np.random.Generator, wave: Wave, selected: int) -> tuple[int, int, int]:
    """(training_from, training_to, deployed_on) of a group selected on `selected`."""
    if wave.training_window:
        training_from = int(uniform_day(rng, *wave.training_window))
    else:
        training_from = selected + int(rng.integers(wave.training_after[0], wave.training_after[1] + 1))
    training_to = training_from + int(rng.integers(wave.training_days[0], wave.training_days[1] + 1))
    if wave.deploy_window:
        deployed = max(int(uniform_day(rng, *wave.deploy_window)), training_to + 1)
    else:
        deployed = training_to + int(rng.integers(wave.deploy_after[0], wave.deploy_after[1] + 1))
    return training_from, training_to, deployed


def _replacement(rng: np.random.Generator, left: int) -> tuple[int, int, int, int]:
    """A successor's (selected, training_from, training_to, deployed): ~3–7 months after a departure."""
    selected = left + int(rng.integers(20, 76))
    training_from = selected + int(rng.integers(14, 41))
    training_to = training_from + int(rng.integers(60, 93))
    return selected, training_from, training_to, training_to + int(rng.integers(5, 31))


def _career(rng: np.random.Generator, first: tuple[int, int, int, int], freeze: int) -> list[list[int]]:
    """The chain of officers holding one post: [selected, training_from, training_to, deployed, left]."""
    chain = [[*first, int(NEVER)]]
    while True:
        deployed = chain[-1][3]
        left = deployed + MIN_TENURE_DAYS + int(rng.exponential(365.25 / ANNUAL_TURNOVER))
        if left > min(END_DAY, freeze):
            return chain
        chain[-1][4] = left
        successor = _replacement(rng, left)
        if successor[0] > END_DAY:
            return chain
        chain.append([*successor, int(NEVER)])


def _posts(population: int, urban: bool, rng: np.random.Generator) -> int:
    norm = RESIDENTS_PER_OFFICER["urban" if urban else "other"]
    target = max(1, int(np.floor(population / norm + 0.5)))
    if urban:
        return max(1, int(np.floor(target * rng.uniform(*CITY_STAFFING) + 0.5)))
    return target


def _assign_waves(territory: Territory, seed: int) -> np.ndarray:
    """Wave label per territory row: pilots first, the rest in a seeded order (cities tend to be late)."""
    labels = np.full(territory.size, NO_OFFICER, dtype=object)
    pilot = territory.column("is_pilot").astype(bool)
    labels[pilot] = PILOT_WAVE.label
    for replica in range(territory.n_replicas):
        rng = child_rng(seed, Stream.PLAN, replica)
        rows = np.flatnonzero((territory.replica == replica) & ~pilot)
        order = rows[np.argsort(rng.random(len(rows)) + 0.35 * territory.is_urban[rows], kind="stable")]
        sizes = np.cumsum([w.size for w in LATER_WAVES])
        for wave, stop, start in zip(LATER_WAVES, sizes, [0, *sizes[:-1]], strict=True):
            labels[order[start:stop]] = wave.label
    return labels


def _scenario(territory: Territory, seed: int, labels: np.ndarray, staffed: np.ndarray) -> dict[int, str]:
    """Per replica, three single-officer hromadas of the early waves that get a scripted 2026."""
    scripted: dict[int, str] = {}
    early = np.isin(labels, [PILOT_WAVE.label, "2020", "2021"]) & (staffed == 1)
    for replica in range(territory.n_replicas):
        rng = child_rng(seed, Stream.PLAN, replica, 1)
        rows = np.flatnonzero(early & (territory.replica == replica))
        for row, role in zip(
            rng.choice(rows, 3, replace=False), ("vacant", "leaves", "refilled"), strict=True
        ):
            scripted[int(row)] = role
    return scripted


def _apply_scenario(rng: np.random.Generator, chain: list[list[int]], role: str) -> None:
    last = chain[-1]
    if role == "vacant":  # left in spring 2026, nobody selected yet
        last[4] = int(uniform_day(rng, "2026-03-10", "2026-05-20"))
    elif role == "leaves":  # leaves between the 2026-08-31 and 2026-10-31 reporting dates
        last[4] = int(uniform_day(rng, "2026-09-07", "2026-10-20"))
    else:  # "refilled": vacant since early 2026, the successor deployed in September/October
        last[4] = int(uniform_day(rng, "2026-01-12", "2026-02-27"))
        selected = int(uniform_day(rng, "2026-03-16", "2026-04-10"))
        training_from = int(uniform_day(rng, "2026-04-20", "2026-05-08"))
        training_to = training_from + int(rng.integers(85, 101))
        chain.append([selected, training_from, training_to, int(uniform_day(rng, "2026-09-07", "2026-10-16")),
                      int(NEVER)])  # fmt: skip


def build_rollout(territory: Territory, seed: int) -> Rollout:
    waves = {w.label: w for w in (PILOT_WAVE, *LATER_WAVES)}
    labels = _assign_waves(territory, seed)
    population = territory.column("population_2022")
    rngs = [
        child_rng(seed, Stream.OFFICERS, r, g)
        for r, g in zip(territory.replica, territory.geo_index, strict=True)
    ]
    staffed = np.array(
        [0 if labels[i] == NO_OFFICER else _posts(int(population[i]), bool(territory.is_urban[i]), rngs[i])
         for i in range(territory.size)]
    )  # fmt: skip
    scripted = _scenario(territory, seed, labels, staffed)
    rows: list[list] = []
    for i in np.flatnonzero(staffed):
        rng, wave = rngs[i], waves[labels[i]]
        freeze = SCENARIO_FREEZE if i in scripted else END_DAY
        cohort_selected = int(uniform_day(rng, *wave.select))
        cohort_wave = wave
        hromada_rows: list[list] = []
        for first_post in range(0, int(staffed[i]), MAX_COHORT):
            if first_post:  # later cohorts of a big hromada: 5–13 months apart, ordinary courses
                cohort_selected += int(rng.integers(150, 400))
                cohort_wave = LATER_WAVES[0]
            training_from, training_to, deployed = _course(rng, cohort_wave, cohort_selected)
            for post in range(first_post, min(first_post + MAX_COHORT, int(staffed[i]))):
                jitter = int(rng.integers(0, 15)), int(rng.integers(0, 8))
                first = (cohort_selected + jitter[0], training_from, training_to, deployed + jitter[1])
                chain = _career(rng, first, freeze)
                if i in scripted:
                    _apply_scenario(rng, chain, scripted[int(i)])
                hromada_rows += [[i, post, *dates] for dates in chain]
        n = len(hromada_rows)
        for row, full_name, rank, phone in zip(
            hromada_rows, names.full_names(rng, n), names.ranks(rng, n), names.phones(rng, n), strict=True
        ):
            rows.append([*row, full_name, rank, phone])
    return _finish(territory, rows, labels, staffed)


def _finish(territory: Territory, rows: list[list], labels: np.ndarray, staffed: np.ndarray) -> Rollout:
    columns = ["row", "post", "selected_on", "training_from", "training_to", "deployed_on", "left_on",
               "full_name", "rank", "phone"]  # fmt: skip
    officers = pd.DataFrame(rows, columns=columns)
    officers = officers[officers["selected_on"] <= END_DAY]
    for column in ("training_from", "training_to", "deployed_on", "left_on"):
        # What lies after the end of the history has not happened yet.
        officers[column] = officers[column].where(officers[column] <= END_DAY, int(NEVER)).astype(np.int64)
    officers = officers.sort_values(["selected_on", "row", "post"], kind="stable").reset_index(drop=True)
    width = max(4, len(str(len(officers))))
    officers.insert(0, "officer_id", [f"POG-{k:0{width}d}" for k in range(1, len(officers) + 1)])
    officers["hromada"] = territory.column("katottg")[officers["row"].to_numpy()]
    first_deployed = np.full(territory.size, NEVER, dtype=np.int64)
    np.minimum.at(first_deployed, officers["row"].to_numpy(), officers["deployed_on"].to_numpy())
    first_selected = np.full(territory.size, NEVER, dtype=np.int64)
    np.minimum.at(first_selected, officers["row"].to_numpy(), officers["selected_on"].to_numpy())
    return Rollout(officers, labels, staffed, first_deployed, first_selected)
