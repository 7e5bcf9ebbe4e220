"""``manage.py mqtt_listen``: create observations from MQTT messages (SensorThings MQTT create).

SIGTERM (systemd) and SIGINT write and acknowledge the batch in hand, then disconnect; the broker keeps the
session and queues what arrives until the listener is back (docs/sensors.md, "Nothing lost")."""

import logging
import signal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from modellkommune.sensors.mqtt import mqtt_broker
from modellkommune.sensors.mqtt_listener import Listener


class Command(BaseCommand):
    help = (
        "Abonniert v1.1/Datastreams(<id>)/Observations beim MQTT-Broker (MQTT_URL) und legt daraus "
        "Beobachtungen an. Ungültige Nachrichten werden protokolliert, der Dienst läuft weiter."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--client-id",
            default="",
            help="stabile Client-ID dieses Verbrauchers (Vorgabe: MQTT_LISTENER_CLIENT_ID); je Verbraucher eine eigene",
        )
        parser.add_argument(
            "--end-session",
            action="store_true",
            help="beim Beenden die Sitzung beim Broker löschen (Verbraucher wird dauerhaft abgeschaltet)",
        )
        parser.add_argument("--batch-seconds", type=float, default=0.2, help="Schreibintervall in Sekunden")

    def handle(self, *args, client_id="", end_session=False, batch_seconds=0.2, **options):
        broker = mqtt_broker()
        if broker is None:
            raise CommandError("MQTT aus: MQTT_URL ist nicht gesetzt.")
        if not logging.getLogger("modellkommune.sensors").handlers and options["verbosity"] > 0:
            logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
        listener = Listener(
            broker, client_id=client_id or None, batch_seconds=batch_seconds, on_ready=lambda: self._ready(listener)
        )
        self.stdout.write(
            f"MQTT: {broker.display} als {listener.client_id}, Abonnements: {', '.join(listener.subscriptions)}, "
            f"Sitzung {settings.MQTT_SESSION_EXPIRY} s"
        )
        signal.signal(signal.SIGTERM, listener.request_stop)
        signal.signal(signal.SIGINT, listener.request_stop)
        listener.run_forever(end_session=end_session)
        self.stdout.write("MQTT-Listener beendet.")

    def _ready(self, listener):
        self.stdout.write(f"MQTT-Listener {listener.client_id} bereit.")
        self.stdout.flush()
