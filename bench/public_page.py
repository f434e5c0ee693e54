"""Issue 13's speed target: the public dialogue page, served from its cache, against a bare Django
view rendering the public base template, under the same gunicorn set-up, side by side.

    make bench                                  # with the other scripts
    .venv/bin/python bench/public_page.py       # alone: 5 rounds of 5 s per address
    .venv/bin/python bench/public_page.py --quick   # 2 short rounds: shows it works, proves nothing

The set-up is production's (README "Production"): gunicorn with 2 sync workers, DEBUG off, the
full middleware, and the cache in Redis (REDIS_URL), the one cache the workers share: a page one
worker rendered and cached is served by the other, and a change seen by one drops the copy for
both. The local-memory cache would be one per worker (and is not what production runs). The keys
carry a prefix of this run's own (`pubbench-<pid>`) and are deleted at the end. Without a Redis
answering at BENCH_REDIS_URL (default redis://127.0.0.1:6379/0) the file-based cache, also shared
by the workers, is used instead and the table says so.

- the database: the demo (`migrate`, `load_demo --force`) in a SQLite file in a temporary folder,
  or BENCH_PUBLIC_DATABASE_URL (an existing database holding the demo; it is only read);
- the page: the public page of the published dialogue with the most on it (the finished one:
  results, decision, feedback, action plan), `/medborgare/dialoger/<pk>/`;
- the bare view: `bench/public_site/urls.py`, `templates/participation/base.html` rendered on
  every request with the context every public page has, behind the same middleware;
- the load: wrk (Debian's `wrk`) when installed, else a Python client on threads
  (BENCH_CLIENT=python forces it); the two addresses alternate, round after round (each round
  starts with the other one), each round's two measurements are compared, and the median of
  the rounds' ratios is the verdict.

Target met when the page serves at least as many requests/s as the bare view (ratio >= 1.0).
Timings are checked here, never in tests (tests/test_bench_public_page.py runs --quick).
Environment: BENCH_ROUNDS, BENCH_SECONDS, BENCH_CONNECTIONS (default 4), BENCH_PORT (default the
first free port of 8730-8749).
"""

import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")
PORTS = range(8730, 8750)
WORKERS = 2
BARE = "/__bare__/"


def log(message: str) -> None:
    print(message, flush=True)


# -- Set-up ----------------------------------------------------------------------------------------
def base_env(database_url: str, folder: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_ALLOW"))}
    env.update(
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(folder / "media"),
        DJANGO_SETTINGS_MODULE="bench.public_site.settings",
        PYTHONPATH=str(ROOT),
        BENCH_STATIC_ROOT=str(folder / "static"),
        DEBUG="0",
        SECRET_KEY="bench-public-page-only-not-a-secret",
        SECURE_SSL_REDIRECT="0",  # plain HTTP on the loopback; TLS ends at the balancer
        LOG_LEVEL="WARNING",
        PYTHONWARNINGS="ignore",
        PYTHONUNBUFFERED="1",
    )
    return env


def choose_cache(env: dict, folder: Path) -> str:
    """Redis when it answers (production's shared cache), else the file-based cache."""
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
    env["BENCH_CACHE_PREFIX"] = f"pubbench-{os.getpid()}"
    try:
        import redis

        client = redis.Redis.from_url(redis_url, socket_connect_timeout=2)
        client.ping()
        client.close()
    except Exception as exc:  # no Redis here: still a cache both workers share
        env.pop("REDIS_URL", None)
        env.pop("CACHE_URL", None)
        env["BENCH_CACHE_DIR"] = str(folder / "cache")
        return f"file-based cache in {folder / 'cache'} (no Redis at {redis_url}: {exc})"
    env["REDIS_URL"] = redis_url
    return f"Redis at {redis_url}, key prefix {env['BENCH_CACHE_PREFIX']}"


def forget_cache(env: dict) -> int:
    """Delete this run's keys from Redis; how many there were."""
    if not env.get("REDIS_URL"):
        return 0
    import redis

    client = redis.Redis.from_url(env["REDIS_URL"])
    keys = list(client.scan_iter(match=f"{env['BENCH_CACHE_PREFIX']}:*"))
    if keys:
        client.delete(*keys)
    client.close()
    return len(keys)


def manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        text=True,
        capture_output=True,
    )
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


PICK = """
from participation import selectors
from participation.models import RESULTS_STATES
pages = list(selectors.published())
page = max(pages, key=lambda p: (p.dialogue.state in RESULTS_STATES, -p.dialogue_id))
print(page.dialogue_id, len(pages))
"""


def pick_dialogue(env: dict) -> int:
    out = manage(env, "shell", "-c", PICK).strip().splitlines()[-1].split()
    log(f"{out[1]} published dialogues; measuring the page of dialogue {out[0]}")
    return int(out[0])


