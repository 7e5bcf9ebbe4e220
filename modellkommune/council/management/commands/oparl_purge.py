"""Remove soft-deleted OParl objects for good (the only hard delete of council data).

Deleted objects stay in the API with `deleted: true` so that syncing clients learn about the
deletion. Once every client has had time to sync, an operator may purge them:
`manage.py oparl_purge --older-than-days 365`."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from modellkommune.council.models import (
    AgendaItem,
    Body,
    Consultation,
    File,
    LegislativeTerm,
    Location,
    Meeting,
    Membership,
    Organization,
    Paper,
    Person,
)

# Children before parents, so that no cascade removes an object that is not itself due.
PURGE_ORDER = [
    Consultation,
    AgendaItem,
    Membership,
    LegislativeTerm,
    Paper,
    Meeting,
    Person,
    Organization,
    File,
    Location,
    Body,
]


class Command(BaseCommand):
    help = "Soft-gelöschte OParl-Objekte endgültig entfernen, deren Löschung älter als N Tage ist."

    def add_arguments(self, parser):
        parser.add_argument("--older-than-days", type=int, required=True)

    def handle(self, *args, older_than_days: int, **options):
        if older_than_days < 30:
            raise CommandError("Bitte mindestens 30 Tage: Clients müssen die Löschung erst abrufen können.")
        cutoff = timezone.now() - dt.timedelta(days=older_than_days)
        for model in PURGE_ORDER:
            count, _ = model.objects.filter(deleted=True, modified__lt=cutoff).hard_delete()
            if count:
                self.stdout.write(f"{model._meta.verbose_name_plural}: {count} entfernt")
        self.stdout.write("Bereinigung abgeschlossen.")
