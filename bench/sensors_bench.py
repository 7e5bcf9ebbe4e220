#!/usr/bin/env python
"""SensorThings benchmark on PostgreSQL: ingest (dataArray over HTTP, MQTT) and the two dashboard queries,
each as a ratio against the same work done directly in SQL in the same run.

    .venv/bin/python bench/sensors_bench.py                       # 1,000 datastreams, 10 million observations
    .venv/bin/python bench/sensors_bench.py --observations 2000000 # smaller scale on a busy machine

Uses its own database (default mk_bench_sensors, created when missing; --fresh drops it first) and the
broker at MQTT_URL (default mqtt://127.0.0.1:1883). The observations are generated inside PostgreSQL
(INSERT … SELECT over generate_series, the server-side equivalent of COPY), 5-minute readings per stream
ending now. Prints a Markdown table for docs/performance.md. Never part of pytest.
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
    per_stream = max(n // len(streams), 1)
    bodies = []
    for s_index, stream in enumerate(streams):
        for b in range(0, per_stream, batch):
            size = min(batch, per_stream - b)
            base = start + dt.timedelta(days=s_index)
            bodies.append(
                [
                    {
                        "Datastream": {"@iot.id": stream.pk},
                        "components": ["phenomenonTime", "result"],
                        "dataArray": [
                            [(base + dt.timedelta(seconds=b + i)).isoformat().replace("+00:00", "Z"), (b + i) % 89]
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
    return stored / seconds


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

    # Ingest: dataArray without MQTT notifications, then with them; raw COPY of the same row count.
    settings.MQTT_URL = ""
    copy_rate = raw_copy_rate(streams[0], foi_id, ARGS.ingest, future)
    dataarray = http_dataarray_rate(client, token, streams[1:11], ARGS.ingest, future)
    record(
        f"dataArray over HTTP, {ARGS.ingest:,} obs in 5,000-row requests (MQTT off)",
        f"{dataarray:,.0f} obs/s",
        f"raw COPY: {copy_rate:,.0f} obs/s",
        f"{copy_rate / dataarray:.1f}× slower",
    )
    settings.MQTT_URL = os.environ["TEST_MQTT_URL"]
    small = max(ARGS.ingest // 10, 1000)
    dataarray_mqtt = http_dataarray_rate(client, token, streams[11:13], small, future + dt.timedelta(days=30))
    record(
        f"dataArray over HTTP, {small:,} obs, each announced on MQTT",
        f"{dataarray_mqtt:,.0f} obs/s",
        f"raw COPY: {copy_rate:,.0f} obs/s",
        f"{copy_rate / dataarray_mqtt:.1f}× slower",
    )
    settings.MQTT_URL = ""
    single = http_single_rate(client, token, streams[13], ARGS.single_posts, future)
    record(
        f"single POST /Datastreams(id)/Observations × {ARGS.single_posts}",
        f"{single:,.0f} obs/s",
        f"raw COPY: {copy_rate:,.0f} obs/s",
        f"{copy_rate / single:.0f}× slower",
    )
    settings.MQTT_URL = os.environ["TEST_MQTT_URL"]
    rate = mqtt_rate(token, streams[14], ARGS.mqtt_messages, future + dt.timedelta(days=60))
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
