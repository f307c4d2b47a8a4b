"""Every page, per role, under AppTest: no officer name or phone where it is not allowed (text, tables, chart
and map JSON, downloads), rounded sensitive counts and no test on them in every query result a partner's
page gets (read by the wrappers' declarations), and no page that breaks because of the data policy.

Each role visits every page once per hromada selection (one sweep per role, shared by the tests).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard.auth.ratelimit import reset_limiter
from dashboard.disclosure import ROUNDING_BASE
from dashboard.i18n import t
from dashboard.navigation import PAGES
from dashboard.queries.columns import SENSITIVE_CATEGORIES, Role, declaration_of
from dashboard.ui.context import PageContext
from tests.auth_helpers import (
    OFFICER_NEEDLES,
    ROOT,
    make_auth_env,
    new_app,
    select_hromada,
    sign_in,
    texts,
)
from tests.fixture_snapshot import A, B, C

ADMIN_ONLY = {"upload", "audit", "users"}
PAGES_TO_SWEEP = [p for p in PAGES if (ROOT / p.file).exists() and p.slug not in ADMIN_ONLY]
# A: officers with names and phones; B: 3 domestic-violence offences in the last 12 months (a small count).
SELECTIONS = {"ptn": (None, A, B), "head_b": (None, A)}
SLOW_PAGES = {"export"}  # builds documents: visited with the first selection only


@dataclass
class Visit:
    slug: str
    hromada: str | None
    text: str
    broken: bool
    frames: list[tuple[Any, pd.DataFrame]] = field(default_factory=list)  # (wrapper, result)
    tables: list[pd.DataFrame] = field(default_factory=list)  # what st.dataframe showed
    words: str = ""  # metric values, Markdown, captions, alerts: the page's own text


def _visit_all(at: AppTest, login: str, selections, captured: list, downloads: list) -> list[Visit]:
    lang = "en" if login == "ptn" else "uk"
    visits = []
    for spec in PAGES_TO_SWEEP:
        for hromada in selections[:1] if spec.slug in SLOW_PAGES else selections:
            select_hromada(at, hromada)
            captured.clear()
            downloads.clear()
            at.switch_page(spec.file).run()
            broken = bool(at.exception) or t("notice.error", lang) in [e.value for e in at.error]
            text = texts(at) + "\n".join(d.decode("utf-8", "replace") for d in downloads)
            tables = [d.value for d in at.dataframe]
            tables = [getattr(t_, "data", t_) for t_ in tables]  # a Styler's data
            words = "\n".join(
                [f"{m.label} {m.value} {m.help or ''}" for m in at.metric]
                + [
                    e.value
                    for kind in ("markdown", "caption", "info", "warning", "success")
                    for e in at.get(kind)
                ]
            )
            visits.append(Visit(spec.slug, hromada, text, broken, list(captured), tables, words))
    return visits


@pytest.fixture(scope="module")
def sweeps(fixture_data_dir: Path) -> dict[str, list[Visit]]:
    """login → the visits of that role's sweep (and "adm": admin re-runs of what broke for the others)."""
    captured: list[tuple[Any, pd.DataFrame]] = []
    downloads: list[bytes] = []
    original_query, original_download = PageContext.query, st.download_button

    def recording_query(self, func, **kwargs):
        result = original_query(self, func, **kwargs)
        captured.append((func, result))
        return result

    def recording_download(label, data=None, *args, **kwargs):
        if kwargs.get("mime") == "image/png":  # a chart image (~2 s in chromium each) holds no text to scan
            return original_download(label, data, *args, **kwargs)
        value = data() if callable(data) else data
        downloads.append(value if isinstance(value, bytes) else str(value).encode("utf-8"))
        return original_download(label, value, *args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        make_auth_env(fixture_data_dir, mp)
        mp.setattr(PageContext, "query", recording_query)
        mp.setattr(st, "download_button", recording_download)
        result = {
            login: _visit_all(sign_in(new_app(), login), login, selections, captured, downloads)
            for login, selections in SELECTIONS.items()
        }
        broken = {(v.slug, v.hromada) for visits in result.values() for v in visits if v.broken}
        admin = sign_in(new_app(), "adm")
        result["adm"] = []
        for slug, hromada in sorted(broken, key=str):
            spec = next(p for p in PAGES_TO_SWEEP if p.slug == slug)
            select_hromada(admin, hromada)
            admin.switch_page(spec.file).run()
            failed = bool(admin.exception) or t("notice.error", "uk") in [e.value for e in admin.error]
            result["adm"].append(Visit(slug, hromada, "", failed))
    reset_limiter()
    return result


def _leaky_page() -> None:
    import pandas as pd
    import plotly.graph_objects as go
    import pydeck as pdk
    import streamlit as st

    st.dataframe(pd.DataFrame({"who": ["Петренко Іван Петрович"]}))
    st.plotly_chart(go.Figure(go.Bar(x=[1], y=[2], hovertext=["Коваль Олена Андріївна"])))
    layer = pdk.Layer("ScatterplotLayer", data=[{"name": "Шевчук", "lon": 32.1, "lat": 48.0}])
    st.pydeck_chart(pdk.Deck(layers=[layer], map_provider=None, tooltip={"text": "{name}"}))
    st.caption("+380 67 333 33 33")


def test_the_scanner_sees_tables_charts_maps_and_text():
    """Positive control: the needles are found wherever a page could put them."""
    at = AppTest.from_function(_leaky_page)
    at.run()
    shown = texts(at)
    for needle in ("Петренко Іван Петрович", "Коваль Олена Андріївна", "Шевчук", "+380 67 333 33 33"):
        assert needle in shown


def test_every_page_was_visited(sweeps):
    for login in SELECTIONS:
        assert {v.slug for v in sweeps[login]} == {p.slug for p in PAGES_TO_SWEEP}


@pytest.mark.parametrize(
    ("login", "forbidden_hromadas"),
    [("ptn", (A, B, C)), ("head_b", (A, C))],
    ids=["partner", "head-of-another-hromada"],
)
def test_no_officer_name_or_phone_on_any_page(sweeps, login: str, forbidden_hromadas):
    needles = [n for h in forbidden_hromadas for n in OFFICER_NEEDLES[h]]
    leaks = [(v.slug, v.hromada, n) for v in sweeps[login] for n in needles if n in v.text]
    assert leaks == []


def test_no_page_breaks_for_a_role_where_it_works_for_the_admin(sweeps):
    """The policy changes what pages get (columns removed or blanked, tests withheld): pages must cope.

    A page that fails for the admin too fails on its own and is not counted here.
    """
    admin_broken = {(v.slug, v.hromada) for v in sweeps["adm"] if v.broken}
    for login in SELECTIONS:
        broken = {(v.slug, v.hromada) for v in sweeps[login] if v.broken}
        assert broken - admin_broken == set(), login


def _violations(func: Any, frame: pd.DataFrame) -> list[str]:
    """What a partner must not get, read from the wrapper's declaration: a personal column, a sensitive
    count that is not a multiple of 5 (not rounded at the source), a test on a sensitive row."""
    declaration = declaration_of(func)
    problems = [f"personal column {c}" for c in declaration.columns_with(Role.PERSONAL) if c in frame.columns]
    sensitive = declaration.sensitive_rows(frame, {}) if declaration.sensitive_rows is not None else None
    if "category" in frame.columns:
        rows = frame["category"].astype(object).isin(SENSITIVE_CATEGORIES).to_numpy(dtype=bool)
        for col in declaration.columns_with(Role.COUNT, Role.SENSITIVE_COUNT):
            values = pd.to_numeric(frame.loc[rows, col], errors="coerce").dropna()
            if (values % ROUNDING_BASE != 0).any():
                problems.append(f"unrounded sensitive count in {col}")
    for col in declaration.columns_with(Role.SENSITIVE_COUNT):
        values = pd.to_numeric(frame[col], errors="coerce").dropna()
        if (values % ROUNDING_BASE != 0).any():
            problems.append(f"unrounded sensitive count in {col}")
    if sensitive is not None and sensitive.any():
        for col in declaration.columns_with(Role.TEST):
            if frame.loc[sensitive, col].notna().any():
                problems.append(f"test on a rounded count in {col}")
    for col in declaration.columns_with(Role.TOTAL_TEST):
        if col in frame.columns and frame[col].notna().any():
            problems.append(f"test on a total of rounded counts in {col}")
    return problems


def test_partner_view_holds_for_every_query_of_every_page(sweeps):
    """Every result a page got from `ctx.query` in the partner view: no personal column, sensitive counts
    rounded to base 5, no test on them (by the wrappers' declarations, dashboard/queries/columns.py)."""
    frames = [(v.slug, func, frame) for v in sweeps["ptn"] for func, frame in v.frames]
    assert frames, "the pages made no query at all?"
    problems = [(slug, func.__name__, p) for slug, func, frame in frames for p in _violations(func, frame)]
    assert problems == [], "\n".join(map(str, problems))


def test_head_of_another_hromada_gets_no_personal_columns_filled(sweeps):
    """For a head of B, personal cells of A and C rows are empty in every query result."""
    for visit in sweeps["head_b"]:
        for func, frame in visit.frames:
            hromada_col = next((c for c in ("hromada", "katottg") if c in frame.columns), None)
            for col in set(declaration_of(func).columns_with(Role.PERSONAL)) & set(frame.columns):
                rows = frame[frame[hromada_col] != B] if hromada_col is not None else frame
                assert rows[col].isna().all(), (visit.slug, func.__name__, col)


@pytest.mark.parametrize("login", list(SELECTIONS))
def test_no_none_or_nan_shown_to_anyone(sweeps, login: str) -> None:
    """A blank is «—» (with a footnote on the page), never "None", "nan" or an empty cell Streamlit
    would draw as "None"."""
    problems = []
    for visit in sweeps[login]:
        for table in visit.tables:
            blanks = [str(c) for c in table.columns if table[c].isna().any()]
            if blanks:
                problems.append((visit.slug, visit.hromada, "blank cells", blanks))
        for word in ("None", "nan", "NaN"):
            if re.search(rf"(?<![\w-]){word}(?![\w-])", visit.words):
                problems.append((visit.slug, visit.hromada, "word", word))
    assert problems == [], "\n".join(map(str, problems))
