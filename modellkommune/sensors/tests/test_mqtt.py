"""SensorThings MQTT: topics, the listener's handling of good and bad messages, broker auth hooks.

Tests marked ``mqtt`` talk to the real Mosquitto at TEST_MQTT_URL and are skipped without it."""

import json
import logging
import secrets
import threading
import time
import uuid

import pytest
from django.conf import settings
from django.db import OperationalError

from modellkommune.core.models import Sector
from modellkommune.sensors import mqtt
from modellkommune.sensors.models import ApiToken, Datastream, Location, Observation, ObservedProperty, Sensor, Thing
from modellkommune.sensors.models.token import token_hash
from modellkommune.sensors.mqtt_listener import Listener, TTLCache, handle_message, prepare_message, write_batch

needs_broker = pytest.mark.skipif(not settings.MQTT_URL, reason="no MQTT broker (TEST_MQTT_URL) configured")


@pytest.fixture
def stream(municipality):
    thing = Thing.objects.create(name="Zählstelle Test")
    location = Location.objects.create(name="Test", location={"type": "Point", "coordinates": [7.69, 51.37]})
    thing.locations.add(location)
    return Datastream.objects.create(
        name="Kfz Test",
        thing=thing,
        sensor=Sensor.objects.create(name="Schleife", metadata="https://example.org"),
        observed_property=ObservedProperty.objects.create(name="Verkehrsstärke", definition="https://example.org"),
        sector=Sector.objects.get(code="verkehr"),
        unit_of_measurement={"name": "Fahrzeuge", "symbol": "Kfz", "definition": "https://example.org"},
    )


def make_token(*, sectors=(), things=()):
    raw = secrets.token_urlsafe(24)
    ApiToken.objects.create(
        name=f"t-{uuid.uuid4().hex[:6]}",
        token_hash=token_hash(raw),
        prefix=raw[:8],
        scope_sectors=list(sectors),
        scope_things=list(things),
    )
    return raw


class Props:
    def __init__(self, **pairs):
        self.UserProperty = list(pairs.items())


def body(**fields) -> bytes:
    return json.dumps({"phenomenonTime": "2026-11-25T10:00:00Z", "result": 42, **fields}).encode()


def test_topics_name_the_parents_not_the_childs_own_id(stream):
    """Issue 12.1: the navigation topics carry the parent's id (Datastream 121, not the Observation's id)."""
    from modellkommune.sensors.services import observation_create

    observation = observation_create(datastream=stream, result=1, phenomenon_time="2026-11-25T10:00:00Z")
    topics = [t for t, _ in mqtt.event_messages("Observations", observation, {"@iot.id": observation.pk})]
    assert topics == [
        "v1.1/Observations",
        f"v1.1/Datastreams({stream.pk})/Observations",
        f"v1.1/FeaturesOfInterest({observation.feature_of_interest_id})/Observations",
    ]
    topics = [t for t, _ in mqtt.event_messages("Datastreams", stream, {})]
    assert topics == [
        "v1.1/Datastreams",
        f"v1.1/Things({stream.thing_id})/Datastreams",
        f"v1.1/Sensors({stream.sensor_id})/Datastreams",
        f"v1.1/ObservedProperties({stream.observed_property_id})/Datastreams",
    ]
    update = mqtt.event_messages("Things", stream.thing, {"name": "Neu", "description": ""}, changed=["name"])
    assert update == [
        (f"v1.1/Things({stream.thing_id})", {"name": "Neu", "description": ""}),
        (f"v1.1/Things({stream.thing_id})/name", {"name": "Neu"}),
    ]


def test_broker_url_parsing_hides_credentials():
    broker = mqtt.broker_from_url("mqtt://dev%40ice:geheim@broker.example:1884")
    assert (broker.host, broker.port, broker.username, broker.password) == ("broker.example", 1884, "dev@ice", "geheim")
    assert "geheim" not in broker.display
    assert mqtt.broker_from_url("") is None and mqtt.broker_from_url("http://x") is None


def test_publish_never_raises_when_off_or_unreachable(settings, caplog):
    settings.MQTT_URL = ""
    mqtt.publish_entity_event("Things", Thing(pk=1, name="x"), {"name": "x"})
    assert mqtt.mqtt_status()["state"] == "off"
    settings.MQTT_URL = "mqtt://127.0.0.1:1"  # nothing listens on port 1
    mqtt.publisher.reset()
    with caplog.at_level(logging.WARNING):
        mqtt.publish_entity_event("Things", Thing(pk=1, name="x"), {"name": "x"})
        assert mqtt.mqtt_status()["state"] == "unreachable"
    mqtt.publisher.reset()


