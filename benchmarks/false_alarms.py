"""False-alarm rates of the change flags with no real change, before and after (issue 10, item 1).

Each simulated hromada has 48 months: 24 of history, then the year before and the year compared; the
window counts (12-month sums) have mean λ. Monthly counts are Poisson (φ = 1) or negative binomial with
variance φ × mean (φ = 2, overdispersed as real crime counts are). Printed per λ and φ, "watch or signal"
/ "signal" (nominal 5 % / 0.3 %):
  old    the first rule, |2(√c − √p)| ≥ 2 watch, ≥ 3 signal;
  plain  the E-test of the two counts (indicators.count_change);
  after  the E-test widened by φ estimated from the 24 months of history (indicators.dispersion_matrix).
Seeded: the same numbers on every run. Usage: python benchmarks/false_alarms.py [draws]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard import indicators as ind

SEED = 20_261_204


def simulate(rng: np.random.Generator, window_mean: float, phi: float, draws: int) -> np.ndarray:
    """(draws × 48) monthly counts with mean window_mean ÷ 12 and variance φ × mean."""
    mean = window_mean / 12
    if phi == 1:
        return rng.poisson(mean, (draws, 48)).astype(float)
    return rng.negative_binomial(mean / (phi - 1), 1 / phi, (draws, 48)).astype(float)


def rates(months: np.ndarray) -> dict[str, tuple[float, float]]:
    history, previous, current = months[:, :24], months[:, 24:36].sum(axis=1), months[:, 36:].sum(axis=1)
    old_size = np.abs(2 * (np.sqrt(current) - np.sqrt(previous)))
    plain = ind.count_change(current, previous)["level"].to_numpy()
    phi, _ = ind.dispersion_matrix(history)
    after = ind.count_change(current, previous, dispersion=phi)["level"].to_numpy()
    return {
        "old": (float((old_size >= 2).mean()), float((old_size >= 3).mean())),
        "plain": (float((plain != "none").mean()), float((plain == "signal").mean())),
        "after": (float((after != "none").mean()), float((after == "signal").mean())),
    }


def main(draws: int = 4000) -> None:
    rng = np.random.default_rng(SEED)
    print(f"false-alarm rates with no real change, {draws} draws each (watch or signal / signal)")
    print(f"{'λ':>5} {'φ':>3} | {'old 2(√c−√p)':>15} | {'E-test plain':>15} | {'E-test ÷ φ':>15}")
    started = time.perf_counter()
    for phi in (1.0, 2.0):
        for mean in (1, 3, 10, 100):
            r = rates(simulate(rng, mean, phi, draws))
            cells = " | ".join(f"{r[k][0]:6.1%} / {r[k][1]:5.2%}" for k in ("old", "plain", "after"))
            print(f"{mean:>5} {phi:>3.0f} | {cells}")
    print(f"({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 4000)
