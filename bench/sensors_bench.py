#!/usr/bin/env python
"""SensorThings benchmark on PostgreSQL: ingest (dataArray over HTTP, MQTT) and the two dashboard queries,
each as a ratio against the same work done directly in SQL in the same run.

    .venv/bin/python bench/sensors_bench.py                       # 1,000 datastreams, 10 million observations
    .venv/bin/python bench/sensors_bench.py --observations 2000000 # smaller scale on a busy machine

Uses its own database (default mk_bench_sensors, created when missing; --fresh drops it first) and the
broker at MQTT_URL (default mqtt://127.0.0.1:1883). The observations are generated inside PostgreSQL
(INSERT … SELECT over generate_series, the server-side equivalent of COPY), 5-minute readings per stream
ending now. Prints a Markdown table for docs/performance.md. Never part of pytest.

The rows of issue 12's speed table (dataArray, single POST, latest value of 40 datastreams, one datastream's
last day, $count) are measured against their limits (raw COPY, single-row INSERT, raw SQL) in the same run and,
unless --no-peer, side by side with django-ogc-sensorthings (the "peer"), which the bench installs into its own
virtual environment (--peer-venv, default /tmp/mk-sta-peer/venv; never a project dependency) and runs in a
subprocess on its own database (<db>_peer) of the same size, through its own Django test client.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="mk_bench_sensors")
    parser.add_argument("--datastreams", type=int, default=1000)
    parser.add_argument("--observations", type=int, default=10_000_000)
    parser.add_argument("--ingest", type=int, default=50_000, help="observations per ingest measurement")
    parser.add_argument("--mqtt-messages", type=int, default=2000)
    parser.add_argument("--single-posts", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--fresh", action="store_true", help="drop and rebuild the database")
    parser.add_argument("--latest", type=int, default=40, help="datastreams in the latest-value $expand")
    parser.add_argument("--no-peer", action="store_true", help="skip django-ogc-sensorthings")
    parser.add_argument("--peer-venv", default="/tmp/mk-sta-peer/venv")  # noqa: S108 - a throwaway venv
    parser.add_argument("--peer-version", default="1.2.0")
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds of ours / peer / limits")
    return parser.parse_args()


ARGS = parse_args()
PG = "postgres://postgres@127.0.0.1:5432/"
os.environ["DATABASE_URL"] = PG + ARGS.db
os.environ.setdefault("TEST_MQTT_URL", os.environ.get("MQTT_URL", "mqtt://127.0.0.1:1883"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "modellkommune.settings.test")


def ensure_database():
    import psycopg

    with psycopg.connect(PG + "postgres", autocommit=True) as conn:
        if ARGS.fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{ARGS.db}"')
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [ARGS.db]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{ARGS.db}"')


ensure_database()

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

STEP_MINUTES = 5
RESULTS: list[tuple[str, str, str, str]] = []


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def timed(fn, repeat=ARGS.repeat, warmup=2) -> float:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def setup_entities():
    from modellkommune.core.models import Sector
    from modellkommune.sensors.models import (
        Datastream,
        FeatureOfInterest,
        Location,
        ObservedProperty,
        Sensor,
        Thing,
    )

    call_command("migrate", verbosity=0)
    from modellkommune.core import demo as core_demo

    core_demo.load()
    if Datastream.objects.count() >= ARGS.datastreams:
        return
    log(f"creating {ARGS.datastreams} datastreams")
    sectors = list(Sector.objects.order_by("order"))
    sensor = Sensor.objects.create(name="Bench-Sensor", metadata="https://example.org/bench")
    prop = ObservedProperty.objects.create(name="Bench-Größe", definition="https://example.org/bench")
    per_thing = 4
    things = Thing.objects.bulk_create(
        [Thing(name=f"Bench-Messstelle {i}") for i in range(ARGS.datastreams // per_thing)]
    )
    locations = Location.objects.bulk_create(
        [
            Location(
                name=f"Bench-Ort {i}",
                location={"type": "Point", "coordinates": [7.6 + (i % 50) * 0.004, 51.33 + (i // 50) * 0.004]},
            )
            for i in range(len(things))
        ]
    )
    Thing.locations.through.objects.bulk_create(
        [Thing.locations.through(thing_id=t.pk, location_id=loc.pk) for t, loc in zip(things, locations, strict=True)]
    )
    FeatureOfInterest.objects.bulk_create(
        [FeatureOfInterest(name=loc.name, feature=loc.location, source_location=loc) for loc in locations]
    )
    Datastream.objects.bulk_create(
        [
            Datastream(
                name=f"Bench-Datenstrom {t.pk}-{k}",
                thing=t,
                sensor=sensor,
                observed_property=prop,
                sector=sectors[i % len(sectors)],
                unit_of_measurement={"name": "Einheit", "symbol": "E", "definition": "https://example.org"},
            )
            for i, t in enumerate(things)
            for k in range(per_thing)
        ]
    )


GENERATE = """
INSERT INTO sensors_observation
    (datastream_id, feature_of_interest_id, phenomenon_time_start, result_time, result, result_number)