def test_valid_message_with_token_creates_observation(stream):
    raw = make_token(sectors=["verkehr"])
    outcome = handle_message(
        f"v1.1/Datastreams({stream.pk})/Observations", body(), Props(authorization=f"Bearer {raw}")
    )
    assert outcome.ok, outcome.message
    observation = Observation.objects.get(pk=outcome.observation_id)
    assert observation.datastream_id == stream.pk and observation.result == 42
    assert observation.feature_of_interest is not None  # generated from the Thing's Location


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"{not json", "not JSON"),
        (b"[1, 2]", "JSON object"),
        (json.dumps({"result": 1, "colour": "red"}).encode(), "unknown properties: colour"),
        (json.dumps({"phenomenonTime": "2026-11-25T10:00:00Z"}).encode(), "result: missing"),
        (json.dumps({"result": 1, "phenomenonTime": "gestern"}).encode(), "phenomenonTime"),
    ],
)
def test_bad_messages_are_refused_with_a_reason(stream, caplog, payload, reason):
    raw = make_token(sectors=["verkehr"])
    with caplog.at_level(logging.WARNING, logger="modellkommune.sensors.mqtt_listener"):
        outcome = handle_message(f"v1.1/Datastreams({stream.pk})/Observations", payload, Props(token=raw))
    assert not outcome.ok and reason in outcome.message
    assert reason in caplog.text
    assert not Observation.objects.exists()


def test_unknown_datastream_and_missing_or_foreign_token_are_refused(stream, settings):
    outcome = handle_message(
        "v1.1/Datastreams(999999)/Observations", body(), Props(token=make_token(sectors=["verkehr"]))
    )
    assert not outcome.ok and "unknown Datastream" in outcome.message
    topic = f"v1.1/Datastreams({stream.pk})/Observations"
    assert "no valid API token" in handle_message(topic, body(), None).message
    assert "may not write" in handle_message(topic, body(), Props(token=make_token(sectors=["energie"]))).message
    settings.STA_MQTT_TRUST_BROKER = True  # the broker checks tokens via the auth hooks
    assert handle_message(topic, body(), None).ok
    settings.STA_MQTT_TRUST_BROKER = False
    settings.MQTT_DYNSEC_ADMIN_URL = "mqtt://admin:pw@127.0.0.1:1"  # the platform manages the broker's ACLs
    assert handle_message(topic, body(phenomenonTime="2026-11-25T10:05:00Z"), None).ok
    assert Observation.objects.count() == 2


def test_batch_write_refuses_only_the_bad_message(stream):
    raw = make_token(sectors=["verkehr"])
    topic = f"v1.1/Datastreams({stream.pk})/Observations"
    payloads = [body(result=i, phenomenonTime=f"2026-11-25T10:0{i}:00Z") for i in range(4)]
    payloads[2] = body(result=2, phenomenonTime="kein Datum")  # passes the checks, fails in the service
    pendings = [prepare_message(topic, p, Props(token=raw), cache=TTLCache(60)) for p in payloads]
    outcomes = write_batch(pendings)
    assert [o.ok for o in outcomes] == [True, True, False, True]
    assert "phenomenonTime" in outcomes[2].message
    assert sorted(Observation.objects.values_list("result", flat=True)) == [0, 1, 3]


def test_a_transient_database_error_keeps_the_batch_for_a_retry(stream, monkeypatch):
    """A locked table or a lost connection must not acknowledge messages as refused: the batch is raised
    to the listener, which keeps it unacknowledged and writes it again (duplicates are recognised)."""
    from modellkommune.sensors import services

    raw = make_token(sectors=["verkehr"])
    topic = f"v1.1/Datastreams({stream.pk})/Observations"
    pendings = [prepare_message(topic, body(result=5, phenomenonTime="2026-11-25T10:00:00Z"), Props(token=raw))]
    real = services.observation_bulk_create

    def locked(**kwargs):
        raise OperationalError("database table is locked")

    monkeypatch.setattr(services, "observation_bulk_create", locked)
    with pytest.raises(OperationalError):
        write_batch(pendings)
    monkeypatch.setattr(services, "observation_bulk_create", real)
    assert [o.ok for o in write_batch(pendings)] == [True]
    assert Observation.objects.filter(datastream=stream).count() == 1


