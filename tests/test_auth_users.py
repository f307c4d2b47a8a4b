"""The users file holds bcrypt hashes only (mode 0600, atomic writes) and the `users` CLI manages it."""

from __future__ import annotations

import io
import stat
import sys
import tomllib
from pathlib import Path

import pytest

from dashboard.auth import audit
from dashboard.auth.users import (
    UserError,
    add_user,
    check_password,
    get_user,
    load_users,
    remove_user,
    set_password,
)
from dashboard.cli import main
from tests.fixture_snapshot import A


@pytest.fixture()
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DASHBOARD_USERS_FILE", str(tmp_path / "secret" / "users.toml"))
    monkeypatch.setenv("DASHBOARD_BCRYPT_ROUNDS", "4")
    return tmp_path / "secret" / "users.toml"


def cli(monkeypatch: pytest.MonkeyPatch, *argv: str, stdin: str = "") -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(list(argv))


def test_file_holds_only_bcrypt_hashes(env: Path):
    add_user("olena", "head", "correct horse 1", A)
    add_user("boss", "admin", "battery staple 2")
    text = env.read_text(encoding="utf-8")
    assert "correct horse" not in text and "battery staple" not in text
    data = tomllib.loads(text)["users"]
    assert set(data) == {"olena", "boss"}
    for entry in data.values():
        assert entry["password_hash"].startswith("$2b$") and len(entry["password_hash"]) == 60
    assert data["olena"]["hromada"] == A
    assert stat.S_IMODE(env.stat().st_mode) == 0o600
    assert not list(env.parent.glob("*.tmp")), "no temp file left behind"


def test_check_password(env: Path):
    add_user("olena", "head", "correct horse 1", A)
    user = get_user("OLENA ")
    assert user is not None and "password_hash" not in repr(user) and "$2b$" not in repr(user)
    assert check_password(user, "correct horse 1")
    assert not check_password(user, "correct horse 2")
    assert not check_password(None, "correct horse 1")
    assert not check_password(user, "x" * 100)


@pytest.mark.parametrize(
    ("login", "role", "password", "hromada"),
    [
        ("a", "admin", "long enough 1", None),  # login too short
        ("Bad Login", "admin", "long enough 1", None),
        ("ok_login", "root", "long enough 1", None),
        ("ok_login", "admin", "short", None),
        ("ok_login", "admin", "ї" * 40, None),  # 80 bytes: over bcrypt's 72
        ("ok_login", "head", "long enough 1", None),  # a head needs a hromada
        ("ok_login", "head", "long enough 1", "UA00000000000000000"),  # not in the oblast
        ("ok_login", "partner", "long enough 1", A),  # only heads have one
    ],
)
def test_invalid_users_are_refused(env: Path, login, role, password, hromada):
    with pytest.raises(UserError):
        add_user(login, role, password, hromada)
    assert load_users() == {}


def test_last_admin_cannot_be_removed_and_duplicates_refused(env: Path):
    add_user("boss", "admin", "battery staple 2")
    with pytest.raises(UserError):
        add_user("boss", "partner", "battery staple 2")
    with pytest.raises(UserError):
        remove_user("boss")
    with pytest.raises(UserError):
        remove_user("nobody")
    with pytest.raises(UserError):
        set_password("nobody", "battery staple 3")


def test_cli_add_list_passwd_remove(env: Path, monkeypatch, capsys):
    assert cli(monkeypatch, "users", "add", "boss", "--role", "admin", stdin="first password 1\n") == 0
    assert (
        cli(monkeypatch, "users", "add", "olena", "--role", "head", "--hromada", A, stdin="second pass 2\n")
        == 0
    )
    assert cli(monkeypatch, "users", "add", "donor", "--role", "partner", stdin="third pass 3\n") == 0
    assert cli(monkeypatch, "users", "add", "short", "--role", "partner", stdin="abc\n") == 2
    capsys.readouterr()

    assert cli(monkeypatch, "users", "list") == 0
    listing = capsys.readouterr().out
    assert "boss" in listing and "olena" in listing and A in listing and "donor" in listing
    assert "$2b$" not in listing and "password" not in listing

    old_hash = get_user("olena").password_hash
    assert cli(monkeypatch, "users", "passwd", "olena", stdin="new password 4\n") == 0
    olena = get_user("olena")
    assert olena.password_hash != old_hash
    assert check_password(olena, "new password 4") and not check_password(olena, "second pass 2")

    assert cli(monkeypatch, "users", "remove", "donor") == 0
    assert cli(monkeypatch, "users", "remove", "donor") == 2
    assert set(load_users()) == {"boss", "olena"}

    text = env.read_text(encoding="utf-8")
    for password in ("first password 1", "second pass 2", "third pass 3", "new password 4"):
        assert password not in text
    events = [e["event"] for e in reversed(audit.read_events())]
    assert events == ["user_added"] * 3 + ["user_passwd", "user_removed"]
    log_text = "".join(p.read_text() for p in (env.parent.parent / "audit").glob("*.jsonl"))
    assert "first password" not in log_text and "$2b$" not in log_text


def test_cli_demo_users(env: Path, monkeypatch, capsys):
    assert cli(monkeypatch, "users", "demo") == 0
    out = capsys.readouterr().out
    users = load_users()
    assert {u.login: u.role for u in users.values()} == {
        "admin": "admin",
        "head": "head",
        "partner": "partner",
    }
    assert all(u.demo for u in users.values()) and users["head"].hromada == A
    assert check_password(users["admin"], "demo-admin-2026") and "demo-admin-2026" in out
    # never added next to existing users
    remove_user("partner")
    assert cli(monkeypatch, "users", "demo", "--quiet") == 0
    assert "partner" not in load_users()
    assert capsys.readouterr().out == ""
