"""`python -m dashboard serve`: the dashboard for many users on one server (what `make serve` runs).

Starts several Streamlit processes (default: one per CPU core) behind HAProxy on PORT, with sticky
sessions and health checks (dashboard/serving/), restarts a process that dies, and stops everything on
Ctrl-C or SIGTERM. The processes read the same environment as `make run` (DASHBOARD_DATA_DIR,
DASHBOARD_AUTH, ...). `make run` stays the simple one-process way.

    python -m dashboard serve --port 8501 --processes 4
    sudo python -m dashboard serve --port 80 --user dashboard   # started as root: run as `dashboard`

Started as root without --user, the processes and the proxy run as the owner of the data folder when that
is not root (the user who must write the audit log and sign-in store anyway); otherwise a warning.
"""

from __future__ import annotations

import argparse
import os
import pwd
import signal
import sys
import time

from dashboard.config import data_dir
from dashboard.serving.cluster import ServeError, running


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("serve", help="several Streamlit processes behind HAProxy (production serving)")
    parser.add_argument("--port", type=int, default=8501, help="the proxy's port (default 8501)")
    parser.add_argument("--bind", default="0.0.0.0", help="the proxy's address (default: all interfaces)")
    parser.add_argument(
        "--processes", type=int, default=os.cpu_count() or 1, help="Streamlit processes (default: CPU cores)"
    )
    parser.add_argument(
        "--user", help="when started as root: run the processes and the proxy as this user (it must be able "
        "to write the data folder: audit log, sign-in store)"
    )  # fmt: skip
    parser.set_defaults(func=run)


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serving_user(requested: str | None) -> str | None:
    """Who the processes run as: --user, else (started as root) the data folder's owner if not root."""
    if requested or os.geteuid() != 0:
        return requested
    try:
        owner = pwd.getpwuid(data_dir().stat().st_uid).pw_name
    except (OSError, KeyError):
        return None
    return owner if owner != "root" else None


def run(args: argparse.Namespace) -> int:
    user = serving_user(args.user)
    if os.geteuid() == 0 and not user:
        print("warning: running as root (the data folder is root's); pass --user NAME to run the dashboard "
              "as an unprivileged user that can write the data folder", file=sys.stderr)  # fmt: skip
    signal.signal(signal.SIGTERM, _stop)
    try:
        with running(processes=args.processes, port=args.port, bind=args.bind, user=user) as cluster:
            print(f"Dashboard: {cluster.url}  ({args.processes} Streamlit processes behind HAProxy; "
                  f"logs and proxy configuration in {cluster.run_dir}"
                  f"{'; running as ' + user if user else ''})", flush=True)  # fmt: skip
            while True:
                time.sleep(2)
                cluster.supervise()
                for event in cluster.events:
                    print(event, file=sys.stderr, flush=True)
                cluster.events.clear()
    except ServeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    return 0