SELECT d.id, f.id, g.t, g.t, to_jsonb(v.value), v.value
FROM sensors_datastream d
JOIN sensors_thing_locations tl ON tl.thing_id = d.thing_id
JOIN sensors_featureofinterest f ON f.source_location_id = tl.location_id
CROSS JOIN LATERAL generate_series(%(end)s - make_interval(mins => %(step)s * (%(per)s - 1)), %(end)s,
                                   make_interval(mins => %(step)s)) AS g(t)
CROSS JOIN LATERAL (SELECT round((50 + 30 * sin(extract(epoch FROM g.t) / 86400 * 2 * pi() + d.id)
                                  + random() * 5)::numeric, 2)::float8 AS value) v
WHERE d.id = ANY(%(ids)s)
"""


def generate_observations(end):
    from modellkommune.sensors.models import Datastream, Observation

    existing = Observation.objects.count()
    if existing >= ARGS.observations * 0.95:
        log(f"{existing:,} observations present, generation skipped")
        return existing, None
    ids = list(Datastream.objects.order_by("id").values_list("id", flat=True)[: ARGS.datastreams])
    per = ARGS.observations // len(ids)
    log(f"generating {per * len(ids):,} observations ({per} per datastream, every {STEP_MINUTES} min)")
    started = time.perf_counter()
    chunk = 50
    with connection.cursor() as cursor:
        for i in range(0, len(ids), chunk):
            cursor.execute(GENERATE, {"end": end, "step": STEP_MINUTES, "per": per, "ids": ids[i : i + chunk]})
            if i % 200 == 0:
                log(f"  {i + chunk} datastreams done")
        stream_range = """
            UPDATE sensors_datastream d SET phenomenon_time_start = r.lo, phenomenon_time_end = r.hi,
                   result_time_start = r.lo, result_time_end = r.hi
            FROM (SELECT datastream_id, min(phenomenon_time_start) lo, max(phenomenon_time_start) hi
                  FROM sensors_observation GROUP BY datastream_id) r
            WHERE r.datastream_id = d.id"""
        cursor.execute(stream_range)
    seconds = time.perf_counter() - started
    log(f"generated in {seconds:.0f} s; VACUUM ANALYZE")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE sensors_observation")
    return per * len(ids), seconds


def raw_copy_rate(stream, foi_id, n, start) -> float:
    rows = [
        (
            stream.pk,
            foi_id,
            start + dt.timedelta(seconds=i),
            start + dt.timedelta(seconds=i),
            json.dumps(i % 97),
            i % 97,
        )
        for i in range(n)
    ]
    began = time.perf_counter()
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(
            "COPY sensors_observation (datastream_id, feature_of_interest_id, phenomenon_time_start, result_time,"
            " result, result_number) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(row)
    return n / (time.perf_counter() - began)


def http_dataarray_rate(client, token, streams, n, start, batch=5000) -> float:
    """n observations in requests of `batch` rows (the issue's 5,000-row requests), the streams in turn."""
    bodies = []
    for k in range((n + batch - 1) // batch):
        size = min(batch, n - k * batch)
        base = start + dt.timedelta(days=k)
        bodies.append(
            [
                {
                    "Datastream": {"@iot.id": streams[k % len(streams)].pk},
                    "components": ["phenomenonTime", "result"],
                    "dataArray": [
                        [(base + dt.timedelta(seconds=i)).isoformat().replace("+00:00", "Z"), i % 89]
                        for i in range(size)
                    ],
                }
            ]
        )
    total = sum(len(body[0]["dataArray"]) for body in bodies)
    began = time.perf_counter()
    for body in bodies:
        response = client.post(
            "/sta/v1.1/CreateObservations",
            json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        assert response.status_code == 201, response.content[:300]
    return total / (time.perf_counter() - began)


def http_single_rate(client, token, stream, n, start) -> float:
    began = time.perf_counter()
    for i in range(n):
        body = {"phenomenonTime": (start + dt.timedelta(seconds=i)).isoformat(), "result": i % 53}
        response = client.post(
            f"/sta/v1.1/Datastreams({stream.pk})/Observations",
            json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        assert response.status_code == 201, response.content[:300]
    return n / (time.perf_counter() - began)


def mqtt_rate(token, stream, n, start) -> float | None:
    from paho.mqtt.packettypes import PacketTypes
    from paho.mqtt.properties import Properties

    from modellkommune.sensors import mqtt
    from modellkommune.sensors.models import Observation
    from modellkommune.sensors.mqtt_listener import Listener

    broker = mqtt.mqtt_broker()
    if broker is None:
        return None
    created = []
    listener = Listener(
        broker,
        on_outcome=lambda topic, outcome: outcome.ok and created.append(1),
        client_id=f"bench-listener-{os.getpid()}",
        share_group="",
        session_expiry=0,
    )
    listener.start()
    listener.subscribed.wait(5)
    client = mqtt.make_client(broker, client_id="bench-publisher")
    client.max_queued_messages_set(0)
    client.connect(broker.host, broker.port)
    client.loop_start()
    props = Properties(PacketTypes.PUBLISH)
    props.UserProperty = ("authorization", f"Bearer {token}")
    before = Observation.objects.filter(datastream=stream).count()
    topic = f"v1.1/Datastreams({stream.pk})/Observations"
    began = time.perf_counter()
    for i in range(n):
        payload = json.dumps({"phenomenonTime": (start + dt.timedelta(seconds=i)).isoformat(), "result": i % 31})
        client.publish(topic, payload, qos=1, properties=props)
    # Wait until all arrived or nothing new came for 15 s (lost messages must not stretch the time).
    last_count, last_change = 0, time.perf_counter()
    finished = began
    while len(created) < n and time.perf_counter() - last_change < 15:
        time.sleep(0.05)
        if len(created) != last_count:
            last_count, last_change = len(created), time.perf_counter()
            finished = last_change
    seconds = (time.perf_counter() if len(created) >= n else finished) - began
    listener.stop()
    client.loop_stop()
    client.disconnect()
    stored = Observation.objects.filter(datastream=stream).count() - before
    log(f"MQTT: {n} published, {len(created)} created by the listener, {stored} stored in {seconds:.1f} s")
    return stored / seconds if stored else None  # nothing arrived (the shared broker): the tables still print


LATEST_SQL = """
SELECT d.id, o.phenomenon_time_start, o.result
FROM sensors_datastream d
JOIN core_sector s ON s.id = d.sector_id
LEFT JOIN LATERAL (
    SELECT phenomenon_time_start, result FROM sensors_observation
    WHERE datastream_id = d.id ORDER BY phenomenon_time_start DESC, id DESC LIMIT 1
) o ON true
WHERE s.code = %s AND NOT d.internal
"""
AGG_SQL = """
SELECT date_trunc('hour', phenomenon_time_start AT TIME ZONE 'UTC') AS bucket,
       avg(result_number), min(result_number), max(result_number), count(*)
FROM sensors_observation
WHERE datastream_id = %s AND phenomenon_time_start >= %s AND phenomenon_time_start < %s
GROUP BY 1 ORDER BY 1
"""


def raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def record(what, value, baseline, ratio):
    RESULTS.append((what, value, baseline, ratio))
    log(f"{what}: {value} | {baseline} | {ratio}")


# ---- the peer: django-ogc-sensorthings in its own virtual environment -------------------------------------

PEER_SCRIPT = r'''
"""Runs inside the peer's virtual environment: a minimal Django project around django-ogc-sensorthings on
PostgreSQL, the same data shape as ours, the same requests through Django's test client. Prints JSON."""
import datetime as dt, json, os, statistics, sys, time, uuid

import django
from django.conf import settings

DB = os.environ["PEER_DB"]
settings.configure(
    DEBUG=False, SECRET_KEY="bench", ALLOWED_HOSTS=["*"], ROOT_URLCONF=__name__, USE_TZ=True,
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "sensorthings.versions.v1_1",
                    "sensorthings.versions.v1_1.backends.django", "sensorthings.versions.v1_1.extensions.dataarray"],
    MIDDLEWARE=[],
    DATABASES={"default": {"ENGINE": "django.db.backends.postgresql", "NAME": DB, "USER": "postgres",
                           "HOST": "127.0.0.1", "PORT": "5432"}},
    SENSORTHINGS_V1_1_SERVICE_URL="http://127.0.0.1/sensorthings",
    SENSORTHINGS_V1_1_BACKEND_ADAPTER="sensorthings.versions.v1_1.backends.django.adapter.DjangoBackendAdapter",
    SENSORTHINGS_V1_1_ID_TYPE=uuid.UUID, SENSORTHINGS_V1_1_ID_DELIMITER="'",
    SENSORTHINGS_V1_1_MAX_TOP=1000, SENSORTHINGS_V1_1_MAX_POST_DATA_ARRAY_OBSERVATIONS=10000,
    SENSORTHINGS_V1_1_DOCS_ENABLED=False,
)
django.setup()
from django.urls import include, path  # noqa: E402

urlpatterns = [path("sensorthings/", include("sensorthings.versions.v1_1.urls"))]

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from sensorthings.versions.v1_1.backends.django import models as m  # noqa: E402

A = json.loads(os.environ["PEER_ARGS"])
BASE = "/sensorthings/v1.1"
client = Client(HTTP_HOST="127.0.0.1")
out = {}


def timed(fn, repeat, warmup=2):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def setup():
    call_command("migrate", verbosity=0)
    if m.Datastream.objects.count() >= A["datastreams"]:
        return
    thing = m.Thing.objects.create(name="Bench", description="Bench")
    things = m.Thing.objects.bulk_create(
        [m.Thing(name=f"Bench-Messstelle {i}", description="x") for i in range(A["datastreams"] // 4)])
    loc_model = m.Location
    for i, t in enumerate(things):
        loc = loc_model.objects.create(name=f"Ort {i}", description="x", encoding_type="application/geo+json",
                                       location={"type": "Point", "coordinates": [7.6, 51.3]})
        loc.things.add(t)
    sensor = m.Sensor.objects.create(name="S", description="S", encoding_type="text/html", metadata="x")
    prop = m.ObservedProperty.objects.create(name="P", definition="https://example.org/p", description="P")
    m.Datastream.objects.bulk_create([
        m.Datastream(name=f"Bench-Datenstrom {i}", description="x", thing=t, sensor=sensor, observed_property=prop,
                     unit_of_measurement={"name": "E", "symbol": "E", "definition": "x"},
                     observation_type="http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement")
        for i, t in enumerate(things) for k in range(4)])
    foi = m.FeatureOfInterest.objects.create(name="F", description="F", encoding_type="application/geo+json",
                                             feature={"type": "Point", "coordinates": [7.6, 51.3]})
    per = A["observations"] // A["datastreams"]
    obs = m.Observation._meta.db_table
    ds = m.Datastream._meta.db_table
    with connection.cursor() as c:
        c.execute(f"""
            INSERT INTO {obs} (id, phenomenon_time_begin, result, result_time, datastream_id, feature_of_interest_id)
            SELECT gen_random_uuid(), g.t, round((50 + 30 * sin(extract(epoch FROM g.t) / 86400 * 2 * pi())
                   + random() * 5)::numeric, 2)::float8, g.t, d.id, %(foi)s
            FROM {ds} d CROSS JOIN LATERAL generate_series(%(end)s::timestamptz - make_interval(mins => 5 * (%(per)s - 1)),
                 %(end)s::timestamptz, interval '5 minutes') AS g(t)""",
            {"foi": foi.pk, "end": A["end"], "per": per})
    with connection.cursor() as c:  # autocommit: outside a transaction
        c.execute(f"VACUUM ANALYZE {obs}")


def iso(t):
    return t.isoformat().replace("+00:00", "Z")


class PeerError(Exception):
    pass


def attempt(name, fn):
    try:
        fn()
    except PeerError as exc:
        out.setdefault("errors", {})[name] = str(exc)


def measure():
    streams = list(m.Datastream.objects.order_by("id").values_list("id", flat=True))
    start = dt.datetime.fromisoformat(A["future"]) + dt.timedelta(days=A["round"] * 3)
    attempt("dataarray", lambda: dataarray(streams, start))
    attempt("single", lambda: single(streams, start))
    attempt("reads", lambda: reads(streams))


def dataarray(streams, start):
    # the same 5,000-row requests as ours, the streams in turn
    batch, n = 5000, A["ingest"]
    bodies = []
    for k in range((n + batch - 1) // batch):
        stream, base = streams[1 + k % 10], start + dt.timedelta(hours=k)
        bodies.append([{"Datastream": {"@iot.id": str(stream)}, "components": ["phenomenonTime", "result"],
                        "dataArray": [[iso(base + dt.timedelta(seconds=i)), i % 89]
                                      for i in range(min(batch, n - k * batch))]}])
    total = sum(len(b[0]["dataArray"]) for b in bodies)
    t = time.perf_counter()
    for body in bodies:
        r = client.post(f"{BASE}/CreateObservations", json.dumps(body), content_type="application/json")
        if r.status_code >= 300:
            raise PeerError(f"CreateObservations answered {r.status_code}: {r.content[:300]!r}")
    out["dataarray"] = total / (time.perf_counter() - t)


def single(streams, start):
    stream = str(streams[13])
    t = time.perf_counter()
    for i in range(A["single"]):
        body = {"phenomenonTime": iso(start + dt.timedelta(days=1, seconds=i)), "result": i % 53,
                "Datastream": {"@iot.id": stream}}
        r = client.post(f"{BASE}/Observations", json.dumps(body), content_type="application/json")
        if r.status_code >= 300:
            raise PeerError(f"POST Observations answered {r.status_code}: {r.content[:300]!r}")
    out["single"] = A["single"] / (time.perf_counter() - t)
    from django.test.utils import CaptureQueriesContext
    with CaptureQueriesContext(connection) as q:
        client.post(f"{BASE}/Observations", json.dumps({"phenomenonTime": iso(start + dt.timedelta(days=2)),
                    "result": 1, "Datastream": {"@iot.id": stream}}), content_type="application/json")
    out["single_statements"] = len([x for x in q.captured_queries if x["sql"] not in ("BEGIN", "COMMIT")])


def reads(streams):
    def get(url):
        r = client.get(url)
        if r.status_code != 200:
            raise PeerError(f"GET {url} answered {r.status_code}: {r.content[:300]!r}")
        return r

    # django-ogc-sensorthings 1.2.0 answers 500 to $orderby=phenomenonTime (FieldError: it looks for a field
    # "phenomenon_time"); resultTime equals phenomenonTime in these data and works, so the peer orders by it.
    latest = f"{BASE}/Datastreams?$top={A['latest']}&$expand=Observations($top=1;$orderby=resultTime desc)"
    body = get(latest).json()
    out["latest_check"] = len(body["value"])
    out["latest"] = timed(lambda: get(latest), min(A["repeat"], 3), warmup=1)  # seconds each: fewer samples
    day = (dt.datetime.fromisoformat(A["end"]) - dt.timedelta(days=1))
    last_day = (f"{BASE}/Datastreams('{streams[16]}')/Observations?$filter=phenomenonTime ge {iso(day)}"
                "&$orderby=resultTime desc&$top=1000")
    out["last_day_check"] = len(get(last_day).json()["value"])
    out["last_day"] = timed(lambda: get(last_day), min(A["repeat"], 3), warmup=1)
    out["count_value"] = get(f"{BASE}/Observations?$count=true&$top=1").json().get("@iot.count")
    out["count"] = timed(lambda: get(f"{BASE}/Observations?$count=true&$top=1"), max(A["repeat"] // 3, 3), warmup=1)


if A.get("setup"):
    setup()
else:
    measure()
print(json.dumps(out))
'''


def peer_python() -> str | None:
    """The peer's interpreter, installed on first use into its own virtual environment. None (with the reason
    logged) when it cannot be installed."""
    import subprocess

    venv = Path(ARGS.peer_venv)
    python = venv / "bin" / "python"
    marker = venv / f".django-ogc-sensorthings-{ARGS.peer_version}"
    if marker.exists():
        return str(python)
    log(f"installing django-ogc-sensorthings {ARGS.peer_version} into {venv}")
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "-q",
                f"django-ogc-sensorthings=={ARGS.peer_version}",
                "psycopg[binary]",
            ],
            check=True,
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        log(f"peer not installed: {exc}")
        return None
    marker.touch()
    return str(python)


def run_peer(python: str, **args) -> dict:
    import subprocess

    import psycopg

    db = ARGS.db + "_peer"
    with psycopg.connect(PG + "postgres", autocommit=True) as conn:
        if ARGS.fresh and args.get("setup"):
            conn.execute(f'DROP DATABASE IF EXISTS "{db}"')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db]).fetchone():
            conn.execute(f'CREATE DATABASE "{db}"')
    script = Path(ARGS.peer_venv).parent / "peer_bench.py"
    script.write_text(PEER_SCRIPT)
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PEER_DB": db,
        "PEER_ARGS": json.dumps(args, default=str),
    }
    done = subprocess.run([python, str(script)], capture_output=True, text=True, env=env, timeout=1800)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 and not lines:
        return {"error": (done.stderr or done.stdout).strip().splitlines()[-1:] or ["exit " + str(done.returncode)]}
    return json.loads(lines[-1]) if lines else {"error": "no output"}


