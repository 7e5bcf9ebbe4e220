"""SensorThings MQTT extension: publish entity events to an existing broker (Mosquitto).

The platform is an MQTT *client*: settings.MQTT_URL names the broker (``mqtt://user:pass@host:1883``,
``mqtts://`` for TLS). Empty means MQTT is off; the HTTP API works the same, only nobody is notified.

Topics follow SensorThings 1.1 Part 1, section 14 (see ``event_messages``): a creation goes to the collection
topic (``v1.1/Observations``), the navigation topics of its parents (``v1.1/Datastreams(1)/Observations``) and
configured ``$select`` topics; an update to the entity topic (``v1.1/Things(1)``) and the property topics of
the changed properties (``v1.1/Things(1)/name``); a deletion is not announced.

Publishing must never break a write: every error is logged and swallowed, a broker that is down
is retried at most every ``RETRY_SECONDS``. Messages are sent after the surrounding transaction
commits, so a rolled-back write is never announced.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
import time
import uuid
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

logger = logging.getLogger(__name__)

VERSION_PREFIX = "v1.1"
RETRY_SECONDS = 30
CONNECT_TIMEOUT = 3.0
# Marks messages sent by the platform itself, so the listener never re-ingests its own notifications.
ORIGIN_PROPERTY = "origin"
ORIGIN_VALUE = "modellkommune"

# Navigation collections an entity appears in (STA 1.1, 14.2.1 ``v1.1/Things(1)/Datastreams``): the parent's
# entity set and the attribute of the *child* that holds the parent's id. Many-to-many links (Things and
# Locations, a MultiDatastream's ObservedProperties) are left out: see docs/sensors.md, "MQTT topics".
PARENTS = {
    "Observations": (
        ("Datastreams", "datastream_id"),
        ("MultiDatastreams", "multi_datastream_id"),
        ("FeaturesOfInterest", "feature_of_interest_id"),
    ),
    "Datastreams": (("Things", "thing_id"), ("Sensors", "sensor_id"), ("ObservedProperties", "observed_property_id")),
    "MultiDatastreams": (("Things", "thing_id"), ("Sensors", "sensor_id")),
    "HistoricalLocations": (("Things", "thing_id"),),
}
_SELECT_TOPIC = re.compile(r"^v1\.1/(?P<path>[A-Za-z]+(?:\([^()]*\)/[A-Za-z]+)?)\?\$select=(?P<select>[A-Za-z@.,]+)$")


@dataclass(frozen=True)
class Broker:
    host: str
    port: int
    username: str | None
    password: str | None
    tls: bool

    @property
    def display(self) -> str:
        """Host and port without credentials, safe to show on a public page."""
        return f"{'mqtts' if self.tls else 'mqtt'}://{self.host}:{self.port}"


def broker_from_url(url: str) -> Broker | None:
    """Parse ``mqtt://[user[:password]@]host[:port]``; ``None`` for an empty or unusable URL."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("mqtt", "mqtts", "tcp", "ssl") or not parts.hostname:
        logger.warning("MQTT_URL has an unsupported form; MQTT stays off.")
        return None
    tls = parts.scheme in ("mqtts", "ssl")
    return Broker(
        host=parts.hostname,
        port=parts.port or (8883 if tls else 1883),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        tls=tls,
    )


def mqtt_broker() -> Broker | None:
    return broker_from_url(getattr(settings, "MQTT_URL", "") or "")


def make_client(
    broker: Broker, *, client_id: str, username: str | None = None, password: str | None = None, manual_ack=False
):
    """A paho-mqtt 2.x client (MQTT 5) for ``broker``; credentials default to those of the URL."""
    import paho.mqtt.client as paho

    client = paho.Client(
        paho.CallbackAPIVersion.VERSION2, client_id=client_id, protocol=paho.MQTTv5, manual_ack=manual_ack
    )
    user = username if username is not None else broker.username
    if user is not None:
        client.username_pw_set(user, password if password is not None else broker.password)
    if broker.tls:
        client.tls_set()
    client.connect_timeout = CONNECT_TIMEOUT
    return client


def event_messages(entity_set: str, obj, payload: dict, *, changed=None) -> list[tuple[str, dict]]:
    """The (topic, body) pairs of one event (STA 1.1, section 14.2).

    A creation (``changed`` None) goes to the collection topic, the navigation collection topics of its
    parents and the configured ``$select`` topics of those collections. An update goes to the entity topic
    (whole entity) and to one property topic per changed property (``{"name": …}``). Deletions are not
    announced: the standard defines notifications for creations and updates only."""
    key = _format_id(obj.pk)
    if changed is None:
        collections = [f"{VERSION_PREFIX}/{entity_set}"]
        for parent_set, attribute in PARENTS.get(entity_set, ()):
            parent_id = getattr(obj, attribute, None)
            if parent_id is not None:
                collections.append(f"{VERSION_PREFIX}/{parent_set}({_format_id(parent_id)})/{entity_set}")
        messages = [(topic, payload) for topic in collections]
        for topic, path, fields in _select_topics():
            if f"{VERSION_PREFIX}/{path}" in collections:
                messages.append((topic, {f: payload[f] for f in fields if f in payload}))
        return messages
    messages = [(f"{VERSION_PREFIX}/{entity_set}({key})", payload)]
    for name in sorted(set(changed)):
        if name in payload and "@" not in name:
            messages.append((f"{VERSION_PREFIX}/{entity_set}({key})/{name}", {name: payload[name]}))
    return messages


