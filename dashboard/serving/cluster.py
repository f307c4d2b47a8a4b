"""Start N Streamlit processes and HAProxy in front of them; stop them all together.

`running(...)` is a context manager used by `python -m dashboard serve`, benchmarks/bench_load.py and
tests/test_serve.py, so that all three start the app exactly the same way:

    with running(processes=2, port=8501) as cluster:
        cluster.url          # http://127.0.0.1:8501 (the proxy)
        cluster.pids()       # the Streamlit processes and the proxy (the benchmark reads their CPU time)
        cluster.supervise()  # restart a Streamlit process that died (the serve command calls it in a loop)

Every Streamlit process binds 127.0.0.1 only (nobody can bypass the proxy), gets the caller's environment
(DASHBOARD_DATA_DIR, DASHBOARD_AUTH, ...), and runs `serve.py` when the checkout has one (the st.App entry
with the sign-in routes), else `app.py`. Logs and the generated proxy configuration go to a fresh run
folder, removed on exit unless `keep_run_dir`.
"""

from __future__ import annotations

import contextlib
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dashboard import config
from dashboard.serving.haproxy import HEALTH_PATH, config_text

STARTUP_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 10.0


class ServeError(RuntimeError):
    """The cluster could not start: which part, why, and the end of its log."""


def haproxy_binary() -> str:
    found = shutil.which("haproxy") or next(
        (p for p in ("/usr/sbin/haproxy", "/usr/local/sbin/haproxy") if Path(p).exists()), None
    )
    if found is None:
        raise ServeError(
            "HAProxy is not installed: run `bash scripts/ensure_proxy.sh` (Debian: apt-get install -y haproxy)"
        )
    return found


def free_port(address: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((address, 0))
        return int(sock.getsockname()[1])


def entry_script(app_dir: Path) -> Path:
    """serve.py (st.App with the sign-in routes) when the checkout has it, else the plain page script."""
    served = app_dir / "serve.py"
    return served if served.exists() else app_dir / "app.py"


def healthy(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url + HEALTH_PATH, timeout=timeout) as resp:
            return bool(resp.status == 200)
    except OSError:
        return False


def _tail(path: Path, chars: int = 2000) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")[-chars:]
    except OSError:
        return ""


@dataclass
class Backend:
    name: str
    port: int
    log: Path
    proc: subprocess.Popen[bytes] | None = None
    restarts: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class Cluster:
    url: str
    run_dir: Path
    backends: list[Backend]
    command: list[str]
    env: dict[str, str]
    app_dir: Path
    user: str | None
    proxy: subprocess.Popen[bytes] | None = None
    events: list[str] = field(default_factory=list)

    def pids(self) -> list[int]:
        procs = [b.proc for b in self.backends] + [self.proxy]
        return [p.pid for p in procs if p is not None and p.poll() is None]

    def start_backend(self, backend: Backend) -> None:
        log = backend.log.open("ab")
        cmd = [*self.command, "--server.port", str(backend.port)]
        backend.proc = subprocess.Popen(
            cmd,
            cwd=self.app_dir,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            user=self.user,
            start_new_session=True,  # a Ctrl-C reaches the supervisor only, which stops them in order
        )
        log.close()

    def supervise(self) -> None:
        """Restart any Streamlit process that has exited (the proxy's health check skips it meanwhile)."""
        for backend in self.backends:
            if backend.proc is not None and backend.proc.poll() is not None:
                self.events.append(f"{backend.name} exited with {backend.proc.returncode}; restarting")
                backend.restarts += 1
                self.start_backend(backend)
        if self.proxy is not None and self.proxy.poll() is not None:
            raise ServeError(
                f"HAProxy exited with {self.proxy.returncode}:\n{_tail(self.run_dir / 'haproxy.log')}"
            )


def _stop(proc: subprocess.Popen[bytes] | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _wait_healthy(cluster: Cluster, deadline: float) -> None:
    waiting = list(cluster.backends)
    while waiting:
        for backend in list(waiting):
            if backend.proc is not None and backend.proc.poll() is not None:
                raise ServeError(
                    f"{backend.name} (port {backend.port}) exited with {backend.proc.returncode}:\n"
                    f"{_tail(backend.log)}"
                )
            if healthy(backend.url):
                waiting.remove(backend)
        if waiting and time.monotonic() > deadline:
            names = ", ".join(b.name for b in waiting)
            raise ServeError(f"{names} not healthy after {STARTUP_TIMEOUT_S:.0f} s:\n{_tail(waiting[0].log)}")
        if waiting:
            time.sleep(0.3)


@contextlib.contextmanager
def running(
    *,
    processes: int,
    port: int,
    bind: str = "0.0.0.0",
    app_dir: Path = config.PROJECT_ROOT,
    env: Mapping[str, str] | None = None,
    user: str | None = None,
    keep_run_dir: bool = False,
    python: str = sys.executable,
) -> Iterator[Cluster]:
    """The proxy on `bind:port` over `processes` Streamlit processes of the checkout `app_dir`."""
    if processes < 1:
        raise ServeError("--processes must be at least 1")
    run_dir = Path(tempfile.mkdtemp(prefix="dashboard-serve-"))
    child_env = {**config.process_environment(), **(env or {})}
    child_env["PYTHONPATH"] = str(app_dir)
    # The proxy connects from loopback: believe its X-Forwarded-For (sign-in limits count the real client).
    child_env.setdefault("DASHBOARD_TRUSTED_PROXIES", "127.0.0.1/32,::1/128")
    if user:  # started as root: the run folder and the processes belong to the serving user
        shutil.chown(run_dir, user=user)
        account = pwd.getpwnam(user)
        child_env.update(HOME=account.pw_dir, USER=user, LOGNAME=user)
    command = [
        python, "-m", "streamlit", "run", str(entry_script(app_dir)),
        "--server.address", "127.0.0.1", "--server.headless", "true",
        "--server.fileWatcherType", "none", "--server.runOnSave", "false",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    backends = [Backend(f"app{i + 1}", free_port(), run_dir / f"app{i + 1}.log") for i in range(processes)]
    cluster = Cluster(
        url=f"http://127.0.0.1:{port}" if bind in ("0.0.0.0", "::", "127.0.0.1") else f"http://{bind}:{port}",
        run_dir=run_dir,
        backends=backends,
        command=command,
        env=child_env,
        app_dir=app_dir,
        user=user,
    )
    try:
        for backend in backends:
            cluster.start_backend(backend)
        _wait_healthy(cluster, time.monotonic() + STARTUP_TIMEOUT_S)
        cfg = run_dir / "haproxy.cfg"
        cfg.write_text(
            config_text(bind=bind, port=port, backend_ports=[b.port for b in backends], user=user),
            encoding="utf-8",
        )
        with (run_dir / "haproxy.log").open("ab") as log:
            # -db: one process in the foreground (the supervisor owns it; its CPU time is one /proc entry).
            cluster.proxy = subprocess.Popen(
                [haproxy_binary(), "-db", "-f", str(cfg)],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 15
        while not healthy(cluster.url):
            if cluster.proxy.poll() is not None or time.monotonic() > deadline:
                raise ServeError(f"HAProxy did not start on {bind}:{port}:\n{_tail(run_dir / 'haproxy.log')}")
            time.sleep(0.2)
        yield cluster
    finally:
        _stop(cluster.proxy)
        for backend in backends:
            _stop(backend.proc)
        if not keep_run_dir:
            shutil.rmtree(run_dir, ignore_errors=True)
