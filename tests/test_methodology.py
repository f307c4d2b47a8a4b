"""The Data & methodology page keeps step with the code: every function of dashboard/indicators.py that
the dashboard calls (pages, views, charts, query wrappers, reports) is explained by a methodology entry
(charts/data.py METHODS), and the statistical entries cite their reference in both languages."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

import dashboard.charts.data as methodology
from dashboard import indicators
from dashboard.i18n import t

ROOT = Path(__file__).resolve().parents[1] / "dashboard"
# The reference(s) each statistical entry must name (in its notes, both languages).
REFERENCES: dict[str, str | tuple[str, ...]] = {
    "poisson_z": "Krishnamoorthy",
    "overdispersion": ("McCullagh", "Smyth"),  # quasi-likelihood φ; its empirical-Bayes moderation
    "wdd": "Wheeler",
    "event_study": "Callaway",
    "trust": "Kish",
    "wilson_interval": "Wilson E. B.",
    "rank_interval": "Goldstein",
    "offence_rate": "10",
}


def functions_called() -> set[str]:
    """Names of indicators.py functions called outside it (``ind.name(`` or imported by name)."""
    public = {name for name, obj in inspect.getmembers(indicators, inspect.isfunction)
              if obj.__module__ == indicators.__name__ and not name.startswith("_")}  # fmt: skip
    used: set[str] = set()
    for path in ROOT.rglob("*.py"):
        if path.name == "indicators.py":
            continue
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"\bind\.([a-z_0-9]+)\(", text))
        for block in re.findall(
            r"from dashboard\.indicators import \(?([^)]*?)\)?\n(?!\s)", text, flags=re.S
        ):
            used |= {name.strip() for name in block.split(",")}
    return used & public


def test_every_function_the_dashboard_calls_has_a_methodology_entry() -> None:
    documented = {name for names in methodology.METHODS.values() for name in names}
    called = functions_called()
    assert {"count_change", "dispersion_frame", "wdd_vs_controls", "rank_intervals"} <= called
    assert called - documented == set()


def test_methods_name_real_functions_and_catalogue_entries() -> None:
    for entry, names in methodology.METHODS.items():
        assert entry in methodology.indicator_ids(), entry
        for name in names:
            assert callable(getattr(indicators, name, None)), f"{entry}: no indicators.{name}"
    shown = {item["id"] for _, items in methodology.indicator_catalogue("uk") for item in items}
    assert set(methodology.METHODS) <= shown


@pytest.mark.parametrize("lang", ["uk", "en"])
@pytest.mark.parametrize(("entry", "reference"), REFERENCES.items())
def test_statistical_entries_cite_their_reference(
    entry: str, reference: str | tuple[str, ...], lang: str
) -> None:
    text = t(f"indicator.{entry}.notes", lang) + t(f"indicator.{entry}.formula", lang)
    for name in (reference,) if isinstance(reference, str) else reference:
        assert name in text
