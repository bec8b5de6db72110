"""HTTP benchmark: the site under gunicorn (gunicorn.conf.py, as `make serve`) driven by wrk.

    python bench/http_load.py [--n 10000] [--duration 10] [--connections 16] [--workers W] [--keep DIR]

Builds a temporary instance (SQLite, `flask db upgrade`, `flask demo load --count N`), starts
gunicorn with the project's config in production mode on a free 127.0.0.1 port (with the
background worker beside it, as `make serve` does), and drives each route with wrk
(`apt-get install wrk`) one after the other. Prints one table: req/s, p50 and p99 latency,
errors, and each route's rate as a share of /healthz's; then the web workers' memory, the
first search of a freshly started worker, and the machine's load before and after (other work
on the machine lowers every figure). Asserts nothing; not part of CI.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess  # nosec B404
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.dirname(sys.executable)
ROUTES = [
    ("/healthz", "/healthz"),
    ("/search?q=iot", "/search?q=iot"),
    ("/search?q=物联网&capability=iot", "/search?q=%E7%89%A9%E8%81%94%E7%BD%91&capability=iot"),
    ("/api/v1/providers?q=fintech", "/api/v1/providers?q=fintech"),
    ("profile page", None),  # filled in with a real slug
    ("/static/site.css", "/static/site.css"),
]
# The same searches again on a server with the page cache off (DIRECTORY_PAGE_CACHE_SECONDS=0):
# what a search nobody asked for in the last half minute costs (wrk repeats one URL, so above
# every request after the first is a kept page).
UNCACHED_ROUTES = [
    ("/search?q=iot, page cache off", "/search?q=iot"),
    ("/search?q=物联网&capability=iot, page cache off", "/search?q=%E7%89%A9%E8%81%94%E7%BD%91&capability=iot"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(instance: str, port: int) -> dict:
    env = dict(os.environ)
    env.update({
        "DIRECTORY_DATABASE_URL": f"sqlite:///{os.path.join(instance, 'directory.sqlite3')}",
        "DIRECTORY_INDEX_DIR": os.path.join(instance, "search-index"),
        "DIRECTORY_MAIL_OUTBOX": os.path.join(instance, "outbox"),
        "DIRECTORY_UPLOAD_DIR": os.path.join(instance, "uploads"),
        "DIRECTORY_ENV": "production",
        "DIRECTORY_SECRET_KEY": secrets.token_hex(32),
        "DIRECTORY_BASE_URL": f"http://127.0.0.1:{port}",
        "PORT": str(port),
        "PYTHONPATH": ROOT,
    })
    for name in ("DIRECTORY_SMTP_URL", "DIRECTORY_RATELIMIT_STORAGE_URL", "LISTEN_HOST"):
        env.pop(name, None)
    return env


def flask(env: dict, *args: str) -> str:
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "directory", *args], cwd=ROOT,  # nosec B603
                            env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"flask {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def prepare(instance: str, n: int) -> None:
    marker = os.path.join(instance, f"loaded-{n}")
    env = environment(instance, 5000)
    env["DIRECTORY_ENV"] = "production"  # no demo logins: a production-like directory
    flask(env, "db", "upgrade")
    if os.path.exists(marker):
        print(f"reusing the instance in {instance} ({n} listings)")
        if not index_has_every_field(env):
            started = time.perf_counter()
            flask(env, "search", "reindex")  # a field was added since it was built
            print(f"search reindex (the index lacked a field of the schema): {time.perf_counter() - started:.0f} s")
        return
    started = time.perf_counter()
    flask(env, "demo", "load", "--count", str(n))
    print(f"demo load --count {n}: {time.perf_counter() - started:.0f} s")
    open(marker, "w").close()


_SCHEMA_CHECK = """
import os, sys
from search_index import storage
from search_index._whoosh import whoosh_index
from search_index.schema import build_schema
root = os.environ["DIRECTORY_INDEX_DIR"]
name = storage.current_name(root)
if not name or not os.path.isdir(os.path.join(root, name)):
    sys.exit(1)
sys.exit(0 if set(build_schema().names()) <= set(whoosh_index.open_dir(os.path.join(root, name)).schema.names()) else 1)
"""


def index_has_every_field(env: dict) -> bool:
    """A kept instance's index was built by older code: the new fields need a reindex."""
    return subprocess.run([sys.executable, "-c", _SCHEMA_CHECK], cwd=ROOT, env=env,  # nosec B603
                          capture_output=True).returncode == 0


class Gunicorn:
    def __init__(self, instance: str, workers: int, log_path: str, **extra_env: str):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = environment(instance, self.port)
        env.update(WEB_CONCURRENCY=str(workers), SERVE_WITH_WORKER="1", **extra_env)
        self.log = open(log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.started = time.perf_counter()
        self.proc = subprocess.Popen([os.path.join(BIN, "gunicorn"), "-c", "gunicorn.conf.py",  # nosec B603
                                      "directory:create_app()"], cwd=ROOT, env=env,
                                     stdout=self.log, stderr=subprocess.STDOUT)

    def wait(self, timeout: float = 120) -> float:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                sys.exit(f"gunicorn exited with {self.proc.returncode}; see its log")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=5) as resp:  # nosec B310
                    if resp.status == 200:
                        return time.perf_counter() - self.started
            except OSError:
                time.sleep(0.2)
        self.stop()
        sys.exit("gunicorn did not answer /healthz in time")

    def worker_pids(self) -> list[int]:
        out = subprocess.run(["ps", "-o", "pid=,args=", "--ppid", str(self.proc.pid)],  # nosec B603 B607
                             capture_output=True, text=True).stdout
        return [int(line.split()[0]) for line in out.splitlines() if "gunicorn" in line]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def get(url: str) -> tuple[float, bytes]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as resp:  # nosec B310
        body = resp.read()
    return (time.perf_counter() - started) * 1000, body