def _select_topics() -> list[tuple[str, str, list[str]]]:
    """``STA_MQTT_SELECT_TOPICS`` parsed into (topic, collection path, fields); malformed entries are ignored."""
    found = []
    for topic in getattr(settings, "STA_MQTT_SELECT_TOPICS", ()) or ():
        match = _SELECT_TOPIC.match(topic)
        if match:
            found.append((topic, match.group("path"), [f for f in match.group("select").split(",") if f]))
        else:
            logger.warning("STA_MQTT_SELECT_TOPICS: '%s' is not of the form v1.1/Things?$select=name,…", topic)
    return found


def _format_id(entity_id) -> str:
    if isinstance(entity_id, int) or (isinstance(entity_id, str) and entity_id.isdigit()):
        return str(entity_id)
    return f"'{entity_id}'"


def is_hidden(entity_set: str, obj) -> bool:
    """Internal (multi)datastreams and their observations are readable with a token only: never broadcast."""
    if entity_set in ("Datastreams", "MultiDatastreams"):
        return bool(obj.internal)
    if entity_set == "Observations":
        stream = obj.datastream if obj.datastream_id else obj.multi_datastream
        return bool(stream is not None and stream.internal)
    return False


class _Publisher:
    """One long-lived connection per process (recreated after a fork), thread-safe publish."""

    def __init__(self):
        self._lock = threading.Lock()
        self._client = None
        self._pid = None
        self._failed_at = 0.0
        self.last_error = ""

    def client(self, broker: Broker):
        with self._lock:
            if self._client is not None and self._pid == os.getpid() and self._client.is_connected():
                return self._client
            if time.monotonic() - self._failed_at < RETRY_SECONDS and self._pid == os.getpid():
                return None
            self._close()
            self._pid = os.getpid()
            try:
                client = make_client(broker, client_id=f"modellkommune-pub-{os.getpid()}-{uuid.uuid4().hex[:8]}")
                connected = threading.Event()
                client.on_connect = lambda c, u, f, rc, p=None: None if rc.is_failure else connected.set()
                client.connect(broker.host, broker.port, keepalive=60)
                client.loop_start()
                if not connected.wait(CONNECT_TIMEOUT):
                    raise ConnectionError("no CONNACK from broker")
            except Exception as exc:  # noqa: BLE001 - a broken broker must never break a write
                self._failed_at = time.monotonic()
                self.last_error = str(exc) or exc.__class__.__name__
                logger.warning("MQTT broker %s not reachable: %s", broker.display, self.last_error)
                return None
            self._client = client
            self.last_error = ""
            return client

    def _close(self):
        if self._client is not None:
            try:
                self._client.loop_stop()
                self._client.disconnect()
            except Exception:  # noqa: BLE001, S110 - closing a dead connection may fail, nothing to do
                pass
            self._client = None

    def reset(self):
        with self._lock:
            self._close()
            self._failed_at = 0.0

    def send(self, messages: list[tuple[str, str]]) -> int:
        broker = mqtt_broker()
        if broker is None:
            return 0
        client = self.client(broker)
        if client is None:
            return 0
        from paho.mqtt.packettypes import PacketTypes
        from paho.mqtt.properties import Properties

        props = Properties(PacketTypes.PUBLISH)
        props.UserProperty = (ORIGIN_PROPERTY, ORIGIN_VALUE)
        props.ContentType = "application/json"
        sent = 0
        for topic, body in messages:
            info = client.publish(topic, body, qos=0, properties=props)
            if info.rc == 0:
                sent += 1
            else:
                logger.warning("MQTT publish to %s failed (rc=%s)", topic, info.rc)
        return sent


publisher = _Publisher()


def publish_entity_event(entity_set: str, obj, payload: dict, *, changed=None) -> None:
    """Announce the creation (``changed`` None) or change of one entity on its STA topics. Never raises.

    ``payload`` is the entity as the HTTP API renders it, ``changed`` the STA names of the properties an update
    set. Inside a transaction the messages are sent once the transaction commits."""
    publish_entity_events([(entity_set, obj, payload, changed)])


def publish_entity_events(events) -> None:
    """Several events ``(entity_set, obj, payload, changed)`` in one go (dataArray, batch); never raises."""
    try:
        if mqtt_broker() is None:
            return
        messages = []
        for entity_set, obj, payload, changed in events:
            if is_hidden(entity_set, obj):
                continue
            for topic, body in event_messages(entity_set, obj, payload, changed=changed):
                messages.append((topic, json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False)))
        if messages:
            transaction.on_commit(lambda: _send_quietly(messages))
    except Exception:  # noqa: BLE001 - never break the write that triggered the event
        logger.exception("MQTT event could not be prepared")


def _send_quietly(messages):
    try:
        publisher.send(messages)
    except Exception:  # noqa: BLE001
        logger.exception("MQTT publish failed")


def mqtt_status() -> dict:
    """For pages and health checks: ``state`` is "off", "connected" or "unreachable"."""
    broker = mqtt_broker()
    if broker is None:
        return {"state": "off", "broker": ""}
    client = publisher.client(broker)
    if client is None:
        return {"state": "unreachable", "broker": broker.display, "error": publisher.last_error}
    return {"state": "connected", "broker": broker.display}
