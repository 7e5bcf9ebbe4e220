"""Creates (or refreshes) the demo municipality Iserlohn with fictional people. Idempotent."""

import logging
from contextlib import contextmanager
from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

# Order matters: later apps reference what earlier ones created.
DEMO_APPS = [
    "core",
    "accounts",
    "council",
    "egov",
    "egov.appointments",
    "egov.reports",
    "sensors",
    "programme",
    "opendata",
    "participation",
    "portal",
]


class Command(BaseCommand):
    help = "Lädt die Demo-Kommune Iserlohn (idempotent: ein zweiter Lauf ändert nichts Wesentliches)."

    def add_arguments(self, parser):
        parser.add_argument("--only", nargs="*", choices=DEMO_APPS, help="nur diese Apps laden")

    def handle(self, *args, only=None, **options):
        # Demo people get no mail: the messages the demo triggers go to a throwaway in-memory outbox.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), _quiet_libraries():
            loaded = self._load(only)
        self.stdout.write(self.style.SUCCESS("Demo-Kommune Iserlohn ist bereit."))
        # The way in comes last, so it is on screen when the server starts.
        for module in loaded:
            if hasattr(module, "summary"):
                self.stdout.write(module.summary())

    def _load(self, only):
        loaded = []
        for app in DEMO_APPS:
            if only and app not in only:
                continue
            try:
                module = import_module(f"modellkommune.{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"modellkommune.{app}.demo":
                    raise
                continue
            with transaction.atomic():
                module.load(stdout=self.stdout)
            loaded.append(module)
            self.stdout.write(f"demo: {app} geladen")
        # Second pass for work that needs every app's data (e.g. indicators computed across apps).
        for module in loaded:
            if hasattr(module, "finalize"):
                with transaction.atomic():
                    module.finalize(stdout=self.stdout)
        return loaded


# Libraries that report every step at INFO while the demo renders receipts and runs tasks eagerly.
NOISY_LOGGERS = ["weasyprint", "weasyprint.progress", "fontTools", "celery", "kombu"]


@contextmanager
def _quiet_libraries():
    loggers = [logging.getLogger(name) for name in NOISY_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
