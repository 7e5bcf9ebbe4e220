"""``manage.py mqtt_dynsec_sync``: make Mosquitto's dynamic security match the database.

Creates the public group (also used for anonymous clients), the platform's client from MQTT_URL's credentials,
one role per sector and Thing with the publish ACLs of their datastreams, and brings every token's client in
line (roles; deleted when the token is inactive or gone). The broker must have been initialised once with
``mosquitto_ctrl dynsec init`` (docs/sensors.md, "MQTT in production")."""

from django.core.management.base import BaseCommand, CommandError

from modellkommune.sensors import dynsec
from modellkommune.sensors.mqtt import mqtt_broker


class Command(BaseCommand):
    help = "Gleicht Clients, Rollen und ACLs der Mosquitto-Dynamic-Security mit den API-Tokens und Datenströmen ab."

    def handle(self, *args, **options):
        if not dynsec.enabled():
            raise CommandError("MQTT_DYNSEC_ADMIN_URL ist nicht gesetzt: keine Broker-Verwaltung.")
        try:
            report = dynsec.sync_all(platform=mqtt_broker())
        except dynsec.DynsecError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Clients: {report['created']} angelegt, {report['updated']} aktualisiert, {report['deleted']} gelöscht; "
            f"ACLs: {report['acls_added']} hinzugefügt, {report['acls_removed']} entfernt."
        )
        if report["missing"]:
            self.stdout.write(
                "Ohne Broker-Client (das Token ist nur als Hash gespeichert; mit `manage.py sta_token_rotate NAME` "
                f"neu ausgeben): {', '.join(report['missing'])}"
            )
