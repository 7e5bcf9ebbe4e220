"""`manage.py backup PATH`: the whole database and every uploaded file in one checked .tar.gz.

PostgreSQL is saved with pg_dump (custom format) when pg_dump is installed, otherwise (and on SQLite) with
dumpdata as JSON; `--method json` forces the portable JSON form (e.g. to move from SQLite to PostgreSQL).
"""

from __future__ import annotations

import json
import os
import tarfile
import tempfile
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from ._backup_archive import (
    FORMAT,
    JSON_EXCLUDE,
    MANIFEST,
    VERSION,
    applied_migrations,
    pg_environment,
    pg_tool,
    run_tool,
    sha256_file,
)


class Command(BaseCommand):
    help = "Sichert Datenbank und hochgeladene Dateien (MEDIA_ROOT) in eine .tar.gz-Datei mit Prüfsummen."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Zieldatei (.tar.gz) oder ein Verzeichnis")
        parser.add_argument("--method", choices=["auto", "json", "pgdump"], default="auto")

    def handle(self, *args, path: str, method: str, **options):
        target = Path(path)
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        if target.is_dir():
            target = target / f"modellkommune-{stamp}.tar.gz"
        if method == "auto":
            method = "pgdump" if connection.vendor == "postgresql" and pg_tool("pg_dump") else "json"
        if method == "pgdump" and connection.vendor != "postgresql":
            raise CommandError("--method pgdump geht nur mit PostgreSQL.")
        with tempfile.TemporaryDirectory(prefix="mk-backup-") as tmp:
            work = Path(tmp)
            database_file = self._dump_database(work, method)
            media_files = self._media_files()
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "created": timezone.now().isoformat(),
                "method": method,
                "database_vendor": connection.vendor,
                "django_version": django.get_version(),
                "migrations": applied_migrations(),
                "counts": {
                    model._meta.label: model._base_manager.count()
                    for model in apps.get_models()
                    if model._meta.managed and not model._meta.proxy
                },
                "files": {
                    database_file: {
                        "sha256": sha256_file(work / database_file),
                        "size": (work / database_file).stat().st_size,
                    }
                },
            }
            for relative, absolute in media_files:
                manifest["files"][f"media/{relative}"] = {
                    "sha256": sha256_file(absolute),
                    "size": absolute.stat().st_size,
                }
            (work / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
            partial = target.with_name(target.name + ".partial")
            partial.parent.mkdir(parents=True, exist_ok=True)
            # The archive holds every citizen's data: readable by the owner only, from the first byte on.
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.fchmod(descriptor, 0o600)
            with os.fdopen(descriptor, "wb") as handle, tarfile.open(fileobj=handle, mode="w:gz") as tar:
                tar.add(work / MANIFEST, arcname=MANIFEST)
                tar.add(work / database_file, arcname=database_file)
                for relative, absolute in media_files:
                    tar.add(absolute, arcname=f"media/{relative}", recursive=False)
            partial.replace(target)
        rows = sum(manifest["counts"].values())
        self.stdout.write(f"Sicherung geschrieben: {target} ({method}, {rows} Datensätze, {len(media_files)} Dateien)")
        return None

    def _dump_database(self, work: Path, method: str) -> str:
        if method == "pgdump":
            args, env = pg_environment()
            run_tool(
                [
                    pg_tool("pg_dump"),
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    "--file",
                    str(work / "db.dump"),
                    *args,
                ],
                env,
            )
            return "db.dump"
        with (work / "data.json").open("w", encoding="utf-8") as handle:
            call_command(
                "dumpdata",
                natural_foreign=True,
                exclude=JSON_EXCLUDE,
                stdout=handle,
                verbosity=0,
            )
        return "data.json"

    def _media_files(self) -> list[tuple[str, Path]]:
        root = Path(settings.MEDIA_ROOT)
        if not root.exists():
            return []
        return sorted(
            (path.relative_to(root).as_posix(), path)
            for path in root.rglob("*")
            if path.is_file() and not path.is_symlink()
        )
