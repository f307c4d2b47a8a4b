"""Run every benchmark script in turn (`make bench`); each prints its own figures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = (
    "bench_queries.py",
    "bench_pages.py",
    "bench_event_study.py",
    "bench_ingest.py",
    "bench_reports.py",
    "bench_demo.py",
)

if __name__ == "__main__":
    failed = []
    for script in SCRIPTS:
        if not (HERE / script).exists():
            continue
        print(f"\n===== {script}", flush=True)
        if subprocess.run([sys.executable, str(HERE / script)], check=False).returncode != 0:
            failed.append(script)
    sys.exit(f"failed: {', '.join(failed)}" if failed else 0)
