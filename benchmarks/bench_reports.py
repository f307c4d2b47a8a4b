"""Benchmark: the full-oblast PPTX deck and PDF report (all 49 hromadas) on the demo snapshot.

    .venv/bin/python benchmarks/bench_reports.py [--lang uk] [--role partner] [--keep DIR]

Uses the latest snapshot of DASHBOARD_DATA_DIR (data/ by default); without one it writes a demo snapshot
into a temporary directory first (dashboard.demo.writer, ~1 min). Each file is built the way the CLI and
the export page build it (build_export: data → charts in one chromium run → document) and timed; the
machine's load average is printed too, since chromium's share of two cores decides most of the time.
Target: ≤ 30 s each.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.reports.access import policy_for  # noqa: E402
from dashboard.reports.build import build_export  # noqa: E402
from dashboard.snapshots import latest_snapshot  # noqa: E402

TARGET_SECONDS = 30.0


def demo_snapshot(directory: Path) -> Path:
    from dashboard.demo.build import DEFAULT_SEED
    from dashboard.demo.writer import write_demo_snapshots

    write_demo_snapshots(directory, DEFAULT_SEED, "oblast", 1, False, log=lambda *a: None)
    info = latest_snapshot(directory)
    assert info is not None
    return info.path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="uk", choices=("uk", "en"))
    parser.add_argument("--role", default="partner", choices=("admin", "head", "partner"))
    parser.add_argument("--keep", type=Path, help="write the files into this directory")
    args = parser.parse_args()

    info = latest_snapshot()
    if info is not None:
        path = info.path
    else:
        print("no snapshot in DASHBOARD_DATA_DIR: writing a demo snapshot to a temporary directory …")
        path = demo_snapshot(Path(tempfile.mkdtemp(prefix="bench-reports-")) / "snapshots")
    print(f"snapshot {path}  (load average before: {', '.join(f'{x:.1f}' for x in os.getloadavg())})")
    worst = 0.0
    for fmt in ("pptx", "pdf"):
        cpu_before = time.process_time()
        result = build_export(path, fmt=fmt, lang=args.lang, hromadas=None, policy=policy_for(args.role))
        python_cpu = time.process_time() - cpu_before
        seconds = result.seconds
        worst = max(worst, seconds["total"])
        kind = "slides" if fmt == "pptx" else "pages"
        phases = ", ".join(f"{k} {v:.1f} s" for k, v in seconds.items() if k != "total")
        verdict = (
            "ok" if seconds["total"] <= TARGET_SECONDS else f"SLOWER than the {TARGET_SECONDS:.0f} s target"
        )
        print(
            f"{fmt:4}  {seconds['total']:5.1f} s  ({phases})  {result.pages} {kind}, "
            f"{len(result.hromadas)} hromadas, {len(result.data) / 1e6:.1f} MB, Python CPU {python_cpu:.1f} s"
            f"  — {verdict}"
        )
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            (args.keep / result.filename).write_bytes(result.data)
    print(f"load average after: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0 if worst <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
