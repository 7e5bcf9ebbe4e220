import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from modellkommune.sensors import selectors, services
from modellkommune.sensors.models import FeatureOfInterest, Observation

from .factories import DatastreamFactory, sector

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)


def test_observation_create_generates_foi_from_location_and_widens_ranges():
    ds = DatastreamFactory()
    first = services.observation_create(datastream=ds, result=12, phenomenon_time="2026-11-01T10:00:00Z")
    second = services.observation_create(datastream=ds, result=3.5, phenomenon_time="2026-11-01T08:00:00Z")
    assert first.feature_of_interest == second.feature_of_interest
    assert first.feature_of_interest.feature == {"type": "Point", "coordinates": [7.6949, 51.3759]}
    ds.refresh_from_db()
    assert ds.phenomenon_time_start == T0.replace(hour=8)
    assert ds.phenomenon_time_end == T0.replace(hour=10)
    assert selectors.datastream_latest_observation(datastream_id=ds.pk).result == 12


def test_observation_create_refuses_wrong_result_type():
    ds = DatastreamFactory()
    with pytest.raises(ValidationError, match="OM_Measurement needs a number"):
        services.observation_create(datastream=ds, result="viel", phenomenon_time="2026-11-01T10:00:00Z")
    assert not Observation.objects.exists()


def test_bulk_create_is_all_or_nothing():
    ds = DatastreamFactory()
    rows = [{"phenomenon_time": T0 + dt.timedelta(minutes=i), "result": i} for i in range(5)]
    rows.append({"phenomenon_time": "kaputt", "result": 1})
    with pytest.raises(ValidationError, match=r"dataArray\[5\]: phenomenonTime"):
        services.observation_bulk_create(datastream=ds, rows=rows)
    assert Observation.objects.count() == 0
    ids = services.observation_bulk_create(datastream=ds, rows=rows[:5])
    assert len(ids) == 5
    assert list(Observation.objects.order_by("id").values_list("result", flat=True)) == [0, 1, 2, 3, 4]
    assert FeatureOfInterest.objects.count() == 1


def test_bulk_create_large_batch_returns_every_id(monkeypatch):
    monkeypatch.setattr(services, "COPY_THRESHOLD", 10)  # exercise COPY on PostgreSQL with a small batch
    ds = DatastreamFactory()
    rows = [{"phenomenon_time": T0 + dt.timedelta(minutes=i), "result": float(i)} for i in range(25)]
    ids = services.observation_bulk_create(datastream=ds, rows=rows)
    assert len(set(ids)) == 25
    assert Observation.objects.get(pk=ids[-1]).result == 24.0
    assert Observation.objects.get(pk=ids[-1]).result_number == 24.0
    # the sequence moved past the copied ids, so the next insert gets a fresh one
    nxt = services.observation_create(datastream=ds, result=1, phenomenon_time=T0)
    assert nxt.pk not in ids
    assert connection.vendor in {"sqlite", "postgresql"}


def _loaded_with_its_foi(ds):
    """The stream as the API loads it: with its generated FeatureOfInterest (which the first reading makes)."""
    from modellkommune.sensors.api.resolve import stream_queryset
    from modellkommune.sensors.api.spec import SPECS

    services.observation_create(datastream=ds, result=0.5, phenomenon_time=T0 - dt.timedelta(days=1))
    stream = stream_queryset(SPECS["Datastreams"], observations_next=True).get(pk=ds.pk)
    assert stream.sta_default_foi_id is not None
    return stream


def test_bulk_copy_validates_each_row_as_copy_takes_it(monkeypatch):
    """PostgreSQL: rows stream into COPY as they are validated; every id comes back, in row order."""
    monkeypatch.setattr(services, "COPY_THRESHOLD", 10)
    copies = []
    real_copy = services._copy_insert
    monkeypatch.setattr(services, "_copy_insert", lambda n, rows: copies.append(n) or real_copy(n, rows))
    stream = _loaded_with_its_foi(DatastreamFactory())
    rows = [{"phenomenon_time": T0 + dt.timedelta(minutes=i), "result": i * 1.5} for i in range(30)]
    ids = services.observation_bulk_create(datastream=stream, rows=rows)
    assert copies == ([30] if connection.vendor == "postgresql" else [])
    stored = dict(Observation.objects.filter(pk__in=ids).values_list("id", "result"))
    assert [stored[pk] for pk in ids] == [i * 1.5 for i in range(30)]
    stream.refresh_from_db()
    assert stream.phenomenon_time_end == T0 + dt.timedelta(minutes=29)


