"""Many viewers at once (issue 14): N browser tabs open the overview, then the crime page, at the same moment.

    .venv/bin/python benchmarks/bench_load.py --clients 1 10 25 50 --against 1132e9e
    .venv/bin/python benchmarks/bench_load.py --data benchmarks/out/national --clients 25 --auth on

For every client count, and for this checkout and (with --against REV) the given git revision in the same
run, alternately: start the app as `make serve` does (dashboard/serving/cluster.py: N Streamlit processes
behind HAProxy, fresh for every measurement so no client finds another measurement's cache), warm it with
one client on the whole oblast, connect N clients (benchmarks/streamlit_client.py, the real websocket
protocol), each a different hromada (every 7th a raion, every 10th in English), and let them all open the
pages at once. Printed per page: median / p90 / max seconds until `script_finished`, errors (exceptions,
error messages on the page, timeouts, refused connections), the server's CPU seconds per render (user +
system time of the Streamlit processes and the proxy, from /proc, over the measured phase) and its peak
memory (the sum of their RSS, sampled every 0.2 s); then the ratio of the revision's figures to this
checkout's.

`--auth off` (default): DASHBOARD_AUTH=off, anonymous tabs. `--auth on`: every client signs in through the
real sign-in form (the websocket, as a person types it) as its own user: heads of their hromada, partners
for the raion clients, administrators for every 10th; users are written to a users file of the run
(bcrypt cost 4 to keep 50 sign-ins cheap; the timed pages come after the sign-in).

Bounded: every render times out after --timeout seconds (counted as an error); loopback only. The
revision is exported with `git archive` into a temporary folder (the repository is not touched) and run
with this venv's Python. `--profile DIR` records each Streamlit process of this checkout with py-spy
during the measured phase of the largest client count and prints where the time went.

`--sequential N`: instead of clients at once, N viewers one after another on one process (login off), each
opening every page and then every page again; prints the server's CPU seconds per render of each page
(first visit and reopened), for this checkout and the revision. With clients at once the CPU cannot be
told apart by page; alone, each render's CPU is its own.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import ROOT, ensure_demo, export_revision
from benchmarks.streamlit_client import ProtocolError, StreamlitClient
from dashboard.serving.cluster import free_port, running

PASSWORD = "bench-load-not-a-secret"
TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


# --- who the clients are ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Viewer:
    index: int
    role: str  # admin | head | partner (only used with --auth on)
    login: str
    hromada: str | None
    raion: str
    lang: str

    def query_string(self) -> str:
        parts = [f"lang={self.lang}", f"raion={self.raion}"]
        if self.hromada:
            parts.append(f"hromada={self.hromada}")
        return "&".join(parts)


def snapshot_hromadas(data_dir: Path) -> list[tuple[str, str]]:
    """(katottg, raion katottg) of every hromada in the newest snapshot of the data folder."""
    from dashboard.snapshots import connect_readonly, list_snapshots

    newest = list_snapshots(data_dir / "snapshots")[-1]
    con = connect_readonly(newest.path)
    try:
        rows = con.execute("SELECT katottg, raion_katottg FROM hromadas ORDER BY katottg").fetchall()
    finally:
        con.close()
    return [(str(k), str(r)) for k, r in rows]


def viewers(count: int, hromadas: list[tuple[str, str]]) -> list[Viewer]:
    """`count` clients, each on a different hromada (spread over the list), every 7th on a raion as a
    partner in English, every 10th an administrator."""
    step = max(1, len(hromadas) // max(count, 1))
    out = []
    for i in range(count):
        katottg, raion = hromadas[(i * step) % len(hromadas)]
        if i % 10 == 9:
            out.append(Viewer(i, "admin", f"admin{i:03d}", katottg, raion, "uk"))
        elif i % 7 == 6:
            out.append(Viewer(i, "partner", f"partner{i:03d}", None, raion, "en"))
        else:
            out.append(Viewer(i, "head", f"head{i:03d}", katottg, raion, "uk"))
    return out


def write_users(path: Path, people: list[Viewer]) -> None:
    """The run's users file (cost-4 bcrypt hashes: sign-in is not what this benchmark measures)."""
    os.environ["DASHBOARD_BCRYPT_ROUNDS"] = "4"  # read by dashboard.config when add_user hashes
    from dashboard.auth.users import add_user

    for person in people:
        add_user(
            person.login, person.role, PASSWORD, person.hromada if person.role == "head" else None, path=path
        )


