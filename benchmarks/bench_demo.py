"""Benchmark: how long the demo takes to generate and write, and the figures that make it believable.

    .venv/bin/python benchmarks/bench_demo.py [--scale oblast|national] [--seed 2019]

Times the history's generation in this process and `python -m dashboard demo` (three month-end
snapshots) in a child process on an empty temporary DASHBOARD_DATA_DIR, then prints the realism
figures of the latest snapshot (dashboard/demo/realism.py; tests/test_demo_realism.py holds them to
their ranges) and the call-level correlation of response time with distance. The wall time depends on
the machine's load: the load average is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.demo import generate, realism  # noqa: E402
from dashboard.snapshots import connect_readonly  # noqa: E402

LATEST = dt.date(2026, 10, 31)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("oblast", "national"), default="oblast")
    parser.add_argument("--seed", type=int, default=2019)
    args = parser.parse_args()
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    started = time.perf_counter()
    data = generate(args.seed, args.scale)
    print(f"history generated in {time.perf_counter() - started:.1f} s")
    calls = data.tables["calls"].select(["received_at", "arrived_at", "_straight_km"]).to_pandas()
    print(f"{'call_distance_spearman':32s} {realism.call_distance_spearman(calls):10.3f}")
    del data, calls

    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DASHBOARD_DATA_DIR": tmp, "PYTHONPATH": str(ROOT)}
        command = [sys.executable, "-m", "dashboard", "demo", "--scale", args.scale, "--seed", str(args.seed)]
        started = time.perf_counter()
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
        print(
            f"python -m dashboard demo --scale {args.scale}: {time.perf_counter() - started:.1f} s (3 snapshots)"
        )
        with connect_readonly(Path(tmp) / "snapshots" / f"{LATEST.isoformat()}.duckdb") as con:
            if args.scale == "oblast":  # the figures read the 49 real hromadas
                for name, value in realism.realism_figures(con, LATEST).items():
                    print(f"{name:32s} {value:10.3f}")


if __name__ == "__main__":
    main()
