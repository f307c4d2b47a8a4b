"""Print the WDD of every complete deployment wave of a snapshot, with raw controls (k = 1, the old method)
and with controls scaled by population (k = population_T ÷ population_C, the method the dashboard uses).

    python benchmarks/wdd_waves.py DATA_DIR/snapshots/2026-10-31.duckdb [--category theft]

All categories by default. Uses the same queries and functions as the crime page (queries.crime,
views.crime, indicators.wdd_vs_controls); the k = 1 column recomputes the WDD from the same counts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard import indicators as ind
from dashboard.queries import crime as q
from dashboard.snapshots import connect_readonly
from dashboard.views import crime as view


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("snapshot", type=Path)
    parser.add_argument("--category", default=None)
    args = parser.parse_args()
    reporting_date = dt.date.fromisoformat(args.snapshot.stem)
    with connect_readonly(args.snapshot) as con:
        window = view.data_window(q.crime_data_range(con, reporting_date=reporting_date))
        deployment = q.crime_deployment(con, raion=None, hromada=None)
        waves = view.deployment_waves(deployment, window)
        by_hromada = deployment.set_index("hromada")
        print(f"{'wave':>6} {'treated':>7} {'controls':>8} {'k':>6} | {'WDD k=1':>9} {'SE':>7} {'z':>6} | "
              f"{'WDD scaled':>10} {'SE':>7} {'z':>6}")  # fmt: skip
        for year, wave in waves.items():
            if not wave.complete:
                continue
            counts = q.crime_wave_counts(
                con, month_from=wave.pre[0].date(), month_to=wave.post[1].date(), category=args.category
            )
            scaled = ind.wdd_vs_controls(
                counts, by_hromada["deployment_month"], population=by_hromada["population"],
                pre=wave.pre, post=wave.post, wave=wave.wave, **window,
            )  # fmt: skip
            r = scaled.result
            raw = ind.wdd(r.t_pre, r.t_post, r.c_pre, r.c_post, k=1.0)
            print(f"{year:>6} {len(scaled.treated):>7} {len(scaled.controls):>8} {r.k:>6.3f} | "
                  f"{raw.wdd:>9.0f} {raw.se:>7.1f} {raw.z:>6.2f} | {r.wdd:>10.1f} {r.se:>7.1f} {r.z:>6.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
