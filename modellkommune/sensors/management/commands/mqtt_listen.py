"""``manage.py mqtt_listen``: create observations from MQTT messages (SensorThings MQTT create)."""

import logging

from django.core.management.base import BaseCommand, CommandError

from modellkommune.sensors.mqtt import mqtt_broker
from modellkommune.sensors.mqtt_listener import SUBSCRIPTIONS, Listener


class Command(BaseCommand):
    help = (
        "Abonniert v1.1/Datastreams(<id>)/Observations beim MQTT-Broker (MQTT_URL) und legt daraus "
        "Beobachtungen an. Ungültige Nachrichten werden protokolliert, der Dienst läuft weiter."
    )

    def handle(self, *args, **options):
        broker = mqtt_broker()
        if broker is None:
            raise CommandError("MQTT aus: MQTT_URL ist nicht gesetzt.")
        if not logging.getLogger("modellkommune.sensors").handlers and options["verbosity"] > 0:
            logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
        self.stdout.write(f"MQTT: {broker.display}, Abonnements: {', '.join(SUBSCRIPTIONS)}")
        listener = Listener(broker)
        try:
            listener.run_forever()
        except KeyboardInterrupt:
            listener.stop()
