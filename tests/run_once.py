"""Build something expensive once for the whole test run, also when pytest-xdist runs it in several workers.

Each worker has a base temporary folder of its own (`…/pytest-N/popen-gw0`); their parent is the run's. The
first worker to ask builds into a temporary folder there under an exclusive lock and renames it into place;
the others wait on the lock and find it built (pytest-xdist's documented "make session-scoped fixtures execute
only once" pattern, with `fcntl.flock` instead of the filelock package). Without xdist the parent is shared
by earlier runs too, so the worker's own base folder is used then.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest


def run_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of this run that every worker sees."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]) -> Path:
    """`run_root/name`, made by `build(folder)` the first time it is asked for in this run. A build that
    fails leaves nothing in place (the next worker tries again and fails the same way, with its own error)."""
    root = run_root(tmp_path_factory)
    target = root / name
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also if this process dies
        if not target.exists():
            partial = root / f"{name}.partial-{os.getpid()}"
            shutil.rmtree(partial, ignore_errors=True)
            try:
                build(partial)
                partial.rename(target)  # complete or absent: never half-built
            finally:
                shutil.rmtree(partial, ignore_errors=True)
    return target
