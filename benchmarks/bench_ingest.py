"""Benchmark: ingest 1,000,000 activity rows (plus the officers they reference) from CSV or XLSX.

    .venv/bin/python benchmarks/bench_ingest.py [--rows 1000000] [--keep]
    .venv/bin/python benchmarks/bench_ingest.py --case xlsx       # the same rows as one XLSX workbook
    .venv/bin/python benchmarks/bench_ingest.py --case bomb       # a 391 KB XLSX with a 400 MB shared string
    .venv/bin/python benchmarks/bench_ingest.py --case bad-rows   # --check of 300 000 bad rows (CSV)

Generates the files in a temporary directory (in a separate process), runs `python -m dashboard ingest
--base none` on them in a child process (DASHBOARD_DATA_DIR pointing at the temporary directory), and
prints the wall time and the child's own peak resident memory (VmHWM, read by the child as it ends).
Targets: ≤ 60 s and ≤ 1 GB. The wall time depends on the machine's load: the load average is printed.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard import reference  # noqa: E402
from dashboard.schema import ACTIVITY_TYPES  # noqa: E402
from tests.xlsx_files import write_shared_string_bomb, write_xlsx  # noqa: E402

TARGET_SECONDS = 60
TARGET_BYTES = 1 << 30
REPORTING_DATE = "2026-10-31"


def write_inputs(directory: Path, rows: int, seed: int = 1) -> tuple[Path, Path]:
    """officers.csv (one officer per 7,000 activities) and activities.csv with `rows` rows."""
    rng = np.random.default_rng(seed)
    hromadas = reference.hromadas()
    n_officers = max(1, rows // 7000)
    home = rng.integers(0, len(hromadas), n_officers)
    officer_ids = np.array([f"B-{i:05d}" for i in range(n_officers)])
    officers = pd.DataFrame(
        {
            "officer_id": officer_ids,
            "full_name": [f"Офіцер {i}" for i in range(n_officers)],
            "hromada": hromadas["katottg"].to_numpy()[home],
            "rank": "лейтенант поліції",
            "selected_on": "2019-02-01",
            "deployed_on": "2019-09-01",
        }
    )
    officers_path = directory / "officers.csv"
    officers.to_csv(officers_path, index=False)

    owner = rng.integers(0, n_officers, rows)
    centre_lat = hromadas["center_lat"].to_numpy()[home[owner]]
    centre_lon = hromadas["center_lon"].to_numpy()[home[owner]]
    located = rng.random(rows) < 0.85
    start = np.datetime64("2024-01-01T00:00") + rng.integers(0, 1_000 * 24 * 60, rows).astype(
        "timedelta64[m]"
    )
    activities = pd.DataFrame(
        {
            "activity_id": np.char.add("A", np.arange(rows).astype(str)),
            "officer_id": officer_ids[owner],
            "hromada": hromadas["katottg"].to_numpy()[home[owner]],
            "started_at": pd.Series(start).dt.strftime("%Y-%m-%d %H:%M"),
            "duration_min": rng.integers(10, 240, rows),
            "activity_type": np.array(ACTIVITY_TYPES)[rng.integers(0, len(ACTIVITY_TYPES), rows)],
            "participants": pd.array(np.where(rng.random(rows) < 0.3, rng.integers(1, 80, rows), -1)).astype(
                "Int64"
            ),
            "lat": np.where(located, np.round(centre_lat + rng.normal(0, 0.03, rows), 5), np.nan),
            "lon": np.where(located, np.round(centre_lon + rng.normal(0, 0.03, rows), 5), np.nan),
        }
    )
    activities["participants"] = activities["participants"].mask(activities["participants"] < 0)
    activities_path = directory / "activities.csv"
    activities.to_csv(activities_path, index=False)
    return officers_path, activities_path


# Runs the CLI and reports the process's own peak memory (VmHWM) as it ends: getrusage(RUSAGE_CHILDREN)
# would also count the parent's memory at spawn time (vfork), so the parent's size would leak in.
_WRAPPER = """
import sys
from dashboard.cli import main
code = main(sys.argv[1:])
hwm = next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(f"PEAK_RSS_KB={hwm}", file=sys.stderr)
sys.exit(code)
"""


def write_case(case: str, directory: Path, rows: int) -> list[Path]:
    """The input files of a case (written in the generator process)."""
    if case == "csv":
        return list(write_inputs(directory, rows))
    if case == "xlsx":
        officers, activities = write_inputs(directory, rows)
        numeric = {"duration_min", "participants", "lat", "lon"}

        def sheet(path: Path):  # type: ignore[no-untyped-def]
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            yield list(frame.columns)
            kinds = [float if c in numeric else str for c in frame.columns]
            for record in frame.itertuples(index=False):
                yield [None if v == "" else k(v) for k, v in zip(kinds, record, strict=True)]

        book = write_xlsx(
            directory / "export.xlsx", {"officers": sheet(officers), "activities": sheet(activities)}
        )
        officers.unlink()
        activities.unlink()
        return [book]
    if case == "bomb":
        return [write_shared_string_bomb(directory / "officers.xlsx", 400_000_000)]
    path = directory / "activities.csv"  # bad-rows: every started_at unreadable
    hromada = reference.hromadas()["katottg"].iloc[0]
    with open(path, "w", encoding="utf-8") as out:
        out.write("activity_id,officer_id,hromada,started_at,duration_min,activity_type\n")
        out.writelines(f"A-{i},B-00001,{hromada},not a date {i},60,patrol\n" for i in range(rows))
    return [path]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=None, help="1 000 000 (300 000 for bad-rows)")
    parser.add_argument("--case", choices=("csv", "xlsx", "bomb", "bad-rows"), default="csv")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--write-only", type=Path, metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rows is None:
        args.rows = 300_000 if args.case == "bad-rows" else 1_000_000
    if args.write_only:  # the generator runs in its own process, so the ingest is measured alone
        write_case(args.case, args.write_only, args.rows)
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    inputs = tmp / "in"
    inputs.mkdir()
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            __file__,
            "--case",
            args.case,
            "--rows",
            str(args.rows),
            "--write-only",
            str(inputs),
        ],
        check=True,
    )
    size_mb = sum(p.stat().st_size for p in inputs.iterdir()) / 1e6
    print(f"case {args.case}: generated {size_mb:.1f} MB of input in {time.perf_counter() - started:.1f} s")

    env = {**os.environ, "DASHBOARD_DATA_DIR": str(tmp / "data"), "DASHBOARD_MAX_UPLOAD_MB": "5000"}
    ingest = ["ingest", "--date", REPORTING_DATE, "--base", "none", str(inputs)]
    if args.case in ("bomb", "bad-rows"):
        ingest.append("--check")  # refused: what counts is how fast, and in how little memory
    started, cpu_before = time.perf_counter(), _children_cpu()
    done = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *ingest], cwd=ROOT, env=env, capture_output=True, text=True
    )
    seconds, cpu = time.perf_counter() - started, _children_cpu() - cpu_before
    print(done.stdout[-1500:] if args.case in ("csv", "xlsx") else done.stderr[-600:], end="")
    peak = [line for line in done.stderr.splitlines() if line.startswith("PEAK_RSS_KB=")]
    expected_exit = 1 if args.case in ("bomb", "bad-rows") else 0
    if args.case == "bomb":
        print("refused as text_too_long:", "text_too_long" in done.stdout + done.stderr)
    if done.returncode != expected_exit or not peak:
        print(done.stderr[-3000:], file=sys.stderr)
        print(f"ingest FAILED (exit {done.returncode})")
        return 1
    peak_bytes = int(peak[0].split("=")[1]) * 1024
    ok_time, ok_memory = seconds <= TARGET_SECONDS, peak_bytes <= TARGET_BYTES
    what = "the file" if args.case == "bomb" else f"{args.rows:,} rows"
    print(f"{args.case}: ingest of {what}: {seconds:.1f} s wall (target ≤ {TARGET_SECONDS} s) "
          f"{'OK' if ok_time else 'SLOW'}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")  # fmt: skip
    print(f"CPU time of the ingest process (user + system, independent of the load): {cpu:.1f} s")
    print(f"peak RSS (VmHWM) of the ingest process: {peak_bytes / 2**20:.0f} MiB (target ≤ 1024 MiB) "
          f"{'OK' if ok_memory else 'TOO MUCH'}")  # fmt: skip
    if args.keep:
        print(f"kept {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok_time and ok_memory else 1


if __name__ == "__main__":
    sys.exit(main())
