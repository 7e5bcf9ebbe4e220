"""manage.py sta_token --name NAME [--scope thing:ID|sector:CODE|all ...]: makes a SensorThings write token
and prints it alone on its last line (the clear text is never stored)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from modellkommune.sensors.auth import api_token_create
from modellkommune.sensors.models import ApiToken, Thing


class Command(BaseCommand):
    help = "Create an API token for writing to the SensorThings API."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="unique name, e.g. the gateway that uses it")
        parser.add_argument(
            "--scope", action="append", default=[], help="thing:ID, sector:CODE or all (global); repeat for several"
        )

    def handle(self, *args, name: str, scope: list[str], **options):
        things, sectors, everything = [], [], False
        for item in scope:
            kind, _, value = item.partition(":")
            if item == "all":
                everything = True
            elif kind == "thing" and value.isdigit():
                if not Thing.objects.filter(pk=int(value)).exists():
                    raise CommandError(f"--scope {item}: Thing({value}) does not exist.")
                things.append(int(value))
            elif kind == "sector" and value:
                sectors.append(value)
            else:
                raise CommandError(f"--scope {item}: use thing:ID, sector:CODE or all.")
        if not things and not sectors and not everything:
            raise CommandError("Give at least one --scope: a token without scope may not write anything.")
        if ApiToken.objects.filter(name=name).exists():
            raise CommandError(f"--name {name}: a token with this name exists already.")
        try:
            token, raw = api_token_create(name=name, things=things, sectors=sectors, everything=everything)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            f"Token '{token.name}' (global) for everything:"
            if everything
            else f"Token '{token.name}' for things {token.scope_things or '-'}, sectors {token.scope_sectors or '-'}:"
        )
        self.stdout.write(f"MQTT (Mosquitto dynamic security): Benutzername sta-{token.pk}, Passwort: das Token")
        self.stdout.write(raw)
