"""Benchmark: the OParl paper list and full-text search on a large council (PostgreSQL only).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mk_bench_council .venv/bin/python bench/council_oparl.py

Generates 100,000 papers, 20,000 meetings and 300,000 files with generate_series (once; reruns reuse
them), then
  1. walks the whole paper list with `next` links through the Django stack (in-process test client,
     no network), timing every page, and the same keyset pages read directly with SQL;
  2. runs full-text searches through the selector behind /rat/suche/, its very SQL directly, and the
     plain websearch_to_tsquery of before (--search-only: only this part).
  3. revalidates 20 list pages with their ETag (If-None-Match -> 304) against the full page;
  4. with --http: starts gunicorn (production settings, 2 workers x 4 threads) on the same database and
     crawls the list over HTTP via `next`, as a harvester does, and repeats 3. over HTTP.
Figures are ratios against the raw SQL done in the same run, because this machine is noisy.
Options: --papers N --meetings N --files N --searches N --regenerate --http --skip-search
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "modellkommune.settings.test")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,testserver")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

WORDS = (  # noqa: SIM905 (a readable word list)
    "Radweg Schule Haushalt Bebauungsplan Digitalisierung Glasfaser Spielplatz Feuerwehr Klimaschutz "
    "Parkraum Innenstadt Seilersee Letmathe Hennen Kita Sporthalle Bürgerbüro Straßenbeleuchtung Friedhof "
    "Wasserversorgung Abwasser Grünfläche Bushaltestelle Sanierung Förderprogramm Photovoltaik Ladesäule "
    "Wohnungsbau Jugendzentrum Bibliothek Museum Tourismus Einzelhandel Wochenmarkt Lärmschutz Baumkataster"
).split()


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def generate(papers: int, meetings: int, files: int) -> None:
    from modellkommune.council.models import Body

    body = Body.objects.get()
    words = "(ARRAY[" + ",".join(f"'{w}'" for w in WORDS) + "])"
    n = len(WORDS)
    with connection.cursor() as cur:
        t = time.perf_counter()
        cur.execute(
            f"""INSERT INTO council_file (created, modified, deleted, public, was_public, keyword, external_id, name,
                file_name, mime_type, size, sha512, date, text, content, external_access_url)
            SELECT now(), now(), false, true, true, '[]', '', 'Anlage ' || i, 'anlage-' || i || '.pdf',
                'application/pdf', 10000 + i %% 5000, md5(i::text) || md5((i+1)::text), current_date - (i %% 3650),
                {words}[1 + i %% {n}] || ' ' || {words}[1 + (i * 7) %% {n}] || ' Seite ' || i, '', ''
            FROM generate_series(1, %s) AS i""",
            [files],
        )
        cur.execute("SELECT min(id) FROM council_file WHERE name LIKE 'Anlage %%'")
        first_file = cur.fetchone()[0]
        cur.execute(
            """INSERT INTO council_meeting (created, modified, deleted, public, was_public, keyword, external_id, name,
                meeting_state, cancelled, start, "end")
            SELECT now(), now(), false, true, true, '[]', '', 'Ausschusssitzung ' || i, 'durchgefuehrt', false,
                now() - (i || ' days')::interval / 5, now() - (i || ' days')::interval / 5 + interval '2 hours'
            FROM generate_series(1, %s) AS i""",
            [meetings],
        )
        cur.execute(
            f"""INSERT INTO council_paper (created, modified, deleted, public, was_public, keyword, external_id, name,
                reference, date, paper_type, status, text, search_text, body_id, main_file_id)
            SELECT now(), now(), false, true, true, '[]', '',
                {words}[1 + i %% {n}] || ': Antrag zu ' || {words}[1 + (i * 3) %% {n}],
                'B/' || (2000 + i %% 26) || '/' || i, current_date - (i %% 3650), 'Beschlussvorlage', 'registered',
                'Der Rat möge beschließen: ' || {words}[1 + (i * 5) %% {n}],
                {words}[1 + i %% {n}] || ' ' || {words}[1 + (i * 3) %% {n}] || ' ' || {words}[1 + (i * 5) %% {n}]
                    || ' ' || {words}[1 + (i * 11) %% {n}],
                %s, %s + (i - 1) * 3
            FROM generate_series(1, %s) AS i""",
            [body.pk, first_file, papers],
        )
        cur.execute(
            """INSERT INTO council_paper_auxiliary_files (paper_id, file_id)
            SELECT p.id, p.main_file_id + k FROM council_paper p, generate_series(1, 2) AS k
            WHERE p.reference LIKE 'B/%%' AND p.main_file_id IS NOT NULL"""
        )
        cur.execute("ANALYZE")
        print(f"generated {papers} papers, {meetings} meetings, {files} files in {time.perf_counter() - t:.1f} s")


def walk(client: Client, body_id: int, max_pages: int | None = None) -> tuple[list[float], int, int]:
    url, times, objects = f"/oparl/v1.1/body/{body_id}/paper", [], 0
    while url and (max_pages is None or len(times) < max_pages):
        t = time.perf_counter()
        response = client.get(url)
        data = response.json()
        times.append(time.perf_counter() - t)
        objects += len(data["data"])
        following = data["links"].get("next")
        url = (urlsplit(following).path + "?" + urlsplit(following).query) if following else None
    return times, objects, len(times)


def revalidate(get, urls: list[str]) -> tuple[list[float], list[float]]:
    """Full page vs a conditional GET with the page's ETag (304), interleaved page by page."""
    full, not_modified = [], []
    for url in urls:
        t = time.perf_counter()
        response = get(url, {})
        full.append(time.perf_counter() - t)
        etag = response.headers["ETag"]
        t = time.perf_counter()
        again = get(url, {"If-None-Match": etag})
        not_modified.append(time.perf_counter() - t)
        assert again.status_code == 304, again.status_code
    return full, not_modified


