"""Serving on a real server: several Streamlit processes behind HAProxy (`python -m dashboard serve`).

- `haproxy`  the proxy's configuration: cookie-sticky sessions, health checks, websockets
- `cluster`  starts the Streamlit processes and the proxy, waits until healthy, restarts a process that
             dies, stops everything on exit (used by the `serve` command, benchmarks/bench_load.py and
             tests/test_serve.py)
"""
