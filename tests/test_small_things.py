"""Issue 12's small things: an offline favicon, an explicit message for an unknown code in a link, "my
hromada" only for its head, and the URL state's rules (one write per run, the URL wins on Back/forward)."""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from dashboard.charts.compare import value_scatter
from dashboard.config import FAVICON
from dashboard.i18n import t
from tests.fixture_snapshot import A, B

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"


def test_the_favicon_is_a_file_of_the_app_not_an_online_icon():
    calls = [
        node
        for node in ast.walk(ast.parse(APP.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "set_page_config"
    ]
    (call,) = calls
    icon = next(k.value for k in call.keywords if k.arg == "page_icon")
    assert ast.unparse(icon) == "str(FAVICON)"  # not ":material/…:" (fetched from a font service)
    assert FAVICON.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and FAVICON.is_relative_to(ROOT)


def run_app(query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    return at


def test_an_unknown_hromada_code_in_a_link_is_said_not_silently_dropped(fixture_env: Path):
    at = run_app({"hromada": "UA35999999999999999"})
    warnings = [w.value for w in at.warning]
    assert t("notice.link_hromada_unknown", "uk", code="UA35999999999999999") in warnings
    assert at.session_state["hromada"] == ""  # the whole oblast, and the page says why
    # The message is for the link only: the next run (the app's own URL) does not repeat it.
    at.run()
    assert not [w for w in at.warning if "UA35999999999999999" in w.value]


def test_a_hromada_outside_the_links_raion_is_said_and_markdown_in_a_code_is_escaped(fixture_env: Path):
    at = run_app({"raion": A[:6] + "9" * 13, "hromada": "**x**"})
    text = " ".join(w.value for w in at.warning)
    assert "\\*\\*x\\*\\*" in text  # shown escaped, never as Markdown
    assert t("notice.link_raion_unknown", "uk", code=A[:6] + "9" * 13) in [w.value for w in at.warning]


def test_my_hromada_is_named_so_only_for_its_head():
    df = pd.DataFrame(
        {"hromada": [A, B], "population": [10_000, 20_000], "value": [1.0, 2.0], "small": [False, False]},
        index=[A, B],
    )
    names = pd.Series({A: "Бобринецька", B: "Ганнівська"})
    trace_names = lambda fig: {trace.name for trace in fig.data}  # noqa: E731
    own = value_scatter(df, lang="uk", metric="offence_rate", names=names, mine=A, mine_is_own=True)
    chosen = value_scatter(df, lang="uk", metric="offence_rate", names=names, mine=A)
    assert t("pg.compare.series_mine", "uk") in trace_names(own)
    assert t("pg.compare.series_mine", "uk") not in trace_names(chosen)
    assert t("pg.compare.series_focus", "uk") in trace_names(chosen)


# --- text that fits ----------------------------------------------------------------------------------------


def test_small_count_axes_get_one_tick_per_unit():
    import plotly.graph_objects as go

    from dashboard.charts.common import integer_count_axes

    small = go.Figure(go.Bar(x=["a", "b"], y=[1, 2])).update_yaxes(tickformat=",d")
    assert integer_count_axes(small).layout.yaxis.dtick == 1  # not 0.5: no "0 1 1 2 2"
    large = go.Figure(go.Bar(x=["a", "b"], y=[10, 40])).update_yaxes(tickformat=",d")
    assert integer_count_axes(large).layout.yaxis.dtick is None  # plotly's own integer steps
    stacked = go.Figure([go.Bar(x=["a"], y=[6]), go.Bar(x=["a"], y=[6])]).update_layout(barmode="stack")
    assert integer_count_axes(stacked.update_yaxes(tickformat=",d")).layout.yaxis.dtick is None  # 12 in all
    horizontal = go.Figure(go.Bar(y=["a", "b"], x=[1, 3], orientation="h")).update_xaxes(tickformat=",d")
    assert integer_count_axes(horizontal).layout.xaxis.dtick == 1
    import numpy as np

    arrays = go.Figure(
        [
            go.Bar(x=np.array(["a", "b"]), y=np.array([1, 2])),
            go.Bar(x=np.array(["a", "b"]), y=np.array([2, 1])),
        ]
    )
    arrays.update_layout(barmode="stack").update_yaxes(tickformat=",d")
    assert integer_count_axes(arrays).layout.yaxis.dtick == 1  # numpy data (as the charts pass it), 3 at most
    rates = go.Figure(go.Scatter(x=[1, 2], y=[0.5, 1.5]))  # not a count axis: left alone
    assert integer_count_axes(rates).layout.yaxis.dtick is None


def test_long_texts_are_clamped_and_compare_cells_are_short():
    from dashboard.formatting import clamp

    assert clamp("Я" * 2000, 80) == "Я" * 79 + "…" and len(clamp("Я" * 2000, 80)) == 80
    assert clamp("  Іван   Петренко ", 80) == "Іван Петренко"
    plain = t("pg.compare.change_z_plain", "uk", change="−24", z="−1,9")
    assert plain == "−24 (z\u00a0=\u00a0−1,9)" and t("signal.none", "uk") not in plain


def test_overdue_measures_in_full():
    import datetime as dt

    from dashboard.charts.passports import overdue_full_texts

    table = pd.DataFrame(
        {"hromada": ["Бобринецька"], "problem": ["Темні *вулиці*"], "measure": ["Ліхтарі " * 100],
         "responsible": ["Виконком"], "due_on": [dt.date(2026, 5, 1)]}
    )  # fmt: skip
    (paragraph,) = overdue_full_texts(table, lang="uk")
    assert "Ліхтарі " * 99 in paragraph  # the whole text, not cut
    assert "Темні *вулиці*" in paragraph and paragraph.startswith("Бобринецька · 01.05.2026")  # st.text


def test_every_select_box_has_a_placeholder_in_the_interface_language():
    """Streamlit's own placeholders («Choose an option», «Choose options») are English only."""
    missing = []
    for path in [APP, *sorted((ROOT / "dashboard").rglob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            select = isinstance(node, ast.Call) and getattr(node.func, "attr", None) in (
                "selectbox",
                "multiselect",
            )
            if select and not any(k.arg == "placeholder" for k in node.keywords):
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert missing == []