# --- the server's CPU time and memory, from /proc --------------------------------------------------------------


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (all threads)
    return total / TICKS


def rss_bytes(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
        except OSError:
            continue
    return total


@contextmanager
def memory_peak(pids: list[int]) -> Iterator[list[int]]:
    peak = [rss_bytes(pids)]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.2):
            peak[0] = max(peak[0], rss_bytes(pids))

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield peak
    finally:
        stop.set()
        thread.join()
        peak[0] = max(peak[0], rss_bytes(pids))


# --- one measurement ----------------------------------------------------------------------------------------


@dataclass
class Result:
    label: str
    clients: int
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)
    samples: list[str] = field(default_factory=list)
    cpu_per_render: float = float("nan")
    peak_mb: float = float("nan")
    signin_s: list[float] = field(default_factory=list)


# Pages about one hromada: a viewer without one (a raion) gets a list to pick from, no chart or table.
PICKS_A_HROMADA = {"profile"}


def page_name(slug: str) -> str:
    return "" if slug == "overview" else slug  # the default page answers to the empty name


async def open_client(url: str, viewer: Viewer, auth: bool, timeout: float) -> tuple[StreamlitClient, float]:
    client = StreamlitClient(url, timeout_s=timeout)
    started = time.perf_counter()
    await client.connect()
    if auth:
        await client.sign_in(viewer.login, PASSWORD, "", viewer.query_string())
    return client, time.perf_counter() - started


async def measure(url: str, pids: list[int], people: list[Viewer], pages: list[str], auth: bool,
                  timeout: float, result: Result) -> None:  # fmt: skip
    opened = await asyncio.gather(
        *(open_client(url, v, auth, timeout) for v in people), return_exceptions=True
    )
    clients: list[tuple[Viewer, StreamlitClient]] = []
    for viewer, item in zip(people, opened, strict=True):
        if isinstance(item, BaseException):
            result.errors["connect"] += len(pages)
            result.samples.append(f"client {viewer.index} ({viewer.login}): {type(item).__name__}: {item}")
        else:
            clients.append((viewer, item[0]))
            result.signin_s.append(item[1])

    async def browse(viewer: Viewer, client: StreamlitClient) -> None:
        for slug in pages:
            try:
                run = await client.run(page_name(slug), viewer.query_string())
            except (TimeoutError, ProtocolError, OSError, websockets_errors()) as exc:
                result.errors[slug] += 1
                result.samples.append(f"{slug} client {viewer.index}: {type(exc).__name__}: {exc}")
                return
            result.times.setdefault(slug, []).append(run.seconds)
            drew_data = run.count("plotly_chart") or run.count("dataframe")
            if not run.errors and not drew_data and (viewer.hromada or slug not in PICKS_A_HROMADA):
                run.errors.append("the page drew no chart or table (nothing published for this role?)")
            if run.errors:
                result.errors[slug] += 1
                result.samples.append(f"{slug} client {viewer.index}: {run.errors[0]}")

    cpu_before = cpu_seconds(pids)
    with memory_peak(pids) as peak:
        await asyncio.gather(*(browse(v, c) for v, c in clients))
    renders = sum(len(v) for v in result.times.values())
    result.cpu_per_render = (cpu_seconds(pids) - cpu_before) / renders if renders else float("nan")
    result.peak_mb = peak[0] / 1e6
    await asyncio.gather(*(c.close() for _, c in clients), return_exceptions=True)


def websockets_errors() -> type[Exception]:
    import websockets

    return websockets.exceptions.WebSocketException


