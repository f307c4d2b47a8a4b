"""Start the app (`streamlit run serve.py`) on a free local port for real-browser tests, and Chromium via Playwright."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "tests" / "artifacts"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(
    env_overrides: dict[str, str], *, port: int | None = None, extra_args: tuple[str, ...] = ()
) -> Iterator[str]:
    """Run the app as `make run` does (`streamlit run serve.py`: sessions behind a cookie) in a subprocess;
    yield its base URL once the health endpoint answers. `extra_args`: more `streamlit run` options."""
    port = port or free_port()
    env = {**os.environ, **env_overrides, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "serve.py"), "--server.port", str(port),
           "--server.headless", "true", "--server.address", "127.0.0.1", *extra_args]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {proc.stdout.read().decode(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError("streamlit did not start within 60 s")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def wait_until_idle(page, timeout_ms: int = 45_000) -> None:
    """Wait for the app to have rendered and finished running (no running indicator)."""
    page.wait_for_selector('[data-testid="stMain"]', timeout=timeout_ms)
    # The running indicator appears only some time after a run starts: on a busy machine the main area
    # can still be empty with no indicator yet, so wait for the first drawn text before trusting it.
    page.wait_for_function(
        """() => { const m = document.querySelector('[data-testid="stMain"]');
                  return m !== null && m.innerText.trim().length > 0; }""",
        timeout=timeout_ms,
        polling=250,
    )
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidget"]')
              && document.querySelectorAll('[data-testid="stSkeleton"]').length === 0""",
        timeout=timeout_ms,
        polling=250,
    )
    page.wait_for_timeout(400)  # let the last deltas paint
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms
    )
