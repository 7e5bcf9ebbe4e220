"""Make an Open311 API key: `manage.py open311_key --name NAME`. The key is printed alone on the last line."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ...services import api_key_create


class Command(BaseCommand):
    help = "Legt einen Open311-API-Schlüssel an und gibt ihn in der letzten Zeile aus."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="Wer den Schlüssel nutzt (eindeutig).")

    def handle(self, *args, name: str, **options):
        try:
            key, raw = api_key_create(name=name)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Open311-API-Schlüssel für „{key.name}“ angelegt. Nur der Hash wird gespeichert.")
        self.stdout.write(raw)