def free_port() -> int:
    wanted = os.environ.get("BENCH_PORT")
    for port in [int(wanted)] if wanted else PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SystemExit(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


def start_server(env: dict, port: int, logfile: Path) -> subprocess.Popen:
    command = [str(GUNICORN), "config.wsgi", "-w", str(WORKERS), "-b", f"127.0.0.1:{port}"]
    handle = logfile.open("w")
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def get(port: int, path: str) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def wait_until_serving(port: int, process: subprocess.Popen, logfile: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn ended:\n{logfile.read_text()[-3000:]}")
        try:
            if get(port, BARE)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"gunicorn does not answer on {port}:\n{logfile.read_text()[-3000:]}")


# -- Load ------------------------------------------------------------------------------------------
def wrk_rps(port: int, path: str, seconds: float, connections: int) -> float:
    done = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "10s",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    if "Non-2xx" in done.stdout or "Socket errors" in done.stdout:
        raise SystemExit(f"wrk saw failed requests on {path}:\n{done.stdout}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", done.stdout).group(1))


def python_rps(port: int, path: str, seconds: float, connections: int) -> float:
    """Threads, each sending requests one after the other (a new connection each: gunicorn's sync
    workers close it after every response) for `seconds`."""
    counts, failures = [0] * connections, []
    stop_at = time.perf_counter() + seconds

    def client(index: int) -> None:
        while time.perf_counter() < stop_at:
            try:
                status, _headers, _body = get(port, path)
            except OSError as exc:
                failures.append(repr(exc))
                return
            if status != 200:
                failures.append(status)
                return
            counts[index] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise SystemExit(f"failed requests on {path}: {failures[:5]}")
    return sum(counts) / (time.perf_counter() - started)


def load_client():
    if os.environ.get("BENCH_CLIENT") != "python" and shutil.which("wrk"):
        return "wrk", wrk_rps
    return "Python threads", python_rps


# -- The table -------------------------------------------------------------------------------------
def table(page: list[float], bare: list[float]) -> list[str]:
    lines = [f"{'round':<8} {'page req/s':>11} {'bare req/s':>11} {'ratio':>7}"]
    lines.append("-" * len(lines[0]))
    for number, (p, b) in enumerate(zip(page, bare, strict=True), start=1):
        lines.append(f"{number:<8} {p:>11.1f} {b:>11.1f} {p / b:>6.2f}×")
    ratio = statistics.median(p / b for p, b in zip(page, bare, strict=True))
    lines.append("-" * len(lines[0]))
    lines.append(
        f"{'median':<8} {statistics.median(page):>11.1f} {statistics.median(bare):>11.1f} "
        f"{ratio:>6.2f}×"
    )
    lines.append(
        f"ratio page/bare (median of the rounds' ratios): {ratio:.2f}; "
        f"target met: {'yes' if ratio >= 1.0 else 'no'}"
    )
    return lines


def main() -> None:
    quick = "--quick" in sys.argv[1:]
    rounds = int(os.environ.get("BENCH_ROUNDS", "2" if quick else "5"))
    seconds = float(os.environ.get("BENCH_SECONDS", "1" if quick else "5"))
    connections = int(os.environ.get("BENCH_CONNECTIONS", "4"))
    folder = Path(tempfile.mkdtemp(prefix="delaktig-bench-public-"))
    server = None
    env = {}
    try:
        url = os.environ.get("BENCH_PUBLIC_DATABASE_URL", "")
        env = base_env(url or f"sqlite:///{folder / 'demo.sqlite3'}", folder)
        cache_note = choose_cache(env, folder)
        if not url:
            started = time.perf_counter()
            manage(env, "migrate", "-v0")
            manage(env, "load_demo", "--force")
            log(f"demo loaded into SQLite in {time.perf_counter() - started:.0f} s")
        manage(env, "collectstatic", "--noinput", "-v0")
        dialogue = pick_dialogue(env)
        page_path = f"/medborgare/dialoger/{dialogue}/"

        port = free_port()
        logfile = folder / "gunicorn.log"
        server = start_server(env, port, logfile)
        wait_until_serving(port, server, logfile)
        # Both answer, and the page is the cached public page: no cookie, public caching.
        for _ in range(4):  # each worker renders, caches, then serves its copy
            status, headers, body = get(port, page_path)
            if status != 200 or "Set-Cookie" in headers:
                raise SystemExit(
                    f"{page_path} answered {status} {headers}:\n{logfile.read_text()[-3000:]}"
                )
        status, _headers, bare_body = get(port, BARE)
        log(
            f"page {page_path}: {len(body)} bytes; bare view {BARE}: {len(bare_body)} bytes; "
            f"cache: {cache_note}"
        )

        client_name, measure = load_client()
        measure(port, page_path, 0.5, connections)  # warm both workers
        measure(port, BARE, 0.5, connections)
        page_rps, bare_rps = [], []
        for number in range(rounds):
            order = [(page_path, page_rps), (BARE, bare_rps)]
            for path, kept in order if number % 2 == 0 else order[::-1]:
                kept.append(measure(port, path, seconds, connections))
        log(
            f"\ngunicorn -w {WORKERS} (sync), DEBUG off, {client_name} with {connections} "
            f"connections, {rounds} rounds of {seconds:g} s per address, alternating"
        )
        log("\n".join(table(page_rps, bare_rps)))
    finally:
        if server is not None:
            stop_server(server)
        if env:
            forget_cache(env)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
