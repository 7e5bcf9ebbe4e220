#!/usr/bin/env python
"""Geometry benchmark (issue 12): $filter=st_within / geo.distance over many FeaturesOfInterest (mobile
sensors: one FoI per observation), on PostgreSQL with PostGIS, as ratios in the same run against

- raw SQL: the same question asked of PostGIS directly (the limit), and
- the previous approach: the hand-written Python predicates of sensors/api/geo.py before the PostGIS change
  (read from git, commit 4490cba), which read every FoI's GeoJSON and tested it in Python.

    .venv/bin/python bench/sensors_geo_bench.py                 # 200,000 FoIs
    .venv/bin/python bench/sensors_geo_bench.py --fois 50000 --repeat 5

Uses its own database (default mk_bench_geo; --fresh rebuilds it). Points are spread evenly over Iserlohn's
box (generated in SQL). Prints a Markdown table for docs/performance.md. Never part of pytest.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="mk_bench_geo")
    parser.add_argument("--fois", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--old-repeat", type=int, default=3, help="runs of the slow previous approach")
    parser.add_argument("--fresh", action="store_true", help="drop and rebuild the database")
    return parser.parse_args()


ARGS = parse_args()
PG = "postgres://postgres@127.0.0.1:5432/"
os.environ["DATABASE_URL"] = PG + ARGS.db
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "modellkommune.settings.test")


def ensure_database():
    import psycopg

    with psycopg.connect(PG + "postgres", autocommit=True) as conn:
        if ARGS.fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{ARGS.db}"')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [ARGS.db]).fetchone():
            conn.execute(f'CREATE DATABASE "{ARGS.db}"')


ensure_database()

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

# A square of about 1.4 km × 1.1 km in the town centre (about 0.35 % of the box) and a 300 m circle.
SQUARE_WKT = "POLYGON((7.69 51.37, 7.71 51.37, 7.71 51.38, 7.69 51.38, 7.69 51.37))"
CENTRE = (7.70, 51.375)
RADIUS_M = 300


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def timed(fn, repeat: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def populate():
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sensors_featureofinterest")
        have = cursor.fetchone()[0]
        if have >= ARGS.fois:
            return have
        log(f"inserting {ARGS.fois - have:,} FeaturesOfInterest")
        cursor.execute(
            """
            INSERT INTO sensors_featureofinterest (name, description, encoding_type, feature, feature_geom, properties)
            SELECT 'Messpunkt ' || i, 'mobil', 'application/geo+json',
                   jsonb_build_object('type', 'Point', 'coordinates', jsonb_build_array(x, y)),
                   ST_SetSRID(ST_MakePoint(x, y), 4326), NULL
            FROM (SELECT i, round((7.55 + random() * 0.30)::numeric, 6)::float8 AS x,
                            round((51.30 + random() * 0.15)::numeric, 6)::float8 AS y
                  FROM generate_series(1, %s) AS i) AS s
            """,
            [ARGS.fois - have],
        )
        cursor.execute("ANALYZE sensors_featureofinterest")
        cursor.execute("SELECT count(*) FROM sensors_featureofinterest")
        return cursor.fetchone()[0]


def old_geo_module():
    """sensors/api/geo.py as it was before PostGIS (hand-written WKT parser and predicates)."""
    source = subprocess.run(
        ["git", "show", "4490cba:modellkommune/sensors/api/geo.py"],  # noqa: S607 - git from PATH
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    path = Path(tempfile.mkdtemp()) / "old_geo.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("old_geo", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    count = populate()
    from modellkommune.sensors.models import FeatureOfInterest

    client = Client(HTTP_HOST="127.0.0.1")
    url = "/sta/v1.1/FeaturesOfInterest"
    within = {"$filter": f"st_within(feature, geography'{SQUARE_WKT}')", "$top": "100", "$select": "id"}
    near = {
        "$filter": f"geo.distance(feature, geography'POINT({CENTRE[0]} {CENTRE[1]})') lt {RADIUS_M}",
        "$top": "100",
        "$select": "id",
    }

    def api(params):
        def run():
            response = client.get(url, params)
            assert response.status_code == 200, response.content[:300]
            return response.json()

        return run

    def raw(sql, params):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()

        return run

    raw_within = raw(
        "SELECT id FROM sensors_featureofinterest WHERE ST_Within(feature_geom, ST_GeomFromText(%s, 4326)) "
        "ORDER BY id LIMIT 100",
        [SQUARE_WKT],
    )
    raw_near = raw(
        "SELECT id FROM sensors_featureofinterest WHERE ST_DWithin(feature_geom::geography, "
        "ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography, %s) ORDER BY id LIMIT 100",
        [CENTRE[0], CENTRE[1], RADIUS_M],
    )
    old = old_geo_module()
    square = old.wkt_to_geojson(SQUARE_WKT)

    def old_within():
        # what FilterTranslator._ids_where did: every FoI's GeoJSON read and tested in Python
        rows = FeatureOfInterest.objects.values_list("pk", "feature")
        ids = [pk for pk, value in rows.iterator() if value is not None and old.within(value, square)]
        return list(FeatureOfInterest.objects.filter(pk__in=ids).order_by("id").values_list("id", flat=True)[:100])

    matches = len(raw(
        "SELECT id FROM sensors_featureofinterest WHERE ST_Within(feature_geom, ST_GeomFromText(%s, 4326))",
        [SQUARE_WKT],
    )())  # fmt: skip
    assert sorted(i["@iot.id"] for i in api(within)()["value"]) == [r[0] for r in raw_within()]
    assert old_within() == [r[0] for r in raw_within()], "the old predicates disagree with PostGIS"
    log(f"{count:,} FoIs, {matches:,} inside the square")

    from modellkommune.sensors.api.filters import apply_filter
    from modellkommune.sensors.api.spec import SPECS

    def orm(params):
        def run():
            qs = apply_filter(FeatureOfInterest.objects.all(), SPECS["FeaturesOfInterest"], params["$filter"])
            return list(qs.order_by("id").values_list("id", flat=True)[:100])

        return run

    rows = []
    for label, ours, limit in [
        ("st_within(feature, square): the $filter's SQL (translator + ORM), 100 ids", orm(within), raw_within),
        ("st_within(feature, square): whole API request, $top=100", api(within), raw_within),
        (f"geo.distance(feature, point) lt {RADIUS_M}: the $filter's SQL, 100 ids", orm(near), raw_near),
        (f"geo.distance(feature, point) lt {RADIUS_M}: whole API request, $top=100", api(near), raw_near),
    ]:
        t_limit = timed(limit, ARGS.repeat)
        t_ours = timed(ours, ARGS.repeat)
        t_limit = min(t_limit, timed(limit, ARGS.repeat))  # interleaved: the limit measured before and after
        rows.append((label, t_ours, t_limit))
    t_old = timed(old_within, ARGS.old_repeat, warmup=0)
    t_new = timed(api(within), ARGS.repeat)

    print()
    print(f"| query ({count:,} FeaturesOfInterest, {matches:,} in the square) | ours | raw SQL | ratio |")
    print("|---|---|---|---|")
    for label, t_ours, t_limit in rows:
        print(f"| {label} | {t_ours * 1000:.1f} ms | {t_limit * 1000:.1f} ms | {t_ours / t_limit:.1f}× |")
    print()
    print("| st_within over all FoIs | time | vs. PostGIS via API |")
    print("|---|---|---|")
    print(
        f"| previous: Python predicates over every FoI's GeoJSON | {t_old * 1000:.0f} ms | {t_old / t_new:.0f}× slower |"
    )
    print(f"| now: PostGIS ST_Within with GiST, through the API | {t_new * 1000:.1f} ms | 1× |")


if __name__ == "__main__":
    main()
