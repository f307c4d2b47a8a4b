"""Helpers of the page tests: open a page of the app under AppTest, read its metric cards."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parent.parent / "app.py"


def open_app_page(slug: str, **state) -> AppTest:
    """Run the app with `state` preset in the session, switch to the page and check it raised nothing."""
    at = AppTest.from_file(str(APP), default_timeout=30)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(f"dashboard/pages/{slug}.py")
    at.run()
    assert not at.exception
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}
