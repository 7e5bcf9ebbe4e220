"""SensorThings MQTT extension: publish entity events to an existing broker (Mosquitto).

The platform is an MQTT *client*: settings.MQTT_URL names the broker (``mqtt://user:pass@host:1883``,
``mqtts://`` for TLS). Empty means MQTT is off; the HTTP API works the same, only nobody is notified.

Topics follow SensorThings 1.1 Part 1, section 14: every creation or change of an entity is
published to the collection topic (``v1.1/Observations``), the entity topic (``v1.1/Things(1)``) and,
for entities that belong to a parent, the navigation topic (``v1.1/Datastreams(1)/Observations``).

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

# Parent navigation per entity set: the navigation link in the payload names the parent.
PARENT_LINKS = {
    "Observations": ("Datastream", "MultiDatastream", "FeatureOfInterest"),
    "Datastreams": ("Thing", "Sensor", "ObservedProperty"),
    "MultiDatastreams": ("Thing", "Sensor"),
    "HistoricalLocations": ("Thing",),
    "Locations": (),
    "Things": (),
}
_NAV_ID = re.compile(r"\((\d+|'[^']*')\)[^()]*$")


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


def make_client(broker: Broker, *, client_id: str, username: str | None = None, password: str | None = None):
    """A paho-mqtt 2.x client (MQTT 5) for ``broker``; credentials default to those of the URL."""
    import paho.mqtt.client as paho

    client = paho.Client(paho.CallbackAPIVersion.VERSION2, client_id=client_id, protocol=paho.MQTTv5)
    user = username if username is not None else broker.username
    if user is not None:
        client.username_pw_set(user, password if password is not None else broker.password)
    if broker.tls:
        client.tls_set()
    client.connect_timeout = CONNECT_TIMEOUT
    return client


def entity_topics(entity_set: str, entity_id, payload: dict | None) -> list[str]:
    """The STA topics an event on one entity goes to, most general first."""
    key = _format_id(entity_id)
    topics = [f"{VERSION_PREFIX}/{entity_set}", f"{VERSION_PREFIX}/{entity_set}({key})"]
    for parent in PARENT_LINKS.get(entity_set, ()):
        parent_id = _parent_id(payload or {}, parent)
        if parent_id is not None:
            topics.append(f"{VERSION_PREFIX}/{_plural(parent)}({parent_id})/{entity_set}")
    return topics


def _plural(name: str) -> str:
    return "FeaturesOfInterest" if name == "FeatureOfInterest" else f"{name}s"


def _format_id(entity_id) -> str:
    if isinstance(entity_id, int) or (isinstance(entity_id, str) and entity_id.isdigit()):
        return str(entity_id)
    return f"'{entity_id}'"


def _parent_id(payload: dict, parent: str) -> str | None:
    nested = payload.get(parent)
    if isinstance(nested, dict) and nested.get("@iot.id") is not None:
        return _format_id(nested["@iot.id"])
    link = payload.get(f"{parent}@iot.navigationLink")
    if isinstance(link, str):
        match = _NAV_ID.search(link)
        if match:
            return match.group(1)
    return None


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


def publish_entity_event(entity_set: str, entity_id, payload: dict, *, parents: dict | None = None) -> None:
    """Announce the creation or change of one entity on its STA topics. Never raises.

    ``payload`` is the entity as the HTTP API renders it. ``parents`` maps parent entity sets to ids
    (``{"Datastreams": 7}``) for the navigation topics (``v1.1/Datastreams(7)/Observations``); without it
    they come from the payload or, for an Observation, from the database.
    Inside a transaction the message is sent once the transaction commits.
    """
    publish_entity_events([(entity_set, entity_id, payload, parents)])


def publish_entity_events(events) -> None:
    """Several events ``(entity_set, id, payload[, parents])`` in one go (dataArray, batch); never raises."""
    try:
        if mqtt_broker() is None:
            return
        events = [tuple(event) + (None,) * (4 - len(event)) for event in events]
        lookup = _observation_parents([e[1] for e in events if e[0] == "Observations" and not e[3]])
        messages = []
        for entity_set, entity_id, payload, parents in events:
            if lookup.get(entity_id, {}).get("internal"):
                continue  # internal datastreams are readable with a token only: never broadcast them
            body = json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False)
            topics = entity_topics(entity_set, entity_id, payload)
            for parent_set, parent_id in (parents or lookup.get(entity_id, {})).items():
                if parent_id is not None and parent_set != "internal":
                    topic = f"{VERSION_PREFIX}/{parent_set}({_format_id(parent_id)})/{entity_set}"
                    if topic not in topics:
                        topics.append(topic)
            messages.extend((topic, body) for topic in topics)
        if messages:
            transaction.on_commit(lambda: _send_quietly(messages))
    except Exception:  # noqa: BLE001 - never break the write that triggered the event
        logger.exception("MQTT event could not be prepared")


def _observation_parents(ids) -> dict:
    ids = [i for i in ids if isinstance(i, int)]
    if not ids:
        return {}
    from .models import Observation

    rows = Observation.objects.filter(pk__in=ids).values_list(
        "pk", "datastream_id", "multi_datastream_id", "feature_of_interest_id", "datastream__internal"
    )
    return {
        pk: {"Datastreams": ds, "MultiDatastreams": mds, "FeaturesOfInterest": foi, "internal": bool(internal)}
        for pk, ds, mds, foi, internal in rows
    }


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
