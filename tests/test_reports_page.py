"""The export page under AppTest (login off): its controls, and a PDF built with the progress bar."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.fixture_snapshot import A

APP = Path(__file__).resolve().parent.parent / "app.py"


def open_export(**state) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page("dashboard/pages/export.py")
    at.run()
    assert not at.exception, at.exception
    return at


def test_export_page_controls(fixture_env: Path) -> None:
    at = open_export()
    assert at.title[0].value == "Експорт і презентації"
    assert "Дані станом на 31.10.2026" in " ".join(m.value for m in at.markdown)
    assert [b.label for b in at.button] == ["Створити файл"]
    assert at.multiselect[0].label == "Громади з окремою сторінкою чи слайдом"
    assert len(at.multiselect[0].options) == 49
    assert at.checkbox(key="export_appendix").label == "Додаток: слайд чи сторінка кожної громади"
    assert at.checkbox(key="export_appendix").value is False  # the short oblast deck by default


def test_export_page_builds_a_pdf(fixture_env: Path) -> None:
    at = open_export(hromada=A)
    at.segmented_control(key="export_format").set_value("pdf")
    at.multiselect(key="export_hromadas").set_value([A])
    at.button(key="export_build").click()
    at.run()
    assert not at.exception, at.exception
    assert "Готово за" in at.success[0].value and "сторін" in at.success[0].value
    result = at.session_state["export_result"]
    assert result.data.startswith(b"%PDF") and result.hromadas == [A]
    assert result.filename == f"pog-report-2026-10-31-uk-{A}.pdf"
    assert at.get("download_button"), "no download button for the built file"
