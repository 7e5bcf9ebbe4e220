"""`manage.py restore PATH`: put back a backup made by `manage.py backup` (database and uploaded files).

Checks the archive first (manifest, SHA-256 of every member, no paths outside the target, same migrations
as the code), then replaces the database content in one transaction (JSON) or with pg_restore --clean, and
makes MEDIA_ROOT equal to the archive; the previous MEDIA_ROOT is kept next to it as *.before-restore-<time>.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from ._backup_archive import extract_verified, pg_environment, pg_tool, run_tool


class Command(BaseCommand):
    help = "Stellt eine mit `manage.py backup` erstellte Sicherung wieder her (ersetzt alle Daten)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Sicherungsdatei (.tar.gz)")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, path: str, interactive: bool, **options):
        archive = Path(path)
        if not archive.is_file():
            raise CommandError(f"Datei nicht gefunden: {archive}")
        with tempfile.TemporaryDirectory(prefix="mk-restore-") as tmp:
            work = Path(tmp)
            manifest = extract_verified(archive, work)
            self._check_migrations(manifest)
            if interactive:
                answer = input(
                    f"Alle Daten in der Datenbank {connection.settings_dict['NAME']} und in {settings.MEDIA_ROOT} "
                    f"werden durch die Sicherung vom {manifest['created']} ersetzt. Fortfahren? [ja/nein] "
                )
                if answer.strip().lower() not in ("ja", "j", "yes", "y"):
                    raise CommandError("Abgebrochen.")
            if manifest["method"] == "pgdump":
                self._restore_pgdump(work / "db.dump")
            else:
                self._restore_json(work / "data.json")
            restored_files = self._restore_media(work / "media")
        self.stdout.write(
            f"Wiederhergestellt: {sum(manifest['counts'].values())} Datensätze, {restored_files} Dateien "
            f"(Sicherung vom {manifest['created']})"
        )

    def _check_migrations(self, manifest: dict) -> None:
        loader = MigrationLoader(None, ignore_no_migrations=True)
        known = set(loader.disk_migrations)
        unknown = [
            f"{app}.{name}"
            for app, names in manifest["migrations"].items()
            for name in names
            if (app, name) not in known
        ]
        if unknown:
            raise CommandError(
                "Die Sicherung stammt von einer neueren Programmversion (unbekannte Migrationen: "
                + ", ".join(unknown[:5])
                + "). Bitte erst die passende Version installieren."
            )

    def _restore_json(self, data: Path) -> None:
        with transaction.atomic():
            postgres = connection.vendor == "postgresql"
            if postgres:
                # TRUNCATE refuses while deferred foreign-key checks are pending in this transaction.
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            call_command("flush", interactive=False, verbosity=0)
            if postgres:
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            call_command("loaddata", str(data), verbosity=0)

    def _restore_pgdump(self, dump: Path) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("Diese Sicherung (pg_dump) lässt sich nur in PostgreSQL wiederherstellen.")
        tool = pg_tool("pg_restore")
        if tool is None:
            raise CommandError("pg_restore ist nicht installiert.")
        args, env = pg_environment()
        connection.close()
        # Extensions (PostGIS) stay as they are: dropping and creating them needs a superuser, which the app's
        # database user is not; the operator created them once (docs/operations.md), migrate checks they exist.
        toc = subprocess.run([tool, "--list", str(dump)], env=env, capture_output=True, text=True, check=True)  # noqa: S603
        kept = [line for line in toc.stdout.splitlines() if " EXTENSION " not in line]
        listing = dump.with_suffix(".list")
        listing.write_text("\n".join(kept) + "\n")
        run_tool(
            [
                tool,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                f"--use-list={listing}",
                *args,
                str(dump),
            ],
            env,
        )

    def _restore_media(self, source: Path) -> int:
        root = Path(settings.MEDIA_ROOT)
        if root.exists() and any(root.iterdir()):
            keep = root.with_name(f"{root.name}.before-restore-{timezone.now():%Y%m%d-%H%M%S}")
            root.rename(keep)
            self.stdout.write(f"Bisherige Dateien aufbewahrt unter {keep}")
        root.mkdir(parents=True, exist_ok=True)
        count = 0
        if source.exists():
            for path in sorted(source.rglob("*")):
                if path.is_file():
                    destination = root / path.relative_to(source)
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, destination)
                    count += 1
        return count