def test_own_notifications_are_not_ingested_again(stream):
    topic = f"v1.1/Datastreams({stream.pk})/Observations"
    assert not handle_message(topic, body(), Props(origin="modellkommune")).ok
    notification = json.dumps({"@iot.id": 1, "@iot.selfLink": "x", "result": 1}).encode()
    assert not handle_message(topic, notification, Props(token=make_token(sectors=["verkehr"]))).ok
    assert not Observation.objects.exists()


def test_broker_hooks_check_token_and_scope(client, stream):
    raw = make_token(things=[stream.thing_id])
    assert client.post("/sta/mqtt/auth/user", {"username": raw, "password": ""}).status_code == 200
    assert client.post("/sta/mqtt/auth/user", {"username": "device", "password": raw}).status_code == 200
    assert client.post("/sta/mqtt/auth/user", {"username": "device", "password": "falsch"}).status_code == 403
    topic = f"v1.1/Datastreams({stream.pk})/Observations"
    acl = json.dumps({"username": raw, "topic": topic, "acc": 2})
    assert client.post("/sta/mqtt/auth/acl", acl, content_type="application/json").status_code == 200
    other = make_token(sectors=["energie"])
    acl = json.dumps({"username": other, "topic": topic, "acc": 2})
    assert client.post("/sta/mqtt/auth/acl", acl, content_type="application/json").status_code == 403
    read = json.dumps({"username": "", "topic": "v1.1/Observations", "acc": 4})
    assert client.post("/sta/mqtt/auth/acl", read, content_type="application/json").status_code == 200
    assert client.post("/sta/mqtt/auth/superuser", {"username": raw}).status_code == 403


# --- against the real broker -------------------------------------------------------------------


