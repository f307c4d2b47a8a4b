"""60 sign-in attempts at the same moment, from threads and from separate processes, get at most the
allowed 5 password checks: the lock check and the count are one atomic step in the shared store.
The forwarded client address counts only behind a trusted proxy."""

from __future__ import annotations

import multiprocessing
import threading
import time
from pathlib import Path

import pytest

from dashboard.auth import session
from dashboard.auth.ratelimit import reset_limiter
from dashboard.auth.session import authenticate, forwarded_client
from dashboard.auth.users import check_password
from tests.auth_helpers import PASSWORDS, make_auth_env

ATTEMPTS = 60
ALLOWED = 5
BCRYPT_S = 0.05  # what a real bcrypt check costs, roughly (cost 12: ~0.25 s): the window a race needs


@pytest.fixture()
def env(fixture_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = make_auth_env(fixture_data_dir, monkeypatch)
    yield data
    reset_limiter()


def _slow_counting_check(counter: list[int] | multiprocessing.sharedctypes.Synchronized):  # type: ignore[name-defined]
    def check(user, password):  # type: ignore[no-untyped-def]
        if isinstance(counter, list):
            counter.append(1)
        else:
            with counter.get_lock():
                counter.value += 1
        time.sleep(BCRYPT_S)
        return check_password(user, password)

    return check


def test_sixty_parallel_threads_get_at_most_five_password_checks(env: Path, monkeypatch: pytest.MonkeyPatch):
    checks: list[int] = []
    monkeypatch.setattr(session, "check_password", _slow_counting_check(checks))
    start = threading.Barrier(ATTEMPTS)
    results: list[str] = []

    def attempt() -> None:
        start.wait()
        results.append(authenticate("head_a", "wrong-password", "10.9.9.9").status)

    threads = [threading.Thread(target=attempt) for _ in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == ATTEMPTS
    assert len(checks) <= ALLOWED, f"{len(checks)} password checks"
    assert results.count("locked") >= ATTEMPTS - ALLOWED
    assert authenticate("head_a", PASSWORDS["head_a"], None).status == "locked"


def _process_attempt(barrier, counter, data_dir: str) -> None:  # type: ignore[no-untyped-def]
    import os

    os.environ["DASHBOARD_DATA_DIR"] = data_dir
    reset_limiter()  # a fresh process opens the store itself
    session.check_password = _slow_counting_check(counter)  # type: ignore[assignment]
    barrier.wait()
    authenticate("head_b", "wrong-password", None)


def test_sixty_parallel_processes_share_the_limit(env: Path):
    reset_limiter()  # no open store connection is inherited by the children
    context = multiprocessing.get_context("fork")
    counter = context.Value("i", 0)
    barrier = context.Barrier(ATTEMPTS)
    processes = [
        context.Process(target=_process_attempt, args=(barrier, counter, str(env))) for _ in range(ATTEMPTS)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
    assert [p.exitcode for p in processes] == [0] * ATTEMPTS
    assert counter.value <= ALLOWED, f"{counter.value} password checks"
    assert authenticate("head_b", PASSWORDS["head_b"], None).status == "locked"


def test_a_right_password_in_the_crowd_is_not_counted(env: Path):
    for _ in range(ALLOWED - 1):
        assert authenticate("adm", "wrong-password", None).status == "failed"
    assert authenticate("adm", PASSWORDS["adm"], None).status == "ok"  # the 5th attempt: right, no lock
    assert authenticate("adm", "wrong-password", None).status == "failed", "the success cleared the count"


def test_forwarded_address_is_believed_only_from_a_trusted_proxy():
    trusted = ["127.0.0.1", "10.0.0.0/8"]
    # Straight from a client: its own header is ignored (else a new address with every try).
    assert forwarded_client("203.0.113.7", "198.51.100.1", trusted) == "203.0.113.7"
    assert forwarded_client("127.0.0.1", "198.51.100.1", []) == "127.0.0.1"
    # Behind the proxy: the rightmost address that is not a trusted proxy; forged entries on the left lose.
    assert forwarded_client("127.0.0.1", "198.51.100.1", trusted) == "198.51.100.1"
    assert forwarded_client("127.0.0.1", "1.2.3.4, 198.51.100.1, 10.1.2.3", trusted) == "198.51.100.1"
    assert forwarded_client("127.0.0.1", "not-an-ip", trusted) == "127.0.0.1"
    assert forwarded_client("127.0.0.1", "10.0.0.5", trusted) == "127.0.0.1"
