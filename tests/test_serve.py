"""`make serve` for real: two Streamlit processes behind HAProxy (dashboard/serving/), through the proxy.

One cluster for the module (it takes ~15 s to start): sign-in through the real form and a page drawn
over the proxied websocket; the sticky cookie (a new browser is balanced, a known one always reaches the
same process: a download link exists only in the process that drew the page); the health check (a
process that dies is taken out, the others go on serving, and the supervisor restarts it); a signed-in
browser sent to the other process stays signed in (Chromium), and its sign-out holds on both.
"""

from __future__ import annotations

import asyncio
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.streamlit_client import StreamlitClient
from dashboard.i18n import t
from dashboard.serving.cluster import Cluster, free_port, healthy, running
from dashboard.serving.haproxy import STICKY_COOKIE, config_text
from tests.auth_helpers import PASSWORDS, USERS
from tests.fixture_snapshot import A


@pytest.fixture(scope="module")
def cluster(fixture_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    from dashboard.auth.users import add_user

    data = tmp_path_factory.mktemp("serve-data")
    (data / "snapshots").symlink_to(fixture_data_dir / "snapshots", target_is_directory=True)
    users = data / "users.toml"
    env = {"DASHBOARD_DATA_DIR": str(data), "DASHBOARD_AUTH": "on", "DASHBOARD_USERS_FILE": str(users)}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DASHBOARD_BCRYPT_ROUNDS", "4")
        for login, role, hromada in USERS:
            add_user(login, role, PASSWORDS[login], hromada, path=users)
    with running(processes=2, port=free_port(), bind="127.0.0.1", env=env) as started:
        yield started


def get(url: str, cookie: str | None = None) -> tuple[int, dict[str, str]]:
    """Status and Set-Cookie values (name -> value) of a page load."""
    headers = {"Accept": "text/html", **({"Cookie": cookie} if cookie else {})}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as resp:
            resp.read()
            cookies = [h.split(";")[0].split("=", 1) for h in resp.headers.get_all("Set-Cookie") or []]
            return resp.status, {name: value for name, value in cookies}
    except urllib.error.HTTPError as exc:
        return exc.code, {}


def test_config_is_sticky_and_health_checked() -> None:
    text = config_text(bind="0.0.0.0", port=8080, backend_ports=[9001, 9002])
    assert "bind 0.0.0.0:8080" in text
    assert f"cookie {STICKY_COOKIE} insert indirect nocache httponly" in text
    assert "http-check send meth GET uri /_stcore/health" in text
    assert "server app1 127.0.0.1:9001 check" in text and "cookie app2" in text
    assert "timeout tunnel" in text  # websockets stay open through the proxy
    assert "user " not in text  # no privilege drop unless asked
    assert "cache-use static_files if { path_beg /static/ }" in text  # only Streamlit's own files
    assert "cache-store static_files unless { res.hdr(set-cookie) -m found }" in text  # no cookie replayed


def test_sign_in_and_a_page_through_the_proxy(cluster: Cluster) -> None:
    async def scenario() -> None:
        client = StreamlitClient(cluster.url, timeout_s=90)
        await client.connect()
        assert client.cookies.get(STICKY_COOKIE) in {"app1", "app2"}
        form = await client.run("", "")
        assert any(secret for _, _, secret in form.inputs), "the sign-in form comes first"
        assert form.count("plotly_chart") == 0  # nothing of the dashboard before sign-in
        page = await client.sign_in("head_a", PASSWORDS["head_a"])
        assert not page.errors, page.errors
        crime = await client.run("crime", f"hromada={A}")
        assert not crime.errors, crime.errors
        assert crime.count("plotly_chart") >= 1 and crime.count("metric") >= 1
        # The default page by its own slug, as people type it like /crime: no "Page not found".
        overview = await client.run("overview", f"hromada={A}")
        assert not overview.errors, overview.errors
        assert overview.count("metric") >= 1
        await client.close()

    asyncio.run(scenario())


def test_browsers_are_balanced_and_stay_on_their_process(cluster: Cluster) -> None:
    first = {get(cluster.url + "/")[1].get(STICKY_COOKIE) for _ in range(4)}
    assert first == {"app1", "app2"}, "new browsers are spread over both processes"
    status, cookies = get(cluster.url + "/", f"{STICKY_COOKIE}=app2")
    assert status == 200 and STICKY_COOKIE not in cookies  # a known browser keeps its process

    async def download_link() -> tuple[str, str]:
        """A page drawn for a new browser, and the URL of one of its download files (which only the
        process that drew the page has in memory)."""
        client = StreamlitClient(cluster.url, timeout_s=90)
        await client.connect()
        await client.sign_in("adm", PASSWORDS["adm"])
        run = await client.run("crime", "")
        assert run.downloads, run.elements
        url = await client.download_url(run.downloads[0])
        await client.close()
        return client.cookies[STICKY_COOKIE], url

    pinned, url = asyncio.run(download_link())
    other = "app2" if pinned == "app1" else "app1"
    assert get(cluster.url + url, f"{STICKY_COOKIE}={pinned}")[0] == 200
    assert get(cluster.url + url, f"{STICKY_COOKIE}={other}")[0] == 404  # why stickiness is needed


def fetch_raw(url: str, headers: dict[str, str]) -> tuple[dict[str, str], bytes]:
    """Response headers (lower-case names) and the body as sent (not decompressed)."""
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as resp:
        return {k.lower(): v for k, v in resp.headers.items()}, resp.read()


def test_static_files_come_from_the_proxy_cache_compressed(cluster: Cluster) -> None:
    """Streamlit's front-end code is sent by HAProxy from its cache, gzip-compressed, byte for byte the
    installed file; a page load is neither compressed nor cached (and a session's download files, under
    /media/, are not cached either: the test above gets a 404 for one from the other process)."""
    import gzip

    import streamlit

    js_dir = Path(streamlit.__file__).parent / "static" / "static" / "js"
    plotly = next(js_dir.glob("PlotlyChart.*.js"))  # the largest file a page with charts loads (≈ 4.7 MB)
    browser = {"Accept-Encoding": "gzip, deflate", "Cookie": f"{STICKY_COOKIE}=app1"}
    url = f"{cluster.url}/static/js/{plotly.name}"
    fetch_raw(url, browser)  # the first request stores it (if no earlier test's browser did)
    headers, body = fetch_raw(url, browser)
    assert "age" in headers, "served from HAProxy's cache (only a cached response carries Age)"
    assert headers.get("content-encoding") == "gzip"
    assert gzip.decompress(body) == plotly.read_bytes()
    assert len(body) < plotly.stat().st_size * 0.6  # libslz: ≈ 0.46 of it
    plain_headers, plain = fetch_raw(url, {"Cookie": f"{STICKY_COOKIE}=app1"})  # a client without gzip
    assert "content-encoding" not in plain_headers and plain == plotly.read_bytes()

    page_headers, _ = fetch_raw(f"{cluster.url}/", {**browser, "Accept": "text/html"})
    assert "content-encoding" not in page_headers and "age" not in page_headers


def test_a_static_response_that_sets_a_cookie_is_never_replayed(tmp_path: Path) -> None:
    """The generated configuration over a stand-in backend that answers every `/static/` file as cacheable,
    one of them with a new cookie each time: that one always comes from the backend (its cookie never
    reaches another browser); the other one comes from the cache (the control: caching is on)."""
    import http.server
    import itertools
    import subprocess
    import threading

    from dashboard.serving.cluster import haproxy_binary

    counter = itertools.count()

    class Backend(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # the name http.server calls
            body = b"console.log(1)"
            self.send_response(200)
            self.send_header("Content-Type", "application/javascript")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "public, immutable, max-age=31536000")
            if self.path.startswith("/static/with-cookie"):
                self.send_header("Set-Cookie", f"secret=browser{next(counter)}; Path=/")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Backend)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = free_port()
    cfg = tmp_path / "haproxy.cfg"
    cfg.write_text(config_text(bind="127.0.0.1", port=port, backend_ports=[server.server_address[1]]))
    proxy = subprocess.Popen([haproxy_binary(), "-db", "-f", str(cfg)], stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 15
        while not healthy(f"http://127.0.0.1:{port}"):
            assert time.monotonic() < deadline, "HAProxy did not start"
            time.sleep(0.2)
        browser = {"Cookie": f"{STICKY_COOKIE}=app1"}
        seen = []
        for _ in range(3):
            headers, _ = fetch_raw(f"http://127.0.0.1:{port}/static/with-cookie.js", browser)
            assert "age" not in headers
            seen.append(headers["set-cookie"])
        assert len(set(seen)) == 3, seen  # each browser got the backend's own answer
        for _ in range(2):
            headers, _ = fetch_raw(f"http://127.0.0.1:{port}/static/plain.js", browser)
        assert "age" in headers  # the control: a cookie-free static file is cached
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)
        server.shutdown()


