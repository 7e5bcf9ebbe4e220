"""MQTT against a private Mosquitto with dynamic security (tests/mosquitto.py): devices log in with their token,
publish only to their datastreams, rotation and revocation reach the broker; subscribers on ``v1.1/#`` get
exactly the STA topics of an event (issue 12.1/12.2)."""

import json
import threading
import time
import uuid

import pytest
from django.db import OperationalError

from modellkommune.sensors import dynsec, mqtt
from modellkommune.sensors.auth import api_token_create, api_token_revoke, api_token_rotate
from modellkommune.sensors.models import Datastream, Observation
from modellkommune.sensors.mqtt_listener import Listener

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(predicate, timeout=8.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OperationalError:  # SQLite's shared test database is locked while the listener thread writes
            pass
        time.sleep(0.05)
    return False


class Device:
    """A device speaking MQTT 3.1.1 with username + password, as the cheapest gateways do."""

    def __init__(self, broker, username, password, *, protocol=None):
        import paho.mqtt.client as paho

        self.connack = None
        self.disconnected = threading.Event()
        self.client = paho.Client(
            paho.CallbackAPIVersion.VERSION2,
            client_id=f"device-{uuid.uuid4().hex[:8]}",
            protocol=protocol or paho.MQTTv311,
        )
        if username is not None:
            self.client.username_pw_set(username, password)
        connected = threading.Event()

        def on_connect(client, userdata, flags, reason_code, properties=None):
            self.connack = reason_code
            connected.set()

        self.client.on_connect = on_connect
        self.client.on_disconnect = lambda *args: self.disconnected.set()
        self.client.connect("127.0.0.1", broker.port)
        self.client.loop_start()
        connected.wait(5)

    @property
    def accepted(self) -> bool:
        return self.connack is not None and not self.connack.is_failure

    def publish(self, topic, **fields):
        payload = json.dumps({"phenomenonTime": "2026-11-25T10:00:00Z", "result": 1, **fields})
        info = self.client.publish(topic, payload, qos=1)
        info.wait_for_publish(5)
        return info

    def close(self):
        self.client.loop_stop()
        self.client.disconnect()


class Subscriber:
    def __init__(self, broker, topic="v1.1/#"):
        import paho.mqtt.client as paho

        self.messages = []
        self.client = paho.Client(paho.CallbackAPIVersion.VERSION2, client_id=f"sub-{uuid.uuid4().hex[:8]}")
        done = threading.Event()
        self.granted = []

        def on_subscribe(client, userdata, mid, reason_codes, properties=None):
            self.granted = reason_codes
            done.set()

        self.client.on_subscribe = on_subscribe
        self.client.on_message = lambda c, u, m: self.messages.append((m.topic, json.loads(m.payload)))
        self.client.connect("127.0.0.1", broker.port)
        self.client.loop_start()
        self.client.subscribe(topic, qos=1)
        assert done.wait(5)

    def topics(self):
        return sorted(topic for topic, _ in self.messages)

    def close(self):
        self.client.loop_stop()
        self.client.disconnect()


def stream_topic(stream):
    return f"v1.1/Datastreams({stream.pk})/Observations"


@pytest.fixture
def listener(private_broker, settings):
    assert settings.MQTT_DYNSEC_ADMIN_URL  # the broker checks the token (dynamic security): the listener trusts it
    running = Listener(mqtt.mqtt_broker(), client_id=f"listener-{uuid.uuid4().hex[:6]}", batch_seconds=0.05)
    running.start()
    assert running.subscribed.wait(5)
    yield running
    running.stop(end_session=True)


def test_device_with_token_publishes_only_to_its_datastreams(network, private_broker, listener):
    counts, temperature = network["counts"], network["temperature"]  # sectors verkehr and energie
    dynsec.sync_all(platform=mqtt.mqtt_broker())
    token, raw = api_token_create(name="Zählstellenrechner", sectors=["verkehr"])
    device = Device(private_broker, f"sta-{token.pk}", raw)
    assert device.accepted, device.connack
    before = Observation.objects.filter(datastream=temperature).count()
    try:
        device.publish(stream_topic(temperature), result=99.5)  # the energie sector: not this token's
        device.publish(stream_topic(counts), result=17)
        assert wait_for(lambda: Observation.objects.filter(datastream=counts, result_number=17).exists())
        time.sleep(0.3)
        assert Observation.objects.filter(datastream=temperature).count() == before
    finally:
        device.close()
    # a wrong password, an unknown user and an anonymous client cannot publish
    assert not Device(private_broker, f"sta-{token.pk}", "sta_falsch").accepted
    anonymous = Device(private_broker, None, None)
    assert anonymous.accepted  # reading public topics stays open
    anonymous.publish(stream_topic(counts), result=666)
    time.sleep(0.3)
    anonymous.close()
    assert not Observation.objects.filter(result_number=666).exists()


def test_new_datastream_of_the_sector_is_writable_at_once(sta, network, private_broker, listener):
    dynsec.sync_all(platform=mqtt.mqtt_broker())
    token, raw = api_token_create(name="Sektor Verkehr", sectors=["verkehr"])
    counts = network["counts"]
    response = sta.post(
        "/Datastreams",
        {
            "name": "Rad je 15 Minuten",
            "description": "Radverkehr",
            "observationType": "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_CountObservation",
            "unitOfMeasurement": {"name": "Räder", "symbol": "Rad", "definition": "http://qudt.org/vocab/unit/NUM"},
            "properties": {"sector": "verkehr"},
            "Thing": {"@iot.id": counts.thing_id},
            "Sensor": {"@iot.id": counts.sensor_id},
            "ObservedProperty": {"@iot.id": counts.observed_property_id},
        },
    )
    assert response.status_code == 201, response.content
    new = Datastream.objects.get(pk=response.json()["@iot.id"])
    device = Device(private_broker, f"sta-{token.pk}", raw)
    try:
        device.publish(stream_topic(new), result=5)
        assert wait_for(lambda: Observation.objects.filter(datastream=new, result_number=5).exists())
    finally:
        device.close()


def test_rotation_and_revocation_reach_the_broker(network, private_broker, listener):
    counts = network["counts"]
    token, old = api_token_create(name="Pegelrechner", things=[counts.thing_id])
    new = api_token_rotate(token=token)
    assert not Device(private_broker, f"sta-{token.pk}", old).accepted
    device = Device(private_broker, f"sta-{token.pk}", new, protocol=__import__("paho.mqtt.client").mqtt.client.MQTTv5)
    assert device.accepted
    device.publish(stream_topic(counts), result=31)
    assert wait_for(lambda: Observation.objects.filter(datastream=counts, result_number=31).exists())
    api_token_revoke(token=token)
    assert device.disconnected.wait(5)  # the plugin disconnects a deleted client at once
    device.close()
    assert not Device(private_broker, f"sta-{token.pk}", new).accepted


def test_sync_recreates_acls_and_reports_tokens_without_client(network, private_broker, settings):
    token, raw = api_token_create(name="Altes Token", sectors=["verkehr"])
    settings.MQTT_DYNSEC_ADMIN_URL = ""  # created while the platform did not manage the broker
    orphan, _ = api_token_create(name="Ohne Client", sectors=["verkehr"])
    settings.MQTT_DYNSEC_ADMIN_URL = private_broker.admin_url
    gone, gone_raw = api_token_create(name="Gelöscht", sectors=["verkehr"])
    assert Device(private_broker, f"sta-{gone.pk}", gone_raw).accepted
    gone_pk = gone.pk
    gone.delete()  # e.g. in the Django admin: the broker does not hear of it
    with dynsec.Session(dynsec.admin_broker()) as session:  # a stale ACL, e.g. of a deleted datastream
        session.check(
            [
                {
                    "command": "addRoleACL",
                    "rolename": "sta-sector-verkehr",
                    "acltype": "publishClientSend",
                    "topic": "v1.1/Datastreams(999999)/Observations",
                    "priority": 0,
                    "allow": True,
                }
            ]
        )
    report = dynsec.sync_all(platform=mqtt.mqtt_broker())
    assert "Ohne Client" in report["missing"] and "Altes Token" not in report["missing"]
    assert report["deleted"] == 1
    assert not Device(private_broker, f"sta-{gone_pk}", gone_raw).accepted
    with dynsec.Session(dynsec.admin_broker()) as session:
        role = session.check([{"command": "getRole", "rolename": "sta-sector-verkehr"}])[0]["data"]["role"]
    assert {acl["topic"] for acl in role["acls"]} == {
        stream_topic(s) for s in Datastream.objects.filter(sector__code="verkehr")
    }
    assert Device(private_broker, f"sta-{token.pk}", raw).accepted


def test_internal_datastream_is_not_readable_by_anonymous_subscribers(network, private_broker, listener):
    counts, temperature = network["counts"], network["temperature"]
    Datastream.objects.filter(pk=temperature.pk).update(internal=True)
    dynsec.sync_all(platform=mqtt.mqtt_broker())
    token, raw = api_token_create(name="Beide", things=[counts.thing_id])
    subscriber = Subscriber(private_broker)
    device = Device(private_broker, f"sta-{token.pk}", raw)
    try:
        device.publish(stream_topic(temperature), result=12.5)
        device.publish(stream_topic(counts), result=44)
        assert wait_for(lambda: Observation.objects.filter(datastream=temperature, result_number=12.5).exists())
        assert wait_for(lambda: "v1.1/Observations" in subscriber.topics())
        time.sleep(0.3)
        assert not [t for t in subscriber.topics() if f"({temperature.pk})" in t]
        assert any(t == stream_topic(counts) for t in subscriber.topics())
    finally:
        device.close()
        subscriber.close()


# --- topics (issue 12.1, 12.2) -----------------------------------------------------------------------


def test_subscriber_on_everything_gets_exactly_the_sta_topics(sta, network, private_broker, settings):
    settings.STA_MQTT_SELECT_TOPICS = ["v1.1/Observations?$select=result,phenomenonTime"]
    counts, thing = network["counts"], network["thing"]
    foi = Observation.objects.filter(datastream=counts).first().feature_of_interest_id
    subscriber = Subscriber(private_broker)
    try:
        response = sta.post("/Observations", {"result": 7, "Datastream": {"@iot.id": counts.pk}})
        assert response.status_code == 201, response.content
        obs = response.json()["@iot.id"]
        assert wait_for(lambda: len(subscriber.messages) >= 4)
        time.sleep(0.3)
        assert subscriber.topics() == sorted(
            [
                "v1.1/Observations",
                f"v1.1/Datastreams({counts.pk})/Observations",
                f"v1.1/FeaturesOfInterest({foi})/Observations",
                "v1.1/Observations?$select=result,phenomenonTime",
            ]
        )
        selected = dict(subscriber.messages)["v1.1/Observations?$select=result,phenomenonTime"]
        assert set(selected) == {"result", "phenomenonTime"} and selected["result"] == 7

        subscriber.messages.clear()
        response = sta.post(
            "/Datastreams",
            {
                "name": "Lkw je 15 Minuten",
                "description": "Schwerverkehr",
                "observationType": "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_CountObservation",
                "unitOfMeasurement": {"name": "Lkw", "symbol": "Lkw", "definition": "http://qudt.org/vocab/unit/NUM"},
                "properties": {"sector": "verkehr"},
                "Thing": {"@iot.id": thing.pk},
                "Sensor": {"@iot.id": counts.sensor_id},
                "ObservedProperty": {"@iot.id": counts.observed_property_id},
            },
        )
        assert response.status_code == 201, response.content
        assert wait_for(lambda: len(subscriber.messages) >= 4)
        time.sleep(0.3)
        assert subscriber.topics() == sorted(
            [
                "v1.1/Datastreams",
                f"v1.1/Things({thing.pk})/Datastreams",
                f"v1.1/Sensors({counts.sensor_id})/Datastreams",
                f"v1.1/ObservedProperties({counts.observed_property_id})/Datastreams",
            ]
        )

        subscriber.messages.clear()
        assert sta.patch(f"/Things({thing.pk})", {"name": "Zählstelle Baarstraße"}).status_code == 200
        assert wait_for(lambda: len(subscriber.messages) >= 2)
        time.sleep(0.3)
        assert subscriber.topics() == [f"v1.1/Things({thing.pk})", f"v1.1/Things({thing.pk})/name"]
        assert dict(subscriber.messages)[f"v1.1/Things({thing.pk})/name"] == {"name": "Zählstelle Baarstraße"}
        assert dict(subscriber.messages)[f"v1.1/Things({thing.pk})"]["name"] == "Zählstelle Baarstraße"

        subscriber.messages.clear()
        assert sta.delete(f"/Observations({obs})").status_code in (200, 204)
        time.sleep(0.8)
        assert subscriber.messages == []  # a deletion is not announced as if it were a creation
    finally:
        subscriber.close()


def test_production_config_runs_with_dynamic_security_and_tls(tmp_path):
    """deploy/mosquitto/mosquitto.conf as shipped, only paths, ports and a self-signed certificate replaced."""
    import shutil
    import ssl
    import subprocess

    import paho.mqtt.client as paho
    from django.conf import settings

    from .mosquitto import ADMIN, PrivateBroker, free_port

    broker = PrivateBroker(tmp_path)
    if broker.missing() or not shutil.which("openssl"):
        pytest.skip(broker.missing() or "openssl is not installed")
    cert, key = tmp_path / "fullchain.pem", tmp_path / "privkey.pem"
    subprocess.run(  # noqa: S603 - fixed argument list
        [shutil.which("openssl"), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    tls_port = free_port()
    conf = (settings.BASE_DIR / "deploy" / "mosquitto" / "mosquitto.conf").read_text()
    for old, new in [
        ("/run/mosquitto/mosquitto.pid", str(tmp_path / "mosquitto.pid")),
        ("/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so", broker.plugin),
        ("/var/lib/mosquitto/", f"{tmp_path}/"),
        ("listener 1883 127.0.0.1", f"listener {broker.port} 127.0.0.1"),
        ("listener 8883", f"listener {tls_port} 127.0.0.1"),
        ("/etc/mosquitto/certs/fullchain.pem", str(cert)),
        ("/etc/mosquitto/certs/privkey.pem", str(key)),
        ("log_dest syslog", "log_dest stderr"),
    ]:
        assert old in conf, old
        conf = conf.replace(old, new)
    broker.init(conf)
    broker.start()
    try:
        with dynsec.Session(mqtt.broker_from_url(broker.url(*ADMIN))) as session:
            session.check([{"command": "listClients"}])
        device = paho.Client(paho.CallbackAPIVersion.VERSION2, client_id="tls-check", protocol=paho.MQTTv311)
        device.tls_set(ca_certs=str(cert), cert_reqs=ssl.CERT_REQUIRED)
        device.tls_insecure_set(True)  # the self-signed certificate names localhost, we connect to 127.0.0.1
        connected = threading.Event()
        device.on_connect = lambda *args: connected.set()
        device.connect("127.0.0.1", tls_port)
        device.loop_start()
        assert connected.wait(5)
        device.loop_stop()
        device.disconnect()
    finally:
        broker.stop()


def test_periodic_sync_hides_a_datastream_made_internal_in_the_admin(network, private_broker, settings):
    """An admin edit bypasses the services; the beat task (every 15 min) brings the broker in line."""
    from modellkommune.sensors import tasks

    assert tasks.dynsec_sync.name in {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    temperature = network["temperature"]
    tasks.dynsec_sync()
    temperature.internal = True
    temperature.save()  # as the Django admin does
    token, raw = api_token_create(name="Alles am Ort", things=[temperature.thing_id])
    subscriber = Subscriber(private_broker, stream_topic(temperature))
    device = Device(private_broker, f"sta-{token.pk}", raw)
    try:
        device.publish(stream_topic(temperature), result=1.5)
        assert wait_for(lambda: subscriber.messages)  # still readable: the broker has not heard of it yet
        tasks.dynsec_sync()
        subscriber.messages.clear()
        device.publish(stream_topic(temperature), result=2.5)
        time.sleep(0.5)
        assert subscriber.messages == []
    finally:
        device.close()
        subscriber.close()
    settings.MQTT_DYNSEC_ADMIN_URL = ""
    assert tasks.dynsec_sync() is None
