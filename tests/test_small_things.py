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
