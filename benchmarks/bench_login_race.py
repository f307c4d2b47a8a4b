"""Benchmark: 60 sign-in attempts with a wrong password at the same moment; how many reach bcrypt?

    .venv/bin/python benchmarks/bench_login_race.py [--attempts 60] [--rounds 12]

Uses a temporary data folder with one user (real bcrypt at `--rounds`), starts the attempts from threads
behind a barrier and counts the password checks. The design allows 5 (DASHBOARD_LOGIN_MAX_FAILURES).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=12)
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="bench-login-"))
    os.environ.update(DASHBOARD_DATA_DIR=str(data), DASHBOARD_BCRYPT_ROUNDS=str(args.rounds))
    from dashboard.auth import session
    from dashboard.auth.users import add_user, check_password

    add_user("olena", "admin", "right-password-1", None)
    checks: list[int] = []

    def counting(user, password):  # type: ignore[no-untyped-def]
        checks.append(1)
        return check_password(user, password)

    session.check_password = counting  # type: ignore[assignment]
    barrier = threading.Barrier(args.attempts)
    statuses: list[str] = []

    def attempt() -> None:
        barrier.wait()
        statuses.append(session.authenticate("olena", "wrong-password", "10.0.0.1").status)

    started = time.perf_counter()
    threads = [threading.Thread(target=attempt) for _ in range(args.attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    print(
        f"{args.attempts} parallel attempts: {len(checks)} password checks (bcrypt cost {args.rounds}), "
        f"{statuses.count('locked')} refused as locked, {seconds:.1f} s"
    )
    return 0 if len(checks) <= 5 else 1


if __name__ == "__main__":
    sys.exit(main())
