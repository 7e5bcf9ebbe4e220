"""Nothing lost, nothing twice (issue 18.3, 18.4d): ``manage.py mqtt_listen`` as real processes against a private
Mosquitto with persistence and dynamic security; a device publishes with MQTT 3.1.1, QoS 1, username + token.

The listener process and the test must share a database, so these run on PostgreSQL only."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from modellkommune.sensors.auth import api_token_create
from modellkommune.sensors.models import Observation

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the listener process shares the test database: PostgreSQL only"
    ),
    pytest.mark.django_db(transaction=True),
]


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class ListenerProcess:
    """``manage.py mqtt_listen`` as systemd would run it."""

    def __init__(self, broker, tmp_path: Path, client_id: str, *options: str):
        self.client_id = client_id
        self.log = tmp_path / f"{client_id}-{uuid.uuid4().hex[:4]}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "modellkommune.settings.test",
            "DATABASE_URL": _database_url(),
            "TEST_MQTT_URL": broker.platform_url,
            "MQTT_DYNSEC_ADMIN_URL": broker.admin_url,  # dynamic security on: the listener trusts the broker
            "MQTT_SHARE_GROUP": "listeners",
        }
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen(  # noqa: S603 - fixed argument list, no shell
                [sys.executable, "manage.py", "mqtt_listen", "--client-id", client_id, *options],
                cwd=django_settings.BASE_DIR,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        try:
            while "bereit" not in self.output():
                assert self.process.poll() is None, self.output()
                assert time.monotonic() < deadline, self.output()
                time.sleep(0.05)
        except AssertionError:
            self.kill()
            raise

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def sigterm(self):
        self.process.send_signal(signal.SIGTERM)
        assert self.process.wait(30) == 0, self.output()

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


@pytest.fixture
def listeners(private_broker, tmp_path):
    started = []

    def start(client_id, *options):
        process = ListenerProcess(private_broker, tmp_path, client_id, *options)
        started.append(process)
        return process

    yield start
    for process in started:
        process.kill()


@pytest.fixture
def device(private_broker, network):
    """A device of the counting station, MQTT 3.1.1, logged in with its token."""
    import paho.mqtt.client as paho

    token, raw = api_token_create(name="Zählstelle", things=[network["thing"].pk])
    client = paho.Client(
        paho.CallbackAPIVersion.VERSION2, client_id=f"dev-{uuid.uuid4().hex[:8]}", protocol=paho.MQTTv311
    )
    client.username_pw_set(f"sta-{token.pk}", raw)
    client.max_inflight_messages_set(100)
    client.connect("127.0.0.1", private_broker.port)
    client.loop_start()
    client.topic = f"v1.1/Datastreams({network['counts'].pk})/Observations"
    client.stream = network["counts"]
    yield client
    client.loop_stop()
    client.disconnect()


def publish(device, start: int, count: int, *, pause: float = 0.0) -> int:
    """QoS 1 messages with distinct phenomenonTime (``pause`` seconds after every 50); returns how many the
    broker acknowledged."""
    infos = []
    for i in range(start, start + count):
        if pause and i % 50 == 0:
            time.sleep(pause)
        minute, second = divmod(i, 60)
        body = {"phenomenonTime": f"2026-11-26T{minute // 60:02d}:{minute % 60:02d}:{second:02d}Z", "result": i}
        infos.append(device.publish(device.topic, json.dumps(body), qos=1))
    for info in infos:
        info.wait_for_publish(10)
    return sum(1 for info in infos if info.is_published())


def stored(device) -> tuple[int, int]:
    """(rows, distinct results) of the device's datastream, without the two sample observations."""
    rows = Observation.objects.filter(datastream=device.stream, phenomenon_time_start__date="2026-11-26")
    return rows.count(), rows.values("result_number").distinct().count()


def settle(device, expected: int, timeout=30.0) -> tuple[int, int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and stored(device)[0] < expected:
        time.sleep(0.1)
    time.sleep(1.0)  # anything stored twice would show up now
    return stored(device)


def test_messages_published_while_the_listener_is_down_are_stored_once(listeners, device):
    listener = listeners("listener-a")
    listener.sigterm()
    assert publish(device, 0, 200) == 200  # acknowledged by the broker while no listener runs
    listeners("listener-a")
    assert settle(device, 200) == (200, 200)


def test_sigterm_during_a_burst_loses_nothing_acknowledged(listeners, device):
    listener = listeners("listener-a")
    acked = []
    burst = threading.Thread(target=lambda: acked.append(publish(device, 0, 1500, pause=0.1)))
    burst.start()
    deadline = time.monotonic() + 10
    while stored(device)[0] < 100 and time.monotonic() < deadline:
        time.sleep(0.01)
    listener.sigterm()  # in the middle of the burst, as systemd stops it
    burst.join(60)
    interrupted = stored(device)[0]
    assert 0 < interrupted < 1500, "the burst was not interrupted; the test proves nothing"
    listeners("listener-a")
    assert settle(device, acked[0]) == (acked[0], acked[0])
    assert acked[0] == 1500


def test_two_listeners_at_once_store_every_observation_once(listeners, device):
    first, second = listeners("listener-a"), listeners("listener-b")
    assert publish(device, 0, 400) == 400
    assert settle(device, 400) == (400, 400)
    # both consumers had work (shared subscription): stop one, the other and the broker's queue carry on
    first.sigterm()
    assert publish(device, 400, 100) == 100
    listeners("listener-a")
    assert settle(device, 500) == (500, 500)
    second.sigterm()


def test_a_retired_consumer_hands_its_share_to_the_others(listeners, device):
    """Mosquitto deals shared-subscription messages to an offline member with a kept session as well: a consumer
    leaving for good stops with --end-session, and from then on the remaining one gets everything at once."""
    staying = listeners("listener-a")
    leaving = listeners("listener-b", "--end-session")
    assert publish(device, 0, 100) == 100
    leaving.sigterm()
    assert publish(device, 100, 200) == 200
    assert settle(device, 300, timeout=15) == (300, 300)
    staying.sigterm()
