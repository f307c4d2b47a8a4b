"""Every query wrapper declares the role of each output column, and its docstring names each of them.

The data policy reads only these declarations (dashboard/queries/columns.py), so a column a wrapper
returns without declaring it would reach the page unchecked: this test runs every wrapper of
`dashboard.queries` on the fixture snapshot, as admin and on the partner's controlled connection, and
compares the result's columns with the declaration and the docstring.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import dashboard.queries as queries_package
from dashboard.disclosure import connect_partner_view
from dashboard.queries.columns import Role, declaration_of
from dashboard.snapshots import connect_readonly
from tests.fixture_snapshot import LATEST_DATE, A

PREVIOUS_DATE = dt.date(2026, 9, 30)
# Sample values by parameter name; a wrapper with a new parameter name must get one here.
SAMPLE_VALUES: dict[str, Any] = {
    "month_from": dt.date(2025, 11, 1),
    "month_to": dt.date(2026, 10, 1),
    "prev_from": dt.date(2024, 11, 1),
    "prev_to": dt.date(2025, 10, 1),
    "before": dt.date(2024, 11, 1),
    "by": "hromada",
    "date_from": dt.date(2025, 11, 1),
    "date_to": LATEST_DATE,
    "reporting_date": LATEST_DATE,
    "raion": None,
    "hromada": A,
    "category": "domestic_violence",
    "previous_id": "fixture",
}


def wrappers() -> list[Callable[..., pd.DataFrame]]:
    """Every public function of dashboard.queries.* whose first parameter is the connection."""
    found = []
    for info in pkgutil.iter_modules(queries_package.__path__):
        module = importlib.import_module(f"dashboard.queries.{info.name}")
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if func.__module__ != module.__name__ or name.startswith("_"):
                continue
            params = list(inspect.signature(func).parameters)
            if params and params[0] == "con":
                found.append(func)
    return found


def sample_kwargs(func: Callable[..., Any], snapshots: Path) -> dict[str, Any]:
    values = {
        **SAMPLE_VALUES,
        "previous_path": str(snapshots / f"{PREVIOUS_DATE.isoformat()}.duckdb"),
        "current_path": str(snapshots / f"{LATEST_DATE.isoformat()}.duckdb"),
    }
    kwargs = {}
    for name, param in list(inspect.signature(func).parameters.items())[1:]:
        if name in values:
            kwargs[name] = values[name]
        else:
            assert param.default is not inspect.Parameter.empty, f"{func.__name__}: add a sample for {name!r}"
    return kwargs


def test_wrappers_are_found() -> None:
    assert len(wrappers()) >= 60


@pytest.mark.parametrize("func", wrappers(), ids=lambda f: f"{f.__module__.rsplit('.', 1)[-1]}.{f.__name__}")
@pytest.mark.parametrize("audience", ["full", "partner"])
def test_wrapper_declares_every_column(
    func: Callable[..., pd.DataFrame], audience: str, fixture_data_dir: Path
) -> None:
    declaration = declaration_of(func)
    snapshots = fixture_data_dir / "snapshots"
    path = snapshots / f"{LATEST_DATE.isoformat()}.duckdb"
    con = connect_partner_view(path, key="test") if audience == "partner" else connect_readonly(path)
    try:
        result = func(con, **sample_kwargs(func, snapshots))
    finally:
        con.close()
    assert isinstance(result, pd.DataFrame)
    assert set(map(str, result.columns)) == set(declaration.roles), (
        f"{func.__name__}: result columns {sorted(map(str, result.columns))} != declared {sorted(declaration.roles)}"
    )
    assert all(isinstance(role, Role) for role in declaration.roles.values())


@pytest.mark.parametrize("func", wrappers(), ids=lambda f: f"{f.__module__.rsplit('.', 1)[-1]}.{f.__name__}")
def test_wrapper_docstring_names_every_column(func: Callable[..., pd.DataFrame]) -> None:
    doc = inspect.getdoc(func) or ""
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", doc))
    # "for each of trust, feel_safe: <name>_yes, <name>_share" documents trust_yes, feel_safe_share, ...
    for names in re.findall(r"for each of ([\w, ]+):", doc):
        for template in re.findall(r"[A-Za-z_]*<name>[A-Za-z0-9_]*", doc):
            words |= {template.replace("<name>", name.strip()) for name in names.split(",")}
    missing = [c for c in declaration_of(func).roles if c not in words]
    assert not missing, f"{func.__name__}: the docstring does not name the columns {missing}"
