"""Load test: gunicorn on PostgreSQL, driven by locust from a second process on loopback.

    .venv/bin/python bench/load_bench.py [--workers 2] [--users 20] [--run-time 30] [--warmup 10] [--reset]
                                         [--write-docs] [--compare-uncached] [--database mk_bench_load]

Prepares the database mk_bench_load (migrate + `manage.py demo`, once; --reset starts over), collects
static files, starts `gunicorn modellkommune.wsgi` with production settings (DEBUG off, WhiteNoise),
then runs locust headless: a warm-up of the mix that is not counted (the anonymous page cache of each worker
fills as on a server that has run for a while), the realistic mix (bench/locustfile.py: PortalVisitor + ApiClient) and
one static file (StaticFile) as the ceiling of the same server. Prints requests/s, p50 and p95 per
endpoint; --write-docs replaces the "Load" section of docs/performance.md with the figures. Then, over
HTTP against the same server, it revalidates anonymous pages and OParl lists with their ETag (304) and
times them against the full page, interleaved.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "mk_bench_load"
DATE = "2026-11-25"


def env_for(static_root: Path, db_name: str = DB_NAME) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="modellkommune.settings.base",
        DATABASE_URL=f"{PG}/{db_name}",
        SECRET_KEY="bench-only-not-secret",  # noqa: S106 - throwaway benchmark instance
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        STATIC_ROOT=str(static_root),
        LOG_LEVEL="ERROR",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        CONN_MAX_AGE="60",
    )
    return env


def run(command: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=REPO, env=env, check=True, **kwargs)  # noqa: S603


def prepare_database(env: dict, reset: bool, db_name: str = DB_NAME) -> None:
    import psycopg

    global DB_NAME
    DB_NAME = db_name
    with psycopg.connect(f"{PG.replace('postgres://', 'postgresql://')}/postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if exists and reset:
            admin.execute(f'DROP DATABASE "{DB_NAME}" WITH (FORCE)')
            exists = None
        if not exists:
            admin.execute(f'CREATE DATABASE "{DB_NAME}"')
    run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], env)
    with psycopg.connect(f"{PG.replace('postgres://', 'postgresql://')}/{DB_NAME}") as db:
        papers = db.execute("SELECT count(*) FROM council_paper").fetchone()[0]
    if reset or papers == 0:
        started = time.monotonic()
        run([PY, "manage.py", "demo"], env, stdout=subprocess.DEVNULL)
        print(f"demo loaded in {time.monotonic() - started:.0f} s")
    run([PY, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict, workers: int, port: int) -> subprocess.Popen:
    process = subprocess.Popen(  # noqa: S603
        [
            PY,
            "-m",
            "gunicorn",
            "modellkommune.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        cwd=REPO,
        env=env,
    )
    for _ in range(120):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    process.kill()
    raise SystemExit("gunicorn did not come up")


def run_locust(host: str, classes: list[str], users: int, run_time: int, prefix: Path) -> list[dict]:
    command = [
        PY,
        "-m",
        "locust",
        "-f",
        str(REPO / "bench" / "locustfile.py"),
        "--headless",
        "--only-summary",
        "-u",
        str(users),
        "-r",
        str(max(1, users // 2)),
        "--run-time",
        f"{run_time}s",
        "--host",
        host,
        "--csv",
        str(prefix),
        "--loglevel",
        "WARNING",
        *classes,
    ]
    subprocess.run(command, cwd=REPO, check=False, stdout=subprocess.DEVNULL)  # noqa: S603
    with open(f"{prefix}_stats.csv", newline="") as handle:
        return list(csv.DictReader(handle))


REVALIDATED = ["/", "/rat/", "/rat/vorlagen/", "OPARL_PAPERS", "OPARL_MEETINGS"]


def revalidation(host: str, rounds: int = 20) -> list[tuple[str, float, float]]:
    """(path, full p50 ms, 304 p50 ms) per page: a visitor with cookies revalidating with If-None-Match."""
    import statistics

    results = []
    with httpx.Client(base_url=host, timeout=30) as http:
        body = http.get("/oparl/v1.1/body").json()["data"][0]
        lists = {"OPARL_PAPERS": body["paper"], "OPARL_MEETINGS": body["meeting"]}
        paths = [urlsplit(lists[p]).path if p in lists else p for p in REVALIDATED]  # ids carry SITE_URL
        for path in paths:
            http.get(path)  # the visitor's CSRF cookie; the page into the cache
            full, not_modified = [], []
            for _ in range(rounds):
                started = time.perf_counter()
                response = http.get(path)
                full.append(time.perf_counter() - started)
                started = time.perf_counter()
                again = http.get(path, headers={"If-None-Match": response.headers.get("ETag", "")})
                not_modified.append(time.perf_counter() - started)
                if again.status_code != 304:
                    break
            if again.status_code == 304:
                results.append((path, statistics.median(full) * 1000, statistics.median(not_modified) * 1000))
            else:
                results.append((path, statistics.median(full) * 1000, float("nan")))
    return results


def summarise(rows: list[dict]) -> tuple[dict, list[dict]]:
    aggregated = next(r for r in rows if r["Name"] == "Aggregated")
    endpoints = sorted((r for r in rows if r["Name"] != "Aggregated"), key=lambda r: -float(r["Request Count"]))
    return aggregated, endpoints


def fmt(row: dict) -> str:
    return (
        f"{float(row['Requests/s']):.1f} req/s, p50 {row['50%']} ms, p95 {row['95%']} ms, "
        f"{row['Failure Count']} failures of {row['Request Count']}"
    )


def docs_section(args, mix, mix_rows, static) -> str:
    lines = [
        f"## Load ({DATE})",
        "",
        f"`bench/load_bench.py`: gunicorn ({args.workers} workers × 4 threads, production settings, WhiteNoise) on "
        f"PostgreSQL 15 (database `{DB_NAME}` with the full demo), driven by locust (`bench/locustfile.py`, "
        f"{args.users} users, {args.run_time} s per run) from a second process over loopback on the same shared "
        "2-core machine, so client and server compete for the same cores while other engineers run tests: "
        "only the ratio to the static file, measured in the same run, means something.",
        "",
        "| What | Requests/s | p50 | p95 | Failures |",
        "|---|---|---|---|---|",
        f"| Realistic mix (pages 80 %, APIs 20 %) | {float(mix['Requests/s']):.1f} | {mix['50%']} ms | {mix['95%']} ms | "
        f"{mix['Failure Count']}/{mix['Request Count']} |",
        f"| Static file `site.css` (ceiling) | {float(static['Requests/s']):.1f} | {static['50%']} ms | "
        f"{static['95%']} ms | {static['Failure Count']}/{static['Request Count']} |",
        "",
        f"Mix / static throughput: {float(mix['Requests/s']) / max(float(static['Requests/s']), 0.01):.2f}. "
        "Per endpoint of the mix (most requested first):",
        "",
        "| Endpoint | Requests | p50 | p95 |",
        "|---|---|---|---|",
    ]
    lines += [f"| `{r['Name']}` | {r['Request Count']} | {r['50%']} ms | {r['95%']} ms |" for r in mix_rows[:14]]
    worst = max((int(float(r["95%"])) for r in mix_rows), default=0)
    lines += [
        "",
        f"Reading: the same server answers about {float(static['Requests/s']) / max(float(mix['Requests/s']), 0.01):.0f} "
        f"static files in the time it answers one request of the mix: that is the Python template and ORM work of "
        f"a page, not the network. The slowest endpoint of the mix had a p95 of {worst} ms. The locust client "
        "runs on the same cores and takes a good part of them, so the absolute figures are a floor. `--users`, "
        "`--workers` and `LOAD_THINK_TIME` (seconds between a user's requests, default 0) change the scenario; "
        "`--write-docs` rewrites this section.",
    ]
    return "\n".join(lines) + "\n"


def write_docs(section: str) -> None:
    path = REPO / "docs" / "performance.md"
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(r"^## Load \(.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    text = pattern.sub(section + "\n", text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--run-time", type=int, default=30)
    parser.add_argument("--reset", action="store_true")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument(
        "--warmup", type=int, default=10, help="seconds of the mix run first and not counted (caches, connections)"
    )
    parser.add_argument("--compare-uncached", action="store_true", help="also run the mix with the page cache off")
    parser.add_argument("--database", default=DB_NAME, help="PostgreSQL database of the benchmark (created)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="mk-load-") as tmp:
        env = env_for(Path(tmp) / "static", args.database)
        prepare_database(env, args.reset, args.database)
        port = free_port()
        server = start_gunicorn(env, args.workers, port)
        host = f"http://127.0.0.1:{port}"
        uncached = None
        try:
            try:
                revalidated = revalidation(host)
            except httpx.HTTPError as exc:
                print(f"revalidation failed: {exc!r}")
                revalidated = []
            if args.warmup:  # steady state: a town's server has run for more than the first seconds
                run_locust(host, ["PortalVisitor", "ApiClient"], args.users, args.warmup, Path(tmp) / "warmup")
            mix, mix_rows = summarise(
                run_locust(host, ["PortalVisitor", "ApiClient"], args.users, args.run_time, Path(tmp) / "mix")
            )
            static, _ = summarise(run_locust(host, ["StaticFile"], args.users, args.run_time, Path(tmp) / "static"))
        finally:
            server.terminate()
            server.wait(timeout=30)
        if args.compare_uncached:
            # The same mix with the anonymous page cache off (core/page_cache.py), right after, same settings.
            port = free_port()
            server = start_gunicorn(
                {**env, "PAGE_CACHE_SECONDS": "0", "PAGE_CACHE_LIVE_SECONDS": "0"}, args.workers, port
            )
            try:
                if args.warmup:
                    run_locust(
                        f"http://127.0.0.1:{port}", ["PortalVisitor", "ApiClient"], args.users, args.warmup,
                        Path(tmp) / "warmup-uncached",
                    )  # fmt: skip
                uncached, _ = summarise(
                    run_locust(
                        f"http://127.0.0.1:{port}", ["PortalVisitor", "ApiClient"], args.users, args.run_time,
                        Path(tmp) / "uncached",
                    )
                )  # fmt: skip
            finally:
                server.terminate()
                server.wait(timeout=30)
    print("mix:    " + fmt(mix))
    print("static: " + fmt(static))
    for row in mix_rows:
        print(
            f"  {row['Name']:<40} {row['Request Count']:>6}  p50 {row['50%']:>5} ms  p95 {row['95%']:>5} ms  fail {row['Failure Count']}"
        )
    print(f"mix / static throughput: {float(mix['Requests/s']) / max(float(static['Requests/s']), 0.01):.3f}")
    if uncached:
        print("mix without page cache: " + fmt(uncached))
        print(f"uncached mix / static: {float(uncached['Requests/s']) / max(float(static['Requests/s']), 0.01):.3f}")
    for path, full, not_modified in revalidated:
        print(
            f"  revalidate {path:<40} full p50 {full:6.1f} ms, 304 p50 {not_modified:6.1f} ms, "
            f"ratio {not_modified / full:.2f}"
        )
    section = docs_section(args, mix, mix_rows, static)
    if args.write_docs:
        write_docs(section)
        print("docs/performance.md updated (section Load)")
    else:
        print("\n" + section)


if __name__ == "__main__":
    main()
