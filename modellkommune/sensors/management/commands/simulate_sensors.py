"""``manage.py simulate_sensors``: feed plausible readings for the demo datastreams.

Three ways in, so each path can be exercised the way real devices use it:
  --via db    the observation services directly (fast; what the demo uses)
  --via http  POST dataArray to <url>/CreateObservations with an API token, as a gateway would
  --via mqtt  publish each reading to v1.1/Datastreams(<id>)/Observations (needs ``mqtt_listen`` running)
First the gap since each datastream's newest observation (at most --days) is filled, then with --live one
round of fresh readings follows every --interval seconds until Ctrl+C.
"""

from __future__ import annotations

import datetime as dt
import json
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from modellkommune.sensors.models import Datastream
from modellkommune.sensors.simulation import KINDS, station_series

CHUNK = 5000


class Command(BaseCommand):
    help = "Erzeugt realistische Messwerte für die Demo-Datenströme (Tages- und Wochengang, Lücken, Ausreißer)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=float, default=1.0, help="höchstens so viele Tage rückwirkend auffüllen")
        parser.add_argument("--via", choices=["db", "http", "mqtt"], default="db")
        parser.add_argument("--live", action="store_true", help="danach fortlaufend neue Werte senden")
        parser.add_argument("--interval", type=float, default=60.0, help="Sekunden zwischen zwei Runden (--live)")
        parser.add_argument("--rounds", type=int, default=0, help="mit --live: nach so vielen Runden enden")
        parser.add_argument("--url", default="http://127.0.0.1:8000/sta/v1.1", help="Basis-URL der API (--via http)")
        parser.add_argument("--token", default="", help="API-Token (für --via http und --via mqtt)")
        parser.add_argument("--sector", default="", help="nur Datenströme dieses Sektors (Kürzel)")

    def handle(self, *args, days, via, live, interval, rounds, url, token, sector, **options):
        streams = Datastream.objects.select_related("sector").order_by("id")
        if sector:
            streams = streams.filter(sector__code=sector)
        streams = [s for s in streams if (s.properties or {}).get("kind") in KINDS]
        if not streams:
            raise CommandError("Keine simulierbaren Datenströme: zuerst `manage.py demo` ausführen.")
        if via != "db" and not token:
            raise CommandError("--token ist für --via http und --via mqtt nötig (siehe `manage.py sta_token`).")
        sender = {"db": DbSender, "http": HttpSender, "mqtt": MqttSender}[via](url=url, token=token)
        now = timezone.now()
        last = {s.pk: max(s.phenomenon_time_end or now - dt.timedelta(days=days), now - dt.timedelta(days=days))
                for s in streams}  # fmt: skip
        done = 0
        try:
            while True:
                now = timezone.now()
                sent = 0
                for stream in streams:
                    props = stream.properties
                    start = last[stream.pk] + dt.timedelta(seconds=1)
                    readings = list(
                        station_series(
                            kind=props["kind"], scale=props.get("scale", 1.0), name=stream.name, start=start, end=now
                        )
                    )
                    if readings:
                        sender.send(stream, readings, publish=done > 0)
                        last[stream.pk] = readings[-1][0]
                        sent += len(readings)
                done += 1
                self.stdout.write(f"{now:%H:%M:%S} {sent} Messwerte über {via} an {len(streams)} Datenströme")
                if not live or (rounds and done >= rounds):
                    break
                time.sleep(interval)
        except KeyboardInterrupt:
            pass
        finally:
            sender.close()


def _iso(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


class DbSender:
    def __init__(self, **kwargs):
        pass

    def send(self, stream, readings, *, publish):
        from modellkommune.sensors.services import observation_bulk_create

        for i in range(0, len(readings), CHUNK):
            rows = [{"phenomenon_time": when, "result": value} for when, value in readings[i : i + CHUNK]]
            observation_bulk_create(datastream=stream, rows=rows, publish=publish)

    def close(self):
        pass


class HttpSender:
    """dataArray extension (STA 1.1 Part 1, 14.4): one request per datastream and chunk."""

    def __init__(self, *, url, token):
        import httpx

        self.url = url.rstrip("/") + "/CreateObservations"
        self.client = httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=60)

    def send(self, stream, readings, *, publish):
        for i in range(0, len(readings), CHUNK):
            chunk = readings[i : i + CHUNK]
            body = [
                {
                    "Datastream": {"@iot.id": stream.pk},
                    "components": ["phenomenonTime", "result"],
                    "dataArray@iot.count": len(chunk),
                    "dataArray": [[_iso(when), value] for when, value in chunk],
                }
            ]
            response = self.client.post(self.url, json=body)
            if response.status_code >= 400:
                raise CommandError(f"{self.url}: HTTP {response.status_code} {response.text[:300]}")
            failed = [r for r in response.json() if isinstance(r, str) and r.lower().startswith("error")]
            if failed:
                raise CommandError(f"{len(failed)} Messwerte abgelehnt: {failed[0]}")

    def close(self):
        self.client.close()


class MqttSender:
    """One MQTT message per reading, token as MQTT 5 user property (see mqtt_auth.py)."""

    def __init__(self, *, url, token):
        from paho.mqtt.packettypes import PacketTypes
        from paho.mqtt.properties import Properties

        from modellkommune.sensors.mqtt import make_client, mqtt_broker

        broker = mqtt_broker()
        if broker is None:
            raise CommandError("MQTT aus: MQTT_URL ist nicht gesetzt.")
        self.client = make_client(broker, client_id=f"simulate-sensors-{time.time_ns() % 10**8}")
        self.client.connect(broker.host, broker.port)
        self.client.loop_start()
        self.props = Properties(PacketTypes.PUBLISH)
        self.props.UserProperty = ("authorization", f"Bearer {token}")

    def send(self, stream, readings, *, publish):
        topic = f"v1.1/Datastreams({stream.pk})/Observations"
        info = None
        for when, value in readings:
            payload = json.dumps({"phenomenonTime": _iso(when), "result": value})
            info = self.client.publish(topic, payload, qos=1, properties=self.props)
        if info is not None:
            info.wait_for_publish(30)

    def close(self):
        self.client.loop_stop()
        self.client.disconnect()