def http_crawl(base: str, body_id: int) -> tuple[list[float], list[float], list[float], int]:
    import httpx

    with httpx.Client(base_url=base, timeout=60, headers={"Accept-Encoding": "identity"}) as http:
        url, times, urls = f"/oparl/v1.1/body/{body_id}/paper", [], []
        http.get(url)
        while url:
            t = time.perf_counter()
            data = http.get(url).json()
            times.append(time.perf_counter() - t)
            urls.append(url)
            following = data["links"].get("next")
            url = (urlsplit(following).path + "?" + urlsplit(following).query) if following else None
        sample = urls[:: max(1, len(urls) // 20)][:20]
        full, not_modified = revalidate(lambda u, h: http.get(u, headers=h), sample)
    return times, full, not_modified, len(times)


def start_server(workers: int = 2):
    """gunicorn on this benchmark's database with production settings (bench/load_bench.py does the same)."""
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import load_bench

    env = load_bench.env_for(Path(tempfile.mkdtemp(prefix="mk-oparl-")) / "static")
    env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    env["ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    port = load_bench.free_port()
    return load_bench.start_gunicorn(env, workers, port), f"http://127.0.0.1:{port}"


def walk_sql(body_id: int, limit: int = 100) -> list[float]:
    """The same keyset pages with their files, read directly (no serialisation, no HTTP)."""
    times, after = [], 0
    with connection.cursor() as cur:
        while True:
            t = time.perf_counter()
            cur.execute(
                "SELECT * FROM council_paper WHERE body_id = %s AND public AND NOT deleted AND id > %s "
                "ORDER BY id LIMIT %s",
                [body_id, after, limit + 1],
            )
            rows = cur.fetchall()
            ids = [r[0] for r in rows[:limit]]
            if ids:
                cur.execute(
                    "SELECT f.* FROM council_file f JOIN council_paper_auxiliary_files a ON a.file_id = f.id "
                    "WHERE a.paper_id = ANY(%s)",
                    [ids],
                )
                cur.fetchall()
            times.append(time.perf_counter() - t)
            if len(rows) <= limit:
                return times
            after = ids[-1]


def search(queries: list[str]) -> tuple[list[float], list[float], list[float]]:
    """Per query: the selector behind /rat/suche/ (50 hits, ranked), the very SQL it sends run directly,
    and the plain websearch_to_tsquery of before (no compounds, date order) on the same stored vector."""
    from modellkommune.council.selectors_search import paper_search

    ours, same, plain = [], [], []

    def run_ours(q):
        t = time.perf_counter()
        list(paper_search(q)[:50])
        ours.append(time.perf_counter() - t)

    def run_same(q):
        sql, params = paper_search(q)[:50].query.sql_with_params()
        with connection.cursor() as cur:
            t = time.perf_counter()
            cur.execute(sql, params)
            cur.fetchall()
            same.append(time.perf_counter() - t)

    for i, q in enumerate(queries):
        # Alternate who goes first, so that neither profits from the other's warm cache.
        for step in (run_ours, run_same) if i % 2 == 0 else (run_same, run_ours):
            step(q)
        with connection.cursor() as cur:
            t = time.perf_counter()
            cur.execute(
                "SELECT * FROM council_paper WHERE public AND NOT deleted AND "
                "search_vector @@ websearch_to_tsquery('german', %s) "
                "ORDER BY date DESC, id DESC LIMIT 50",
                [q],
            )
            cur.fetchall()
            plain.append(time.perf_counter() - t)
    return ours, same, plain


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--meetings", type=int, default=20_000)
    parser.add_argument("--files", type=int, default=300_000)
    parser.add_argument("--searches", type=int, default=40)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--search-only", action="store_true", help="skip the paper list, run the searches")
    parser.add_argument("--http", action="store_true", help="also crawl over HTTP through gunicorn")
    parser.add_argument("--skip-search", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("This benchmark needs PostgreSQL: set DATABASE_URL=postgres://...")
    call_command("migrate", verbosity=0)
    from modellkommune.council.models import Body, Paper

    if not Body.objects.exists():
        call_command("demo", only=["core", "accounts", "council"], verbosity=0)
    generated = Paper.objects.filter(reference__startswith="B/").count()
    if args.regenerate or generated < args.papers:
        Paper.objects.filter(reference__startswith="B/").delete()
        generate(args.papers, args.meetings, args.files)
    body_id = Body.objects.get().pk
    if not args.skip_search:
        queries = [f"{WORDS[i % len(WORDS)]} {WORDS[(i * 7) % len(WORDS)]}" for i in range(args.searches)]
        search(queries[:5])  # warm up
        ours, same, plain = search(queries)
        print(
            f"search ({len(queries)} two-word queries): p50 {pct(ours, 50) * 1000:.1f} ms, p95 {pct(ours, 95) * 1000:.1f} ms;"
            f" the same SQL p50 {pct(same, 50) * 1000:.1f} ms, p95 {pct(same, 95) * 1000:.1f} ms;"
            f" ratio p50 {pct(ours, 50) / pct(same, 50):.2f}x, p95 {pct(ours, 95) / pct(same, 95):.2f}x"
        )
        print(
            f"plain websearch_to_tsquery (no compounds, no ranking): p50 {pct(plain, 50) * 1000:.1f} ms,"
            f" p95 {pct(plain, 95) * 1000:.1f} ms; ours/plain p50 {pct(ours, 50) / pct(plain, 50):.2f}x"
        )
    if args.search_only:
        return
    client = Client(HTTP_HOST="127.0.0.1")
    walk(client, body_id, max_pages=20)  # warm up, like a server that has been running
    times, objects, pages = walk(client, body_id)
    raw = walk_sql(body_id)
    first, last = statistics.median(times[:20]), statistics.median(times[-20:])
    step = max(1, pages // 20)
    sample = [f"/oparl/v1.1/body/{body_id}/paper"] + [
        f"/oparl/v1.1/body/{body_id}/paper?after={after}" for after in range(step * 100, pages * 100, step * 100)
    ][:19]
    full, not_modified = revalidate(lambda u, h: client.get(u, headers=h), sample)
    if args.http:
        server, base = start_server()
        try:
            http_times, http_full, http_304, http_pages = http_crawl(base, body_id)
        finally:
            server.terminate()
            server.wait(timeout=30)
        raw_again = walk_sql(body_id)  # the baseline again, right after the HTTP crawl
    print(f"papers walked: {objects} in {pages} pages of 100")
    print(
        f"list: {pages / sum(times):.1f} pages/s; p50 {pct(times, 50) * 1000:.1f} ms, p95 {pct(times, 95) * 1000:.1f} ms"
    )
    print(f"list: first 20 pages median {first * 1000:.1f} ms, last 20 pages median {last * 1000:.1f} ms")
    print(f"raw SQL page: p50 {pct(raw, 50) * 1000:.2f} ms, p95 {pct(raw, 95) * 1000:.2f} ms")
    print(f"ratio list/raw SQL: p50 {pct(times, 50) / pct(raw, 50):.1f}x, p95 {pct(times, 95) / pct(raw, 95):.1f}x")
    print(
        f"crawl via next: {pages / sum(times):.1f} pages/s vs the same keyset queries {len(raw) / sum(raw):.1f} pages/s,"
        f" ratio {(sum(times) / pages) / (sum(raw) / len(raw)):.1f}x"
    )
    print(
        f"revalidation (20 pages, in-process): full p50 {pct(full, 50) * 1000:.1f} ms, 304 p50 "
        f"{pct(not_modified, 50) * 1000:.1f} ms, ratio 304/full {pct(not_modified, 50) / pct(full, 50):.2f}"
    )
    if args.http:
        raw_rate = (len(raw) + len(raw_again)) / (sum(raw) + sum(raw_again))
        print(
            f"HTTP crawl via next (gunicorn): {http_pages} pages, {http_pages / sum(http_times):.1f} pages/s, "
            f"p50 {pct(http_times, 50) * 1000:.1f} ms, p95 {pct(http_times, 95) * 1000:.1f} ms; keyset queries "
            f"{raw_rate:.1f} pages/s; ratio {(sum(http_times) / http_pages) * raw_rate:.1f}x"
        )
        print(
            f"revalidation over HTTP (20 pages): full p50 {pct(http_full, 50) * 1000:.1f} ms, 304 p50 "
            f"{pct(http_304, 50) * 1000:.1f} ms, ratio 304/full {pct(http_304, 50) / pct(http_full, 50):.2f}"
        )


if __name__ == "__main__":
    main()
