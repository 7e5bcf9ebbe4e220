"""``manage.py sta_token_revoke NAME``: deactivate a SensorThings token; its MQTT broker client is deleted."""

from django.core.management.base import BaseCommand, CommandError

from modellkommune.sensors.auth import api_token_revoke
from modellkommune.sensors.models import ApiToken


class Command(BaseCommand):
    help = "Sperrt ein API-Token (HTTP und MQTT)."

    def add_arguments(self, parser):
        parser.add_argument("name", help="Name des Tokens")

    def handle(self, *args, name: str, **options):
        token = ApiToken.objects.filter(name=name, active=True).first()
        if token is None:
            raise CommandError(f"Kein aktives Token mit dem Namen '{name}'.")
        api_token_revoke(token=token)
        self.stdout.write(f"Token '{token.name}' gesperrt.")
