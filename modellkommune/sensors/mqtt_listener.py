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
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError, close_old_connections, connection

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
    """True when the broker checks tokens itself, so any message it delivers is allowed: the HTTP hooks of
    mqtt_auth (STA_MQTT_TRUST_BROKER) or the dynamic security that the platform manages (MQTT_DYNSEC_ADMIN_URL)."""
    return bool(getattr(settings, "STA_MQTT_TRUST_BROKER", False) or getattr(settings, "MQTT_DYNSEC_ADMIN_URL", ""))


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

    outcomes: dict[int, Outcome] = dict(_duplicates(pendings))
    groups: dict[tuple, list[int]] = {}
    for index, pending in enumerate(pendings):
        if index not in outcomes:
            groups.setdefault((type(pending.stream).__name__, pending.stream.pk), []).append(index)
    for indexes in groups.values():
        stream = pendings[indexes[0]].stream
        try:
            ids = observation_bulk_create(**_stream_kw(stream), rows=[pendings[i].row for i in indexes], publish=False)
        except ValidationError:
            for i in indexes:
                outcomes[i] = _create_one(pendings[i])
            continue
        except (OperationalError, InterfaceError):
            raise  # transient (locked, connection lost): unacknowledged, retried, duplicates recognised then
        except Exception:  # noqa: BLE001 - e.g. the datastream was deleted meanwhile
            logger.exception("MQTT batch for %s failed", pendings[indexes[0]].topic)
            for i in indexes:
                outcomes[i] = Outcome(False, "internal error")
            continue
        for i, pk in zip(indexes, ids, strict=True):
            outcomes[i] = Outcome(True, "created", pk)
        _announce(stream, ids)
    return [outcomes[i] for i in range(len(pendings))]


def _identity(start, end, result) -> tuple:
    if isinstance(result, (int, float)) and not isinstance(result, bool):
        result = float(result)
    return (start, end, json.dumps(result, sort_keys=True, default=str))


def _duplicates(pendings: list[Pending]):
    """(index, Outcome) for every message whose observation is stored already or came earlier in the batch.

    The broker delivers at least once (a redelivery after a crash or a restart before the PUBACK); an
    observation is the same when datastream, phenomenonTime and result are equal. Messages without
    phenomenonTime get the time of writing and cannot be recognised (docs/sensors.md, "exactly once")."""
    from .api.values import parse_time_or_interval
    from .models import Observation

    keyed: dict[tuple, list[tuple[int, tuple]]] = {}
    for index, pending in enumerate(pendings):
        raw = pending.row.get("phenomenon_time")
        if raw is None:
            continue
        try:
            start, end = parse_time_or_interval(raw, field="phenomenonTime")
        except ValidationError:
            continue  # the service refuses it with the reason
        stream_key = (type(pending.stream).__name__, pending.stream.pk)
        keyed.setdefault(stream_key, []).append((index, _identity(start, end, pending.row.get("result"))))
    for (kind, pk), items in keyed.items():
        lookup = {"datastream_id" if kind == "Datastream" else "multi_datastream_id": pk}
        starts = {identity[0] for _, identity in items}
        seen = {
            _identity(*row)
            for row in Observation.objects.filter(**lookup, phenomenon_time_start__in=starts).values_list(
                "phenomenon_time_start", "phenomenon_time_end", "result"
            )
        }
        for index, identity in items:
            if identity in seen:
                yield index, Outcome(False, "duplicate: this observation is stored already")
            seen.add(identity)