async def warm(url: str, processes: list[str], pages: list[str], auth: bool, timeout: float) -> None:
    """One client on the whole oblast opens every page once in every process (pinned by the proxy's
    sticky cookie): modules imported, connections opened, as on a server that has been up a while."""
    from dashboard.serving.haproxy import STICKY_COOKIE

    for name in processes:
        client = StreamlitClient(url, timeout_s=timeout, cookies={STICKY_COOKIE: name})
        await client.connect()
        if auth:
            await client.sign_in("warmup", PASSWORD)
        for slug in pages:
            await client.run(page_name(slug), "lang=uk")
        await client.close()


def run_one(label: str, app_dir: Path, data_dir: Path, people: list[Viewer], args: argparse.Namespace,
            profile_dir: Path | None) -> Result:  # fmt: skip
    env = {"DASHBOARD_DATA_DIR": str(data_dir), "DASHBOARD_AUTH": args.auth}
    if args.auth == "on":
        env["DASHBOARD_USERS_FILE"] = str(data_dir / "users.toml")
    result = Result(label, len(people))
    with running(
        processes=args.processes, port=free_port(), bind="127.0.0.1", app_dir=app_dir, env=env
    ) as cl:
        asyncio.run(warm(cl.url, [b.name for b in cl.backends], args.pages, args.auth == "on", args.timeout))
        spies = _start_profiler(cl.pids()[: len(cl.backends)], profile_dir) if profile_dir else []
        asyncio.run(measure(cl.url, cl.pids(), people, args.pages, args.auth == "on", args.timeout, result))
        _stop_profiler(spies)
    return result


# --- one client at a time: CPU per render of each page ---------------------------------------------------


async def measure_sequential(url: str, pid: int, people: list[Viewer], pages: list[str], timeout: float,
                             out: dict[str, list[float]]) -> None:  # fmt: skip
    """Each viewer in turn opens every page, then every page again (a page switch back: what the caches
    keep); the server's CPU seconds of each render, measured alone, so they belong to that page."""
    for viewer in people:
        client = StreamlitClient(url, timeout_s=timeout)
        await client.connect()
        for again in ("", " again"):
            for slug in pages:
                before = cpu_seconds([pid])
                await client.run(page_name(slug), viewer.query_string())
                await asyncio.sleep(0.05)  # the last messages are sent after script_finished
                out.setdefault(slug + again, []).append(cpu_seconds([pid]) - before)
        await client.close()


def run_sequential(app_dir: Path, data_dir: Path, people: list[Viewer],
                   args: argparse.Namespace) -> dict[str, list[float]]:  # fmt: skip
    env = {"DASHBOARD_DATA_DIR": str(data_dir), "DASHBOARD_AUTH": "off"}
    out: dict[str, list[float]] = {}
    with running(processes=1, port=free_port(), bind="127.0.0.1", app_dir=app_dir, env=env) as cl:
        asyncio.run(warm(cl.url, [b.name for b in cl.backends], args.pages, False, args.timeout))
        asyncio.run(measure_sequential(cl.url, cl.pids()[0], people, args.pages, args.timeout, out))
    return out


def print_sequential(results: dict[str, dict[str, list[float]]]) -> None:
    labels = list(results)
    print("\nserver CPU seconds per render, one client at a time (median; «again»: the same page reopened)")
    print(f"| page | {' | '.join(labels)} |")
    print(f"|---|{'---|' * len(labels)}")
    for slug in results[labels[-1]]:
        cells = [f"{statistics.median(results[name][slug]):.3f}" if slug in results[name] else "–"
                 for name in labels]  # fmt: skip
        print(f"| {slug} | {' | '.join(cells)} |")


# --- profiling (py-spy) -----------------------------------------------------------------------------------


