"""Times of day for incidents: a 24-hour profile per kind, sampled by inverse CDF, vectorized."""

from __future__ import annotations

import numpy as np

from dashboard.demo.timeline import US_PER_DAY


def hour_profile(peak: float, spread: float, floor: float) -> np.ndarray:
    """A 24-bin probability profile: a bump round `peak` (hours, circular) on a constant `floor`."""
    hours = np.arange(24) + 0.5
    distance = np.minimum(np.abs(hours - peak), 24 - np.abs(hours - peak))
    weights = np.exp(-(distance**2) / (2 * spread**2)) + floor
    return weights / weights.sum()


def timestamps(
    rng: np.random.Generator, days: np.ndarray, profiles: np.ndarray, kind: np.ndarray
) -> np.ndarray:
    """Microsecond timestamps on `days`, the hour drawn from `profiles[kind]` (rows of 24 probabilities)."""
    cdf = np.cumsum(profiles, axis=1)
    hour = (rng.random(len(days))[:, None] > cdf[kind]).sum(axis=1).clip(0, 23)
    seconds = hour * 3600 + rng.integers(0, 3600, len(days))
    return days.astype(np.int64) * US_PER_DAY + seconds * 1_000_000


def days_in_months(rng: np.random.Generator, months: np.ndarray) -> np.ndarray:
    """A uniformly drawn day (day number) within each given month (months since January 1970)."""
    first = months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    length = (months + 1).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64) - first
    return first + (rng.random(len(months)) * length).astype(np.int64)