def _announce(stream, ids: list[int]) -> None:
    """Notify subscribers of a batch in one go (one query, parents known) instead of once per observation."""
    from .mqtt import mqtt_broker, publish_entity_events

    if not ids or mqtt_broker() is None or stream.internal:
        return
    try:
        from .api.serializers import entity_payload
        from .models import Observation

        events = [
            ("Observations", obs, entity_payload("Observations", obs), None)
            for obs in Observation.objects.filter(pk__in=ids)
            .select_related("datastream", "multi_datastream")
            .order_by("id")
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
    ``batch_seconds`` (or as soon as ``batch_size`` are waiting) one bulk insert per datastream.

    Nothing acknowledged is lost: the session is persistent (clean start off, session expiry, stable client
    id), so the broker queues QoS 1 messages while the listener is down, and a message is acknowledged
    (PUBACK) only after its batch is committed; what was received but not written is delivered again.
    Several listeners share the work through the shared subscription ``$share/<MQTT_SHARE_GROUP>/…``."""

    def __init__(
        self,
        broker: Broker,
        *,
        on_outcome=None,
        batch_seconds: float = 0.2,
        batch_size: int = 1000,
        client_id: str | None = None,
        share_group: str | None = None,
        session_expiry: int | None = None,
        on_ready=None,
    ):
        self.broker = broker
        self.on_ready = on_ready
        self.on_outcome = on_outcome
        self.batch_seconds = max(batch_seconds, 0.01)
        self.batch_size = batch_size
        self.cache = TTLCache(60.0)
        self.pending: list[tuple] = []  # (topic, payload, properties, mid, qos) as received
        self.lock = threading.Lock()
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.stop_requested = threading.Event()
        self.closing = False
        self.flusher = None
        self.subscribed = threading.Event()
        share = settings.MQTT_SHARE_GROUP if share_group is None else share_group
        self.subscriptions = [f"$share/{share}/{topic}" if share else topic for topic in SUBSCRIPTIONS]
        self.session_expiry = settings.MQTT_SESSION_EXPIRY if session_expiry is None else session_expiry
        self.client_id = client_id or settings.MQTT_LISTENER_CLIENT_ID
        self.client = make_client(broker, client_id=self.client_id, manual_ack=True)
        self.client.on_connect = self._on_connect
        self.client.on_subscribe = self._on_subscribe
        self.client.on_message = self._on_message
        self.disconnected = threading.Event()
        self.client.on_disconnect = lambda *args: self.disconnected.set()
        self.client.reconnect_delay_set(min_delay=1, max_delay=30)

    def _on_connect(self, client, userdata, flags, reason_code, properties=None):
        if reason_code.is_failure:
            logger.error("MQTT connect to %s refused: %s", self.broker.display, reason_code)
            return
        logger.info("MQTT connected to %s as %s", self.broker.display, self.client_id)
        client.subscribe([(topic, 1) for topic in self.subscriptions])

    def _on_subscribe(self, client, userdata, mid, reason_codes, properties=None):
        refused = [code for code in reason_codes if code.is_failure]
        if refused:
            logger.error("MQTT subscription %s refused by %s: %s", self.subscriptions, self.broker.display, refused)
            return
        self.subscribed.set()
        if self.on_ready:
            self.on_ready()

    def _on_message(self, client, userdata, message):
        # Only queue here: all database work happens in the flusher thread (one connection, closed at the end).
        if self.closing:
            return  # not acknowledged: the broker delivers it again to the next session
        with self.lock:
            self.pending.append((message.topic, message.payload, message.properties, message.mid, message.qos))
            full = len(self.pending) >= self.batch_size
        if full:
            self.wake.set()

    def _report(self, topic, outcome):
        if outcome.ok:
            logger.debug("MQTT observation %s created from %s", outcome.observation_id, topic)
        if self.on_outcome:
            self.on_outcome(topic, outcome)

    def flush(self):
        """Check and write everything received so far, then acknowledge it. On a database error the batch
        stays queued (unacknowledged) and is tried again."""
        with self.lock:
            received, self.pending = self.pending, []
        if not received:
            return
        try:
            self._write(received)
        except Exception:
            with self.lock:
                self.pending = received + self.pending
            raise
        for _topic, _payload, _properties, mid, qos in received:
            if qos > 0:
                self.client.ack(mid, qos)

    def _write(self, received):
        close_old_connections()  # a long-running process must survive a database restart
        writes: list[Pending] = []
        for topic, payload, properties, _mid, _qos in received:
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
                    logger.exception("MQTT batch write failed; retrying")
                    self.stopping.wait(1.0)
            try:
                self.flush()
            except Exception:  # noqa: BLE001 - unacknowledged: the broker delivers it again
                logger.exception("MQTT last batch not written; the broker delivers it again")
        finally:
            connection.close()

    def _start_flusher(self):
        if self.flusher is None:
            self.flusher = threading.Thread(target=self._flush_loop, name="mqtt-flush", daemon=True)
            self.flusher.start()

    def _connect_properties(self):
        """A persistent session (kept ``session_expiry`` seconds after a disconnect) and many QoS 1 messages in
        flight to us: we acknowledge after each batch is written, and Mosquitto holds back what exceeds it."""
        from paho.mqtt.packettypes import PacketTypes
        from paho.mqtt.properties import Properties

        properties = Properties(PacketTypes.CONNECT)
        properties.ReceiveMaximum = RECEIVE_MAXIMUM
        properties.SessionExpiryInterval = max(int(self.session_expiry), 0)
        return properties

    def start(self):
        self._start_flusher()
        self.client.connect_async(
            self.broker.host,
            self.broker.port,
            keepalive=60,
            clean_start=False,
            properties=self._connect_properties(),
        )
        self.client.loop_start()

    def stop(self, *, end_session: bool = False):
        """Write and acknowledge what was received, then disconnect. The session stays on the broker (it keeps
        queueing for us) unless ``end_session``: then the broker forgets it, for a consumer that is retired."""
        from paho.mqtt.packettypes import PacketTypes
        from paho.mqtt.properties import Properties

        if end_session and self.client.is_connected():
            self._drain()
        self.closing = True
        self.stopping.set()
        self.wake.set()
        if self.flusher is not None:
            self.flusher.join(30)
        properties = None
        if end_session:
            properties = Properties(PacketTypes.DISCONNECT)
            properties.SessionExpiryInterval = 0
        self.disconnected.clear()
        if self.client.disconnect(properties=properties) == 0:  # queued after the last acknowledgements
            self.disconnected.wait(5)
        self.client.loop_stop()

    def _drain(self, quiet_seconds: float = 0.5, limit_seconds: float = 10.0):
        """Before the session ends: unsubscribe (the broker then gives new messages to the other consumers) and
        take what is still on its way to us, until nothing came for ``quiet_seconds``."""
        unsubscribed = threading.Event()
        self.client.on_unsubscribe = lambda *args: unsubscribed.set()
        self.client.unsubscribe(self.subscriptions)
        unsubscribed.wait(5)
        deadline = time.monotonic() + limit_seconds
        seen = -1
        while time.monotonic() < deadline:
            with self.lock:
                count = len(self.pending)
            if count == seen:
                break
            seen = count
            time.sleep(quiet_seconds)

    def request_stop(self, *args):
        """Signal handler (SIGTERM from systemd, SIGINT): ``run_forever`` then stops cleanly."""
        self.stop_requested.set()

    def run_forever(self, *, end_session: bool = False):
        self.start()
        try:
            while not self.stop_requested.wait(1.0):
                pass
        finally:
            self.stop(end_session=end_session)
