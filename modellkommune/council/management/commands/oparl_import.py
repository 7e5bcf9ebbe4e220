"""Mirror an OParl 1.0/1.1 endpoint: `manage.py oparl_import https://ris.example.org/oparl/v1`."""

from django.core.management.base import BaseCommand, CommandError

from modellkommune.contrib.oparl.client import OParlClient, PermanentError, TemporaryError
from modellkommune.council.importer import DEFAULT_MAX_FILE_BYTES, OParlImporter


class Command(BaseCommand):
    help = "Importiert ein OParl-System inkrementell und wiederaufnehmbar."

    def add_arguments(self, parser):
        parser.add_argument("url", help="URL des OParl-System-Objekts")
        parser.add_argument("--no-files", action="store_true", help="Dateien nicht herunterladen, nur verlinken")
        parser.add_argument("--max-file-mb", type=int, default=DEFAULT_MAX_FILE_BYTES // 2**20)

    def handle(self, *args, url, no_files, max_file_mb, **options):
        importer = OParlImporter(
            client=OParlClient(),
            download_files=not no_files,
            max_file_bytes=max_file_mb * 2**20,
            progress=lambda message: self.stdout.write(message),
        )
        try:
            counts = importer.run(url)
        except TemporaryError as exc:
            raise CommandError(
                f"Server vorübergehend nicht erreichbar, später erneut starten (setzt fort): {exc}"
            ) from exc
        except (PermanentError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        summary = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
        self.stdout.write(self.style.SUCCESS(f"Import abgeschlossen ({summary or 'keine Änderungen'})."))
