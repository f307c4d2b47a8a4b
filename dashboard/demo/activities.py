"""Officer activities (the tablets' electronic records): one row per patrol, meeting, visit, report...

Each officer on duty has a daily Poisson count per activity type, from a weekly rate shaped by the
weekday (little paperwork at weekends), the season (no school visits in July and August), the
officer's own pace, a ramp-up over the first three months and the big disruptions (COVID-19 lockdown
in spring 2020, the first months of the full-scale war). Reports to the community council are
scheduled per half-year instead, since they follow council sessions: most officers give two a year,
some miss one. ~85 % of records carry GPS coordinates, ~90 % of those inside the hromada.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dashboard.demo import points
from dashboard.demo.rollout import Rollout
from dashboard.demo.seeds import Stream, child_rng
from dashboard.demo.territory import Territory
from dashboard.demo.timeline import END_DAY, US_PER_DAY, calendar_month, day, season, weekday
from dashboard.schema import ACTIVITY_TYPES


@dataclass(frozen=True)
class ActivitySpec:
    weekly_rate: float  # per officer on duty (0: scheduled separately)
    weekend: float  # a weekend day's rate relative to a weekday's
    season: tuple[float, int]  # (amplitude, peak month) of the yearly cycle
    start_hour: tuple[float, float, float, float]  # mean, sd, earliest, latest
    round_min: int  # planned events start on the quarter/half hour; 0 = recorded to the second
    duration_min: tuple[int, int]
    participants: tuple[int, int] | None


SPECS = {
    "patrol": ActivitySpec(5.0, 0.8, (0.12, 7), (14.0, 4.0, 7, 22), 0, (120, 240), None),
    "resident_meeting": ActivitySpec(0.5, 0.9, (0.25, 6), (16.0, 2.0, 9, 19), 15, (60, 150), (10, 80)),
    "reception_hours": ActivitySpec(1.5, 0.0, (0.0, 1), (11.0, 2.5, 8, 15), 30, (120, 180), (1, 12)),
    "school_visit": ActivitySpec(0.55, 0.0, (0.0, 1), (10.5, 1.5, 8, 14), 15, (45, 90), (20, 200)),
    "preventive_talk": ActivitySpec(3.0, 0.5, (0.10, 6), (13.0, 3.0, 8, 20), 0, (15, 60), (1, 6)),
    "home_visit": ActivitySpec(3.0, 0.5, (0.10, 1), (13.0, 3.0, 8, 20), 0, (20, 60), (1, 4)),
    "call_response": ActivitySpec(3.0, 1.0, (0.15, 7), (15.0, 5.0, 0, 23.9), 0, (20, 90), None),
    "council_report": ActivitySpec(0.0, 0.0, (0.0, 1), (10.0, 1.0, 9, 15), 30, (30, 90), (12, 34)),
    "joint_event": ActivitySpec(0.3, 0.7, (0.30, 6), (11.0, 2.0, 8, 18), 30, (120, 300), (10, 120)),
    "admin_protocol": ActivitySpec(1.0, 0.4, (0.10, 7), (13.0, 3.0, 8, 21), 0, (20, 60), None),
}
TYPES = ACTIVITY_TYPES
COUNCIL = TYPES.index("council_report")
SCHOOL = TYPES.index("school_visit")
# (first day, last day, {type: factor}): periods when the work changed for everyone.
DISRUPTIONS = (
    ("2020-03-12", "2020-05-22", {"school_visit": 0.0, "resident_meeting": 0.15, "reception_hours": 0.4,
                                  "joint_event": 0.1, "preventive_talk": 0.6, "home_visit": 0.7}),
    ("2020-05-23", "2021-06-30", {"resident_meeting": 0.6, "joint_event": 0.5, "school_visit": 0.6}),
    ("2022-02-24", "2022-06-30", {"patrol": 1.5, "school_visit": 0.2, "resident_meeting": 0.6,
                                  "joint_event": 0.4, "reception_hours": 0.7}),
)  # fmt: skip
COUNCIL_DILIGENCE = ((0.97, 0.75, 0.45), (0.60, 0.28, 0.12))  # P(report in a half-year), share of officers
RAMP_UP_DAYS = 90
GPS_SHARE = (17.0, 3.0)  # Beta parameters per officer: mean 0.85
INSIDE_SHARE = (27.0, 3.0)  # mean 0.90

_T = len(TYPES)
_WEEKLY = np.array([SPECS[t].weekly_rate for t in TYPES])
_WEEKEND = np.array([SPECS[t].weekend for t in TYPES])
# Per weekday (rows Mon..Sun) and type: factors that keep the weekly total at the weekly rate.
_WEEKDAY_FACTOR = np.where(np.arange(7)[:, None] >= 5, _WEEKEND, 1.0) * 7 / (5 + 2 * _WEEKEND)
_SEASON = np.stack([season(np.arange(1, 13), *SPECS[t].season) for t in TYPES], axis=1)  # (12, T)
_SEASON[[6, 7], SCHOOL] = 0.0  # summer holidays
_SEASON[8, SCHOOL] = 1.4  # September: the «Безпечна школа» talks at the start of the year
_START = np.array([SPECS[t].start_hour for t in TYPES]) * 60  # minutes
_ROUND = np.array([SPECS[t].round_min for t in TYPES])
_DURATION = np.array([SPECS[t].duration_min for t in TYPES])
_PARTICIPANTS = np.array([SPECS[t].participants or (-1, -1) for t in TYPES])
_DISRUPTIONS = [
    (day(a), day(b), np.array([factors.get(t, 1.0) for t in TYPES])) for a, b, factors in DISRUPTIONS
]


def _duty_days(deployed: np.ndarray, left: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(officer position, day) for every day each officer was on duty (deployed ≤ day < left)."""
    last = np.minimum(left, END_DAY + 1)
    lengths = np.maximum(last - deployed, 0)
    owner = np.repeat(np.arange(len(deployed)), lengths)
    offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return owner, deployed[owner] + offsets


