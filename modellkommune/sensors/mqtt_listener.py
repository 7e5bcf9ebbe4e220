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
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import close_old_connections

from .mqtt import ORIGIN_PROPERTY, ORIGIN_VALUE, Broker, make_client
from .mqtt_auth import STREAM_TOPIC, stream_for_topic, token_lookup, token_may_write

logger = logging.getLogger(__name__)

SUBSCRIPTIONS = ("v1.1/+/Observations",)
MAX_PAYLOAD = 256 * 1024
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


def handle_message(topic: str, payload: bytes, properties=None) -> Outcome:
    """Turn one MQTT message into an Observation, or explain why not. Never raises."""
    try:
        return _handle(topic, payload, properties)
    except Exception as exc:  # noqa: BLE001 - one bad message must never stop the listener
        logger.exception("MQTT message on %s failed", topic)
        return Outcome(False, f"internal error: {exc.__class__.__name__}")


def _handle(topic: str, payload: bytes, properties) -> Outcome:
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
    stream = stream_for_topic(topic)
    if stream is None:
        return _refuse(topic, "unknown Datastream")
    if not trust_broker():
        token = token_lookup(props.get("authorization") or props.get("token"))
        if token is None:
            return _refuse(topic, "no valid API token (MQTT 5 user property 'authorization: Bearer …')")
        if not token_may_write(token, stream):
            return _refuse(topic, f"token '{token.name}' may not write this datastream")
    return _create(topic, stream, data)


def _create(topic, stream, data) -> Outcome:
    from .models import Datastream, FeatureOfInterest
    from .services import observation_create

    foi = None
    foi_ref = data.get("FeatureOfInterest")
    if isinstance(foi_ref, dict) and foi_ref.get("@iot.id") is not None:
        foi = FeatureOfInterest.objects.filter(pk=foi_ref["@iot.id"]).first()
        if foi is None:
            return _refuse(topic, "FeatureOfInterest: unknown @iot.id")
    stream_kw = {"datastream": stream} if isinstance(stream, Datastream) else {"multi_datastream": stream}
    try:
        observation = observation_create(
            **stream_kw,
            result=data["result"],
            phenomenon_time=data.get("phenomenonTime"),
            result_time=data.get("resultTime"),
            feature_of_interest=foi,
            result_quality=data.get("resultQuality"),
            valid_time=data.get("validTime"),
            parameters=data.get("parameters"),
        )
    except ValidationError as exc:
        return _refuse(topic, "; ".join(exc.messages))
    return Outcome(True, "created", observation.pk)


def _refuse(topic: str, reason: str) -> Outcome:
    logger.warning("MQTT message on %s refused: %s", topic, reason)
    return Outcome(False, reason)


class Listener:
    """Subscribes and feeds handle_message; paho reconnects on its own after a broker restart."""

    def __init__(self, broker: Broker, *, on_outcome=None):
        self.broker = broker
        self.on_outcome = on_outcome
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
        close_old_connections()  # a long-running process must survive a database restart
        outcome = handle_message(message.topic, message.payload, message.properties)
        if outcome.ok:
            logger.info("MQTT observation %s created from %s", outcome.observation_id, message.topic)
        if self.on_outcome:
            self.on_outcome(message.topic, outcome)

    def start(self):
        self.client.connect(self.broker.host, self.broker.port, keepalive=60)
        self.client.loop_start()

    def stop(self):
        self.client.loop_stop()
        self.client.disconnect()

    def run_forever(self):
        self.client.connect(self.broker.host, self.broker.port, keepalive=60)
        self.client.loop_forever(retry_first_connection=True)
