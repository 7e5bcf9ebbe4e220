"""``manage.py sta_token_rotate NAME``: a new secret for a SensorThings token, printed alone on the last line.
The old secret stops working at once, over HTTP and at the MQTT broker (dynamic security)."""

from django.core.management.base import BaseCommand, CommandError

from modellkommune.sensors.auth import api_token_rotate
from modellkommune.sensors.models import ApiToken


class Command(BaseCommand):
    help = "Gibt einem API-Token ein neues Geheimnis; das alte gilt sofort nicht mehr."

    def add_arguments(self, parser):
        parser.add_argument("name", help="Name des Tokens")

    def handle(self, *args, name: str, **options):
        token = ApiToken.objects.filter(name=name, active=True).first()
        if token is None:
            raise CommandError(f"Kein aktives Token mit dem Namen '{name}'.")
        raw = api_token_rotate(token=token)
        self.stdout.write(f"Token '{token.name}' erneuert; MQTT-Benutzername sta-{token.pk}, Passwort: das Token")
        self.stdout.write(raw)