def test_a_dead_process_is_taken_out_and_restarted(cluster: Cluster) -> None:
    victim = cluster.backends[0]
    assert victim.proc is not None
    victim.proc.kill()
    victim.proc.wait()
    # The proxy keeps answering throughout: a browser pinned to the dead process is sent to the other one.
    for _ in range(5):
        assert get(cluster.url + "/", f"{STICKY_COOKIE}={victim.name}")[0] == 200
        time.sleep(0.5)
    cluster.supervise()
    assert victim.restarts == 1
    deadline = time.monotonic() + 90
    while not healthy(victim.url):
        assert time.monotonic() < deadline, "the restarted process did not become healthy"
        time.sleep(0.5)


@pytest.mark.browser
def test_a_signed_in_browser_moved_to_the_other_process_stays_signed_in(cluster: Cluster) -> None:
    """Sessions live in the shared store (auth.sqlite3), not in a process: when the proxy sends a browser
    to the other process (its own died, or it was rebalanced), the user is still signed in there, and a
    sign-out made on one process ends the session on both."""
    from tests.browser_server import chromium, sign_in, signed_in
    from tests.test_browser_sessions import VIEWPORT, session_cookie, shows_form

    with chromium() as browser:  # closed before the next test: its event loop would break asyncio.run
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        page.goto(f"{cluster.url}/crime?hromada={A}")
        sign_in(page, "adm")
        session_cookie(context)
        first = next(c for c in context.cookies() if c["name"] == STICKY_COOKIE)
        other = "app2" if first["value"] == "app1" else "app1"
        context.add_cookies([{**first, "value": other}])
        page.reload()
        signed_in(page)  # the other process knows the session
        assert next(c["value"] for c in context.cookies() if c["name"] == STICKY_COOKIE) == other
        assert page.get_by_label(t("auth.password", "uk"), exact=True).count() == 0
        page.get_by_role("button", name=t("auth.logout", "uk")).click()
        shows_form(page)
        session_cookie(context, present=False)
        context.add_cookies([first])  # back to the first process: the session has ended there too
        page.reload()
        shows_form(page)
