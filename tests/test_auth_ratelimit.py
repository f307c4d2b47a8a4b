"""Failed sign-ins are limited per login and per client, logged, and the limit survives a restart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard.auth import audit
from dashboard.auth.ratelimit import Limits, RateLimiter, limiter, reset_limiter
from dashboard.auth.session import authenticate, subject_of
from tests.auth_helpers import (
    PASSWORDS,
    make_auth_env,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_limiter_locks_a_login_after_five_failures_then_releases():
    clock = Clock()
    rl = RateLimiter(Limits(per_login=5, per_client=20, window_s=900, lock_s=300), clock)
    for i in range(4):
        assert rl.failure("olena", "10.0.0.1") == [], i
        assert rl.retry_after("olena", "10.0.0.1") == 0
    locks = rl.failure("olena", "10.0.0.1")
    assert [(lock.scope, lock.key) for lock in locks] == [("login", "olena")]
    assert rl.retry_after("olena", "10.0.0.2") == pytest.approx(300)  # any client
    assert rl.retry_after("petro", "10.0.0.1") == 0  # other logins from the same client are fine
    clock.now += 301
    assert rl.retry_after("olena", "10.0.0.1") == 0
    assert rl.failure("olena", "10.0.0.1"), "still 5 failures in the window: locked again at once"
    clock.now += 301
    rl.success("olena")
    assert rl.retry_after("olena", "10.0.0.1") == 0


def test_limiter_locks_a_client_that_tries_many_logins():
    clock = Clock()
    rl = RateLimiter(Limits(per_login=5, per_client=20), clock)
    for i in range(19):
        rl.failure(f"user{i}", "10.0.0.9")
    assert rl.retry_after("fresh", "10.0.0.9") == 0
    locks = rl.failure("user19", "10.0.0.9")
    assert ("client", "10.0.0.9") in [(lock.scope, lock.key) for lock in locks]
    assert rl.retry_after("fresh", "10.0.0.9") > 0
    assert rl.retry_after("fresh", "10.0.0.10") == 0


def test_failures_outside_the_window_do_not_count():
    clock = Clock()
    rl = RateLimiter(Limits(per_login=5, window_s=900), clock)
    for _ in range(4):
        rl.failure("olena", None)
    clock.now += 901
    assert rl.failure("olena", None) == []


@pytest.fixture()
def env(fixture_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = make_auth_env(fixture_data_dir, monkeypatch)
    yield data
    reset_limiter()


def test_authenticate_ok_failed_and_logged_without_passwords(env: Path):
    assert authenticate("adm", PASSWORDS["adm"], "10.1.1.1").status == "ok"
    assert authenticate("ADM ", PASSWORDS["adm"], "10.1.1.1").user.login == "adm"
    assert authenticate("adm", "wrong-password", "10.1.1.1").status == "failed"
    assert authenticate("nobody", "guess-123", "10.1.1.1").status == "failed"
    assert authenticate("my secret pass", "", "10.1.1.1").status == "failed"  # password typed as login
    events = list(reversed(audit.read_events()))
    assert [e["event"] for e in events] == [
        "login_ok",
        "login_ok",
        "login_failed",
        "login_failed",
        "login_failed",
    ]
    assert events[2]["login"] == "adm" and events[2]["client"] == "10.1.1.1"
    assert events[3]["login"] == subject_of("nobody", None) and events[3]["login"].startswith("unknown:")
    raw = "".join(p.read_text(encoding="utf-8") for p in (env / "audit").glob("*.jsonl"))
    for secret in (PASSWORDS["adm"], "wrong-password", "guess-123", "nobody", "my secret pass"):
        assert secret not in raw
    assert all(json.loads(line) for line in raw.splitlines())


def test_five_failures_lock_even_the_right_password_and_are_logged(env: Path):
    for _ in range(4):
        assert authenticate("head_a", "wrong-password", None).status == "failed"
    fifth = authenticate("head_a", "wrong-password", None)
    assert fifth.status == "locked" and fifth.retry_after_s > 0
    refused = authenticate("head_a", PASSWORDS["head_a"], None)
    assert refused.status == "locked" and refused.user is None
    assert authenticate("head_b", PASSWORDS["head_b"], None).status == "ok", "the lock is per login"
    events = [e["event"] for e in reversed(audit.read_events())]
    assert events == ["login_failed"] * 5 + ["locked", "login_failed", "login_ok"]
    locked = next(e for e in audit.read_events() if e["event"] == "locked")
    assert locked["detail"]["scope"] == "login" and locked["login"] == "head_a"


def test_unknown_logins_are_locked_too(env: Path):
    for _ in range(5):
        authenticate("ghost", "wrong-password", None)
    assert authenticate("ghost", "wrong-password", None).status == "locked"


def test_lock_survives_a_restart(env: Path):
    for _ in range(5):
        authenticate("ptn", "wrong-password", None)
    reset_limiter()  # a new process: the limiter reopens the shared store in the data folder
    assert (env / "auth.sqlite3").is_file()
    assert limiter().retry_after("ptn", None) > 0
    assert authenticate("ptn", PASSWORDS["ptn"], None).status == "locked"


def test_old_failures_are_forgotten():
    clock = Clock()
    rl = RateLimiter(Limits(per_login=5, window_s=900, lock_s=300), clock)
    for _ in range(4):
        rl.failure("ptn", None)
    clock.now += 2 * 3600
    attempt = rl.begin("ptn", None)
    assert not isinstance(attempt, float) and attempt.locks == []


def test_audit_log_is_append_only_json_lines_with_private_mode(env: Path):
    audit.record("export", login="adm", detail={"file": "x.csv", "password": "leak", "api_token": "t"})
    files = list((env / "audit").glob("audit-*.jsonl"))
    assert len(files) == 1 and oct(files[0].stat().st_mode & 0o777) == "0o600"
    entry = audit.read_events()[0]
    assert entry["detail"] == {"file": "x.csv"}
    with pytest.raises(ValueError):
        audit.record("made_up_event")
    files[0].write_text(files[0].read_text() + '{"broken', encoding="utf-8")  # a crash mid-line
    assert [e["event"] for e in audit.read_events()] == ["export"]