def _start_profiler(pids: list[int], out: Path) -> list[subprocess.Popen[bytes]]:
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    out.mkdir(parents=True, exist_ok=True)
    return [
        subprocess.Popen(
            [
                spy,
                "record",
                "--pid",
                str(pid),
                "--rate",
                "50",
                "--format",
                "raw",  # collapsed stacks
                # Only the thread holding the GIL: without it, the sessions' script threads that wait for
                # the GIL are sampled as busy too, and the shares are those of waiting, not of CPU. (Work
                # in native code that releases the GIL, e.g. a DuckDB query, is then not counted.)
                "--gil",
                "--output",
                str(out / f"profile-{pid}.txt"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for pid in pids
    ]


def _stop_profiler(spies: list[subprocess.Popen[bytes]]) -> None:
    for spy in spies:
        spy.send_signal(2)  # SIGINT: py-spy writes its file and exits
    for spy in spies:
        try:
            spy.wait(timeout=60)
        except subprocess.TimeoutExpired:
            spy.kill()


PAGE_FILES = {p.name for p in (ROOT / "dashboard" / "pages").glob("*.py")} | {"app.py"}


def _frame(text: str) -> tuple[str, str]:
    """'func (path/to/file.py:123)' -> ('func', 'path/to/file.py')."""
    func, _, where = text.rpartition(" (")
    return func, where.rsplit(":", 1)[0]


def _is_project(path: str) -> bool:
    return path.startswith("dashboard/") or path in PAGE_FILES


def _package(path: str) -> str:
    if _is_project(path):
        return "dashboard (project code)"
    head = path.split("/", 1)[0]
    return head if "/" in path else "python (stdlib)"


def summarize_profile(directory: Path, top: int = 22) -> None:
    """py-spy's collapsed stacks of the Streamlit processes during the measured phase: the busy time of
    script runs (the ScriptRunner thread) vs the rest, then where script runs spend it: by package (where
    the CPU actually is), by project function (inclusive), and the library calls project code makes."""
    by_package: Counter[str] = Counter()
    project: Counter[str] = Counter()
    calls: Counter[str] = Counter()
    script = other = 0
    for path in directory.glob("profile-*.txt"):
        for line in path.read_text(errors="replace").splitlines():
            stack, _, count_text = line.rpartition(" ")
            if not stack or not count_text.isdigit():
                continue
            count = int(count_text)
            frames = [_frame(f) for f in stack.split(";")]
            if not any(f == "ScriptRunner._run_script" for f, _ in frames):
                other += count
                continue
            script += count
            by_package[_package(frames[-1][1])] += count
            seen: set[str] = set()
            last_project = -1
            for i, (func, where) in enumerate(frames):
                if _is_project(where):
                    last_project = i
                    name = f"{func} ({where})"
                    if name not in seen:
                        seen.add(name)
                        project[name] += count
            if 0 <= last_project < len(frames) - 1:
                func, where = frames[last_project + 1]
                calls[f"{frames[last_project][0]} -> {func} ({where})"] += count
    if not script:
        print("profile: no samples of script runs")
        return
    print(f"\nprofile: {script} busy samples in script runs, {other} elsewhere (server: websocket, messages)")
    print("  script-run time by package of the running function (self time):")
    for name, count in by_package.most_common(10):
        print(f"    {100 * count / script:5.1f} %  {name}")
    print("  project functions (inclusive share of script-run time):")
    for name, count in project.most_common(top):
        print(f"    {100 * count / script:5.1f} %  {name}")
    print("  library calls made by project code (inclusive):")
    for name, count in calls.most_common(top):
        print(f"    {100 * count / script:5.1f} %  {name}")


# --- revisions and data folders -----------------------------------------------------------------------------


def run_data_dir(source: Path, into: Path, people: list[Viewer], auth: bool) -> Path:
    """A data folder of the run: the source's snapshots (linked, read-only use), its disclosure key (so
    partners see the same rounding in both revisions), fresh audit log and sign-in store."""
    into.mkdir(parents=True)
    (into / "snapshots").symlink_to((source / "snapshots").resolve())
    key = source / "disclosure.key"
    if key.exists():
        shutil.copy2(key, into / "disclosure.key")
    if auth:
        warmup = Viewer(-1, "admin", "warmup", None, "", "uk")
        write_users(into / "users.toml", [warmup, *people])
    return into


# --- report -------------------------------------------------------------------------------------------------


def p90(values: list[float]) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


def print_table(results: list[Result], pages: list[str]) -> None:
    print("\n| revision | clients | page | median s | p90 s | max s | errors | CPU s/render | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        for slug in pages:
            times = r.times.get(slug, [])
            med = statistics.median(times) if times else float("nan")
            print(f"| {r.label} | {r.clients} | {slug} | {med:.2f} | {p90(times):.2f} | "
                  f"{max(times, default=float('nan')):.2f} | {r.errors[slug] + r.errors['connect'] // len(pages)} | "
                  f"{r.cpu_per_render:.2f} | {r.peak_mb:.0f} |")  # fmt: skip


def print_ratios(results: list[Result], pages: list[str], label: str, against: str) -> None:
    print(f"\nratio {against} / {label} (how many times slower or heavier the revision is)")
    print("| clients | page | median | p90 | CPU s/render | peak RSS |")
    print("|---|---|---|---|---|---|")
    mine = {r.clients: r for r in results if r.label == label}
    for other in (r for r in results if r.label == against):
        me = mine.get(other.clients)
        if me is None:
            continue
        for slug in pages:
            a, b = other.times.get(slug, []), me.times.get(slug, [])
            if not a or not b:
                continue
            print(f"| {other.clients} | {slug} | {statistics.median(a) / statistics.median(b):.1f}× | "
                  f"{p90(a) / p90(b):.1f}× | {other.cpu_per_render / me.cpu_per_render:.1f}× | "
                  f"{other.peak_mb / me.peak_mb:.2f}× |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, help="data folder with snapshots/ (default: the oblast demo)")
    parser.add_argument("--scale", choices=["oblast", "national"], default="oblast",
                        help="demo built under benchmarks/out when --data is not given")  # fmt: skip
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 10, 25, 50])
    parser.add_argument("--pages", nargs="+", default=["overview", "crime"])
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--auth", choices=["off", "on"], default="off")
    parser.add_argument("--against", metavar="REV", help="also measure this git revision, in the same run")
    parser.add_argument(
        "--timeout", type=float, default=120.0, help="seconds before a render counts as failed"
    )
    parser.add_argument(
        "--profile", type=Path, metavar="DIR", help="py-spy this checkout at the largest count"
    )
    parser.add_argument(
        "--sequential", type=int, metavar="N",
        help="instead: N viewers one at a time on one process, CPU per render of each page",
    )  # fmt: skip
    args = parser.parse_args()

    source = args.data.resolve() if args.data else ensure_demo(args.scale)[0].parent
    hromadas = snapshot_hromadas(source)
    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    label = "this"
    revisions = [(label, ROOT)]
    if args.against:
        revisions.insert(0, (args.against, export_revision(args.against, work / "rev")))
    print(f"data {source}; {args.processes} Streamlit processes behind HAProxy; auth {args.auth}; "
          f"pages {' then '.join(args.pages)}; load average {os.getloadavg()[0]:.1f} (other work on the machine "
          f"makes figures noisy)", flush=True)  # fmt: skip
    results: list[Result] = []
    try:
        if args.sequential:
            people = viewers(args.sequential, hromadas)
            per_page = {}
            for name, app_dir in revisions:
                data_dir = run_data_dir(source, work / f"data-{name}", people, False)
                per_page[name] = run_sequential(app_dir, data_dir, people, args)
            print_sequential(per_page)
            return
        for count in args.clients:
            people = viewers(count, hromadas)
            for name, app_dir in revisions:
                data_dir = run_data_dir(source, work / f"data-{name}-{count}", people, args.auth == "on")
                profile = (
                    work / "profile"
                    if args.profile and name == label and count == max(args.clients)
                    else None
                )
                started = time.perf_counter()
                result = run_one(name, app_dir, data_dir, people, args, profile)
                results.append(result)
                times = [t for v in result.times.values() for t in v]
                print(f"  {name:>10s} {count:3d} clients: {len(times)} renders, {sum(result.errors.values())} "
                      f"errors, {time.perf_counter() - started:.0f} s", flush=True)  # fmt: skip
                for sample in result.samples[:3]:
                    print(f"      {sample}", flush=True)
                if profile:
                    args.profile.mkdir(parents=True, exist_ok=True)
                    for path in profile.glob("*.txt"):
                        shutil.copy2(path, args.profile / path.name)
        print_table(results, args.pages)
        if args.against:
            print_ratios(results, args.pages, label, args.against)
        if args.profile:
            summarize_profile(args.profile)
        print(f"load average at the end {os.getloadavg()[0]:.1f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