# ---- issue 12's speed table: ours, the peer and the limit, interleaved -----------------------------------

LATEST_N_SQL = """
SELECT d.id, o.id, o.phenomenon_time_start, o.result
FROM sensors_datastream d
LEFT JOIN LATERAL (
    SELECT id, phenomenon_time_start, result FROM sensors_observation
    WHERE datastream_id = d.id ORDER BY phenomenon_time_start DESC, id DESC LIMIT 1
) o ON true
WHERE d.id = ANY(%s)
ORDER BY d.id
"""
LAST_DAY_SQL = """
SELECT id, phenomenon_time_start, phenomenon_time_end, result_time, result, result_quality, valid_time_start,
       valid_time_end, parameters, feature_of_interest_id
FROM sensors_observation
WHERE datastream_id = %s AND phenomenon_time_start >= %s
ORDER BY phenomenon_time_start DESC, id DESC LIMIT 1001
"""


def timed_in_turn(fns: dict, repeat=None, warmup=2) -> dict:
    """Medians of reads sampled in turn (SQL, ours, SQL, ours, …): a burst of load on a shared machine then
    hits the read and its raw SQL alike, and their ratio stays meaningful."""
    repeat = repeat or ARGS.repeat
    for _ in range(warmup):
        for fn in fns.values():
            fn()
    samples: dict = {key: [] for key in fns}
    for _ in range(repeat):
        for key, fn in fns.items():
            start = time.perf_counter()
            fn()
            samples[key].append(time.perf_counter() - start)
    return {key: statistics.median(values) for key, values in samples.items()}


