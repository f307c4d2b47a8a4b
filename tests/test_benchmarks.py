"""The benchmark scripts run: `bench_overview_compare.py --threads 1` used to crash before timing anything
(DuckDB refuses a second connection to a file with a different configuration)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCHMARKS / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_bench_overview_compare_with_one_thread(
    fixture_data_dir: Path, capsys: pytest.CaptureFixture
) -> None:
    bench = _load("bench_overview_compare")
    code = bench.main([str(fixture_data_dir / "snapshots"), "--threads", "1", "--repeat", "1"])
    out = capsys.readouterr().out
    assert code in (0, 1)  # 1 = over the time target on a busy machine; not a crash
    assert "overview: wall" in out and "compare: wall" in out and "offence_dispersion" in out


def test_bench_queries_measures_every_page_module_and_compares_two_versions(
    fixture_data_dir: Path, capsys: pytest.CaptureFixture
) -> None:
    """measure_wrappers on a snapshot and the per-module table of two measured versions (what
    `--against REV` prints from its alternating child processes), with both budgets and the ratio."""
    bench = _load("bench_queries")
    measured = bench.measure_wrappers(fixture_data_dir / "snapshots" / "2026-10-31.duckdb")
    assert {"crime.crime_response", "overview.response_times", "report.response_times"} <= set(measured)
    assert all("wall" in row and "cpu" in row for name, row in measured.items() if "skipped" not in row)
    slower = {
        name: {k: v * 2 for k, v in row.items()} if "wall" in row else row for name, row in measured.items()
    }
    bench.print_module_table({"REV": slower, "this checkout": measured})
    out = capsys.readouterr().out
    assert "== crime" in out and "== report" in out and "budget 1000 ms" in out and "budget 150 ms" in out
    assert "ratio this checkout/REV: wall ×0.50, cpu ×0.50" in out
