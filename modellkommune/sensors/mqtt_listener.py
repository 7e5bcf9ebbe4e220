"""MQTT create: a message on ``v1.1/Datastreams(<id>)/Observations`` becomes an Observation (STA 1.1, 14.2.1).

MQTT wildcards must fill a whole topic level, so the listener subscribes to ``v1.1/+/Observations`` and
keeps only ``Datastreams(<id>)`` and ``MultiDatastreams(<id>)``. Messages that the platform itself published
(its notifications go to the same topics) are recognised by the MQTT 5 user property ``origin`` or, from
MQTT 3 relays, by an ``@iot.selfLink`` in the payload, and skipped. Bad messages are logged and dropped;
the listener keeps running.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection

from .mqtt import ORIGIN_PROPERTY, ORIGIN_VALUE, Broker, make_client
from .mqtt_auth import STREAM_TOPIC, stream_for_topic, token_lookup, token_may_write

logger = logging.getLogger(__name__)

SUBSCRIPTIONS = ("v1.1/+/Observations",)
MAX_PAYLOAD = 256 * 1024
RECEIVE_MAXIMUM = 10_000
# The fields of an Observation a client may send (STA 1.1, 9.3.1); anything else is refused.
ALLOWED_FIELDS = {
    "phenomenonTime",
    "result",
    "resultTime",
    "resultQuality",
    "validTime",
    "parameters",
    "FeatureOfInterest",
    "Datastream",
    "MultiDatastream",
}


@dataclass
class Outcome:
    ok: bool
    message: str
    observation_id: int | None = None


def _user_properties(properties) -> dict[str, str]:
    pairs = getattr(properties, "UserProperty", None) or []
    return {str(k).lower(): str(v) for k, v in pairs}


def trust_broker() -> bool:
    """True when the broker checks tokens itself (mqtt_auth hooks), so any message it delivers is allowed."""
    return bool(getattr(settings, "STA_MQTT_TRUST_BROKER", False))


@dataclass
class Pending:
    """A checked message, ready to be written."""

    topic: str
    stream: object
    row: dict


def handle_message(topic: str, payload: bytes, properties=None) -> Outcome:
    """Turn one MQTT message into an Observation, or explain why not. Never raises."""
    try:
        prepared = prepare_message(topic, payload, properties)
        return prepared if isinstance(prepared, Outcome) else _create_one(prepared)
    except Exception as exc:  # noqa: BLE001 - one bad message must never stop the listener
        logger.exception("MQTT message on %s failed", topic)
        return Outcome(False, f"internal error: {exc.__class__.__name__}")


def prepare_message(topic: str, payload: bytes, properties=None, *, cache: TTLCache | None = None):
    """Check one message: an Outcome when it is refused or skipped, else a Pending write."""
    props = _user_properties(properties)
    if props.get(ORIGIN_PROPERTY) == ORIGIN_VALUE:
        return Outcome(False, "own notification, skipped")
    if not STREAM_TOPIC.match(topic):
        return Outcome(False, f"topic {topic} is not a Datastream's Observations")
    if len(payload) > MAX_PAYLOAD:
        return _refuse(topic, f"payload larger than {MAX_PAYLOAD} bytes")
    try:
        data = json.loads(payload)
    except (ValueError, UnicodeDecodeError) as exc:
        return _refuse(topic, f"payload is not JSON ({exc})")
    if not isinstance(data, dict):
        return _refuse(topic, "payload must be a JSON object (one Observation)")
    if "@iot.selfLink" in data:
        return Outcome(False, "notification of an existing observation, skipped")
    unknown = sorted(set(data) - ALLOWED_FIELDS)
    if unknown:
        return _refuse(topic, f"unknown properties: {', '.join(unknown)}")
    if "result" not in data:
        return _refuse(topic, "result: missing")
    lookup = cache or TTLCache(0)
    stream = lookup.get(("stream", topic), lambda: stream_for_topic(topic))
    if stream is None:
        return _refuse(topic, "unknown Datastream")
    if not trust_broker():
        raw = props.get("authorization") or props.get("token")
        token = lookup.get(("token", raw), lambda: token_lookup(raw))
        if token is None:
            return _refuse(topic, "no valid API token (MQTT 5 user property 'authorization: Bearer …')")
        if not token_may_write(token, stream):
            return _refuse(topic, f"token '{token.name}' may not write this datastream")
    from .models import FeatureOfInterest

    foi = None
    foi_ref = data.get("FeatureOfInterest")
    if isinstance(foi_ref, dict) and foi_ref.get("@iot.id") is not None:
        foi = FeatureOfInterest.objects.filter(pk=foi_ref["@iot.id"]).first()
        if foi is None:
            return _refuse(topic, "FeatureOfInterest: unknown @iot.id")
    row = {
        "result": data["result"],
        "phenomenon_time": data.get("phenomenonTime"),
        "result_time": data.get("resultTime"),
        "feature_of_interest": foi,
        "result_quality": data.get("resultQuality"),
        "valid_time": data.get("validTime"),
        "parameters": data.get("parameters"),
    }
    return Pending(topic, stream, row)


def _stream_kw(stream) -> dict:
    from .models import Datastream

    return {"datastream": stream} if isinstance(stream, Datastream) else {"multi_datastream": stream}


def _create_one(pending: Pending) -> Outcome:
    from .services import observation_create

    try:
        observation = observation_create(**_stream_kw(pending.stream), **pending.row)
    except ValidationError as exc:
        return _refuse(pending.topic, "; ".join(exc.messages))
    return Outcome(True, "created", observation.pk)


def write_batch(pendings: list[Pending]) -> list[Outcome]:
    """Write checked messages grouped per datastream, one transaction per group (observation_bulk_create).
    A group with a bad row falls back to one write per message, so only the bad message is refused."""
    from .services import observation_bulk_create

    outcomes: dict[int, Outcome] = {}
    groups: dict[tuple, list[int]] = {}
    for index, pending in enumerate(pendings):
        groups.setdefault((type(pending.stream).__name__, pending.stream.pk), []).append(index)
    for indexes in groups.values():
        stream = pendings[indexes[0]].stream
        try:
            ids = observation_bulk_create(**_stream_kw(stream), rows=[pendings[i].row for i in indexes], publish=False)
        except ValidationError:
            for i in indexes:
                outcomes[i] = _create_one(pendings[i])
            continue
        except Exception:  # noqa: BLE001 - e.g. the datastream was deleted meanwhile
            logger.exception("MQTT batch for %s failed", pendings[indexes[0]].topic)
            for i in indexes:
                outcomes[i] = Outcome(False, "internal error")
            continue
        for i, pk in zip(indexes, ids, strict=True):
            outcomes[i] = Outcome(True, "created", pk)
        _announce(stream, ids)
    return [outcomes[i] for i in range(len(pendings))]


def _announce(stream, ids: list[int]) -> None:
    """Notify subscribers of a batch in one go (one query, parents known) instead of once per observation."""
    from .mqtt import mqtt_broker, publish_entity_events

    if not ids or mqtt_broker() is None or stream.internal:
        return
    try:
        from .api.serializers import entity_payload
        from .models import Observation

        parent = "Datastreams" if type(stream).__name__ == "Datastream" else "MultiDatastreams"
        events = [
            (
                "Observations",
                obs.pk,
                entity_payload("Observations", obs),
                {parent: stream.pk, "FeaturesOfInterest": obs.feature_of_interest_id},
            )
            for obs in Observation.objects.filter(pk__in=ids).order_by("id")
        ]
        publish_entity_events(events)
    except Exception:  # noqa: BLE001 - notifications are best effort, the observations are stored
        logger.exception("MQTT notifications for %s observations failed", len(ids))


class TTLCache:
    """Tiny cache for the listener: tokens and datastreams are looked up once per ``seconds``.
    A revoked token or a deleted datastream is noticed at the latest after that time."""

    def __init__(self, seconds: float = 60.0):
        self.seconds = seconds
        self.data: dict = {}

    def get(self, key, load):
        if self.seconds <= 0:
            return load()
        now = time.monotonic()
        hit = self.data.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        if len(self.data) > 10_000:
            self.data.clear()
        value = load()
        self.data[key] = (now + self.seconds, value)
        return value


def _refuse(topic: str, reason: str) -> Outcome:
    logger.warning("MQTT message on %s refused: %s", topic, reason)
    return Outcome(False, reason)


class Listener:
    """Subscribes and writes observations; paho reconnects on its own after a broker restart.

    Messages are queued as they arrive and checked and written in batches by one flusher thread: every
    ``batch_seconds`` (or as soon as ``batch_size`` are waiting) one bulk insert per datastream."""

    def __init__(self, broker: Broker, *, on_outcome=None, batch_seconds: float = 0.2, batch_size: int = 1000):
        self.broker = broker
        self.on_outcome = on_outcome
        self.batch_seconds = max(batch_seconds, 0.01)
        self.batch_size = batch_size
        self.cache = TTLCache(60.0)
        self.pending: list[tuple] = []  # (topic, payload, properties) as received
        self.lock = threading.Lock()
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.flusher = None
        self.subscribed = threading.Event()
        self.client = make_client(broker, client_id=f"modellkommune-listen-{os.getpid()}-{uuid.uuid4().hex[:6]}")
        self.client.on_connect = self._on_connect
        self.client.on_subscribe = lambda *args: self.subscribed.set()
        self.client.on_message = self._on_message
        self.client.reconnect_delay_set(min_delay=1, max_delay=30)

    def _on_connect(self, client, userdata, flags, reason_code, properties=None):
        if reason_code.is_failure:
            logger.error("MQTT connect to %s refused: %s", self.broker.display, reason_code)
            return
        logger.info("MQTT connected to %s", self.broker.display)
        client.subscribe([(topic, 1) for topic in SUBSCRIPTIONS])

    def _on_message(self, client, userdata, message):
        # Only queue here: all database work happens in the flusher thread (one connection, closed at the end).
        with self.lock:
            self.pending.append((message.topic, message.payload, message.properties))
            full = len(self.pending) >= self.batch_size
        if full:
            self.wake.set()

    def _report(self, topic, outcome):
        if outcome.ok:
            logger.debug("MQTT observation %s created from %s", outcome.observation_id, topic)
        if self.on_outcome:
            self.on_outcome(topic, outcome)

    def flush(self):
        """Check and write everything received so far."""
        with self.lock:
            received, self.pending = self.pending, []
        if not received:
            return
        close_old_connections()  # a long-running process must survive a database restart
        writes: list[Pending] = []
        for topic, payload, properties in received:
            try:
                prepared = prepare_message(topic, payload, properties, cache=self.cache)
            except Exception as exc:  # noqa: BLE001 - one bad message must never stop the listener
                logger.exception("MQTT message on %s failed", topic)
                prepared = Outcome(False, f"internal error: {exc.__class__.__name__}")
            if isinstance(prepared, Outcome):
                self._report(topic, prepared)
            else:
                writes.append(prepared)
        if writes:
            for pending, outcome in zip(writes, write_batch(writes), strict=True):
                self._report(pending.topic, outcome)

    def _flush_loop(self):
        try:
            while not self.stopping.is_set():
                self.wake.wait(self.batch_seconds)
                self.wake.clear()
                try:
                    self.flush()
                except Exception:  # noqa: BLE001 - keep flushing whatever happens to one batch
                    logger.exception("MQTT batch write failed")
            self.flush()
        finally:
            connection.close()

    def _start_flusher(self):
        if self.flusher is None:
            self.flusher = threading.Thread(target=self._flush_loop, name="mqtt-flush", daemon=True)
            self.flusher.start()

    @staticmethod
    def _connect_properties():
        """Let the broker keep many QoS 1 messages in flight to us: the listener acknowledges on receipt and
        writes in batches, and Mosquitto drops messages once more than max_queued_messages (1000) wait."""
        from paho.mqtt.packettypes import PacketTypes
        from paho.mqtt.properties import Properties

        properties = Properties(PacketTypes.CONNECT)
        properties.ReceiveMaximum = RECEIVE_MAXIMUM
        return properties

    def start(self):
        self._start_flusher()
        self.client.connect(self.broker.host, self.broker.port, keepalive=60, properties=self._connect_properties())
        self.client.loop_start()

    def stop(self):
        self.client.loop_stop()
        self.client.disconnect()
        self.stopping.set()
        self.wake.set()
        if self.flusher is not None:
            self.flusher.join(10)

    def run_forever(self):
        self._start_flusher()
        self.client.connect(self.broker.host, self.broker.port, keepalive=60, properties=self._connect_properties())
        try:
            self.client.loop_forever(retry_first_connection=True)
        finally:
            self.stopping.set()
            self.wake.set()