def single_insert_rate(stream, foi_id, n, start) -> float:
    """The limit of single POSTs: one INSERT per row, each its own transaction, over a fresh connection."""
    import psycopg

    with psycopg.connect(PG + ARGS.db, autocommit=True) as conn:
        began = time.perf_counter()
        for i in range(n):
            conn.execute(
                "INSERT INTO sensors_observation (datastream_id, feature_of_interest_id, phenomenon_time_start,"
                " result, result_number) VALUES (%s, %s, %s, %s, %s)",
                [stream.pk, foi_id, start + dt.timedelta(seconds=i), json.dumps(i % 7), i % 7],
            )
        return n / (time.perf_counter() - began)


def statements_per_post(client, token, stream, when) -> list[str]:
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            f"/sta/v1.1/Datastreams({stream.pk})/Observations",
            json.dumps({"phenomenonTime": when.isoformat(), "result": 1}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
    assert response.status_code == 201, response.content[:300]
    return [q["sql"] for q in captured.captured_queries]


def statements_text(statements: list[str]) -> str:
    """'2 statements, no transaction' or '3 statements + COMMIT' (Django logs BEGIN and COMMIT as queries)."""
    work = [s for s in statements if s not in ("BEGIN", "COMMIT")]
    return f"{len(work)} statements" + (" + COMMIT" if "COMMIT" in statements else ", no transaction")


def issue_table(client, token, streams, foi_id, end, future) -> list[tuple]:
    """Every row of the issue's table, `ARGS.rounds` times: limits, ours, the peer, in turn."""
    from modellkommune.sensors.models import Datastream

    samples: dict[str, list[float]] = {}

    def add(key, value):
        samples.setdefault(key, []).append(value)

    python = None if ARGS.no_peer else peer_python()
    peer_note = "not run (--no-peer)" if ARGS.no_peer else ("not installed" if python is None else "")
    peer_args = {
        "datastreams": ARGS.datastreams,
        "observations": ARGS.observations,
        "ingest": ARGS.ingest,
        "single": ARGS.single_posts,
        "latest": ARGS.latest,
        "repeat": ARGS.repeat,
        "end": end.isoformat(),
        "future": (future + dt.timedelta(days=200)).isoformat(),
    }
    if python:
        log("peer: setting up its database (same number of datastreams and observations)")
        result = run_peer(python, setup=True, **peer_args)
        if "error" in result:
            peer_note = f"setup failed: {result['error']}"
            python = None
    latest_ids = list(Datastream.objects.order_by("id").values_list("id", flat=True)[: ARGS.latest])
    latest_url = f"/sta/v1.1/Datastreams?$top={ARGS.latest}&$expand=Observations($top=1;$orderby=phenomenonTime desc)"
    day_start = end - dt.timedelta(days=1)
    day_stream = streams[16]
    day_url = (
        f"/sta/v1.1/Datastreams({day_stream.pk})/Observations?$filter=phenomenonTime ge "
        f"{day_start.isoformat().replace('+00:00', 'Z')}&$orderby=phenomenonTime desc&$top=1000"
    )

    def get(url):
        response = client.get(url)
        assert response.status_code == 200, response.content[:300]
        return response

    assert len(get(latest_url).json()["value"]) == ARGS.latest
    day_rows = len(get(day_url).json()["value"])
    assert day_rows == len(raw(LAST_DAY_SQL, [day_stream.pk, day_start])), "STA and SQL disagree on the last day"
    statements = []
    peer_errors: dict[str, str] = {}
    for rnd in range(ARGS.rounds):
        start = future + dt.timedelta(days=40 * rnd)
        log(f"round {rnd + 1}/{ARGS.rounds}: limits")
        add("copy", raw_copy_rate(streams[0], foi_id, ARGS.ingest, start))
        add("insert", single_insert_rate(streams[0], foi_id, ARGS.single_posts, start + dt.timedelta(days=1)))
        log(f"round {rnd + 1}/{ARGS.rounds}: ours")
        settings.MQTT_URL = ""
        add("dataarray", http_dataarray_rate(client, token, streams[1:11], ARGS.ingest, start + dt.timedelta(days=2)))
        add("single", http_single_rate(client, token, streams[13], ARGS.single_posts, start + dt.timedelta(days=20)))
        statements = statements_per_post(client, token, streams[13], start + dt.timedelta(days=21))
        reads = timed_in_turn(
            {
                "latest_sql": lambda: raw(LATEST_N_SQL, [latest_ids]),
                "latest": lambda: get(latest_url),
                "day_sql": lambda: raw(LAST_DAY_SQL, [day_stream.pk, day_start]),
                "day": lambda: get(day_url),
            }
        )
        for key, value in reads.items():
            add(key, value)
        # In turn with its COUNT(*), after this round's ingest: both count the same rows (measured before the
        # ingest, COUNT(*) counted 20,000 rows fewer and scanned a table whose new pages were all-visible).
        counts = timed_in_turn(
            {
                "count_sql": lambda: raw("SELECT count(*) FROM sensors_observation", []),
                "count": lambda: get("/sta/v1.1/Observations?$count=true&$top=1"),
            },
            repeat=3,
            warmup=1,
        )
        for key, value in counts.items():
            add(key, value)
        settings.STA_COUNT_MODE, settings.STA_COUNT_ESTIMATE_THRESHOLD = "estimate", 100_000
        add("count_estimate", timed(lambda: get("/sta/v1.1/Observations?$count=true&$top=1")))
        estimate = get("/sta/v1.1/Observations?$count=true&$top=1").json()["@iot.count"]
        settings.STA_COUNT_MODE = "full"
        if python:
            log(f"round {rnd + 1}/{ARGS.rounds}: peer")
            result = run_peer(python, round=rnd, **peer_args)
            log(f"peer: {result}")
            if "error" in result:
                peer_note = f"failed: {result['error']}"
                python = None
            else:
                for key in ("dataarray", "single", "latest", "day", "count", "single_statements"):
                    if key in result or (key == "day" and "last_day" in result):
                        add("peer_" + key, result["last_day" if key == "day" else key])
                peer_errors.update(result.get("errors", {}))
    exact = Observation_count()

    def rate(key):
        values = samples.get(key)
        if not values:
            return None
        return f"{min(values):,.0f}–{max(values):,.0f}" if len(values) > 1 else f"{values[0]:,.0f}"

    def ms(key):
        values = samples.get(key)
        if not values:
            return None
        lo, hi = min(values) * 1000, max(values) * 1000
        return f"{lo:.1f}–{hi:.1f} ms" if len(values) > 1 else f"{lo:.1f} ms"

    def mean(key):
        return statistics.mean(samples[key])

    def peer_cell(key, text_of):
        if f"peer_{key}" in samples:
            return text_of()
        group = {"dataarray": "dataarray", "single": "single"}.get(key, "reads")
        return f"– ({peer_errors.get(group, peer_note)})"

    rows = [
        (
            f"dataArray CreateObservations, {ARGS.ingest:,} obs in 5,000-row requests",
            f"{rate('dataarray')} obs/s",
            peer_cell("dataarray", lambda: f"{rate('peer_dataarray')} obs/s"),
            f"raw COPY {rate('copy')} obs/s",
            f"{mean('dataarray') / mean('copy'):.0%} of COPY (goal ≥ 50 %)",
        ),
        (
            f"single POST /Observations × {ARGS.single_posts}",
            f"{rate('single')} obs/s, {statements_text(statements)}",
            peer_cell(
                "single",
                lambda: f"{rate('peer_single')} obs/s, {int(mean('peer_single_statements'))} statements + COMMIT",
            ),
            f"single-row INSERT {rate('insert')}/s",
            f"{mean('single') / mean('insert'):.0%} of INSERT (goal ≥ 250/s, ≤ 4 statements)",
        ),
        (
            f"latest observation of {ARGS.latest} datastreams via `$expand=Observations($top=1;$orderby=…)`",
            ms("latest"),
            peer_cell("latest", lambda: f"{ms('peer_latest')} (`$orderby=resultTime desc`)"),
            f"raw LATERAL SQL {ms('latest_sql')}",
            f"{mean('latest') / mean('latest_sql'):.1f}× (goal ≤ 3×)",
        ),
        (
            f"one datastream's last day ({day_rows} obs, `$filter=phenomenonTime ge …&$top=1000`)",
            ms("day"),
            peer_cell("day", lambda: f"{ms('peer_day')} (`$orderby=resultTime desc`)"),
            f"raw SQL {ms('day_sql')}",
            f"{mean('day') / mean('day_sql'):.1f}× (goal ≤ 3×)",
        ),
        (
            f"`$count=true` on all {exact:,} observations",
            ms("count"),
            peer_cell("count", lambda: ms("peer_count")),
            f"COUNT(*) {ms('count_sql')}",
            f"{mean('count') / mean('count_sql'):.2f}× (parity)",
        ),
        (
            "… with `STA_COUNT_MODE=estimate` (threshold 100,000)",
            f"{ms('count_estimate')} (answers {estimate:,})",
            "–",
            f"COUNT(*) {ms('count_sql')}",
            f"{mean('count_estimate') / mean('count_sql'):.2f}×",
        ),
    ]
    log("statements of one single POST:\n  " + "\n  ".join(s[:160] for s in statements))
    return rows


def Observation_count() -> int:  # noqa: N802
    return raw("SELECT count(*) FROM sensors_observation", [])[0][0]


def main():
    from modellkommune.sensors.auth import api_token_create
    from modellkommune.sensors.dashboard_queries import sector_datastreams
    from modellkommune.sensors.models import ApiToken, Datastream, Observation
    from modellkommune.sensors.selectors import datastream_list_with_latest, observation_aggregate

    setup_entities()
    end = timezone.now().replace(second=0, microsecond=0)
    total, gen_seconds = generate_observations(end)
    total = Observation.objects.count()
    streams = list(Datastream.objects.select_related("sector").order_by("id")[:20])
    ApiToken.objects.filter(name="bench").delete()
    _, token = api_token_create(name="bench", things=[s.thing_id for s in streams])
    foi_id = Observation.objects.filter(datastream=streams[0]).values_list("feature_of_interest_id", flat=True)[0]
    future = end + dt.timedelta(days=400)  # new readings after all existing ones
    client = Client(HTTP_HOST="127.0.0.1")
    # the server process as the WSGI entry leaves it (modellkommune/wsgi.py: core.startup.settle); the peer
    # runs as it is shipped
    from modellkommune.core.startup import settle

    settle()

    issue_rows = issue_table(client, token, streams, foi_id, end, future)
    copy_rate = raw_copy_rate(streams[0], foi_id, ARGS.ingest, future + dt.timedelta(days=150))
    settings.MQTT_URL = os.environ["TEST_MQTT_URL"]
    small = max(ARGS.ingest // 10, 1000)
    dataarray_mqtt = http_dataarray_rate(client, token, streams[11:13], small, future + dt.timedelta(days=160))
    record(
        f"dataArray over HTTP, {small:,} obs, each announced on MQTT",
        f"{dataarray_mqtt:,.0f} obs/s",
        f"raw COPY: {copy_rate:,.0f} obs/s",
        f"{copy_rate / dataarray_mqtt:.1f}× slower",
    )
    settings.MQTT_URL = os.environ["TEST_MQTT_URL"]
    rate = mqtt_rate(token, streams[14], ARGS.mqtt_messages, future + dt.timedelta(days=170))
    if rate is not None:
        record(
            f"MQTT publish → mqtt_listen (batched bulk insert, notifications on), {ARGS.mqtt_messages:,} messages (QoS 1)",
            f"{rate:,.0f} obs/s",
            f"raw COPY: {copy_rate:,.0f} obs/s",
            f"{copy_rate / rate:.0f}× slower",
        )
    settings.MQTT_URL = ""

    # Latest observation of every datastream of one sector.
    sector = streams[0].sector.code
    n_sector = Datastream.objects.filter(sector__code=sector).count()
    t_raw = timed(lambda: raw(LATEST_SQL, [sector]))
    t_sel = timed(lambda: list(datastream_list_with_latest(sector_code=sector)))
    record(
        f"latest observation of each of the {n_sector} datastreams of one sector (selector)",
        f"{t_sel * 1000:.1f} ms",
        f"raw SQL (LATERAL … LIMIT 1): {t_raw * 1000:.1f} ms",
        f"{t_sel / t_raw:.1f}×",
    )
    t_dash = timed(lambda: sector_datastreams(sector_code=sector), repeat=5)
    record("… the same as the dashboard prepares it", f"{t_dash * 1000:.1f} ms", "", f"{t_dash / t_raw:.1f}×")
    ids = list(Datastream.objects.filter(sector__code=sector).values_list("id", flat=True))
    url = (
        # Exactly the sector's datastreams (an id range would also take in other sectors' streams).
        f"/sta/v1.1/Datastreams?$filter={' or '.join(f'id eq {i}' for i in ids)}&$top=1000"
        "&$expand=Observations($top=1;$orderby=phenomenonTime desc)"
    )

    def sta_latest():
        response = client.get(url)
        assert response.status_code == 200, response.content[:300]

    try:
        t_sta = timed(sta_latest, repeat=5)
    except AssertionError as exc:
        log(f"STA latest query failed: {exc}")
        t_sta = float("nan")
    record(
        "… over the STA API: Datastreams?$expand=Observations($top=1;$orderby=phenomenonTime desc)",
        f"{t_sta * 1000:.0f} ms",
        "",
        f"{t_sta / t_raw:.0f}×",
    )

    # One week of hourly aggregates of one datastream.
    week_end = end
    week_start = end - dt.timedelta(days=7)
    target = streams[15].pk
    t_raw_agg = timed(lambda: raw(AGG_SQL, [target, week_start, week_end]))
    t_agg = timed(lambda: observation_aggregate(datastream_id=target, start=week_start, end=week_end, bucket="hour"))
    record(
        "one week of hourly avg/min/max/count of one datastream (observation_aggregate)",
        f"{t_agg * 1000:.1f} ms",
        f"raw SQL (date_trunc … GROUP BY): {t_raw_agg * 1000:.1f} ms",
        f"{t_agg / t_raw_agg:.1f}×",
    )
    code = streams[15].sector.code

    def page():
        response = client.get(f"/stadtdaten/{code}/?ds={target}&zeitraum=7d")
        assert response.status_code == 200

    t_page = timed(page, repeat=5)
    record("… the whole sector page with that chart and table", f"{t_page * 1000:.0f} ms", "", "")

    print()
    print(f"Scale: {Datastream.objects.count():,} datastreams, {total:,} observations", end="")
    print(f" (generated in {gen_seconds:.0f} s)" if gen_seconds else " (reused)")
    print()
    print("| path | ours | peer (django-ogc-sensorthings) | limit in the same run | ours vs. limit |")
    print("|---|---|---|---|---|")
    for row in issue_rows:
        print("| " + " | ".join(row) + " |")
    print()
    print("| What | Median / rate | Baseline in the same run | Ratio |")
    print("|---|---|---|---|")
    for row in RESULTS:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    log(f"done in {time.perf_counter() - started:.0f} s")
    # paho threads may linger; the process must end
    os._exit(0)