def session_cookie(url: str) -> str:
    """The Cookie header a browser sends back after its first page (the CSRF token's session)."""
    with urllib.request.urlopen(url, timeout=30) as resp:  # nosec B310
        cookies = [h.split(";", 1)[0] for h in resp.headers.get_all("Set-Cookie") or []]
    return "; ".join(cookies)


def memory_mb(pid: int) -> tuple[float, float]:
    """(RSS, PSS) in MB: PSS shares the pages a worker has in common with the others."""
    rss = pss = float("nan")
    try:
        with open(f"/proc/{pid}/status") as fh:
            rss = int(re.search(r"VmRSS:\s+(\d+)", fh.read()).group(1)) / 1024
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            pss = int(re.search(r"Pss:\s+(\d+)", fh.read()).group(1)) / 1024
    except (OSError, AttributeError):
        pass
    return rss, pss


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if match is None:  # wrk prints e.g. "-nan" when no request finished
        return float("nan")
    value, unit = match.groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(url: str, duration: int, connections: int, threads: int, cookie: str = "") -> dict:
    headers = ["-H", f"Cookie: {cookie}"] if cookie else []
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency",  # nosec B603 B607
                          "--timeout", "10s", *headers, url], capture_output=True, text=True).stdout
    if "Requests/sec" not in out:
        raise SystemExit(f"wrk gave no figures for {url}:\n{out}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    # Anchored: the thread-stats lines end in percentages too ("68.50%"), which must not match.
    p50 = _ms(re.search(r"^\s*50%\s+(\S+)", out, re.M).group(1))
    p99 = _ms(re.search(r"^\s*99%\s+(\S+)", out, re.M).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, sockets.groups())) if sockets else 0)
    return {"rate": rate, "p50": p50, "p99": p99, "errors": errors}


def first_search_of_a_fresh_worker(instance: str, log_path: str) -> tuple[float, float, float]:
    """One worker, just started: (its first search, its second, median of the next ten) in ms."""
    server = Gunicorn(instance, 1, log_path)
    try:
        server.wait()
        first, _ = get(server.base + "/search?q=smart+parking")
        second, _ = get(server.base + "/search?q=cloud")
        rest = sorted(get(server.base + f"/search?q=iot&page={p}")[0] for p in range(1, 11))
        return first, second, rest[5]
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10000, help="demo listings")
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per route")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=0, help="web workers (default: gunicorn.conf.py's)")
    parser.add_argument("--keep", metavar="DIR", help="build the instance here and keep it for the next run")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    instance = args.keep or tempfile.mkdtemp(prefix="directory-http-bench-")
    os.makedirs(instance, exist_ok=True)
    log_path = os.path.join(instance, "gunicorn.log")
    try:
        prepare(instance, args.n)
        load_before = os.getloadavg()
        first, second, steady = first_search_of_a_fresh_worker(instance, log_path)
        workers = args.workers or 2 * (os.cpu_count() or 1)
        server = Gunicorn(instance, workers, log_path)
        try:
            up = server.wait()
            _, body = get(server.base + "/api/v1/providers?q=iot&per_page=1")
            slug = json.loads(body)["results"][0]["slug"]
            results = []
            for label, path in ROUTES:
                path = path or f"/providers/{slug}"
                get(server.base + path)
                results.append((label, wrk(server.base + path, args.duration, args.connections, args.threads)))
                if label == "/search?q=iot":  # a browser's second page: it sends its session back
                    cookie = session_cookie(server.base + path)
                    results.append((label + ", returning visitor's cookie",
                                    wrk(server.base + path, args.duration, args.connections, args.threads, cookie)))
            memory = [memory_mb(pid) for pid in server.worker_pids()]
        finally:
            server.stop()
        server = Gunicorn(instance, workers, log_path, DIRECTORY_PAGE_CACHE_SECONDS="0")
        try:
            server.wait()
            for label, path in UNCACHED_ROUTES:
                get(server.base + path)
                results.append((label, wrk(server.base + path, args.duration, args.connections, args.threads)))
        finally:
            server.stop()
        load_after = os.getloadavg()
    finally:
        if not args.keep:
            shutil.rmtree(instance, ignore_errors=True)

    base = results[0][1]["rate"] or 1
    print(f"\n{args.n} demo listings, {workers} gunicorn workers (up in {up:.1f} s), wrk -t{args.threads} "
          f"-c{args.connections} -d{args.duration}s, {os.cpu_count()} cores\n")
    print("| route | req/s | p50 | p99 | errors | share of /healthz's rate |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, r in results:
        print(f"| `{label}` | {r['rate']:.0f} | {r['p50']:.1f} ms | {r['p99']:.1f} ms | {r['errors']} "
              f"| {r['rate'] / base:.2f}× |")
    rss = [m[0] for m in memory]
    pss = [m[1] for m in memory]
    if rss:
        print(f"\n{len(rss)} web workers' memory after the runs: RSS {min(rss):.0f}–{max(rss):.0f} MB, "
              f"PSS {min(pss):.0f}–{max(pss):.0f} MB (shared pages counted once)")
    print(f"fresh worker (warmed up before its first request): first search {first:.0f} ms, "
          f"second {second:.0f} ms, median of the next ten {steady:.0f} ms")
    print(f"machine load (1/5/15 min): before {load_before[0]:.2f}/{load_before[1]:.2f}/{load_before[2]:.2f}, "
          f"after {load_after[0]:.2f}/{load_after[1]:.2f}/{load_after[2]:.2f}")


if __name__ == "__main__":
    main()