def _wait(predicate, timeout=8.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OperationalError:  # SQLite's shared in-memory test database: the listener holds the table
            pass
        time.sleep(0.05)
    return False


def _client(**kwargs):
    broker = mqtt.mqtt_broker()
    client = mqtt.make_client(broker, client_id=f"test-{uuid.uuid4().hex[:8]}")
    client.connect(broker.host, broker.port)
    client.loop_start()
    return client


def _publish(client, topic, payload, token=None):
    from paho.mqtt.packettypes import PacketTypes
    from paho.mqtt.properties import Properties

    props = Properties(PacketTypes.PUBLISH)
    if token:
        props.UserProperty = ("authorization", f"Bearer {token}")
    client.publish(topic, payload, qos=1, properties=props).wait_for_publish(5)


@pytest.fixture
def listener():
    outcomes = []
    running = Listener(
        mqtt.mqtt_broker(),
        on_outcome=lambda topic, outcome: outcomes.append(outcome),
        client_id=f"test-listen-{uuid.uuid4().hex[:8]}",  # the shared broker: no session, no $share with others
        share_group="",
        session_expiry=0,
    )
    running.start()
    assert running.subscribed.wait(5)
    running.outcomes = outcomes
    yield running
    running.stop()


@pytest.mark.mqtt
@needs_broker
@pytest.mark.django_db(transaction=True)
def test_publish_creates_observation_and_garbage_does_not_stop_the_listener(stream, listener):
    raw = make_token(sectors=["verkehr"])
    client = _client()
    topic = f"v1.1/Datastreams({stream.pk})/Observations"
    announced = []
    subscribed = threading.Event()
    client.on_subscribe = lambda *args: subscribed.set()

    def collect(c, u, message):
        if b"@iot.selfLink" in message.payload:  # our own garbage message is on the same topic
            announced.append(json.loads(message.payload))

    client.on_message = collect
    client.subscribe(topic, qos=0)
    assert subscribed.wait(5)
    mqtt.publisher.reset()
    try:
        _publish(client, topic, b"\x00 kein JSON", raw)
        assert _wait(lambda: any("not JSON" in o.message for o in listener.outcomes))
        _publish(client, topic, body(result=17.5), raw)
        assert _wait(lambda: Observation.objects.filter(datastream=stream, result_number=17.5).exists())
        for i in range(40):  # a burst is written in batches
            _publish(client, topic, body(result=100 + i, phenomenonTime=f"2026-11-25T11:{i:02d}:00Z"), raw)
        assert _wait(lambda: Observation.objects.filter(datastream=stream, result_number__gte=100).count() == 40)
        # subscribers of the datastream hear about every new observation, with its id
        assert _wait(lambda: len([m for m in announced if "@iot.id" in m and m.get("result", 0) >= 100]) == 40)
    finally:
        mqtt.publisher.reset()
        client.loop_stop()
        client.disconnect()


@pytest.mark.mqtt
@needs_broker
@pytest.mark.django_db(transaction=True)
def test_subscriber_receives_new_observation(stream):
    from modellkommune.sensors.services import observation_create

    mqtt.publisher.reset()
    received = []
    subscribed = threading.Event()
    client = _client()
    client.on_message = lambda c, u, message: received.append((message.topic, json.loads(message.payload)))
    client.on_subscribe = lambda *args: subscribed.set()
    client.subscribe(f"v1.1/Datastreams({stream.pk})/Observations", qos=1)
    try:
        assert subscribed.wait(5)
        observation = observation_create(datastream=stream, result=23, phenomenon_time="2026-11-25T11:00:00Z")
        assert _wait(lambda: received)
        topic, payload = received[0]
        assert topic == f"v1.1/Datastreams({stream.pk})/Observations"
        assert payload["@iot.id"] == observation.pk and payload["result"] == 23
    finally:
        client.loop_stop()
        client.disconnect()
        mqtt.publisher.reset()


def test_redelivered_message_is_stored_once(stream):
    """At least once from the broker (a restart before the PUBACK): the second copy is recognised."""
    raw = make_token(sectors=["verkehr"])
    topic = f"v1.1/Datastreams({stream.pk})/Observations"
    message = body(result=12, phenomenonTime="2026-11-25T12:00:00Z")
    first = write_batch([prepare_message(topic, message, Props(token=raw))])
    assert first[0].ok
    again = write_batch(
        [
            prepare_message(topic, message, Props(token=raw)),  # redelivered
            prepare_message(topic, body(result=13, phenomenonTime="2026-11-25T12:15:00Z"), Props(token=raw)),
            prepare_message(topic, body(result=13, phenomenonTime="2026-11-25T12:15:00Z"), Props(token=raw)),
            prepare_message(topic, body(result=12.0, phenomenonTime="2026-11-25T12:15:00Z"), Props(token=raw)),
        ]
    )
    assert [o.ok for o in again] == [False, True, False, True]
    assert "duplicate" in again[0].message
    assert sorted(Observation.objects.values_list("result_number", flat=True)) == [12, 12, 13]


@pytest.mark.django_db(transaction=True)  # the listener runs in autocommit (it closes stale connections)
def test_a_batch_that_cannot_be_written_stays_unacknowledged(stream, monkeypatch):
    """A database outage must not acknowledge (and so lose) what was received: the batch is kept for retry."""
    listener = Listener(mqtt.broker_from_url("mqtt://127.0.0.1:1"), client_id="test-no-broker", share_group="")
    acked = []
    monkeypatch.setattr(listener.client, "ack", lambda mid, qos: acked.append(mid))
    topic = f"v1.1/Datastreams({stream.pk})/Observations"
    listener.pending = [(topic, body(), Props(token=make_token(sectors=["verkehr"])), 7, 1)]

    def outage(*args, **kwargs):
        raise ConnectionError("database gone")

    monkeypatch.setattr(listener, "_write", outage)
    with pytest.raises(ConnectionError):
        listener.flush()
    assert acked == [] and len(listener.pending) == 1
    monkeypatch.undo()
    monkeypatch.setattr(listener.client, "ack", lambda mid, qos: acked.append(mid))
    listener.flush()
    assert acked == [7] and Observation.objects.filter(datastream=stream).count() == 1


def test_broker_roles_follow_the_token_scope():
    """Dynamic security: a token's broker client holds the roles of its scope (a global token: every stream)."""
    from types import SimpleNamespace

    from modellkommune.sensors import dynsec

    scoped = SimpleNamespace(scope_sectors=["verkehr"], scope_things=[12], scope_all=False)
    assert [r["rolename"] for r in dynsec.token_roles(scoped)] == ["sta-sector-verkehr", "sta-thing-12"]
    everything = SimpleNamespace(scope_sectors=[], scope_things=[], scope_all=True)
    assert [r["rolename"] for r in dynsec.token_roles(everything)] == ["sta-all"]
    assert [a["topic"] for a in dynsec.role_acls("sta-all")] == ["v1.1/+/Observations"]