def test_a_bad_row_late_in_a_copy_stores_nothing_and_the_connection_goes_on(monkeypatch):
    monkeypatch.setattr(services, "COPY_THRESHOLD", 10)
    stream = _loaded_with_its_foi(DatastreamFactory())
    before = Observation.objects.count()
    rows = [{"phenomenon_time": T0 + dt.timedelta(minutes=i), "result": i} for i in range(30)]
    rows[25] = {"phenomenon_time": T0, "result": "viel"}
    with pytest.raises(ValidationError, match=r"dataArray\[25\]: .*needs a number"):
        services.observation_bulk_create(datastream=stream, rows=rows)
    assert Observation.objects.count() == before
    stream.refresh_from_db()
    assert stream.phenomenon_time_end == T0 - dt.timedelta(days=1)  # the ranges were not widened either
    del rows[25]
    assert len(services.observation_bulk_create(datastream=stream, rows=rows)) == 29


def test_hourly_aggregate_and_live_count():
    ds = DatastreamFactory(sector=sector("energie"))
    rows = [{"phenomenon_time": T0 + dt.timedelta(minutes=15 * i), "result": float(i)} for i in range(8)]
    services.observation_bulk_create(datastream=ds, rows=rows)
    buckets = selectors.observation_aggregate(
        datastream_id=ds.pk, start=T0, end=T0 + dt.timedelta(days=1), bucket="hour"
    )
    assert [(b[0], b[1], b[2], b[3], b[4]) for b in buckets] == [
        (T0, 1.5, 0.0, 3.0, 4),
        (T0 + dt.timedelta(hours=1), 5.5, 4.0, 7.0, 4),
    ]
    daily = selectors.observation_aggregate(datastream_id=ds.pk, start=T0, end=T0 + dt.timedelta(days=1), bucket="day")
    assert daily == [(T0, 3.5, 0.0, 7.0, 8)]
    assert selectors.datastream_live_count_by_sector() == {}
    services.observation_create(datastream=ds, result=1, phenomenon_time=timezone.now())
    assert selectors.datastream_live_count_by_sector() == {"energie": 1}
    assert selectors.datastream_url(ds).endswith(f"/sta/v1.1/Datastreams({ds.pk})")


def test_bulk_create_announces_every_observation_in_one_batch_without_a_query_per_row(
    monkeypatch, settings, django_capture_on_commit_callbacks
):
    from django.test.utils import CaptureQueriesContext

    from modellkommune.sensors import mqtt

    settings.MQTT_URL = "mqtt://127.0.0.1:1"  # configured; nothing is sent to it (publisher.send is replaced)
    batches = []
    monkeypatch.setattr(mqtt.publisher, "send", lambda messages: batches.append(list(messages)) or len(messages))
    ds = DatastreamFactory()
    rows = [{"phenomenon_time": T0 + dt.timedelta(minutes=i), "result": float(i)} for i in range(30)]
    with django_capture_on_commit_callbacks(execute=True):
        ids = services.observation_bulk_create(datastream=ds, rows=rows)
        ds = type(ds).objects.get(pk=ds.pk)  # what a request has: the stream loaded once
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        more = services.observation_bulk_create(datastream=ds, rows=[{**r, "result": 1.0} for r in rows])
    observation_batches = [b for b in batches if any(t == "v1.1/Observations" for t, _body in b)]
    assert len(observation_batches) == 2, "one batch per request (the first also announces the new FOI apart)"
    assert len(queries) < 10, [q["sql"][:80] for q in queries]  # not one per observation
    topics = [topic for topic, _body in observation_batches[1]]
    assert topics.count(f"v1.1/Datastreams({ds.pk})/Observations") == 30 and topics.count("v1.1/Observations") == 30
    first = {t for t, _body in observation_batches[0]}
    assert all(f"v1.1/Datastreams({ds.pk})/Observations" in first for _ in ids) and len(more) == 30
