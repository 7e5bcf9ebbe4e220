"""The backup archive shared by `manage.py backup` and `manage.py restore`.

One .tar.gz holds manifest.json (what, when, which code version, a SHA-256 for every member), the database
(data.json from dumpdata, or db.dump from pg_dump) and every file under MEDIA_ROOT (media/...).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path, PurePosixPath

from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "modellkommune-backup"
VERSION = 1
MANIFEST = "manifest.json"
# Recreated by `migrate` from the code; dumping them would clash with the ids of the target database.
JSON_EXCLUDE = ["contenttypes", "auth.permission"]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def pg_environment() -> tuple[list[str], dict]:
    """Connection arguments for pg_dump/pg_restore from Django's settings (password via the environment)."""
    settings = connection.settings_dict
    args = []
    if settings.get("HOST"):
        args += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", str(settings["USER"])]
    args += ["--dbname", str(settings["NAME"])]
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return args, env


def pg_tool(name: str) -> str | None:
    return shutil.which(name)


def run_tool(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise CommandError(f"{Path(command[0]).name} ist fehlgeschlagen: {result.stderr.strip()[:2000]}")


def safe_member_name(name: str) -> str:
    """Refuse absolute paths and '..' so a crafted archive cannot write outside the target."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise CommandError(f"Unzulässiger Pfad im Archiv: {name!r}")
    return str(path)


def extract_verified(archive: Path, target: Path) -> dict:
    """Extract regular files only, check every SHA-256 against the manifest; return the manifest."""
    with tarfile.open(archive, "r:gz") as tar:
        members = tar.getmembers()
        names = set()
        for member in members:
            name = safe_member_name(member.name)
            if not (member.isfile() or member.isdir()):
                raise CommandError(f"Unzulässiger Eintrag im Archiv (kein normale Datei): {name!r}")
            names.add(name)
        if MANIFEST not in names:
            raise CommandError("Das Archiv enthält kein manifest.json: keine Sicherung von Modellkommune.")
        tar.extractall(target, members=[m for m in members if m.isfile()], filter="data")
    manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise CommandError("Unbekanntes Sicherungsformat.")
    for name, meta in manifest["files"].items():
        path = target / safe_member_name(name)
        if not path.is_file():
            raise CommandError(f"Im Archiv fehlt {name}.")
        if path.stat().st_size != meta["size"] or sha256_file(path) != meta["sha256"]:
            raise CommandError(f"Prüfsumme stimmt nicht: {name}. Das Archiv ist beschädigt.")
    listed = set(manifest["files"]) | {MANIFEST}
    extra = sorted(n for n in names if n not in listed and not (target / n).is_dir())
    if extra:
        raise CommandError(f"Dateien im Archiv, die das Manifest nicht nennt: {', '.join(extra[:5])}")
    return manifest