def _daily_counts(rng, owner, days, deployed, pace) -> tuple[np.ndarray, np.ndarray]:
    """Poisson counts per (duty day, type), expanded to one (duty-day index, type) pair per activity."""
    lam = (_WEEKLY / 7) * _WEEKDAY_FACTOR[weekday(days)] * _SEASON[calendar_month(days) - 1]
    lam *= (pace[owner] * np.minimum(1.0, 0.6 + 0.4 * (days - deployed[owner]) / RAMP_UP_DAYS))[:, None]
    for first, last, factors in _DISRUPTIONS:
        inside = (days >= first) & (days <= last)
        lam[inside] *= factors
    counts = rng.poisson(lam).ravel()
    cells = np.repeat(np.flatnonzero(counts), counts[counts > 0])
    return cells // _T, cells % _T


def _council_reports(rng, deployed, left) -> tuple[np.ndarray, np.ndarray]:
    """(officer position, day) of council reports: at most one per half-year served ≥ 90 days."""
    diligence = rng.choice(COUNCIL_DILIGENCE[0], size=len(deployed), p=COUNCIL_DILIGENCE[1])
    starts = np.array([day(f"{y}-{m:02d}-01") for y in range(2019, 2027) for m in (1, 7)])
    ends = np.append(starts[1:], day("2027-01-01"))
    first = np.maximum(deployed[:, None], starts[None, :])
    last = np.minimum(np.minimum(left, END_DAY + 1)[:, None], ends[None, :])
    held = ((last - first) >= 90) & (rng.random(first.shape) < diligence[:, None])
    officer, half = np.nonzero(held)
    lo, hi = first[officer, half] + 3, last[officer, half] - 3
    when = lo + (rng.random(len(lo)) * (hi - lo)).astype(np.int64)
    when -= np.maximum(weekday(when) - 4, 0)  # councils sit on weekdays: a weekend date moves to Friday
    return officer, when


def hromada_activities(
    territory: Territory, rollout: Rollout, seed: int, row: int, officer_rows: np.ndarray
) -> dict[str, np.ndarray]:
    """All activities of one hromada's officers (`officer_rows`: their positions in rollout.officers)."""
    rng = child_rng(seed, Stream.ACTIVITIES, int(territory.replica[row]), int(territory.geo_index[row]))
    deployed = rollout.officers["deployed_on"].to_numpy()[officer_rows]
    left = rollout.officers["left_on"].to_numpy()[officer_rows]
    k = len(officer_rows)
    pace = rng.lognormal(0.0, 0.2, k)
    gps_share, inside_share = rng.beta(*GPS_SHARE, k), rng.beta(*INSIDE_SHARE, k)

    owner, days = _duty_days(deployed, left)
    cell_day, kind = _daily_counts(rng, owner, days, deployed, pace)
    who, when = owner[cell_day], days[cell_day]
    council_who, council_when = _council_reports(rng, deployed, left)
    who = np.concatenate([who, council_who])
    when = np.concatenate([when, council_when])
    kind = np.concatenate([kind, np.full(len(council_who), COUNCIL)])
    n = len(kind)

    minute = np.clip(rng.normal(_START[kind, 0], _START[kind, 1]), _START[kind, 2], _START[kind, 3])
    step = np.maximum(_ROUND[kind], 1)
    minute = (minute // step * step).astype(np.int64)
    second = np.where(_ROUND[kind] == 0, rng.integers(0, 60, n), 0)
    started = (when * 86_400 + minute * 60 + second) * (US_PER_DAY // 86_400)
    duration = rng.integers(_DURATION[kind, 0], _DURATION[kind, 1] + 1)
    # Most gatherings are small, a few big: a skewed share of the type's range.
    low, high = _PARTICIPANTS[kind, 0], _PARTICIPANTS[kind, 1]
    participants = np.where(low >= 0, low + np.rint((high - low) * rng.beta(1.6, 3.0, n)), -1)

    located = rng.random(n) < gps_share[who]
    inside = rng.random(n) < inside_share[who]
    pool = points.point_pools()[int(territory.geo_index[row])]
    pick_in = rng.integers(0, len(pool.lon_in), n)
    pick_out = rng.integers(0, len(pool.lon_out), n)
    lat = np.where(inside, pool.lat_in[pick_in], pool.lat_out[pick_out])
    lon = np.where(inside, pool.lon_in[pick_in], pool.lon_out[pick_out])
    return {
        "officer": officer_rows[who].astype(np.int32),
        "row": np.full(n, row, dtype=np.int32),
        "started_at": started,
        "duration_min": duration.astype(np.int32),
        "activity_type": kind.astype(np.int8),
        "participants": participants.astype(np.int32),
        "lat": np.where(located, lat, np.nan),
        "lon": np.where(located, lon, np.nan),
        "inside_hromada": np.where(located, inside.astype(np.int8), -1).astype(np.int8),
    }


def build_activities(territory: Territory, rollout: Rollout, seed: int) -> list[dict[str, np.ndarray]]:
    """Per-hromada column dicts (concatenated and time-ordered by the caller)."""
    officer_row = rollout.officers["row"].to_numpy()
    deployed = rollout.officers["deployed_on"].to_numpy()
    on_duty_ever = deployed <= END_DAY
    parts = []
    for row in np.unique(officer_row[on_duty_ever]):
        officer_rows = np.flatnonzero((officer_row == row) & on_duty_ever)
        parts.append(hromada_activities(territory, rollout, seed, int(row), officer_rows))
    return parts
