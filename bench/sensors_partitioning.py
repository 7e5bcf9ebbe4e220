#!/usr/bin/env python
"""Does the sensors app run on a time-partitioned observation table? (The schema step before TimescaleDB.)

TimescaleDB and PostgreSQL's declarative partitioning share one rule: every unique index, the primary key
included, must contain the partitioning column. This script builds a scratch database (default
mk_sensors_partition, dropped first), migrates it, replaces ``sensors_observation`` by a table partitioned
by month on ``phenomenon_time_start`` with the primary key ``(id, phenomenon_time_start)``, and then drives
the app's own code over it: the demo with a month of history (bulk insert), observation_bulk_create through
COPY, the latest-value and aggregate selectors, the sector page and a cascading delete.

    .venv/bin/python bench/sensors_partitioning.py

TimescaleDB itself is not installable on this machine (see docs/sensors.md, "Scaling beyond one machine").
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = os.environ.get("PARTITION_DB", "mk_sensors_partition")
PG = "postgres://postgres@127.0.0.1:5432/"
os.environ["DATABASE_URL"] = PG + DB
os.environ["TEST_MQTT_URL"] = ""
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "modellkommune.settings.test")

import psycopg  # noqa: E402

with psycopg.connect(PG + "postgres", autocommit=True) as admin:
    admin.execute(f'DROP DATABASE IF EXISTS "{DB}"')
    admin.execute(f'CREATE DATABASE "{DB}"')

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402


def month_partitions(now: dt.datetime) -> list[str]:
    first = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0) - dt.timedelta(days=62)
    first = first.replace(day=1)
    sql = []
    for _ in range(5):
        nxt = (first + dt.timedelta(days=32)).replace(day=1)
        sql.append(
            f"CREATE TABLE sensors_observation_{first:%Y%m} PARTITION OF sensors_observation "
            f"FOR VALUES FROM ('{first.isoformat()}') TO ('{nxt.isoformat()}')"
        )
        first = nxt
    sql.append("CREATE TABLE sensors_observation_default PARTITION OF sensors_observation DEFAULT")
    return sql


def partition_observations():
    """Swap the plain table for a partitioned one with the same columns, foreign keys and indexes."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
               WHERE conrelid = 'sensors_observation'::regclass AND contype IN ('f', 'c')"""
        )
        constraints = cursor.fetchall()
        cursor.execute(
            """SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'sensors_observation'
               AND indexname NOT LIKE '%%pkey'"""
        )
        indexes = cursor.fetchall()
        statements = [
            "ALTER TABLE sensors_observation RENAME TO sensors_observation_plain",
            "CREATE TABLE sensors_observation (LIKE sensors_observation_plain INCLUDING DEFAULTS)"
            " PARTITION BY RANGE (phenomenon_time_start)",
            # PostgreSQL 15 has no identity columns on partitioned tables: a sequence owned by the column instead,
            # so pg_get_serial_sequence() (used by the COPY path) still finds it.
            "CREATE SEQUENCE sensors_observation_id_seq_p OWNED BY sensors_observation.id",
            "ALTER TABLE sensors_observation ALTER COLUMN id SET DEFAULT nextval('sensors_observation_id_seq_p')",
            "ALTER TABLE sensors_observation ADD PRIMARY KEY (id, phenomenon_time_start)",
            *[f"ALTER TABLE sensors_observation ADD CONSTRAINT {name} {definition}" for name, definition in constraints],
            "DROP TABLE sensors_observation_plain",
            *[definition.replace(" ON public.sensors_observation ", " ON sensors_observation ") for _, definition in indexes],
            *month_partitions(timezone.now()),
        ]  # fmt: skip
        for statement in statements:
            print("  " + statement.splitlines()[0][:110])
            cursor.execute(statement)


def check(label: str, ok: bool):
    print(f"{'ok  ' if ok else 'FAIL'} {label}")
    if not ok:
        raise SystemExit(1)


def main():
    call_command("migrate", verbosity=0)
    print("Partitioning sensors_observation:")
    partition_observations()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_inherits WHERE inhparent = 'sensors_observation'::regclass")
        check("sensors_observation has monthly partitions", cursor.fetchone()[0] >= 5)

    from modellkommune.core import demo as core_demo
    from modellkommune.sensors import demo
    from modellkommune.sensors.models import Datastream, Observation
    from modellkommune.sensors.selectors import datastream_list_with_latest, observation_aggregate
    from modellkommune.sensors.services import observation_bulk_create, observation_create

    core_demo.load()
    demo.load()
    total = Observation.objects.count()
    check(f"demo loaded a month of history by bulk insert ({total:,} observations)", total > 40_000)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(DISTINCT tableoid) FROM sensors_observation")
        check("rows are spread over more than one partition", cursor.fetchone()[0] >= 2)

    stream = Datastream.objects.get(name="Kfz Hagener Straße")
    start = timezone.now() + dt.timedelta(days=1)
    rows = [{"phenomenon_time": start + dt.timedelta(minutes=i), "result": i} for i in range(2500)]
    ids = observation_bulk_create(datastream=stream, rows=rows, publish=False)
    check("observation_bulk_create through COPY returns 2,500 ids", len(ids) == 2500 and len(set(ids)) == 2500)
    single = observation_create(datastream=stream, result=7, phenomenon_time=start + dt.timedelta(days=3))
    check("observation_create returns its id", Observation.objects.filter(pk=single.pk).exists())
    latest = {s.pk: s.latest_result for s in datastream_list_with_latest(sector_code="verkehr")}
    check(f"latest value per datastream of a sector ({latest.get(stream.pk)!r})", latest.get(stream.pk) in (7, "7"))
    now = timezone.now()
    buckets = observation_aggregate(datastream_id=stream.pk, start=now - dt.timedelta(days=7), end=now, bucket="hour")
    check(f"hourly aggregate over a week ({len(buckets)} buckets)", 100 <= len(buckets) <= 169)
    response = Client(HTTP_HOST="127.0.0.1").get(f"/stadtdaten/verkehr/?ds={stream.pk}&zeitraum=7d")
    check("sector page with chart renders", response.status_code == 200 and b"<svg" in response.content)
    api = Client(HTTP_HOST="127.0.0.1").get(f"/sta/v1.1/Datastreams({stream.pk})/Observations?$top=2")
    check("STA API reads observations", api.status_code == 200 and len(api.json()["value"]) == 2)
    count = Observation.objects.filter(datastream=stream).count()
    before = Observation.objects.count()
    stream.delete()
    check(
        f"deleting a datastream cascades to its {count:,} observations", Observation.objects.count() == before - count
    )


if __name__ == "__main__":
    main()
