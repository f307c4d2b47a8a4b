"""Shared pieces of the access tests: a private data directory with users, and element text from AppTest."""

from __future__ import annotations

import contextlib
import json
import shutil
from pathlib import Path

import pytest
from google.protobuf import text_format
from streamlit.testing.v1 import AppTest

from dashboard.i18n import t
from dashboard.reference import hromadas
from tests.fixture_snapshot import OFFICERS, A, B

ROOT = Path(__file__).resolve().parent.parent

PASSWORDS = {
    "adm": "admin-pass-1",
    "head_a": "head-a-pass-1",
    "head_b": "head-b-pass-1",
    "ptn": "partner-pass-1",
}
USERS = (("adm", "admin", None), ("head_a", "head", A), ("head_b", "head", B), ("ptn", "partner", None))

# Everything that identifies an officer of the fixture: full names, surnames, phones (as typed, and digits).
OFFICER_NEEDLES = {
    hromada: sorted(
        {
            *(n for n in group["full_name"]),
            *(n.split()[0] for n in group["full_name"]),
            *(p for p in group["phone"].dropna()),
            *(p.replace(" ", "") for p in group["phone"].dropna()),
            *(p.replace(" ", "")[3:] for p in group["phone"].dropna()),  # 0501111111
        }
    )
    for hromada, group in OFFICERS.groupby("hromada")
}


def auth_data_dir(fixture_data_dir: Path) -> Path:
    """One data dir for all access tests (so that the query cache stays warm), fixture snapshots linked in."""
    data = fixture_data_dir.parent / "auth-data"
    if not data.exists():
        data.mkdir()
        (data / "snapshots").symlink_to(fixture_data_dir / "snapshots", target_is_directory=True)
    return data


def make_auth_env(fixture_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Login on, fast bcrypt, an empty audit log, the four test users, a fresh rate limiter."""
    from dashboard.auth.ratelimit import reset_limiter
    from dashboard.auth.users import add_user

    data = auth_data_dir(fixture_data_dir)
    reset_limiter()  # closes the sign-in store before its file goes
    shutil.rmtree(data / "audit", ignore_errors=True)
    for suffix in ("", "-wal", "-shm"):
        (data / f"auth.sqlite3{suffix}").unlink(missing_ok=True)
    (data / "users.toml").unlink(missing_ok=True)
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(data))
    monkeypatch.delenv("DASHBOARD_USERS_FILE", raising=False)
    monkeypatch.setenv("DASHBOARD_AUTH", "on")
    monkeypatch.setenv("DASHBOARD_BCRYPT_ROUNDS", "4")
    reset_limiter()
    for login, role, hromada in USERS:
        add_user(login, role, PASSWORDS[login], hromada)
    return data


def element_texts(at) -> list[str]:
    """Every piece of text the app sent: element protos (UTF-8), table cells, chart and map JSON."""
    texts: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            texts.append(text_format.MessageToString(proto, as_utf8=True))
        kind = getattr(node, "type", "")
        if kind in ("arrow_data_frame", "dataframe", "table"):
            with contextlib.suppress(Exception):  # a frame Arrow could not convert is shown as text anyway
                texts.append(node.value.to_csv(index=False))
        if kind == "plotly_chart":
            texts.append(json.dumps(json.loads(proto.spec), ensure_ascii=False))
        if kind == "deck_gl_json_chart":
            texts.append(json.dumps(json.loads(proto.json), ensure_ascii=False))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return texts


def new_app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def sign_in(at: AppTest, login: str, password: str | None = None, lang: str = "uk") -> AppTest:
    """Fill in and submit the sign-in form."""
    at.run()
    at.text_input(key="login_user").input(login)
    at.text_input(key="login_password").input(PASSWORDS.get(login, "") if password is None else password)
    next(b for b in at.button if b.label == t("auth.submit", lang)).click().run()
    return at


def texts(at: AppTest) -> str:
    """All the text of the current run, joined."""
    return "\n".join(element_texts(at))


def select_hromada(at: AppTest, hromada: str | None) -> None:
    if hromada is None:
        at.session_state["raion"] = ""
        at.session_state["hromada"] = ""
    else:
        raion = hromadas().set_index("katottg").loc[hromada, "raion_katottg"]
        at.session_state["raion"] = raion
        at.session_state["hromada"] = hromada


def is_login_form(at: AppTest) -> bool:
    return any(ti.key == "login_user" for ti in at.text_input)
